// Draws one trace from Jaeger's HTTP API as an HTML waterfall (Jaeger's own UI is not part of the
// binary built here). Usage:
//   npx tsx scripts/trace-waterfall.ts <trace id> [out.html]     (JAEGER_URL, default http://127.0.0.1:16686)
//   npx tsx scripts/trace-waterfall.ts --file trace.json [out.html]   (a saved /api/traces/<id> answer)
import { readFileSync, writeFileSync } from 'node:fs';

type Tag = { key: string; value: unknown };
type Span = {
  spanID: string;
  operationName: string;
  processID: string;
  startTime: number;
  duration: number;
  references?: { refType: string; spanID: string }[];
  tags: Tag[];
};
type Trace = { traceID: string; spans: Span[]; processes: Record<string, { serviceName: string; tags: Tag[] }> };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

async function load(args: string[]): Promise<Trace> {
  const body =
    args[0] === '--file'
      ? JSON.parse(readFileSync(args[1] ?? '', 'utf8'))
      : await (await fetch(`${process.env.JAEGER_URL ?? 'http://127.0.0.1:16686'}/api/traces/${args[0]}`)).json();
  const trace = (body as { data?: Trace[] }).data?.[0];
  if (!trace) throw new Error(`no trace in the answer: ${JSON.stringify(body).slice(0, 200)}`);
  return trace;
}

/** Spans in tree order (children after their parent, by start time) with their depth. */
function ordered(trace: Trace): { span: Span; depth: number }[] {
  const ids = new Set(trace.spans.map((s) => s.spanID));
  const parentOf = (s: Span) => s.references?.find((r) => r.refType === 'CHILD_OF' && ids.has(r.spanID))?.spanID;
  const children = new Map<string | undefined, Span[]>();
  for (const s of trace.spans) children.set(parentOf(s), [...(children.get(parentOf(s)) ?? []), s]);
  const out: { span: Span; depth: number }[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const s of (children.get(parent) ?? []).sort((a, b) => a.startTime - b.startTime)) {
      out.push({ span: s, depth });
      walk(s.spanID, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}

const COLORS: Record<string, string> = {
  web: '#2563eb',
  'task-service': '#16a34a',
  worker: '#d97706',
  'notification-service': '#9333ea',
};

function render(trace: Trace): string {
  const rows = ordered(trace);
  const start = Math.min(...trace.spans.map((s) => s.startTime));
  const end = Math.max(...trace.spans.map((s) => s.startTime + s.duration));
  const total = Math.max(1, end - start);
  const lines = rows.map(({ span, depth }) => {
    const process = trace.processes[span.processID];
    const service = process?.serviceName ?? '?';
    const isApp = process?.tags.some((t) => t.key === 'process.runtime.name');
    const who = `${service} ${isApp ? 'app' : 'daprd'}`;
    const left = ((span.startTime - start) / total) * 100;
    const width = Math.max(0.15, (span.duration / total) * 100);
    const color = COLORS[service] ?? '#64748b';
    return `<tr><td class="who" style="color:${color}">${escapeHtml(who)}</td><td class="op" style="padding-left:${depth * 12 + 4}px">${escapeHtml(span.operationName)}</td><td class="bar"><div style="margin-left:${left}%;width:${width}%;background:${color};opacity:${isApp ? 1 : 0.55}"></div></td><td class="ms">${(span.duration / 1000).toFixed(1)} ms</td></tr>`;
  });
  const services = new Set(Object.values(trace.processes).map((p) => p.serviceName));
  return `<!doctype html><meta charset="utf-8"><title>trace ${trace.traceID}</title>
<style>body{font:12px system-ui,sans-serif;margin:16px;color:#0f172a}h1{font-size:15px;margin:0 0 4px}
p{margin:0 0 10px;color:#475569}table{border-collapse:collapse;width:100%;table-layout:fixed}td{padding:1px 6px;white-space:nowrap}
tr:nth-child(even){background:#f8fafc}.who{width:150px}.op{width:360px;overflow:hidden;text-overflow:ellipsis}
.bar{width:auto}.bar div{height:10px;border-radius:2px}.ms{width:70px;text-align:right;color:#475569}</style>
<h1>Trace ${trace.traceID}</h1>
<p>${trace.spans.length} spans, ${services.size} services (${[...services].join(', ')}), ${(total / 1000).toFixed(0)} ms from the browser request to the SSE frame. From Jaeger's API; app spans solid, sidecar (daprd) spans light.</p>
<table>${lines.join('\n')}</table>`;
}

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: trace-waterfall.ts <trace id> [out.html] | --file trace.json [out.html]');
  process.exit(2);
}
const trace = await load(args);
const out = args[0] === '--file' ? args[2] : args[1];
const html = render(trace);
if (out) writeFileSync(out, html);
else process.stdout.write(html);
