// Process-wide singletons. Next.js loads its route handlers, instrumentation.ts and (in production)
// the fast lane of web-server.ts as separate module instances of one process: module-level state kept
// here is one value per process, whichever instance creates it first.

/** The process's one value under `name` (a `Symbol.for` key on globalThis), created on first use. */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`todo.${name}`);
  const slot = globalThis as typeof globalThis & { [key: symbol]: T | undefined };
  let value = slot[key];
  if (value === undefined) {
    value = create();
    slot[key] = value;
  }
  return value;
}
