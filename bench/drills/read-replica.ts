import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { bodyOf, describe, DrillClient, ok } from './client';
import { freePort, log, NodeService, PG_BIN, sleep } from './infra';
import { referralBody, setUp } from './load';
import type { Stack } from './stack';

export interface ReadReplicaDrillOptions {
  /** Referrals filed (created and submitted) through the API with the replica in use. */
  referrals: number;
  /** Reads of each list (referrals, cases, dispatches) counted on the standby. */
  listReads: number;
  /** Records filed and then looked for in a list until the standby shows them. */
  lagSamples: number;
}

export interface ReadReplicaDrillResult {
  ok: boolean;
  problems: string[];
  ports: { primary: number; standby: number };
  standbyInRecovery: boolean;
  /** Transactions committed on the standby's drill database while the lists were read. */
  standbyTransactionsDuringLists: number;
  listReads: { requests: number; failures: Record<string, number> };
  /** The API's connections seen on the standby (pg_stat_activity) after the lists. */
  apiConnectionsOnStandby: number;
  filing: { created: number; submitted: number; failures: Record<string, number> };
  /** A record's GET right after its creation (served by the primary): always 200. */
  readAfterCreate: { requests: number; notFound: number };
  /** From a create's 201 until the list (served by the standby) showed the record. */
  lagMs: { samples: number; seenAtOnce: number; median: number; p95: number; max: number };
  /** The standby's own view after the load: bytes of WAL not yet replayed. */
  replayGapBytesAtEnd: number;
}

/** PostgreSQL refuses to run as root: as root, its tools run as the postgres user. */
const AS_ROOT = process.getuid?.() === 0;

function asPostgres(binary: string, args: string[], what: string): void {
  const [command, argv] = AS_ROOT
    ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, binary), ...args]]
    : [join(PG_BIN, binary), args];
  const res = spawnSync(command, argv, { encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0) throw new Error(`${what} failed (${res.status}): ${res.stderr}`);
}

async function one<T>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows[0] as T;
  } finally {
    await c.end();
  }
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
const percentile = (xs: number[], p: number) =>
  xs.length === 0
    ? 0
    : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

/**
 * A streaming standby made by pg_basebackup from the drill's PostgreSQL
 * (wal_level replica, a replication role), and the API started with
 * READ_DATABASE_URL at it. Referrals are filed through the API; the lists are
 * read and counted on the standby; each write and each single-record read
 * stays on the primary (a GET right after a create always finds the record);
 * the lag a list shows is measured.
 */
