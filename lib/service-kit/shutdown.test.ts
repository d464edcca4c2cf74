import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeGracefully } from './shutdown';

/** A server whose requests take `?ms=` milliseconds. */
async function slowServer() {
  const server = createServer((req, res) => {
    const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms') ?? 0);
    setTimeout(() => res.end('done'), ms);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function get(port: number, path: string): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent: false, headers: { connection: 'keep-alive' } },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', (e) => resolve({ error: e.message }));
      },
    );
    req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end();
  });
}

describe('closeGracefully', () => {
  it('lets a request in flight finish, refuses new connections, and resolves once drained', async () => {
    const { server, port } = await slowServer();
    const inFlight = get(port, '/?ms=400');
    await new Promise((r) => setTimeout(r, 100));
    const closing = closeGracefully(server, 5000);
    expect(await get(port, '/')).toEqual({ error: 'ECONNREFUSED' });
    expect(await inFlight).toEqual({ status: 200, body: 'done' });
    expect(await closing).toEqual({ isDrained: true });
  });

  it('cuts a request that outlives the deadline and says so', async () => {
    const { server, port } = await slowServer();
    const stuck = get(port, '/?ms=60000');
    await new Promise((r) => setTimeout(r, 100));
    expect(await closeGracefully(server, 300)).toEqual({ isDrained: false });
    expect(await stuck).toHaveProperty('error');
  });
});
