// The values and limits of the contracts as plain constants, without zod, so the browser can
// import them without loading a schema library; the schemas in task.ts, account.ts and chat.ts
// are built from these.

export const PRIORITIES = ['none', 'low', 'medium', 'high'] as const;
export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'yearly'] as const;
export const VIEWS = ['all', 'today', 'upcoming', 'overdue', 'completed'] as const;
export const SORTS = ['due', 'created', 'priority', 'title'] as const;

export const TITLE_MAX = 200;
export const NOTES_MAX = 5000;
export const TAGS_MAX = 10;
export const TAG_PATTERN = /^[a-z0-9_-]{1,32}$/;
export const TAG_RULE = 'tags are 1-32 characters of a-z, 0-9, "-" and "_"';
export const RECURRENCE_INTERVAL_MAX = 365;

/** OWASP ASVS 2.1.1: at least 12 characters. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export const CHAT_MESSAGE_MAX = 2000;
