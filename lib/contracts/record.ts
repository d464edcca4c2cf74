// Narrowing of unknown JSON before reading its fields, for the server and the browser alike.

/** Any non-null object (arrays included): its fields can be read, each still `unknown`. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
