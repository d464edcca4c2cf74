// A lean Server-Sent Events client for thousands of concurrent streams in one process:
// node:http (one socket per stream, no pooling limits), frames parsed as they arrive and
// handed to a callback with their arrival time; nothing is kept per frame.
import http from 'node:http';

export type SseEvent = { event: string; data: string; id?: string; at: number };

export type SseStream = {
  /** Resolves once the `ready` event arrived (the server has subscribed the stream). */
  ready: Promise<void>;
  close(): void;
  readonly isOpen: boolean;
};

/** Streams are long-lived: a dedicated agent without keep-alive pooling or socket limit. */
const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

/** Parses one SSE block (the text between blank lines); null for comment-only blocks. */
function parseBlock(block: string, at: number): SseEvent | null {
  let event = 'message';
  let data = '';
  let id: string | undefined;
  let hasData = false;
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') {
      data = hasData ? `${data}\n${value}` : value;
      hasData = true;
    }
  }
  return hasData ? { event, data, at, ...(id === undefined ? {} : { id }) } : null;
}

export function openSse(
  url: string,
  cookie: string,
  onEvent: (e: SseEvent) => void,
  { timeoutMs = 60_000, onClose }: { timeoutMs?: number; onClose?: (reason: string) => void } = {},
): SseStream {
  let isOpen = true;
  let markReady: () => void = () => {};
  let failReady: (e: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => {}); // a caller that never awaits `ready` must not see an unhandled rejection
  const finish = (reason: string) => {
    if (!isOpen) return;
    isOpen = false;
    failReady(new Error(`stream closed before ready: ${reason}`));
    onClose?.(reason);
  };
  const readyTimer = setTimeout(() => {
    failReady(new Error(`no ready event within ${timeoutMs} ms`));
    req.destroy();
  }, timeoutMs);

  const u = new URL(url);
  const req = http.request(
    {
      agent: streamAgent,
      hostname: u.hostname,
      port: u.port,
      path: `${u.pathname}${u.search}`,
      headers: { cookie, accept: 'text/event-stream' },
    },
    (res) => {
      if (res.statusCode !== 200) {
        clearTimeout(readyTimer);
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => finish(`status ${res.statusCode}: ${body.slice(0, 300)}`));
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const e = parseBlock(buffer.slice(0, end), at);
          buffer = buffer.slice(end + 2);
          if (e) {
            if (e.event === 'ready') {
              clearTimeout(readyTimer);
              markReady();
            }
            onEvent(e);
          }
          end = buffer.indexOf('\n\n');
        }
      });
      res.on('end', () => finish('server ended the stream'));
      res.on('error', (error) => finish(error.message));
    },
  );
  req.on('error', (error) => {
    clearTimeout(readyTimer);
    finish(error.message);
  });
  req.end();
  return {
    ready,
    get isOpen() {
      return isOpen;
    },
    close() {
      clearTimeout(readyTimer);
      isOpen = false;
      req.destroy();
    },
  };
}
