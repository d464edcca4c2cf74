// The outbox relay against a real Postgres: its pass is two pipelines (begin, lock and read; the
// marks and the commit), and what the advisory lock promises must still hold: rows in id order,
// each published once while relays race, a failure recorded and nothing after it marked sent.
import { setTimeout as sleep } from 'node:timers/promises';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../lib/service-kit/outbox/relay';
import type { OutboxRow } from '../../lib/service-kit/outbox/schema';
import { DATABASES, databaseUrl } from '../../scripts/local-config';
import { migrateAll } from '../../scripts/migrate';

const SUFFIX = '_it_relay';
let client: postgres.Sql;
const db = () => Promise.resolve(drizzle(client));

beforeAll(async () => {
  await migrateAll(SUFFIX, { isFresh: true });
  client = postgres(databaseUrl(`${DATABASES.tasks.name}${SUFFIX}`), { max: 10, onnotice: () => {} });
});

afterAll(async () => {
  await client?.end();
});

beforeEach(async () => {
  await client`truncate outbox`;
});

async function addRows(n: number): Promise<number[]> {
  const rows = await client<{ id: string }[]>`
    insert into outbox (aggregate_id, topic, type, data)
    select 'task-' || g, 'task-events', 'todo.task.created.v1', jsonb_build_object('n', g)
    from generate_series(1, ${n}) g
    returning id`;
  return rows.map((r) => Number(r.id));
}

const unsent = async () =>
  (await client<{ id: string }[]>`select id from outbox where sent_at is null order by id`).map((r) => Number(r.id));

describe('outbox relay', () => {
  it('publishes unsent rows in id order in one pass, marks them sent, and releases its lock', async () => {
    const ids = await addRows(5);
    const published: OutboxRow[] = [];
    const relay = new OutboxRelay(db, async (row) => {
      published.push(row);
    });
    expect(await relay.drainOnce()).toBe(5);
    expect(published.map((r) => r.id)).toEqual(ids);
    expect(published[0]).toMatchObject({ topic: 'task-events', type: 'todo.task.created.v1', data: { n: 1 } });
    const [stored] = await client<
      { created_at: string }[]
    >`select created_at::text from outbox where id = ${ids[0] ?? 0}`;
    expect(published[0]?.createdAt.getTime()).toBe(new Date(stored?.created_at ?? '').getTime());
    expect(await unsent()).toEqual([]);
    // Nothing left, and the lock is free again for the next pass.
    expect(await relay.drainOnce()).toBe(0);
    const [lock] = await client<{ n: number }[]>`select count(*)::int as n from pg_locks where locktype = 'advisory'`;
    expect(lock?.n).toBe(0);
  });

  it('a failed publish records the attempt on its row and leaves it and every later row unsent', async () => {
    const ids = await addRows(4);
    const relay = new OutboxRelay(db, async (row) => {
      if (row.id === ids[2]) throw new Error('broker down');
    });
    await expect(relay.drainOnce()).rejects.toThrow('publish failed after 2 sent: broker down');
    expect(await unsent()).toEqual(ids.slice(2));
    const [failed] = await client`select attempts, last_error from outbox where id = ${ids[2] ?? 0}`;
    expect(failed).toEqual({ attempts: 1, last_error: 'broker down' });
  });

  it('publishes nothing and answers -1 while another relay holds the lock', async () => {
    await addRows(2);
    const published: number[] = [];
    const relay = new OutboxRelay(db, async (row) => {
      published.push(row.id);
    });
    const holder = await client.reserve();
    try {
      await holder`begin`;
      await holder`select pg_advisory_xact_lock(${0x0b0c})`;
      expect(await relay.drainOnce()).toBe(-1);
      await holder`commit`;
    } finally {
      holder.release();
    }
    expect(published).toEqual([]);
    expect(await relay.drainOnce()).toBe(2);
  });

  it('relays racing while rows arrive publish every row exactly once, in id order', async () => {
    const published: number[] = [];
    const publish = async (row: OutboxRow) => {
      published.push(row.id);
      await sleep(Math.random() * 2);
    };
    const relays = [new OutboxRelay(db, publish), new OutboxRelay(db, publish), new OutboxRelay(db, publish)];
    const added: number[] = [];
    let isAdding = true;
    const adding = (async () => {
      for (let i = 0; i < 40; i++) {
        added.push(...(await addRows(3)));
        await sleep(1);
      }
      isAdding = false;
    })();
    await Promise.all(
      relays.map(async (relay) => {
        while (isAdding || (await unsent()).length > 0) {
          await relay.drainOnce();
          await sleep(Math.random() * 2);
        }
      }),
    );
    await adding;
    expect(published).toHaveLength(added.length);
    expect(published).toEqual(added);
  });
});
