// Top frames of a V8 CPU profile (.cpuprofile, as written by bench/lib/cpu-profile-hook.mjs or
// `node --cpu-prof`) by self time, and self time per area (Next's pipeline, Auth.js/jose, zod,
// pino, undici, our code, GC, ...). Frames in bundled or minified files are mapped back to their
// source file and function through the file's source map when there is one (Next's server chunks).
//
//   npx tsx bench/profile-top.ts <file.cpuprofile> [--top 30] [--markdown]
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

// ---- source maps (own small decoder: base64 VLQ, plain and sectioned/index maps) ----
type Segment = { col: number; source: number; line: number; name?: number };
type DecodedMap = { sources: string[]; names: string[]; lines: Segment[][] };
type Section = { line: number; col: number; map: DecodedMap };

const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

function decodeVlq(text: string, at: number): [number[], number] {
  const values: number[] = [];
  let i = at;
  while (i < text.length && text[i] !== ',' && text[i] !== ';') {
    let shift = 0;
    let value = 0;
    for (;;) {
      const digit = B64.get(text[i++] as string) ?? 0;
      value += (digit & 31) << shift;
      shift += 5;
      if (!(digit & 32)) break;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
  }
  return [values, i];
}

type RawMap = { sources?: string[]; names?: string[]; mappings?: string; sections?: RawSection[] };
type RawSection = { offset: { line: number; column: number }; map: RawMap };

function decodeMap(raw: RawMap): DecodedMap {
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  let col = 0;
  let source = 0;
  let srcLine = 0;
  let name = 0;
  const text = raw.mappings ?? '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ';') {
      lines.push(line);
      line = [];
      col = 0;
      i++;
    } else if (c === ',') {
      i++;
    } else {
      const [v, next] = decodeVlq(text, i);
      i = next;
      col += v[0] ?? 0;
      if (v.length >= 4) {
        source += v[1] ?? 0;
        srcLine += v[2] ?? 0;
        const seg: Segment = { col, source, line: srcLine };
        if (v.length >= 5) {
          name += v[4] ?? 0;
          seg.name = name;
        }
        line.push(seg);
      }
    }
  }
  lines.push(line);
  return { sources: raw.sources ?? [], names: raw.names ?? [], lines };
}

const maps = new Map<string, Section[] | null>();
function sectionsOf(file: string): Section[] | null {
  if (maps.has(file)) return maps.get(file) ?? null;
  let sections: Section[] | null = null;
  const mapFile = `${file}.map`;
  if (existsSync(mapFile)) {
    try {
      const raw = JSON.parse(readFileSync(mapFile, 'utf8')) as RawMap;
      sections = raw.sections
        ? raw.sections.map((s) => ({ line: s.offset.line, col: s.offset.column, map: decodeMap(s.map) }))
        : [{ line: 0, col: 0, map: decodeMap(raw) }];
    } catch {
      sections = null;
    }
  }
  maps.set(file, sections);
  return sections;
}

/** Original source and function name of a generated position (0-based line and column). */
function original(file: string, line: number, col: number): { source: string; name?: string } | null {
  const sections = sectionsOf(file);
  if (!sections) return null;
  let section: Section | undefined;
  for (const s of sections) if (s.line < line || (s.line === line && s.col <= col)) section = s;
  if (!section) return null;
  const relLine = line - section.line;
  const relCol = relLine === 0 ? col - section.col : col;
  const segs = section.map.lines[relLine];
  if (!segs?.length) return null;
  let found: Segment | undefined;
  for (const seg of segs) {
    if (seg.col <= relCol) found = seg;
    else break;
  }
  found ??= segs[0];
  if (!found) return null;
  const source = section.map.sources[found.source] ?? '?';
  const name = found.name === undefined ? undefined : section.map.names[found.name];
  return { source, ...(name ? { name } : {}) };
}

