// Fixed clocks for the parser tables: each is a Saturday or Monday next to a DST change (or none).
import type { ParseContext } from './types';

/** Sat 7 Mar 2026 10:00 EST; clocks go forward at 02:00 on Sun 8 Mar. */
export const NY_SPRING: ParseContext = { now: new Date('2026-03-07T15:00:00Z'), timeZone: 'America/New_York' };
/** Sat 31 Oct 2026 10:00 EDT; clocks go back at 02:00 on Sun 1 Nov. */
export const NY_FALL: ParseContext = { now: new Date('2026-10-31T14:00:00Z'), timeZone: 'America/New_York' };
/** Sat 28 Mar 2026 11:00 CET; clocks go forward at 02:00 on Sun 29 Mar. */
export const BERLIN_SPRING: ParseContext = { now: new Date('2026-03-28T10:00:00Z'), timeZone: 'Europe/Berlin' };
/** Sat 24 Oct 2026 12:00 CEST; clocks go back at 03:00 on Sun 25 Oct. */
export const BERLIN_FALL: ParseContext = { now: new Date('2026-10-24T10:00:00Z'), timeZone: 'Europe/Berlin' };
/** Mon 15 Jun 2026 14:00 CEST (UTC+2). */
export const BERLIN_SUMMER: ParseContext = { now: new Date('2026-06-15T12:00:00Z'), timeZone: 'Europe/Berlin' };
/** Mon 15 Jun 2026 12:00 IST (UTC+05:30, no DST). */
export const KOLKATA: ParseContext = { now: new Date('2026-06-15T06:30:00Z'), timeZone: 'Asia/Kolkata' };
/** Mon 15 Jun 2026 12:00 UTC. */
export const UTC: ParseContext = { now: new Date('2026-06-15T12:00:00Z'), timeZone: 'UTC' };

export const CONTEXTS = { NY_SPRING, NY_FALL, BERLIN_SPRING, BERLIN_FALL, BERLIN_SUMMER, KOLKATA, UTC } as const;
export type ContextName = keyof typeof CONTEXTS;
