import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ROOT } from '../local-config';
import { type IngressLike, internalRouteProblems, routeOf } from './ingress';

const base = parseAllDocuments(readFileSync(path.join(ROOT, 'k8s/base/ingress.yaml'), 'utf8')).map(
  (d) => d.toJS() as IngressLike,
);
const HOST = 'todo.example.com';

describe('the public Ingress', () => {
  it('does not serve /api/internal/*: that path reaches only an Ingress that refuses every address', () => {
    expect(internalRouteProblems(base)).toEqual([]);
    expect(routeOf(base, HOST, '/api/internal/fanout/notifications')?.ingress.metadata.name).toBe(
      'web-internal-denied',
    );
  });

  it('still serves pages, the API and the event stream through their own Ingresses', () => {
    expect(routeOf(base, HOST, '/')?.ingress.metadata.name).toBe('web');
    expect(routeOf(base, HOST, '/api/tasks')?.ingress.metadata.name).toBe('web');
    expect(routeOf(base, HOST, '/api/internals')?.ingress.metadata.name).toBe('web');
    expect(routeOf(base, HOST, '/api/events')?.ingress.metadata.name).toBe('web-events');
  });

  it('would catch an Ingress that lets the internal routes through', () => {
    const open = base.filter((o) => o.metadata.name !== 'web-internal-denied');
    expect(internalRouteProblems(open)).toContain(
      `${HOST}/api/internal/fanout/task-events reaches Ingress web (Prefix /)`,
    );
  });
});