// ---- areas ----
// `source` is the frame's original source when a source map gave one, else its URL.
const AREAS: [RegExp, string][] = [
  [/@auth\/core|%40auth|next-auth|\/jose\/|@panva|panva/, 'Auth.js + jose (session token)'],
  [/\/zod\//, 'zod'],
  [/\/pino|sonic-boom|thread-stream/, 'pino (logging)'],
  [/undici/, 'undici / fetch'],
  [/@dapr\/dapr/, '@dapr/dapr SDK'],
  [/postgres\/|drizzle-orm/, 'postgres / drizzle'],
  [/src\/(?:server|shared|lib|client|build|export)\/|next\/dist\/|webpack:\/\/next|@next\//, 'Next.js'],
  [/(?:^|\/|\])(?:app|lib)\/.*\.tsx?$/, 'app code (app/, lib/)'],
  [/node:internal\/crypto|node:crypto/, 'Node crypto'],
  [/node:internal\/streams|internal\/webstreams/, 'Node streams / web streams'],
  [/node:_http|node:http|node:net|internal\/http|_http_/, 'Node http / net'],
  [/async_hooks/, 'Node async_hooks (AsyncLocalStorage)'],
  [/^node:/, 'Node other'],
];
/** Areas that "own" work done below them (Node internals and builtins are charged to them). */
const OWNERS = new Set([
  'Auth.js + jose (session token)',
  'zod',
  'pino (logging)',
  'undici / fetch',
  '@dapr/dapr SDK',
  'postgres / drizzle',
  'app code (app/, lib/)',
  'Next.js',
]);

function areaOf(source: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'V8/native (program)';
  if (!source) return 'V8/native (builtins)';
  for (const [re, name] of AREAS) if (re.test(source)) return name;
  return 'other';
}

function shortSource(source: string): string {
  return source
    .replace(/^file:\/\//, '')
    .replace(/^(?:webpack|turbopack):\/\/\//, '')
    .replace(/^.*?node_modules\//, '')
    .replace(/^.*?\[project\]\//, '')
    .replace(/^.*\/wt\/[^/]+\//, '')
    .replace(/^\/work\/main\//, '');
}

// ---- main ----
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: tsx bench/profile-top.ts <file.cpuprofile> [--top N] [--markdown]');
  process.exit(2);
}
const topIndex = args.indexOf('--top');
const TOP = topIndex >= 0 ? Number(args[topIndex + 1]) : 30;
const isMarkdown = args.includes('--markdown');

const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const ancestors = function* (id: number) {
  for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) yield cur;
};
// The profiler's own work (stopping it, serialising the profile) is not web's.
const isProfilerWork = (id: number) => {
  for (const cur of ancestors(id)) if (byId.get(cur)?.callFrame.url.includes('cpu-profile-hook')) return true;
  return false;
};
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  if (isProfilerWork(id)) return;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

type Frame = { key: string; fn: string; where: string; area: string };
const frameOf = new Map<number, Frame>();
for (const node of profile.nodes) {
  const cf = node.callFrame;
  let fn = cf.functionName || '(anonymous)';
  let source = cf.url;
  if (cf.url.startsWith('file://') || cf.url.startsWith('/')) {
    const path = cf.url.startsWith('file://') ? fileURLToPath(cf.url) : cf.url;
    const mapped = original(path, cf.lineNumber, cf.columnNumber);
    if (mapped) {
      source = mapped.source;
      if (mapped.name && (fn.length <= 2 || fn === '(anonymous)')) fn = mapped.name;
    }
  }
  const where = source ? `${shortSource(source)}${source === cf.url ? `:${cf.lineNumber + 1}` : ''}` : '';
  frameOf.set(node.id, { key: `${fn} ${where}`, fn, where, area: areaOf(source, cf.functionName) });
}

const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idleUs = [...selfUs].filter(([id]) => frameOf.get(id)?.area === 'idle').reduce((a, [, us]) => a + us, 0);
const busyUs = totalUs - idleUs;
const byKey = new Map<string, { frame: Frame; us: number }>();
const byArea = new Map<string, number>();
for (const [id, us] of selfUs) {
  const frame = frameOf.get(id);
  if (!frame || frame.area === 'idle') continue;
  const entry = byKey.get(frame.key) ?? { frame, us: 0 };
  entry.us += us;
  byKey.set(frame.key, entry);
  byArea.set(frame.area, (byArea.get(frame.area) ?? 0) + us);
}
// Inclusive: the share of busy time spent under any frame of an area. Owner: each sample charged to
// the nearest library or app frame above it (crypto under Auth.js is Auth.js's, web streams under
// Next are Next's); samples with no such frame keep their own area (GC, Node, builtins).
const inclusiveArea = new Map<string, number>();
const ownerArea = new Map<string, number>();
for (const [id, us] of selfUs) {
  const own = frameOf.get(id)?.area;
  if (own === 'idle') continue;
  const seen = new Set<string>();
  let owner: string | undefined;
  for (const cur of ancestors(id)) {
    const area = frameOf.get(cur)?.area;
    if (!area) continue;
    if (!owner && OWNERS.has(area)) owner = area;
    if (!seen.has(area)) {
      seen.add(area);
      inclusiveArea.set(area, (inclusiveArea.get(area) ?? 0) + us);
    }
  }
  const charged = own === 'GC' ? 'GC' : (owner ?? own ?? 'other');
  ownerArea.set(charged, (ownerArea.get(charged) ?? 0) + us);
}

const pct = (us: number) => `${((100 * us) / busyUs).toFixed(1)}%`;
const msOf = (us: number) => (us / 1000).toFixed(0);
const seconds = (profile.endTime - profile.startTime) / 1e6;
console.log(
  `${file}: ${seconds.toFixed(1)} s profiled, busy ${(busyUs / 1e6).toFixed(2)} s (${((100 * busyUs) / totalUs).toFixed(0)}% of samples), ${profile.samples.length} samples`,
);
const rowsTop = [...byKey.values()].sort((a, b) => b.us - a.us).slice(0, TOP);
if (isMarkdown) {
  console.log('\n| self ms | share of busy | function | where | area |\n| --- | --- | --- | --- | --- |');
  for (const r of rowsTop)
    console.log(`| ${msOf(r.us)} | ${pct(r.us)} | \`${r.frame.fn}\` | ${r.frame.where} | ${r.frame.area} |`);
  console.log('\n| area | charged to it (owner) | self share | inclusive share |\n| --- | --- | --- | --- |');
  for (const [area, us] of [...ownerArea].sort((a, b) => b[1] - a[1]))
    console.log(`| ${area} | ${pct(us)} | ${pct(byArea.get(area) ?? 0)} | ${pct(inclusiveArea.get(area) ?? 0)} |`);
} else {
  console.log(`\ntop ${TOP} frames by self time (share of busy time):`);
  for (const r of rowsTop)
    console.log(
      `${msOf(r.us).padStart(7)} ms ${pct(r.us).padStart(6)}  ${r.frame.fn.slice(0, 50).padEnd(50)} ${r.frame.where.slice(0, 90)}  [${r.frame.area}]`,
    );
  console.log('\nby area: owner = charged to the nearest library/app frame above; self; inclusive:');
  for (const [area, us] of [...ownerArea].sort((a, b) => b[1] - a[1]))
    console.log(
      `owner ${pct(us).padStart(6)}  self ${pct(byArea.get(area) ?? 0).padStart(6)}  inclusive ${pct(inclusiveArea.get(area) ?? 0).padStart(6)}  ${area}`,
    );
}
