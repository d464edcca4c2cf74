// Reporting: markdown tables, the machine line, raw results under bench/results/ (git-ignored),
// and the README section between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/local-config';
import { BENCH_CONFIG } from './config';

export function markdownTable(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** e.g. "2 cores (Intel Xeon …), 23.5 GiB RAM, Linux 6.1, Node v20.20.2; 2026-01-01 12:00 UTC". */
export function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  const gib = (os.totalmem() / 1024 ** 3).toFixed(1);
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return `${cpus.length} cores (${model}), ${gib} GiB RAM, Linux ${os.release()}, Node ${process.version}; run on ${date} UTC`;
}

/** Which code was measured: git commit (and whether app code differs from it) and web's build. */
export function buildLine(): string {
  const git = (args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const commit = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty =
    git(['status', '--porcelain', '--', 'app', 'lib', 'services', 'components', 'dapr', 'next.config.ts']) !== '';
  const buildIdFile = path.join(ROOT, '.next', 'BUILD_ID');
  const build = existsSync(buildIdFile)
    ? `web build ${readFileSync(buildIdFile, 'utf8').trim()} of ${statSync(buildIdFile).mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC`
    : 'no web build';
  return `code at ${commit}${dirty ? ' with uncommitted changes to the app' : ''}, ${build}`;
}

/** Replaces (or appends) the README section between the markers of `name`; creates README.md if missing. Skipped when BENCH_NO_README is set (trial runs). */
export function writeReadmeSection(name: string, body: string): void {
  if (BENCH_CONFIG.BENCH_NO_README) {
    console.log(`BENCH_NO_README is set: README.md left as it is`);
    return;
  }
  const file = path.join(ROOT, 'README.md');
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const section = `${open}\n${body.trim()}\n${close}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  let next: string;
  if (start >= 0 && end > start) next = `${text.slice(0, start)}${section}${text.slice(end + close.length)}`;
  else next = `${text.replace(/\s*$/, '')}${text.trim() ? '\n\n' : ''}${section}\n`;
  writeFileSync(file, next);
  console.log(`README.md: section bench:${name} updated`);
}

/** Raw figures of a run, for comparing runs later (bench/results/ is git-ignored). */
export function saveResults(name: string, data: unknown): string {
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
