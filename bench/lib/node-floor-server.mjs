// A plain node:http server for bench/lib/node-floor.ts: what Node itself costs per request on this
// host. With UPSTREAM (a port), every request is forwarded there over one keep-alive agent and the
// answer passed on, as web forwards a list to its sidecar; without it, a fixed JSON answer.
import http from 'node:http';

const upstream = Number(process.env.UPSTREAM) || 0;
const agent = new http.Agent({ keepAlive: true });
const FIXED = Buffer.from(JSON.stringify({ status: 'ok' }));

function answer(res, bytes) {
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', bytes.byteLength);
  res.end(bytes);
}

http
  .createServer((req, res) => {
    if (!upstream) return answer(res, FIXED);
    const out = http.request({ agent, host: '127.0.0.1', port: upstream, path: req.url, method: 'GET' }, (up) => {
      const chunks = [];
      up.on('data', (chunk) => chunks.push(chunk));
      up.on('end', () => answer(res, Buffer.concat(chunks)));
    });
    out.on('error', () => res.writeHead(502).end());
    out.end();
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('listening'));
