import type { Environment } from '@app/common';
import { inTransaction } from '@app/persistence';
import { OutboxWriter, QueueName } from '@app/queues';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { DataSource } from 'typeorm';
import { createHealthServer } from '../../apps/worker/src/health-server';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { createScratchDatabase } from '../support/scratch-database';
import { txOf } from '../support/tx';

/**
 * GET /metrics on the worker's health port: the API's guard, and the
 * worker's own figures (jobs run, the outbox relay, the reconciler). A
 * database and queue prefix of its own, so only this worker's jobs count.
 */

const TOKEN = 'worker-metrics-token-for-the-e2e-spec-0123';

/** Every sample of `name` as its labels and value, from a Prometheus text exposition. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const found = [];
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    found.push({ labels, value: Number(match[3]) });
  }
  return found;
}

/** The value of one series (0 when it has not appeared yet). */
function figure(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels);
  const sample = samples(text, name).find((s) => wanted.every(([k, v]) => s.labels[k] === v));
  return sample?.value ?? 0;
}

describe('Worker metrics (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let env: Environment;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let queue: Queue;
  const servers: Server[] = [];

  async function listen(withEnv: Environment): Promise<string> {
    const server = createHealthServer(worker, withEnv);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  let guarded: string;
  let open: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    env = testEnvironment({
      DATABASE_URL: scratch.url,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-worker-metrics`,
      METRICS_TOKEN: TOKEN,
    });
    worker = await createWorkerApp(env, { shutdownHooks: false });
    ds = worker.get<DataSource>(getDataSourceToken());
    queue = new Queue(QueueName.Maintenance, {
      connection: { host: '127.0.0.1', port: 6379 },
      prefix: env.QUEUE_PREFIX,
    });
    guarded = await listen(env);
    open = await listen({ ...env, METRICS_TOKEN: undefined });
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    await queue?.close();
    await worker?.close();
    await scratch?.drop();
  });

  const scrape = (base: string, token?: string) =>
    fetch(`${base}/metrics`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  async function exposition(): Promise<string> {
    const res = await scrape(guarded, TOKEN);
    expect(res.status).toBe(200);
    return res.text();
  }

  it('should not exist without METRICS_TOKEN (404), and keep /health as it was', async () => {
    expect((await scrape(open)).status).toBe(404);
    const res = await scrape(open, TOKEN);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    for (const base of [open, guarded]) {
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    }
  });

  it('should refuse a scrape without the token, or with another (401)', async () => {
    const none = await scrape(guarded);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect(await none.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect((await scrape(guarded, `${TOKEN}x`)).status).toBe(401);
    expect((await scrape(guarded, TOKEN.slice(0, -1))).status).toBe(401);
  });

  it('should expose the process figures and every queue, as Prometheus text', async () => {
    const res = await scrape(guarded, TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).toContain('crh_worker_process_cpu_user_seconds_total');
    expect(text).toContain('crh_worker_nodejs_eventloop_lag_seconds');
    const queues: string[] = Object.values(QueueName);
    for (const q of queues) {
      expect(samples(text, 'crh_jobs_active').some((s) => s.labels.queue === q)).toBe(true);
      expect(samples(text, 'crh_outbox_published_total').some((s) => s.labels.queue === q)).toBe(
        true,
      );
    }
    expect(text).toMatch(/crh_reconciler_replayed_total\{kind="referral"\} \d+/);
  });

  it('should count a job run to completion, its duration and its outbox row', async () => {
    const completed = { queue: 'maintenance', job: 'purge-expired', outcome: 'completed' };
    const before = await exposition();
    const outboxId = await inTransaction(ds, (m) =>
      worker
        .get(OutboxWriter)
        .enqueue(txOf(m), QueueName.Maintenance, 'purge-expired', { organizationId: null }),
    );
    const after = await eventually(
      'the completed job to be counted',
      async () => {
        const job = await queue.getJob(outboxId);
        if (!job || !(await job.isCompleted())) return undefined;
        const text = await exposition();
        return figure(text, 'crh_jobs_total', completed) >
          figure(before, 'crh_jobs_total', completed)
          ? text
          : undefined;
      },
      20_000,
    );
    expect(figure(after, 'crh_outbox_published_total', { queue: 'maintenance' })).toBeGreaterThan(
      figure(before, 'crh_outbox_published_total', { queue: 'maintenance' }),
    );
    expect(
      figure(after, 'crh_job_duration_seconds_count', { queue: 'maintenance' }),
    ).toBeGreaterThan(figure(before, 'crh_job_duration_seconds_count', { queue: 'maintenance' }));
    expect(after).not.toContain(outboxId);
  });

  it('should count a failed run as retried while attempts remain, then as failed', async () => {
    const labels = (outcome: string) => ({ queue: 'maintenance', job: 'no-such-job', outcome });
    const before = await exposition();
    // A job the maintenance processor has no handler for: it throws on each of its two attempts.
    await queue.add('no-such-job', { outboxId: null, organizationId: null }, { attempts: 2 });
    const after = await eventually(
      'the failed job to be counted',
      async () => {
        const text = await exposition();
        return figure(text, 'crh_jobs_total', labels('failed')) >
          figure(before, 'crh_jobs_total', labels('failed'))
          ? text
          : undefined;
      },
      20_000,
    );
    expect(figure(after, 'crh_jobs_total', labels('retried'))).toBeGreaterThan(
      figure(before, 'crh_jobs_total', labels('retried')),
    );
    // Nothing running once the queue is idle.
    await eventually('the maintenance queue to be idle', async () =>
      figure(await exposition(), 'crh_jobs_active', { queue: 'maintenance' }) === 0
        ? true
        : undefined,
    );
  });

  it('should hold no id and no address in any label', async () => {
    const text = await exposition();
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(text).not.toContain('@');
    for (const sample of samples(text, 'crh_jobs_total')) {
      expect(Object.keys(sample.labels).sort()).toEqual(['job', 'outcome', 'queue']);
    }
  });
});
