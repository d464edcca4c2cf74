// The offline chat interpreter: English task talk -> one Intent. Deterministic, no network; the
// executor turns the intent into task-service calls, asks when a reference is ambiguous and asks for
// confirmation before a bulk change. Rules are tried in order; the first that matches wins.
import { type Priority, TagSchema } from '../contracts/task';
import {
  DATE_ONLY_DUE_TIME,
  DATE_ONLY_REMIND_TIME,
  type FoundDate,
  findDates,
  isStorableInstant,
  resolveInstant,
  usableContext,
} from './dates';
import { parseQuickAdd, sanitizeLine } from './quick-add';
import { findRecurrence } from './recurrence';
import type { Intent, ParseContext, TaskQuery, TaskRef, TaskTarget } from './types';

export type InterpretContext = ParseContext & {
  /** The tasks the assistant listed last, in the order shown: "the second one" points into it. */
  lastListed?: readonly TaskRef[];
};

type Rule = (text: string, ctx: InterpretContext) => Intent | null;

// ---------------------------------------------------------------------------------------------
// Normalising the message

const LEADING_POLITENESS =
  /^(?:(?:hey|hi|hello|ok|okay|so|well|oh|um|uh)\b[,!.]?\s*|(?:please|pls|plz|kindly)\s+|(?:can|could|would|will) you\s+(?:please\s+)?|i(?:'d| would) like you to\s+)+/i;
const TRAILING_POLITENESS = /(?:[\s,]+(?:please|pls|plz|thanks|thank you|thx|for me))+$/i;
const TRAILING_PUNCTUATION = /[\s?!.]+$/;

// Apostrophes people leave out.
const CONTRACTIONS: [RegExp, string][] = [
  [/\bdont\b/gi, "don't"],
  [/\bdidnt\b/gi, "didn't"],
  [/\bisnt\b/gi, "isn't"],
  [/\bhavent\b/gi, "haven't"],
  [/\bwhats\b/gi, "what's"],
];

function normalise(message: string): string {
  let text = sanitizeLine(message).replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  for (const [regex, spelled] of CONTRACTIONS) text = text.replace(regex, spelled);
  text = text.replace(TRAILING_PUNCTUATION, '');
  for (let i = 0; i < 3; i += 1) {
    text = text.replace(LEADING_POLITENESS, '').replace(TRAILING_POLITENESS, '').replace(TRAILING_PUNCTUATION, '');
  }
  return text.trim();
}

// ---------------------------------------------------------------------------------------------
// Targets: how the user points at a task

const ORDINALS: Record<string, number> = {
  first: 0,
  second: 1,
  third: 2,
  fourth: 3,
  fifth: 4,
  sixth: 5,
  seventh: 6,
  eighth: 7,
  ninth: 8,
  tenth: 9,
  last: -1,
};
const POSITION =
  /^(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\d{1,3})(?:st|nd|rd|th)?(?:\s+(?:one|task|todo|item|thing))?(?:\s+(?:on|in|from|of)\s+(?:the|my|that)\s+list)?$/i;
const NUMBERED = /^(?:number|no\.?|task|item|todo|#)\s*(\d{1,3})$/i;
const PRONOUN = /^(?:it|that|this|that one|this one|the one|that task|this task)$/i;
const QUOTED = /["“”]([^"“”]+)["“”]|(?:^|\s)'([^']+)'(?=\s|$)/;
const EDGE_FILLER_START =
  /^(?:(?:the|my|a|an|this|that|those)\s+|(?:task|todo|item|reminder)s?\b\s*(?:(?:called|named|titled)\s+)?|(?:called|named|titled)\s+)+/i;
const EDGE_FILLER_END = /(?:\s+(?:task|todo|item|one|thing)s?)+$/i;

function parseTarget(raw: string, ctx: InterpretContext): TaskTarget | null {
  const text = raw.trim().replace(/^[\s,:]+|[\s,:]+$/g, '');
  if (!text) return null;
  const quoted = QUOTED.exec(text);
  if (quoted) {
    const title = (quoted[1] ?? quoted[2] ?? '').trim();
    if (title) return { by: 'quoted', title };
  }
  const position = POSITION.exec(text);
  const word = (position?.[1] ?? '').toLowerCase();
  if (word in ORDINALS) return { by: 'position', index: ORDINALS[word] ?? 0 };
  const number = Number(word || NUMBERED.exec(text)?.[1]);
  if (Number.isInteger(number) && number >= 1) return { by: 'position', index: number - 1 };
  if (PRONOUN.test(text) && ctx.lastListed?.length === 1) return { by: 'position', index: 0 };
  const words = text.replace(EDGE_FILLER_START, '').replace(EDGE_FILLER_END, '').trim();
  return words ? { by: 'words', words } : null;
}

// ---------------------------------------------------------------------------------------------
// Values: priorities, tags, dates, queries

function priorityOf(word: string): Priority | null {
  const w = word
    .toLowerCase()
    .replace(/[-\s]*priority$/, '')
    .replace(/^priority[-\s]*/, '')
    .trim();
  if (/^(high|urgent|important|top|highest|p1|!high)$/.test(w)) return 'high';
  if (/^(medium|normal|mid|middle|moderate|p2|!medium|!med)$/.test(w)) return 'medium';
  if (/^(low|minor|lowest|p3|!low)$/.test(w)) return 'low';
  if (/^(none|no|nothing|p4|zero)$/.test(w)) return 'none';
  return null;
}

/** "#work, home and errands" -> ["work", "home", "errands"]; null when any is not a valid tag. */
function tagsOf(text: string): string[] | null {
  const words = text
    .replace(/\b(?:the\s+)?(?:tags?|labels?)\b/gi, ' ')
    .split(/\s*(?:,|\band\b|\s)\s*/i)
    .map((w) => w.replace(/^#/, '').toLowerCase())
    .filter(Boolean);
  if (words.length === 0 || !words.every((w) => TagSchema.safeParse(w).success)) return null;
  return [...new Set(words)];
}

const CONNECTOR_END = /(?:\s+(?:to|for|until|till|on|at|by|in|from|due|about|of))+$/i;

/**
 * Splits "<target> <date>" where the date phrase runs to the end of the text: "the dentist to Friday 3pm"
 * -> target "the dentist", date "Friday 3pm". Adjacent phrases ("on the 15th" "at 3pm") make one date.
 */
function splitTrailingDate(text: string, ctx: ParseContext): { before: string; date: FoundDate } | null {
  const dates = findDates(text, ctx);
  const last = dates.at(-1);
  if (!last || text.slice(last.end).trim() !== '') return bareHour(text, ctx);
  let date = last;
  for (let i = dates.length - 2; i >= 0; i -= 1) {
    const d = dates[i];
    if (!d || !/^\s*(?:at|on|,)?\s*$/i.test(text.slice(d.end, date.start))) break;
    date = {
      start: d.start,
      end: last.end,
      text: text.slice(d.start, last.end),
      date: date.date ?? d.date,
      time: date.time ?? d.time,
      instant: date.instant ?? d.instant,
    };
  }
  return { before: text.slice(0, date.start).trimEnd().replace(CONNECTOR_END, '').trim(), date };
}

/** "move the meeting to 4": a bare hour after "to" is a time (chrono wants "at 4"). */
function bareHour(text: string, ctx: ParseContext): { before: string; date: FoundDate } | null {
  const m = /\s(?:to|until|till|for)\s+(\d{1,2}(?::\d{2})?)$/i.exec(text);
  if (!m?.[1]) return null;
  const found = findDates(`at ${m[1]}`, ctx)[0];
  if (!found) return null;
  const start = text.length - m[1].length;
  return { before: text.slice(0, m.index).trim(), date: { ...found, start, end: text.length, text: m[1] } };
}

/** The whole text as one date ("Friday 3pm", "tomorrow"), or null. */
function wholeDate(text: string, ctx: ParseContext): FoundDate | null {
  const split = splitTrailingDate(text, ctx);
  return split && split.before.replace(/^(?:to|for|until|till|on|at|by|in)$/i, '') === '' ? split.date : null;
}

const VIEW_WORDS: [RegExp, TaskQuery['view']][] = [
  [/\b(?:overdue|late|miss|missed|past due|behind)\b/i, 'overdue'],
  [/\b(?:completed|done|finished|closed|checked off|ticked off)\b/i, 'completed'],
  [/\b(?:today|today's|todays|tonight|this evening|this morning)\b/i, 'today'],
  [
    /\b(?:upcoming|coming up|next|later|future|tomorrow|tomorrow's|this week|next week|soon|scheduled|planned)\b/i,
    'upcoming',
  ],
];
// Words before "tasks" that are not tags: "show my open tasks".
const NOT_TAGS = new Set([
  'my',
  'all',
  'the',
  'any',
  'open',
  'active',
  'pending',
  'remaining',
  'other',
  'these',
  'those',
  'some',
  'which',
  'what',
  'priority',
  'important',
  'urgent',
  'recurring',
  'repeating',
  'new',
  'old',
  'recent',
  'current',
  'due',
  'of',
  'are',
  'is',
  'have',
  'your',
  'our',
  'their',
  'her',
  'his',
  'many',
  'unfinished',
  'incomplete',
  'outstanding',
  'undone',
  's',
  'show',
  'list',
  'display',
  'view',
  'get',
  'see',
  'find',
  'search',
  'me',
  'us',
  'i',
  'do',
  'how',
  'every',
  'more',
  'few',
]);

/** Search words without surrounding quotes, cut to the 200 characters the list API accepts. */
function searchText(text: string): string {
  return text
    .replace(/^["']|["']$/g, '')
    .slice(0, SEARCH_MAX)
    .trim();
}

const SEARCH_MAX = 200;

/** View, tag, priority and search words of a list or bulk request. */
function queryOf(text: string): TaskQuery {
  const query: TaskQuery = {};
  // "what needs to be done today" asks for open tasks, not completed ones.
  const viewText = text.replace(/\bto (?:be |get )?(?:done|finished|completed)\b/gi, ' ');
  for (const [regex, view] of VIEW_WORDS) {
    if (regex.test(viewText)) {
      query.view = view;
      break;
    }
  }
  if (!query.view && /\b(?:all|everything|every task|my list|the list|my tasks|my todos)\b/i.test(text)) {
    query.view = 'all';
  }
  const hashTag = /(?:^|\s)#([a-z0-9_-]{1,32})\b/i.exec(text);
  const taggedWith = /\b(?:tagged|labell?ed|with (?:the )?(?:tag|label)|under)\s+#?([a-z0-9_-]{1,32})\b/i.exec(text);
  const wordTasks = /\b([a-z0-9_-]{1,32})\s+(?:tasks|todos|items|stuff|things)\b/i.exec(text);
  const viewOrPriority = (w: string) =>
    VIEW_WORDS.some(([regex]) => regex.test(w)) || priorityOf(w) !== null || NOT_TAGS.has(w.toLowerCase());
  const tag = hashTag?.[1] ?? (taggedWith?.[1] && !viewOrPriority(taggedWith[1]) ? taggedWith[1] : undefined);
  const wordTag = wordTasks?.[1] && !viewOrPriority(wordTasks[1]) ? wordTasks[1] : undefined;
  if (tag ?? wordTag) query.tag = (tag ?? wordTag ?? '').toLowerCase();
  const priority =
    /\b(high|medium|low|top)[-\s]priority\b/i.exec(text)?.[1] ??
    /\bpriority\s+(high|medium|low)\b/i.exec(text)?.[1] ??
    /\b(urgent|important)\b/i.exec(text)?.[1];
  if (priority) query.priority = priorityOf(priority) ?? undefined;
  const about = /\b(?:about|containing|mentioning|matching|called|named|with the word)\s+(.+)$/i.exec(text);
  if (about?.[1]) query.q = searchText(about[1]);
  return query;
}

// ---------------------------------------------------------------------------------------------
// Rules

const CONFIRM =
  /^(?:yes|yeah|yep|yup|yes please|sure|ok|okay|confirm|confirmed|do it|go ahead|go for it|please do|absolutely|affirmative|correct|i'm sure|i am sure|y)(?:[\s,!.]+(?:do it|go ahead|delete (?:them|it|all|those)|complete (?:them|it|all|those)|i'm sure|i am sure|please|sure|confirm))*$/i;
const CANCEL =
  /^(?:no|nope|nah|cancel|never ?mind|abort|don't|do not|forget it|no thanks|no thank you|not now|stop|n|keep (?:them|it))(?:[\s,!.]+(?:thanks|thank you|don't|do not|cancel|never ?mind|keep (?:them|it)|stop))*$/i;
const HELP =
  /^(?:help|help me|\?|what can you do|what can i (?:say|ask|do)|how does (?:this|it) work|commands|examples|menu|show (?:me )?(?:the )?(?:commands|examples|help)|how do i use (?:this|you)|what do you understand)$/i;

const simple: Rule = (text) => {
  if (CONFIRM.test(text)) return { kind: 'confirm' };
  if (CANCEL.test(text)) return { kind: 'cancel' };
  if (HELP.test(text)) return { kind: 'help' };
  return null;
};

const DELETE_VERB = '(?:delete|remove|clear|clean up|get rid of|erase|purge|trash|drop)';
const COMPLETE_VERB = '(?:complete|finish|mark|check off|tick off|close)';

const bulk: Rule = (text) => {
  const all = new RegExp(
    `^(${DELETE_VERB}|${COMPLETE_VERB})\\s+(?:all|every|each|everything)(?:\\s+of)?(?:\\s+(.*?))?(?:\\s+(?:as\\s+)?(?:done|complete|completed|finished))?$`,
    'i',
  ).exec(text);
  const completedOnly = new RegExp(
    `^${DELETE_VERB}\\s+(?:the\\s+|my\\s+)?(?:completed|done|finished)(?:\\s+(?:tasks|todos|items|ones))?$`,
    'i',
  ).test(text);
  if (completedOnly) return { kind: 'bulk', action: 'delete', query: { view: 'completed' } };
  if (!all) return null;
  const verb = (all[1] ?? '').toLowerCase();
  const action = new RegExp(`^${DELETE_VERB}$`, 'i').test(verb) ? 'delete' : 'complete';
  const rest = all[2] ?? '';
  // "remove all tags from X" changes one task's fields; that is not a bulk change.
  if (/^(?:the\s+)?(?:tags|labels|reminders|priorit|due dates|deadlines|recurrence)/i.test(rest)) return null;
  const query = queryOf(rest);
  if (action === 'complete' && query.view === 'completed') delete query.view;
  return { kind: 'bulk', action, query: { view: 'all', ...query } };
};

const REMIND_ME_TO =
  /^(?:remind me|(?:set|add|create|make)\s+(?:me\s+)?(?:a\s+)?reminder|reminder)\s+(?:to|that i (?:need|have) to|that i should)\s+(.+)$/i;
const REMIND_ME_WHEN_TO =
  /^(?:remind me|(?:set|add|create|schedule)\s+(?:a\s+)?reminder\s+(?:for|at|on))\s+(.+?)\s+to\s+(.+)$/i;
const TO_MY_LIST = /\s+(?:to|on|onto|in)\s+(?:my|the)\s+(?:list|todo list|to-do list|tasks|todos|task list)(?=\s|$)/i;

/** "remind me to call mom in 20 minutes" -> a new task with the reminder at that time (and due then too). */
const remindTo: Rule = (text, ctx) => {
  const whenFirst = REMIND_ME_WHEN_TO.exec(text);
  if (whenFirst && wholeDate(whenFirst[1] ?? '', ctx)) {
    return addIntent(`${whenFirst[2]} ${whenFirst[1]}`, ctx, true);
  }
  const m = REMIND_ME_TO.exec(text);
  if (!m) return null;
  // "add a reminder to the report ..." points at a task; "set a reminder to call mom" is a new one.
  const isRemindMe = /^remind me/i.test(text);
  if (!isRemindMe && /^(?:the|my|this|that|a|an|["'“])/i.test(m[1] ?? '')) return null;
  return addIntent(m[1] ?? '', ctx, true);
};

/** A new task from the words after the verb; the first letter of the title is made a capital. */
function addIntent(text: string, ctx: ParseContext, isReminder = false): Intent | null {
  const { task } = parseQuickAdd(text.replace(TO_MY_LIST, ''), ctx, { isReminder });
  if (!task.title) return null;
  const title = task.title.charAt(0).toUpperCase() + task.title.slice(1);
  return { kind: 'add', task: { ...task, title } };
}

const CLEAR_REMINDER =
  /^(?:clear|remove|delete|cancel|turn off|drop|unset)\s+(?:the\s+|my\s+|a\s+)?reminders?\s+(?:on|for|from|of|about|to)\s+(.+)$/i;
const DONT_REMIND = /^(?:don't|do not|stop)\s+remind(?:ing)?\s+me\s+(?:about|of|to)\s+(.+)$/i;
const SET_REMINDER = [
  /^remind me\s+(?:about|of|regarding|on)\s+(.+)$/i,
  /^(?:set|add|create|put|schedule)\s+(?:a\s+|the\s+)?reminder\s+(?:for|on|to|about)\s+(.+)$/i,
  /^(?:change|move|update|set)\s+(?:the\s+)?reminder\s+(?:for|on|of)\s+(.+)$/i,
];

const reminder: Rule = (text, ctx) => {
  const clear = CLEAR_REMINDER.exec(text) ?? DONT_REMIND.exec(text);
  if (clear) {
    const target = parseTarget(clear[1] ?? '', ctx);
    return target ? { kind: 'set-reminder', target, remindAt: null } : null;
  }
  for (const regex of SET_REMINDER) {
    const m = regex.exec(text);
    if (!m) continue;
    const split = splitTrailingDate(m[1] ?? '', ctx);
    if (!split) return null;
    const target = parseTarget(split.before.replace(/\s+to$/i, ''), ctx);
    const remindAt = resolveInstant(split.date, DATE_ONLY_REMIND_TIME, ctx);
    // A reminder already past ("30 minutes before", which would need the task's due) is not understood.
    if (!target || !isStorableInstant(remindAt) || remindAt.getTime() <= ctx.now.getTime()) return null;
    return { kind: 'set-reminder', target, remindAt: remindAt.toISOString() };
  }
  return null;
};

const tags: Rule = (text, ctx) => {
  const patterns: [RegExp, 'add' | 'remove' | 'set', 'tags-first' | 'target-first'][] = [
    [/^(?:tag|label)\s+(.+?)\s+(?:with|as)\s+(.+)$/i, 'add', 'target-first'],
    [/^add\s+(?:the\s+)?(?:tags?|labels?)\s+(.+?)\s+(?:to|on)\s+(.+)$/i, 'add', 'tags-first'],
    [/^add\s+(#[^\s,#]+(?:(?:\s*,\s*|\s+and\s+|\s+)#[^\s,#]+)*)\s+(?:to|on)\s+(.+)$/i, 'add', 'tags-first'],
    [
      /^(?:remove|delete|drop|take off)\s+(?:the\s+)?(?:tags?|labels?)\s+(.+?)\s+(?:from|on|of)\s+(.+)$/i,
      'remove',
      'tags-first',
    ],
    [
      /^(?:remove|delete|drop|take off)\s+(#[^\s,#]+(?:(?:\s*,\s*|\s+and\s+|\s+)#[^\s,#]+)*)\s+from\s+(.+)$/i,
      'remove',
      'tags-first',
    ],
    [/^untag\s+(.+?)\s+from\s+(.+)$/i, 'remove', 'tags-first'],
    [
      /^(?:set|change|replace)\s+(?:the\s+)?(?:tags?|labels?)\s+(?:of|on|for)\s+(.+?)\s+to\s+(.+)$/i,
      'set',
      'target-first',
    ],
  ];
  for (const [regex, mode, order] of patterns) {
    const m = regex.exec(text);
    if (!m) continue;
    const [tagText, targetText] = order === 'tags-first' ? [m[1], m[2]] : [m[2], m[1]];
    const list = tagsOf(tagText ?? '');
    const target = parseTarget(targetText ?? '', ctx);
    if (!list || !target) return null;
    return { kind: 'set-tags', target, tags: list, mode };
  }
  const clear =
    /^(?:clear|remove|delete|drop)\s+(?:all\s+)?(?:the\s+)?(?:tags|labels)\s+(?:from|on|of)\s+(.+)$/i.exec(text) ??
    /^untag\s+(.+)$/i.exec(text);
  if (clear) {
    const target = parseTarget(clear[1] ?? '', ctx);
    return target ? { kind: 'set-tags', target, tags: [], mode: 'set' } : null;
  }
  return null;
};

const PRIORITY_VALUE = '(high|medium|low|none|normal|urgent|important|top|minor|p[1-4])';

const priority: Rule = (text, ctx) => {
  const patterns: RegExp[] = [
    new RegExp(
      `^(?:set|change|make|update)\\s+(?:the\\s+)?priority\\s+(?:of|for|on)\\s+(.+?)\\s+to\\s+${PRIORITY_VALUE}$`,
      'i',
    ),
    new RegExp(`^(?:set|change|update)\\s+(.+?)(?:'s)?\\s+priority\\s+to\\s+${PRIORITY_VALUE}$`, 'i'),
    new RegExp(`^(?:set|change)\\s+(.+?)\\s+to\\s+${PRIORITY_VALUE}\\s+priority$`, 'i'),
    new RegExp(`^(?:make|mark|set|flag)\\s+(.+?)\\s+(?:as\\s+|to\\s+)?${PRIORITY_VALUE}(?:[-\\s]priority)?$`, 'i'),
    new RegExp(`^(?:give|assign)\\s+(.+?)\\s+(?:a\\s+)?${PRIORITY_VALUE}\\s+priority$`, 'i'),
    // "X is urgent", "X is high priority"; not "X is normal".
    /^(.+?)\s+is\s+(?:a\s+)?(urgent|important|(?:high|medium|low|top)[-\s]priority)$/i,
  ];
  for (const regex of patterns) {
    const m = regex.exec(text);
    if (!m) continue;
    const value = priorityOf(m[2] ?? '');
    const target = parseTarget(m[1] ?? '', ctx);
    if (!value || !target) return null;
    return { kind: 'set-priority', target, priority: value };
  }
  const verb = /^(prioriti[sz]e|deprioriti[sz]e)\s+(.+)$/i.exec(text);
  if (verb) {
    const target = parseTarget(verb[2] ?? '', ctx);
    const isUp = (verb[1] ?? '').toLowerCase().startsWith('p');
    return target ? { kind: 'set-priority', target, priority: isUp ? 'high' : 'low' } : null;
  }
  const clear = /^(?:remove|clear|reset|drop)\s+(?:the\s+)?priority\s+(?:of|from|on|for)\s+(.+)$/i.exec(text);
  if (clear) {
    const target = parseTarget(clear[1] ?? '', ctx);
    return target ? { kind: 'set-priority', target, priority: 'none' } : null;
  }
  return null;
};

const recurrence: Rule = (text, ctx) => {
  const stop =
    /^(?:stop repeating|don't repeat|do not repeat|stop recurring)\s+(.+)$/i.exec(text) ??
    /^stop\s+(.+?)\s+(?:from\s+)?(?:repeating|recurring)$/i.exec(text) ??
    /^make\s+(.+?)\s+(?:not repeat|not recur|non-recurring|one-off|a one-off|one time|a one time task|once)$/i.exec(
      text,
    ) ??
    /^(?:remove|clear|delete|cancel|turn off)\s+(?:the\s+)?(?:recurrence|repeat|repetition|repeating|schedule)\s+(?:on|of|for|from)\s+(.+)$/i.exec(
      text,
    );
  if (stop) {
    const target = parseTarget(stop[1] ?? '', ctx);
    return target ? { kind: 'set-recurrence', target, recurrence: null } : null;
  }
  const set =
    /^(?:make|set|have|let)\s+(.+?)\s+(?:to\s+)?(?:repeat|recur|happen)s?\s+(.+)$/i.exec(text) ??
    /^(?:make|set)\s+(.+?)\s+(?:a\s+)?(?:recurring|repeating)\s+(?:task\s+)?(.+)$/i.exec(text) ??
    /^repeat\s+(.+?)\s+((?:every|each|daily|weekly|monthly|yearly|annually|bi-?weekly|fortnightly)\b.*)$/i.exec(text) ??
    /^(.+?)\s+(?:should\s+)?(?:repeats?|recurs?)\s+(.+)$/i.exec(text) ??
    /^make\s+(.+?)\s+((?:daily|weekly|monthly|yearly|annual|bi-?weekly|fortnightly))$/i.exec(text);
  if (!set) return null;
  const rulePhrase = (set[2] ?? '').replace(/^annual$/i, 'annually');
  const found = findRecurrence(rulePhrase);
  const target = parseTarget(set[1] ?? '', ctx);
  if (!found || !target || rulePhrase.slice(0, found.start).trim() !== '') return null;
  return { kind: 'set-recurrence', target, recurrence: found.rule };
};

const rename: Rule = (text, ctx) => {
  const m =
    /^(?:rename|retitle)\s+(.+?)\s+(?:to|as|into)\s+(.+)$/i.exec(text) ??
    /^(?:change|set|update)\s+(?:the\s+)?(?:title|name)\s+(?:of|for|on)\s+(.+?)\s+to\s+(.+)$/i.exec(text) ??
    /^(?:change|edit)\s+(.+?)\s+to\s+(?:say|read)\s+(.+)$/i.exec(text);
  if (!m) return null;
  const target = parseTarget(m[1] ?? '', ctx);
  const title = (m[2] ?? '').replace(/^["“']|["”']$/g, '').trim();
  if (!target || !title) return null;
  return { kind: 'rename', target, title };
};

const QUESTION = /^(?:what|which|who|when|where|how|is there|are there|anything|any)\b/i;

const reschedule: Rule = (text, ctx) => {
  const clear =
    /^(?:remove|clear|delete|drop|unset)\s+(?:the\s+)?(?:due date|due time|due|deadline|date)\s+(?:from|of|on|for)\s+(.+)$/i.exec(
      text,
    ) ?? /^make\s+(.+?)\s+(?:have\s+)?no\s+(?:due date|deadline|date)$/i.exec(text);
  if (clear) {
    const target = parseTarget(clear[1] ?? '', ctx);
    return target ? { kind: 'reschedule', target, dueAt: null } : null;
  }
  const due =
    /^(?:change|set|update|move)\s+(?:the\s+)?(?:due date|due time|due|deadline|date)\s+(?:of|for|on)\s+(.+)$/i.exec(
      text,
    ) ??
    /^(?:move|reschedule|postpone|push back|push|shift|defer|delay|put off|bump|change|set|put)\s+(.+)$/i.exec(text) ??
    /^make\s+(.+?\s+due\s+.+)$/i.exec(text) ??
    /^(.+?\s+is\s+(?:now\s+)?due\s+.+)$/i.exec(text);
  if (!due || QUESTION.test(text)) return null;
  const split = splitTrailingDate(due[1] ?? '', ctx);
  if (!split) return null;
  const targetText = split.before
    .replace(/\s+(?:is\s+(?:now\s+)?)?due$/i, '')
    .replace(CONNECTOR_END, '')
    .replace(/\s+(?:back|forward|out|over)$/i, '')
    .replace(/\s+is(?:\s+now)?$/i, '');
  const target = parseTarget(targetText, ctx);
  const dueAt = resolveInstant(split.date, DATE_ONLY_DUE_TIME, ctx);
  if (!target || !isStorableInstant(dueAt)) return null;
  return { kind: 'reschedule', target, dueAt: dueAt.toISOString() };
};

const reopen: Rule = (text, ctx) => {
  const m =
    /^(?:reopen|re-open|uncomplete|un-complete|unmark|uncheck|untick|restore|unfinish|undo)\s+(.+)$/i.exec(text) ??
    /^(?:mark|set)\s+(.+?)\s+(?:as\s+)?(?:not done|undone|not complete|not completed|incomplete|uncompleted|open|to ?do|active|unfinished|not finished)$/i.exec(
      text,
    ) ??
    /^(.+?)\s+is(?:n't| not)\s+(?:done|complete|completed|finished)(?:\s+yet)?$/i.exec(text) ??
    /^(?:i\s+)?(?:didn't|did not|haven't|have not)\s+(?:finish|finished|complete|completed|do|done)\s+(.+?)(?:\s+yet)?$/i.exec(
      text,
    );
  if (!m) return null;
  const target = parseTarget(m[1] ?? '', ctx);
  return target ? { kind: 'reopen', target } : null;
};

const complete: Rule = (text, ctx) => {
  const m =
    /^(?:mark|set|flag)\s+(.+?)\s+(?:as\s+)?(?:done|complete|completed|finished|checked|ticked|closed)$/i.exec(text) ??
    /^(?:complete|finished with|finish|check off|tick off|cross off|close|done with|done)\s+(.+)$/i.exec(text) ??
    // "completed the laundry" (but "completed tasks" is a list)
    /^(?:completed|finished)\s+(?!(?:tasks?|todos?|items?|ones|today|yesterday|this|last)\b)(.+)$/i.exec(text) ??
    /^(?:tick|cross)\s+(?!.*\soff$)(.+)$/i.exec(text) ??
    /^i(?:'m|\s+am)\s+(?:done|finished)\s+with\s+(.+)$/i.exec(text) ??
    /^(?:check|tick|cross)\s+(.+?)\s+off$/i.exec(text) ??
    /^(.+?)\s+is\s+(?:done|complete|completed|finished)$/i.exec(text) ??
    /^i(?:'ve|\s+have)?(?:\s+just)?\s+(?:did|done|finished|completed)\s+(.+)$/i.exec(text);
  if (!m) return null;
  const target = parseTarget(m[1] ?? '', ctx);
  return target ? { kind: 'complete', target } : null;
};

const remove: Rule = (text, ctx) => {
  const m = new RegExp(`^(?:${DELETE_VERB}|discard|scrap|cancel|forget about)\\s+(.+)$`, 'i').exec(text);
  if (!m) return null;
  const target = parseTarget(m[1] ?? '', ctx);
  return target ? { kind: 'delete', target } : null;
};

const ADD =
  /^(?:(?:please\s+)?(?:add|create|new|put|jot down|note|save|schedule|write down)(?:\s+(?:a|an|the|one))?(?:\s+new)?(?:\s+(?:task|todo|to-do|item|reminder|entry))?(?:\s+(?:to|for|that says|called|named|titled))?|(?:task|todo|to-do|new task)\s*:|i\s+(?:need|have|must|should|gotta|got)\s+to|i\s+must|don't forget to|do not forget to|remember to|todo)\s*:?\s+(.+)$/i;

const add: Rule = (text, ctx) => {
  const m = ADD.exec(text);
  if (!m) return null;
  // "add tomorrow": an add without a title is not something else.
  return addIntent(m[1] ?? '', ctx) ?? { kind: 'unknown', text };
};

const SEARCH =
  /^(?:search for|search|find me|find|look for|look up|lookup|where is|where's|do i have (?:a |any )?(?:tasks?|todos?) (?:about|for|with|called|named)|any (?:tasks?|todos?) (?:about|for|with|called|named))\s+(.+)$/i;

const search: Rule = (text) => {
  const m = SEARCH.exec(text);
  if (!m) return null;
  let q = (m[1] ?? '').trim();
  q = q.replace(
    /^(?:(?:my|the|a|an|all|any)\s+)*(?:(?:tasks?|todos?|items?)\s+)?(?:(?:about|for|with|called|named|containing|mentioning)\s+)?/i,
    '',
  );
  q = q
    .replace(/\s+(?:tasks?|todos?|items?)$/i, '')
    .replace(/^["']|["']$/g, '')
    .trim();
  return q ? { kind: 'list', query: { q: searchText(q) } } : null;
};

const LIST_LEAD =
  /^(?:show|list|display|view|give|get|see|open|what|what's|whats|which|any|anything|do i have|have i|tell me|how many|how about|what about|my|all|today|todays|today's|overdue|upcoming|completed|done|tasks|todos|everything)\b/i;
const LIST_TAIL = /\b(?:tasks|todos|to-dos|list|items)$/i;

const list: Rule = (text) => {
  if (!LIST_LEAD.test(text) && !LIST_TAIL.test(text)) return null;
  const query = queryOf(text);
  const isAboutTasks =
    Object.keys(query).length > 0 ||
    /\b(?:tasks?|todos?|to-dos?|list|due|on my plate|to do|agenda|schedule|plan|left|pending|open|should i do|do i do)\b/i.test(
      text,
    );
  if (!isAboutTasks) return null;
  return { kind: 'list', query: Object.keys(query).length > 0 ? query : { view: 'all' } };
};

const QUESTION_OR_COMMAND =
  /^(?:what|when|where|why|how|who|which|is|are|do|does|did|can|could|should|would|will|make|set|mark|move|change|rename|delete|remove|clear|complete|reopen|tag|untag|remind|repeat|stop|show|list|find|search)\b/i;

/** A line with a date, tag or priority and a title, but no verb ("buy milk tomorrow #home") is a new task. */
const implicitAdd: Rule = (text, ctx) => {
  if (QUESTION_OR_COMMAND.test(text)) return null;
  const quick = parseQuickAdd(text, ctx);
  if (quick.parts.length === 0 || !quick.task.title) return null;
  return addIntent(text, ctx);
};

const RULES: Rule[] = [
  simple,
  bulk,
  remindTo,
  reminder,
  tags,
  priority,
  recurrence,
  rename,
  reopen,
  complete,
  reschedule,
  remove,
  add,
  search,
  list,
  implicitAdd,
];

/** The intent of one chat message. Never throws; what it cannot read is `unknown`. */
export function interpret(message: string, context: InterpretContext): Intent {
  const ctx = usableContext(context);
  const raw = typeof message === 'string' ? message : '';
  // "ok" and "?" are whole answers before politeness and punctuation are stripped.
  const short = sanitizeLine(raw)
    .trim()
    .replace(/[\s!.]+$/, '');
  const answer = short ? simple(short, ctx) : null;
  if (answer) return answer;
  const text = normalise(raw);
  if (!text) return { kind: 'unknown', text: raw };
  for (const rule of RULES) {
    const intent = rule(text, ctx);
    if (intent) return intent.kind === 'unknown' ? { kind: 'unknown', text: raw } : intent;
  }
  return { kind: 'unknown', text: raw };
}