export async function readReplicaDrill(
  stack: Stack,
  o: ReadReplicaDrillOptions,
): Promise<ReadReplicaDrillResult> {
  const problems: string[] = [];
  const standbyPort = await freePort();
  const standbyDir = join(stack.root, 'standby');
  const standbyUrl = `postgres://postgres@127.0.0.1:${standbyPort}/drill`;
  let standbyStarted = false;
  try {
    // --- The standby: a replication role, a base backup with -R, its own port.
    await stack.query(`CREATE ROLE crh_replication WITH REPLICATION LOGIN`);
    mkdirSync(standbyDir, { mode: 0o700 });
    if (AS_ROOT) {
      const id = (flag: string) =>
        Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
      chownSync(standbyDir, id('-u'), id('-g'));
    }
    asPostgres(
      'pg_basebackup',
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(stack.pg.port),
        '-U',
        'crh_replication',
        '-D',
        standbyDir,
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
      ],
      'pg_basebackup',
    );
    appendFileSync(
      join(standbyDir, 'postgresql.auto.conf'),
      `port = ${standbyPort}\nhot_standby = on\n`,
    );
    asPostgres(
      'pg_ctl',
      ['-D', standbyDir, '-l', join(stack.root, 'standby.log'), '-w', '-t', '60', 'start'],
      'pg_ctl start (standby)',
    );
    standbyStarted = true;
    const recovery = await one<{ r: boolean }>(standbyUrl, 'SELECT pg_is_in_recovery() AS r');
    if (!recovery.r) problems.push('the standby is not in recovery (not a replica)');
    const senders = await stack.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_replication WHERE state = 'streaming'`,
    );
    if (senders[0]?.n !== 1) problems.push('the primary streams to no standby');
    log(`streaming standby on :${standbyPort} (pg_basebackup -R from :${stack.pg.port})`);

    // --- The API, started again with the standby as its read replica.
    stack.api.signal('SIGTERM');
    await stack.api.waitExit(20_000);
    const env = { ...stack.env, READ_DATABASE_URL: standbyUrl };
    stack.apis[0] = new NodeService('api', stack.api.script, env, stack.api.logFile);
    stack.api.start();
    await stack.waitApiHealthy(60_000);

    const actors = await setUp(stack, 2);
    const [filer, prober] = actors.filers;
    const client = new DrillClient(stack.apiPort, 10_000);
    client.record = false;

    // --- Filing: every write and the read right after it on the primary.
    const filing = { created: 0, submitted: 0, failures: {} as Record<string, number> };
    const readAfterCreate = { requests: 0, notFound: 0 };
    for (let i = 0; i < o.referrals; i++) {
      const created = await client.call(
        'POST',
        '/referrals',
        filer.token,
        referralBody(`replica-${i}-${randomUUID().slice(0, 8)}.example`),
      );
      const id = bodyOf<{ id?: string }>(created)?.id;
      if (!ok(created) || !id) {
        bump(filing.failures, `create ${describe(created)}`);
        continue;
      }
      filing.created += 1;
      const read = await client.call('GET', `/referrals/${id}`, filer.token);
      readAfterCreate.requests += 1;
      if (!ok(read)) readAfterCreate.notFound += 1;
      const submitted = await client.call('POST', `/referrals/${id}/submit`, filer.token);
      if (ok(submitted)) filing.submitted += 1;
      else bump(filing.failures, `submit ${describe(submitted)}`);
    }
    log(`filed ${filing.created} referrals, submitted ${filing.submitted}`);

    // --- Lists: counted in the standby's own statistics.
    const commits = async () =>
      (
        await one<{ n: string }>(
          standbyUrl,
          `SELECT xact_commit AS n FROM pg_stat_database WHERE datname = 'drill'`,
        )
      ).n;
    // A backend reports its statistics at most once a second, and an idle one
    // within 10 s: read the counter after that, before and after the lists.
    await sleep(11_000);
    const before = Number(await commits());
    const listReads = { requests: 0, failures: {} as Record<string, number> };
    for (let i = 0; i < o.listReads; i++) {
      for (const [path, token] of [
        ['/referrals?limit=20', filer.token],
        ['/cases?limit=20', actors.coordinator.token],
        ['/dispatches?limit=20', actors.coordinator.token],
      ] as const) {
        const res = await client.call('GET', path, token);
        listReads.requests += 1;
        if (!ok(res)) bump(listReads.failures, `${path} ${describe(res)}`);
      }
    }
    await sleep(11_000);
    const standbyTransactionsDuringLists = Number(await commits()) - before;
    const activity = await one<{ n: number }>(
      standbyUrl,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = 'drill' AND application_name = 'crh'`,
    );
    if (standbyTransactionsDuringLists < listReads.requests) {
      problems.push(
        `the standby committed ${standbyTransactionsDuringLists} transactions for ${listReads.requests} list reads`,
      );
    }
    if (Object.keys(listReads.failures).length > 0) {
      problems.push(`list reads failed: ${JSON.stringify(listReads.failures)}`);
    }

    // --- Lag: a draft filed, then the prober's draft list (standby) polled until it shows it.
    const lags: number[] = [];
    let seenAtOnce = 0;
    for (let i = 0; i < o.lagSamples; i++) {
      const created = await client.call(
        'POST',
        '/referrals',
        prober.token,
        referralBody(`lag-${i}-${randomUUID().slice(0, 8)}.example`),
      );
      const id = bodyOf<{ id?: string }>(created)?.id;
      if (!ok(created) || !id) {
        bump(filing.failures, `create ${describe(created)}`);
        continue;
      }
      const acknowledged = Date.now();
      let polls = 0;
      for (;;) {
        const list = await client.call('GET', '/referrals?status=draft&limit=5', prober.token);
        polls += 1;
        const items = bodyOf<{ items?: { id: string }[] }>(list)?.items ?? [];
        if (items.some((r) => r.id === id)) break;
        if (Date.now() - acknowledged > 10_000) {
          problems.push(`a referral did not reach the standby's list within 10 s`);
          break;
        }
        await sleep(2);
      }
      lags.push(Date.now() - acknowledged);
      if (polls === 1) seenAtOnce += 1;
      // Out of the draft list, so the next sample's list holds one draft.
      await client.call('POST', `/referrals/${id}/submit`, prober.token);
    }
    client.close();

    const gap = await one<{ lsn: string }>(
      stack.pg.adminUrl,
      'SELECT pg_current_wal_lsn()::text AS lsn',
    );
    await sleep(500);
    const replay = await one<{ bytes: string }>(
      standbyUrl,
      `SELECT pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn())::bigint AS bytes`,
      [gap.lsn],
    );
    if (readAfterCreate.notFound > 0) {
      problems.push(
        `${readAfterCreate.notFound} reads right after a create did not find the record`,
      );
    }
    if (Object.keys(filing.failures).length > 0) {
      problems.push(`writes failed: ${JSON.stringify(filing.failures)}`);
    }
    if (!stack.api.alive) problems.push('the API is not running at the end');

    const result: ReadReplicaDrillResult = {
      ok: problems.length === 0,
      problems,
      ports: { primary: stack.pg.port, standby: standbyPort },
      standbyInRecovery: recovery.r,
      standbyTransactionsDuringLists,
      listReads,
      apiConnectionsOnStandby: activity.n,
      filing,
      readAfterCreate,
      lagMs: {
        samples: lags.length,
        seenAtOnce,
        median: percentile(lags, 0.5),
        p95: percentile(lags, 0.95),
        max: Math.max(0, ...lags),
      },
      replayGapBytesAtEnd: Math.max(0, Number(replay.bytes)),
    };
    log(
      `read-replica drill: ${result.ok ? 'PASS' : 'FAIL'}: ${listReads.requests} list reads, ` +
        `${standbyTransactionsDuringLists} transactions on the standby meanwhile, ` +
        `${activity.n} API connections there; ${filing.created} filed, ${readAfterCreate.requests} ` +
        `reads after create (${readAfterCreate.notFound} not found); list lag over ${lags.length} ` +
        `samples: ${seenAtOnce} at once, median ${result.lagMs.median} ms, p95 ${result.lagMs.p95} ms, ` +
        `max ${result.lagMs.max} ms`,
    );
    for (const p of problems) log(`   problem: ${p}`);
    return result;
  } finally {
    if (standbyStarted) {
      try {
        asPostgres('pg_ctl', ['-D', standbyDir, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop');
      } catch {
        // already down
      }
    }
  }
}
