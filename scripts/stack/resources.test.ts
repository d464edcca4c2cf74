// The pub/sub components locally (Redis), in Kafka mode and in Kubernetes agree on names, scopes
// and topic scoping, and every dead-letter topic can be published by the sidecar that needs to.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ROOT } from '../local-config';
import { DAPR_DIR, K8S_COMPONENTS_FILE, materializeResources, PUBSUB_COMPONENTS } from './resources';

type Item = { name: string; value?: string };
// biome-ignore lint/suspicious/noExplicitAny: YAML documents, inspected field by field
type Doc = any;

const docsOf = (file: string): Doc[] => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
const meta = (doc: Doc, name: string): string | undefined =>
  (doc.spec.metadata as Item[]).find((m) => m.name === name)?.value;
const SCOPING = ['allowedTopics', 'publishingScopes', 'subscriptionScopes'];
const scopingOf = (doc: Doc): Record<string, unknown> => ({
  scopes: doc.scopes,
  ...Object.fromEntries(SCOPING.map((name) => [name, meta(doc, name)])),
});

const localComponent = (name: string): Doc =>
  docsOf(path.join(DAPR_DIR, 'components', `${name}.yaml`)).find((d) => d.metadata.name === name);
const k8sComponent = (name: string): Doc =>
  docsOf(K8S_COMPONENTS_FILE).find((d) => d.kind === 'Component' && d.metadata.name === name);

/** app id -> topics, from "app=t1,t2;app2=" (an app with an empty list may use no topic). */
function scopesFor(value: string | undefined, appId: string): string[] | undefined {
  for (const entry of (value ?? '').split(';')) {
    const [app, topics = ''] = entry.split('=');
    if (app?.trim() === appId) return topics.split(',').filter(Boolean);
  }
  return undefined;
}

const tmp = mkdtempSync(path.join(tmpdir(), 'resources-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function materialized(options: { kafkaBrokers?: string }): Map<string, Doc> {
  const out = materializeResources(path.join(tmp, options.kafkaBrokers ? 'kafka' : 'redis'), {}, options);
  const byName = new Map<string, Doc>();
  for (const file of readdirSync(out))
    for (const doc of docsOf(path.join(out, file))) byName.set(doc.metadata.name, doc);
  return byName;
}

describe('pub/sub components', () => {
  it.each(PUBSUB_COMPONENTS)('%s has the same scopes and topic scoping locally and in Kubernetes', (name) => {
    const local = scopingOf(localComponent(name));
    expect(local.publishingScopes).toBeTruthy();
    expect(scopingOf(k8sComponent(name))).toEqual(local);
  });

  it('Kafka mode renders the deployed pubsub.kafka components on the given brokers, everything else unchanged', () => {
    const redis = materialized({});
    const kafka = materialized({ kafkaBrokers: '127.0.0.1:19999' });
    for (const name of PUBSUB_COMPONENTS) {
      expect(redis.get(name).spec.type).toBe('pubsub.redis');
      expect(kafka.get(name).spec.type).toBe('pubsub.kafka');
      expect(meta(kafka.get(name), 'brokers')).toBe('127.0.0.1:19999');
      expect(meta(kafka.get(name), 'authType')).toBe('none');
      expect(scopingOf(kafka.get(name))).toEqual(scopingOf(redis.get(name)));
    }
    // One group per app-id (Dapr's default), one per web instance for the fan-out.
    expect(meta(kafka.get('pubsub'), 'consumerGroup')).toBeUndefined();
    expect(meta(kafka.get('pubsub-fanout'), 'consumerGroup')).toBe('{podName}');
    expect(meta(kafka.get('pubsub-fanout'), 'initialOffset')).toBe('newest');
    for (const [name, doc] of redis)
      if (!PUBSUB_COMPONENTS.includes(name as never)) expect(kafka.get(name)).toEqual(doc);
  });

  const subscriptionFiles = [
    ...readdirSync(path.join(DAPR_DIR, 'subscriptions')).map((f) => path.join(DAPR_DIR, 'subscriptions', f)),
    path.join(ROOT, 'k8s', 'base', 'dapr', 'subscriptions.yaml'),
  ];
  const subscriptions = subscriptionFiles.flatMap((file) =>
    docsOf(file)
      .filter((d) => d?.kind === 'Subscription')
      .map((d) => [`${path.relative(ROOT, file)} ${d.metadata.name}`, d] as const),
  );

  it.each(subscriptions)('%s: its app may subscribe to the topic and publish its dead letters', (_, sub) => {
    const component = localComponent(sub.spec.pubsubname);
    const allowed = meta(component, 'allowedTopics')?.split(',') ?? [];
    for (const appId of sub.scopes as string[]) {
      expect(component.scopes).toContain(appId);
      expect(allowed).toContain(sub.spec.topic);
      expect(scopesFor(meta(component, 'subscriptionScopes'), appId)).toContain(sub.spec.topic);
      // Dapr publishes dead letters through the subscriber's own component, under its publishing scopes.
      if (sub.spec.deadLetterTopic) {
        expect(allowed).toContain(sub.spec.deadLetterTopic);
        expect(scopesFor(meta(component, 'publishingScopes'), appId)).toContain(sub.spec.deadLetterTopic);
      }
    }
  });

  it('web can publish nothing through pubsub-fanout', () => {
    expect(scopesFor(meta(localComponent('pubsub-fanout'), 'publishingScopes'), 'web')).toEqual([]);
  });
});
