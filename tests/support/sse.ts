// A Server-Sent Events client for tests: records frames and waits for the ones a test expects.
export type SseFrame = { event: string; data: string; id?: string; at: number };

export type SseClient = {
  frames: SseFrame[];
  waitFor(predicate: (f: SseFrame) => boolean, timeoutMs?: number): Promise<SseFrame>;
  close(): void;
  status: number;
};

export async function openEvents(url: string, cookie: string, lastEventId?: string): Promise<SseClient> {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { cookie, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  const frames: SseFrame[] = [];
  const waiters = new Set<() => void>();
  if (res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const frame: SseFrame = { event: 'message', data: '', at: Date.now() };
            let hasData = false;
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const [field, ...rest] = line.split(':');
              const value = rest.join(':').replace(/^ /, '');
              if (field === 'event') frame.event = value;
              if (field === 'id') frame.id = value;
              if (field === 'data') {
                frame.data += value;
                hasData = true;
              }
            }
            if (hasData) frames.push(frame);
            for (const w of waiters) w();
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {}
    })();
  }
  return {
    frames,
    status: res.status,
    close: () => controller.abort(),
    waitFor(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = frames.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching SSE frame within ${timeoutMs} ms; got ${JSON.stringify(frames.map((f) => f.event))}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
