// What the offline assistant understands, for the help reply and the "I did not understand" reply.

/** Phrases the interpreter understands, one per kind of request. */
export const EXAMPLE_PHRASES = [
  'remind me to call mom in 20 minutes',
  'add pay rent every month on the 1st #home',
  'add buy milk tomorrow 9am !high',
  "what's due today?",
  'show overdue work tasks',
  "what's on my list",
  'search dentist',
  'mark call mom done',
  'complete the second one',
  'reopen "Call mom"',
  'move the dentist to Friday 3pm',
  'rename milk to oat milk',
  'set priority of taxes to high',
  'tag taxes with #work',
  'remind me about taxes at 5pm',
  'clear the reminder on taxes',
  'make watering plants repeat every week',
  'delete the milk task',
  'delete all completed',
] as const;

export const helpText = [
  'I can add, find and change your tasks. Try for example:',
  ...EXAMPLE_PHRASES.map((phrase) => `• ${phrase}`),
  'Refer to a task by words of its title, by its title in quotes, or by its place in the last list ("the second one").',
  'Dates and times are read in your time zone: "tomorrow 9am", "Friday", "in 2 hours", "every Monday".',
].join('\n');

/** The reply to a message the interpreter could not read: a short apology and a few examples. */
export function notUnderstoodText(): string {
  const examples = [EXAMPLE_PHRASES[0], EXAMPLE_PHRASES[3], EXAMPLE_PHRASES[7], EXAMPLE_PHRASES[10]];
  return `Sorry, I did not understand that. You can say things like ${examples.map((e) => `"${e}"`).join(', ')}, or "help" for more.`;
}
