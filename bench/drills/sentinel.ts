import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { checkUntil, type CheckReport } from './checker';
import { bodyOf, describe, DrillClient, ok } from './client';
import { freePort, log, NodeService, PrivateRedis, sleep } from './infra';
import { FilingLoad, referralBody, setUp, summarise } from './load';
import type { Stack } from './stack';

export interface SentinelDrillOptions {
  filingPerSecond: number;
  /** Filing before the primary is killed, and after the sentinels promoted the replica. */
  loadBeforeKillMs: number;
  loadAfterFailoverMs: number;
  /**
   * Replication stalled this long before the kill (what the primary sends
   * the replica is dropped), so the jobs of that moment are lost with the
   * primary, as asynchronous replication allows. The intake queue is paused
   * meanwhile (and resumed on the promoted replica), so those jobs are work
   * still owed, which only the outbox and the reconciler can bring back.
   * 0: no stall.
   */
  replicationStallMs: number;
  /** Sentinel's down-after-milliseconds and failover-timeout. */
  downAfterMs: number;
  failoverTimeoutMs: number;
  clientTimeoutMs: number;
  /** From the end of the load: every acknowledged referral taken in by then. */
  checkWithinMs: number;
}

export interface SentinelDrillResult {
  ok: boolean;
  problems: string[];
  topology: { primary: number; replica: number; sentinels: number[]; masterName: string };
  pids: {
    api: { beforeKill?: number; atEnd?: number };
    worker: { beforeKill?: number; atEnd?: number };
  };
  failover: {
    /** Kill -9 of the primary until the sentinels name the replica as primary. */
    promotedAfterMs: number | null;
    /** Kill until the first referral submitted after it was taken in (work resumed). */
    firstIntakeAfterKillMs: number | null;
    /** Submits answered 2xx during the failover (the API files into PostgreSQL only). */
    submittedWhilePromoting: number;
    /**
     * Jobs published (outbox row marked published) before the kill and missing
     * from the promoted replica: lost with the primary, put back by the
     * outbox and the reconciler. Completed jobs are kept for a day, so a
     * missing job is a lost one.
     */
    jobsPublishedBeforeKill: number;
    jobsLostInFailover: number;
    /** Lost intake jobs whose referral was still waiting for intake at the promotion. */
    owedJobsLost: number;
    /** Referrals published to intake again by the reconciler (a second outbox row). */
    referralsRepublished: number;
  };
  filing: {
    submittedBeforeKill: number;
    submittedAfterKill: number;
    createFailures: Record<string, number>;
    submitFailures: Record<string, number>;
  };
  secondsFromKillToConsistent: number | null;
  check: CheckReport;
}

const MASTER = 'crh-drill';

/**
 * The primary's address as the sentinels, and so every client, and the
 * replica know it: a relay the drill can stall. While stalled, what the
 * primary sends to the replica is dropped (the replica falls behind without
 * noticing, as over a congested network); clients and sentinels are served
 * as before. (Only the replica behind a relay would not do: the sentinels
 * would point it straight at the primary.)
 */
class ReplicationLink {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  stalled = false;
  port = 0;

