// A minimal Kubernetes REST client over node:https with a client certificate: discovery,
// server-side apply (real or dry-run), get and list. No kubectl needed.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { KeyPair } from './pki';

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
};

export type KubeResponse = { status: number; body: unknown; warnings: string[] };

type Resource = { plural: string; isNamespaced: boolean };

/** The fields of a Status answer that say why a request was refused. */
export type StatusBody = {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { field?: string; message?: string; reason?: string }[] };
};

export const FIELD_MANAGER = 'todo-k8s-verify';

export class Kube {
  private readonly agent: Agent;
  private readonly resources = new Map<string, Resource>();

  constructor(
    readonly server: string,
    caCert: string,
    client: KeyPair,
  ) {
    this.agent = new Agent({
      ca: readFileSync(caCert),
      cert: readFileSync(client.cert),
      key: readFileSync(client.key),
      keepAlive: true,
    });
  }

  close(): void {
    this.agent.destroy();
  }

  request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeResponse> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.server}${path}`,
        {
          method,
          agent: this.agent,
          headers: { accept: 'application/json', ...(payload ? { 'content-type': contentType } : {}) },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {}
            // Warning headers: `299 - "text"`, one per warning (admission, deprecations, PodSecurity).
            const raw = res.headers.warning;
            const warnings = (Array.isArray(raw) ? raw : raw ? [raw] : []).map((w) =>
              w.replace(/^299 - "/, '').replace(/"$/, ''),
            );
            resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  async get<T = unknown>(path: string): Promise<T> {
    const res = await this.request('GET', path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${describeStatus(res.body)}`);
    return res.body as T;
  }

  /** Reads the served resources of every group version, so any kind can be addressed by its apiVersion. */
  async discover(): Promise<void> {
    this.resources.clear();
    const groupVersions = ['v1'];
    const groups = await this.get<{ groups: { versions: { groupVersion: string }[] }[] }>('/apis');
    for (const group of groups.groups) for (const v of group.versions) groupVersions.push(v.groupVersion);
    await Promise.all(
      groupVersions.map(async (gv) => {
        const list = await this.get<{ resources: { name: string; kind: string; namespaced: boolean }[] }>(
          gv === 'v1' ? '/api/v1' : `/apis/${gv}`,
        );
        for (const r of list.resources) {
          if (r.name.includes('/')) continue; // subresources
          this.resources.set(`${gv}/${r.kind}`, { plural: r.name, isNamespaced: r.namespaced });
        }
      }),
    );
  }

  /** The REST path of an object (or of its collection, with `name` omitted). */
  pathOf(apiVersion: string, kind: string, namespace: string | undefined, name?: string): string {
    const resource = this.resources.get(`${apiVersion}/${kind}`);
    if (!resource) throw new Error(`the API server does not serve ${kind} in ${apiVersion}`);
    const base = apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`;
    if (resource.isNamespaced && !namespace)
      throw new Error(`${kind} ${name ?? ''} is namespaced but has no namespace`);
    const ns = resource.isNamespaced ? `/namespaces/${namespace}` : '';
    return `${base}${ns}/${resource.plural}${name ? `/${name}` : ''}`;
  }

  /**
   * Server-side apply. `dryRun` runs every admission step and validation without persisting;
   * `fieldValidation=Strict` turns unknown or duplicate fields into errors instead of warnings.
   */
  apply(object: KubeObject, options: { dryRun?: boolean } = {}): Promise<KubeResponse> {
    const query = new URLSearchParams({ fieldManager: FIELD_MANAGER, force: 'true', fieldValidation: 'Strict' });
    if (options.dryRun) query.set('dryRun', 'All');
    const path = this.pathOf(object.apiVersion, object.kind, object.metadata.namespace, object.metadata.name);
    return this.request('PATCH', `${path}?${query}`, object, 'application/apply-patch+yaml');
  }

  async applyOrThrow(object: KubeObject): Promise<KubeResponse> {
    const res = await this.apply(object);
    if (res.status >= 300) throw new Error(`apply ${nameOf(object)}: ${res.status} ${describeStatus(res.body)}`);
    return res;
  }
}

export const nameOf = (o: KubeObject) =>
  `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** The message of a Status answer, with each field cause on its own line. */
export function describeStatus(body: unknown): string {
  if (!body || typeof body !== 'object') return String(body);
  const status = body as StatusBody;
  const causes = (status.details?.causes ?? []).map(
    (c) => `\n      - ${c.field ?? ''}: ${c.message ?? c.reason ?? ''}`,
  );
  return `${status.message ?? JSON.stringify(body)}${causes.join('')}`;
}
