// Closing an HTTP server on SIGTERM: refuse new connections, let requests in flight finish, close
// keep-alive connections as they go idle, and cut whatever is still open after a deadline.
import type { Server } from 'node:http';
import type { Http2SecureServer, Http2Server } from 'node:http2';

type AnyServer = Server | Http2Server | Http2SecureServer;

/** Resolves once every connection is closed; `isDrained` is false when the deadline cut some off. */
export function closeGracefully(server: AnyServer, deadlineMs: number): Promise<{ isDrained: boolean }> {
  const http = server as Partial<Server>;
  return new Promise((resolve) => {
    let isDrained = true;
    // Keep-alive connections of callers (the sidecar) go idle between requests: close them as they do.
    const idle = setInterval(() => http.closeIdleConnections?.(), 50);
    const deadline = setTimeout(() => {
      isDrained = false;
      http.closeAllConnections?.();
    }, deadlineMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(deadline);
      resolve({ isDrained });
    });
    http.closeIdleConnections?.();
  });
}
