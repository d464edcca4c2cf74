// Runs once when the web server starts (`next start`, `next dev`; never during `next build`):
// parses web's configuration first, so a bad value stops the server before it takes a request.
import { loadWebConfig } from './lib/web/env';

export function register(): void {
  loadWebConfig();
}
