// First-load JavaScript of a page, from the production build in .next: the runtime chunks every
// page loads plus the page's and its layouts' entry chunks, each gzipped at level 9 as a CDN would.
// Run after `npm run build`: npx tsx bench/first-load-js.ts [route, default "/"]
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const NEXT = path.join(import.meta.dirname, '..', '.next');
const route = process.argv[2] ?? '/';
const page = route === '/' ? 'page' : `${route.replace(/^\//, '')}/page`;

const buildManifest = JSON.parse(
  await readFile(path.join(NEXT, 'server/app', page, 'build-manifest.json'), 'utf8'),
) as {
  rootMainFiles: string[];
};
// The client reference manifest is a script assigning one object; its entry chunks are what the page needs.
const referenceSource = await readFile(path.join(NEXT, 'server/app', `${page}_client-reference-manifest.js`), 'utf8');
const manifest = JSON.parse(
  referenceSource.slice(referenceSource.indexOf('{', referenceSource.indexOf('] ='))).replace(/;\s*$/, ''),
) as {
  entryJSFiles: Record<string, string[]>;
};

const files = new Set(buildManifest.rootMainFiles);
for (const [entry, chunks] of Object.entries(manifest.entryJSFiles)) {
  if (entry.startsWith('[project]/app/')) for (const chunk of chunks) files.add(chunk);
}

let raw = 0;
let gzip = 0;
const rows: string[] = [];
for (const file of files) {
  const bytes = await readFile(path.join(NEXT, file));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzip += zipped;
  rows.push(`${file.padEnd(44)} ${String(bytes.length).padStart(8)} ${String(zipped).padStart(8)}`);
}
console.log(`${'chunk'.padEnd(44)} ${'bytes'.padStart(8)} ${'gzip'.padStart(8)}`);
for (const row of rows) console.log(row);
console.log(
  `first-load JS of ${route}: ${files.size} files, ${raw} bytes, ${gzip} bytes gzip (${(gzip / 1024).toFixed(1)} KiB)`,
);
