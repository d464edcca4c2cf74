// web runs with the same Node flags wherever its production server starts: the test and benchmark
// stacks (WEB_NODE_FLAGS), the image (Dockerfile.web's CMD) and `npm start`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../local-config';
import { ARTIFACT_COMMANDS, WEB_NODE_FLAGS } from './artifacts';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe("web's Node flags", () => {
  it('are the same in the stacks, the image and npm start', () => {
    expect(WEB_NODE_FLAGS.length).toBeGreaterThan(0);
    const cmd = read('Dockerfile.web').match(/^CMD (\[.*\])$/m)?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...WEB_NODE_FLAGS, 'server.mjs']);
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start;
    expect(start).toBe(['node', ...WEB_NODE_FLAGS, '.next/standalone/server.mjs'].join(' '));
    expect(ARTIFACT_COMMANDS.web).toEqual(['node', ...WEB_NODE_FLAGS, '.next/standalone/server.mjs']);
  });
});
