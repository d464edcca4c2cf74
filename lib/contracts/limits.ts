// Limits shared by the schemas and by browser code that should not load zod for them (the quick-add parser).
// Imports nothing.

/** A tag: 1-32 characters of a-z, 0-9, "-" and "_". */
export const TAG_PATTERN = /^[a-z0-9_-]{1,32}$/;
/** Tags a task may have. */
export const MAX_TAGS = 10;
/** The instants the API accepts: from 1970 through 9999. */
export const MIN_INSTANT = '1970-01-01T00:00:00.000Z';
export const MAX_INSTANT = '9999-12-31T23:59:59.999Z';
