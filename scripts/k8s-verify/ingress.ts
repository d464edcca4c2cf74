// Which Ingress answers a path, by ingress-nginx's rules: an Exact path wins, then the longest
// Prefix match by whole path segments. Used to prove that /api/internal/* is not served publicly.

export type IngressPath = { path: string; pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific' };
export type IngressLike = {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: { rules?: Array<{ host?: string; http?: { paths?: IngressPath[] } }> };
};

const isPrefixOf = (prefix: string, path: string) => {
  const p = prefix.replace(/\/+$/, '');
  return p === '' || path === p || path.startsWith(`${p}/`);
};

/** The Ingress (and its path) that a request for host + path reaches, or undefined if none does. */
export function routeOf(
  objects: IngressLike[],
  host: string,
  path: string,
): { ingress: IngressLike; rule: IngressPath } | undefined {
  let best: { ingress: IngressLike; rule: IngressPath; score: number } | undefined;
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    for (const rule of ingress.spec?.rules ?? []) {
      if (rule.host && rule.host !== host) continue;
      for (const p of rule.http?.paths ?? []) {
        const score =
          p.pathType === 'Exact'
            ? p.path === path
              ? Number.MAX_SAFE_INTEGER
              : -1
            : isPrefixOf(p.path, path)
              ? p.path.length
              : -1;
        if (score >= 0 && (!best || score > best.score)) best = { ingress, rule: p, score };
      }
    }
  }
  return best && { ingress: best.ingress, rule: best.rule };
}

const DENY_ALL = ['0.0.0.0/0', '::/0'];

/** Whether ingress-nginx refuses every client for this Ingress (denylist of all IPv4 and IPv6 addresses). */
export function isDeniedToEveryone(ingress: IngressLike): boolean {
  const list = ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/denylist-source-range'] ?? '';
  const ranges = list.split(',').map((r) => r.trim());
  return DENY_ALL.every((r) => ranges.includes(r));
}

/** Problems with how the Ingresses treat the internal routes of web (empty: none). */
export function internalRouteProblems(objects: IngressLike[]): string[] {
  const problems: string[] = [];
  const hosts = new Set(
    objects.filter((o) => o.kind === 'Ingress').flatMap((o) => (o.spec?.rules ?? []).map((r) => r.host ?? '')),
  );
  for (const host of hosts) {
    for (const path of ['/api/internal', '/api/internal/', '/api/internal/fanout/task-events', '/api/internal/x/y']) {
      const route = routeOf(objects, host, path);
      if (route && !isDeniedToEveryone(route.ingress))
        problems.push(
          `${host}${path} reaches Ingress ${route.ingress.metadata.name} (${route.rule.pathType} ${route.rule.path})`,
        );
    }
  }
  return problems;
}