  async start(primaryPort: number): Promise<void> {
    this.port = await freePort();
    this.server = createServer((replica) => {
      const primary = connect(primaryPort, '127.0.0.1');
      for (const s of [replica, primary]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          this.sockets.delete(s);
          replica.destroy();
          primary.destroy();
        });
      }
      // A replica announces itself with REPLCONF before PSYNC.
      let replication = false;
      replica.on('data', (chunk: Buffer) => {
        if (!replication && /REPLCONF|PSYNC/i.test(chunk.toString('latin1'))) replication = true;
        primary.write(chunk);
      });
      primary.on('data', (chunk) => {
        if (!(this.stalled && replication)) replica.write(chunk);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  close(): void {
    for (const s of this.sockets) s.destroy();
    this.server?.close();
  }
}

function redisCli(port: number, ...args: string[]): string {
  const res = spawnSync('redis-cli', ['-p', String(port), ...args], {
    encoding: 'utf8',
    timeout: 5000,
  });
  return (res.stdout ?? '').trim();
}

/** The primary's port as one sentinel names it, or null. */
function primaryPortSeenBy(sentinel: number): number | null {
  const lines = redisCli(sentinel, 'sentinel', 'get-master-addr-by-name', MASTER).split('\n');
  return lines.length === 2 ? Number(lines[1]) : null;
}

async function until(what: string, ms: number, test: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (test()) return;
    await sleep(100);
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}

/** Wait until the worker, through the sentinels, has taken in one referral (it is up). */
async function workerTakesIn(stack: Stack, client: DrillClient, token: string): Promise<void> {
  const created = await client.call('POST', '/referrals', token, referralBody('warm-up.example'));
  const id = bodyOf<{ id?: string }>(created)?.id;
  if (!ok(created) || !id)
    throw new Error(`filing the first referral failed: ${describe(created)}`);
  await client.call('POST', `/referrals/${id}/submit`, token);
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const [row] = await stack.query<{ status: string }>(
      'SELECT status FROM referrals WHERE id = $1',
      [id],
    );
    if (row && row.status !== 'submitted' && row.status !== 'draft') return;
    await sleep(250);
  }
  throw new Error('the worker took in no referral within 180 s of its start');
}

/** Outbox rows published before `killedAt` whose job the server on `port` does not hold. */
async function jobsMissingFrom(
  stack: Stack,
  port: number,
  killedAt: number,
): Promise<{ published: number; missing: number; owed: number }> {
  const rows = await stack.query<{ id: string; queue: string; waiting: boolean }>(
    `SELECT o.id, o.queue, coalesce(r.status = 'submitted', false) AS waiting
       FROM outbox o
       LEFT JOIN referrals r ON o.queue = 'intake' AND r.id = (o.payload->>'referralId')::uuid
      WHERE o.published_at <= to_timestamp($1 / 1000.0)`,
    [killedAt],
  );
  const redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    let missing = 0;
    let owed = 0;
    for (const row of rows) {
      if ((await redis.exists(`${stack.prefix}:${row.queue}:${row.id}`)) === 0) {
        missing += 1;
        if (row.waiting) owed += 1;
      }
    }
    return { published: rows.length, missing, owed };
  } finally {
    redis.disconnect();
  }
}

/**
 * Redis failover: the API and the worker reach Redis through three sentinels
 * (REDIS_SENTINELS) watching a primary and one replica. Under filing load the
 * primary is killed -9; the sentinels promote the replica. Every referral
 * whose submit was acknowledged, before or after, must be taken in, and the
 * API and the worker must carry on as the same processes. Replication is
 * asynchronous, so jobs written just before the kill can be missing from
 * the promoted replica: the outbox and the reconciler put them back.
 */
export async function sentinelDrill(
  stack: Stack,
  o: SentinelDrillOptions,
): Promise<SentinelDrillResult> {
  const since = new Date();
  const children: ChildProcess[] = [];
  const primary = stack.redis;
  const replicaPort = await freePort();
  const sentinelPorts = [await freePort(), await freePort(), await freePort()];
  const problems: string[] = [];
  const link = new ReplicationLink();
  try {
    await link.start(primary.port);
    // --- Topology: the stack's Redis is the primary; one replica, three sentinels.
    const replica = spawn(
      'redis-server',
      [
        '--port',
        String(replicaPort),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
        '--dir',
        stack.root,
        '--replicaof',
        '127.0.0.1',
        String(link.port),
      ],
      { stdio: 'ignore' },
    );
    children.push(replica);
    for (const port of sentinelPorts) {
      const conf = join(stack.root, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${stack.root}`,
          `sentinel monitor ${MASTER} 127.0.0.1 ${link.port} 2`,
          `sentinel down-after-milliseconds ${MASTER} ${o.downAfterMs}`,
          `sentinel failover-timeout ${MASTER} ${o.failoverTimeoutMs}`,
          `sentinel parallel-syncs ${MASTER} 1`,
          '',
        ].join('\n'),
      );
      children.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    }
    await until('the replica in sync', 20_000, () =>
      redisCli(replicaPort, 'info', 'replication').includes('master_link_status:up'),
    );
    await until('the sentinels knowing each other and the replica', 30_000, () =>
      sentinelPorts.every((port) => {
        const info = redisCli(port, 'sentinel', 'master', MASTER);
        const field = (name: string) => {
          const lines = info.split('\n');
          const i = lines.indexOf(name);
          return i >= 0 ? Number(lines[i + 1]) : -1;
        };
        return field('num-other-sentinels') === 2 && field('num-slaves') === 1;
      }),
    );
    log(
      `Redis primary :${primary.port} (known as :${link.port}), replica :${replicaPort}, sentinels ${sentinelPorts
        .map((p) => `:${p}`)
        .join(' ')} (quorum 2, down after ${o.downAfterMs} ms)`,
    );

    // --- The API and the worker, started again to reach Redis through the sentinels only.
    const env: NodeJS.ProcessEnv = {
      ...stack.env,
      REDIS_SENTINELS: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
      REDIS_SENTINEL_NAME: MASTER,
    };
    delete env.REDIS_URL;
    for (const s of [stack.api, stack.worker]) {
      s.signal('SIGTERM');
      await s.waitExit(20_000);
    }
    stack.apis[0] = new NodeService('api', stack.api.script, env, stack.api.logFile);
    stack.workers[0] = new NodeService('worker', stack.worker.script, env, stack.worker.logFile);
    stack.api.start();
    await stack.waitApiHealthy(60_000);
    stack.worker.start();

    const actors = await setUp(stack, 3);
    const client = new DrillClient(stack.apiPort, o.clientTimeoutMs);
    client.record = false;
    await workerTakesIn(stack, client, actors.filers[0].token);
    const filing = new FilingLoad(client, actors.filers, o.filingPerSecond);
    const pids = {
      api: { beforeKill: stack.api.pid } as { beforeKill?: number; atEnd?: number },
      worker: { beforeKill: stack.worker.pid } as { beforeKill?: number; atEnd?: number },
    };
    filing.start();
    await sleep(o.loadBeforeKillMs);

    // --- The fault: kill -9 the primary (no persistence: whatever it held is gone).
    const intakeQueue = (port: number) => {
      const q = new Queue('intake', {
        connection: { host: '127.0.0.1', port, maxRetriesPerRequest: 1 },
        prefix: stack.prefix,
      });
      q.on('error', () => undefined);
      return q;
    };
    if (o.replicationStallMs > 0) {
      const q = intakeQueue(link.port);
      await q.pause();
      await q.close();
      await until(
        'the pause reaching the replica',
        10_000,
        () => redisCli(replicaPort, 'hget', `${stack.prefix}:intake:meta`, 'paused') === '1',
      );
      link.stalled = true;
      await sleep(o.replicationStallMs);
    }
    const submittedBeforeKill = filing.stats.submitted.length;
    const killedAt = Date.now();
    await primary.stop();
    log(
      `killed -9 the Redis primary :${primary.port} under load (${submittedBeforeKill} submitted), ` +
        `its last ${o.replicationStallMs} ms not replicated`,
    );
    let promotedAt: number | null = null;
    try {
      await until('the promotion of the replica', 60_000, () =>
        sentinelPorts.every((p) => primaryPortSeenBy(p) === replicaPort),
      );
      promotedAt = Date.now();
      log(`the sentinels promoted :${replicaPort} after ${promotedAt - killedAt} ms`);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
    const submittedWhilePromoting = filing.stats.submitted.length - submittedBeforeKill;
    const lost = await jobsMissingFrom(stack, replicaPort, killedAt);
    log(
      `${lost.missing} of ${lost.published} jobs published before the kill are missing from ` +
        `the promoted replica, ${lost.owed} of them for referrals still waiting for intake`,
    );
    if (o.replicationStallMs > 0) {
      const q = intakeQueue(replicaPort);
      await q.resume();
      await q.close();
    }
    // The checker reads the queues of the promoted primary from now on.
    stack.redis = new PrivateRedis(replicaPort);
    await sleep(o.loadAfterFailoverMs);
    await filing.stop();
    const loadEnded = Date.now();
    summarise('filing', filing.stats);

    const { report, convergedAt } = await checkUntil(
      stack,
      { submitted: filing.stats.submitted, approved: [], since },
      loadEnded + o.checkWithinMs,
    );
    for (const p of report.problems) problems.push(p);

    // Work resumed: the first referral submitted after the kill, taken in.
    const [first] = await stack.query<{ ms: number | null }>(
      `SELECT (EXTRACT(EPOCH FROM min(i.occurred_at)) * 1000)::float8 AS ms
         FROM audit_events s
         JOIN audit_events i ON i.target_id = s.target_id AND i.action = 'referral.intake'
        WHERE s.action = 'referral.submit' AND s.occurred_at > to_timestamp($1 / 1000.0)`,
      [killedAt],
    );
    const firstIntakeAfterKillMs = first?.ms != null ? Math.round(first.ms - killedAt) : null;

    const [again] = await stack.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT payload->>'referralId' FROM outbox WHERE queue = 'intake'
          GROUP BY 1 HAVING count(*) > 1) twice`,
    );
    const republished = again?.n ?? 0;
    if (lost.owed > 0 && republished < lost.owed) {
      problems.push(`${lost.owed} owed jobs were lost but ${republished} referrals republished`);
    }
    pids.api.atEnd = stack.api.pid;
    pids.worker.atEnd = stack.worker.pid;
    for (const [name, s, p] of [
      ['API', stack.api, pids.api],
      ['worker', stack.worker, pids.worker],
    ] as const) {
      if (!s.alive) problems.push(`the ${name} is not running at the end`);
      if (p.atEnd !== p.beforeKill) problems.push(`the ${name} was restarted (pid changed)`);
    }
    if (submittedWhilePromoting === 0 && promotedAt !== null && promotedAt - killedAt > 1000) {
      problems.push('no submit was acknowledged while the sentinels promoted the replica');
    }
    client.close();

    const result: SentinelDrillResult = {
      ok: problems.length === 0 && report.ok,
      problems,
      topology: {
        primary: primary.port,
        replica: replicaPort,
        sentinels: sentinelPorts,
        masterName: MASTER,
      },
      pids,
      failover: {
        promotedAfterMs: promotedAt === null ? null : promotedAt - killedAt,
        firstIntakeAfterKillMs,
        submittedWhilePromoting,
        jobsPublishedBeforeKill: lost.published,
        jobsLostInFailover: lost.missing,
        owedJobsLost: lost.owed,
        referralsRepublished: republished,
      },
      filing: {
        submittedBeforeKill,
        submittedAfterKill: filing.stats.submitted.length - submittedBeforeKill,
        createFailures: filing.stats.createFailures,
        submitFailures: filing.stats.submitFailures,
      },
      secondsFromKillToConsistent: convergedAt ? (convergedAt - killedAt) / 1000 : null,
      check: report,
    };
    log(
      `sentinel drill: ${result.ok ? 'PASS' : 'FAIL'}: ${filing.stats.submitted.length} referrals ` +
        `submitted (2xx), ${submittedBeforeKill} before the kill; promoted after ` +
        `${result.failover.promotedAfterMs ?? 'never'} ms; first referral submitted after the ` +
        `kill taken in after ${firstIntakeAfterKillMs ?? 'never'} ms; ${lost.missing} jobs lost with the primary ` +
        `(${lost.owed} owed, ${republished} referrals republished); consistent ` +
        `${result.secondsFromKillToConsistent ?? 'never'} s after the kill; API pid ` +
        `${pids.api.beforeKill}→${pids.api.atEnd}, worker pid ${pids.worker.beforeKill}→${pids.worker.atEnd}`,
    );
    for (const p of problems) log(`   problem: ${p}`);
    return result;
  } finally {
    link.close();
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    primary.destroy();
  }
}
