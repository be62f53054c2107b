import type { Environment } from '@app/common';
import { OutboxMessageEntity, RefreshTokenEntity, inTransaction } from '@app/persistence';
import { OutboxWriter, QueueName } from '@app/queues';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { createOrganization, createUser } from '../support/factories';
import { createScratchDatabase } from '../support/scratch-database';
import { TcpProxy } from '../support/tcp-proxy';
import { txOf } from '../support/tx';

/** The worker: committed outbox rows become BullMQ jobs exactly once, and processors run them. */
describe('Worker and outbox relay (e2e)', () => {
  let env: Environment;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    // A prefix of this spec's own, so its queues see only its jobs.
    env = testEnvironment({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-worker` });
    worker = await createWorkerApp(env, { shutdownHooks: false });
    ds = worker.get<DataSource>(getDataSourceToken());
    queue = new Queue(QueueName.Maintenance, {
      connection: { host: '127.0.0.1', port: 6379 },
      prefix: env.QUEUE_PREFIX,
    });
  });
  afterAll(async () => {
    await queue.close();
    await worker.close();
  });

  async function expiredToken(): Promise<string> {
    const org = await createOrganization(ds, 'member');
    const user = await createUser(ds, org, 'member_reporter');
    const id = randomUUID();
    await ds.manager.insert(RefreshTokenEntity, {
      id,
      familyId: randomUUID(),
      userId: user.id,
      tokenHash: randomUUID(),
      expiresAt: new Date(Date.now() - 3 * 24 * 3600 * 1000),
      createdIp: null,
    });
    return id;
  }

  it('should publish a committed outbox row with its id as job id and run the processor', async () => {
    const tokenId = await expiredToken();
    const outboxId = await inTransaction(ds, (m) =>
      worker
        .get(OutboxWriter)
        .enqueue(txOf(m), QueueName.Maintenance, 'purge-expired', { organizationId: null }),
    );
    const job = await eventually('the job to complete', async () => {
      // getJob is a snapshot: read it again once completed, or its return value may predate the finish.
      const j = await queue.getJob(outboxId);
      return j && (await j.isCompleted()) ? queue.getJob(outboxId) : undefined;
    });
    expect(job.id).toBe(outboxId);
    expect(job.data).toEqual({ organizationId: null, outboxId });
    expect((job.returnvalue as { refreshTokens: number }).refreshTokens).toBeGreaterThanOrEqual(1);
    expect(await ds.manager.findOneBy(RefreshTokenEntity, { id: tokenId })).toBeNull();
    const row = await ds.manager.findOneByOrFail(OutboxMessageEntity, { id: outboxId });
    expect(row.publishedAt).not.toBeNull();
  });

  it('should not publish a row whose transaction rolled back', async () => {
    let outboxId = '';
    await expect(
      inTransaction(ds, async (m) => {
        outboxId = await worker
          .get(OutboxWriter)
          .enqueue(txOf(m), QueueName.Maintenance, 'purge-expired', { organizationId: null });
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    await new Promise((r) => setTimeout(r, 500));
    expect(await ds.manager.findOneBy(OutboxMessageEntity, { id: outboxId })).toBeNull();
    expect(await queue.getJob(outboxId)).toBeUndefined();
  });

  it('should make a re-published row one job, not two (BullMQ job id = outbox id)', async () => {
    const outboxId = await inTransaction(ds, (m) =>
      worker
        .get(OutboxWriter)
        .enqueue(txOf(m), QueueName.Maintenance, 'purge-expired', { organizationId: null }),
    );
    await eventually('the first run', async () =>
      (await queue.getJob(outboxId))?.finishedOn ? true : undefined,
    );
    const firstFinished = (await queue.getJob(outboxId))!.finishedOn;
    // As if the relay died after adding the job but before marking the row.
    await ds.query(`UPDATE outbox SET published_at = NULL, claimed_until = NULL WHERE id = $1`, [
      outboxId,
    ]);
    await eventually('the row to be published again', async () => {
      const row = await ds.manager.findOneByOrFail(OutboxMessageEntity, { id: outboxId });
      return row.publishedAt ? row : undefined;
    });
    const job = await queue.getJob(outboxId);
    expect(job?.finishedOn).toBe(firstFinished);
    // Nothing else pending but the hourly housekeeping schedule.
    const pending = await queue.getJobs(['waiting', 'active', 'delayed', 'failed']);
    expect(pending.filter((j) => !String(j.id).startsWith('repeat:'))).toEqual([]);
  });

  it('should keep rows in the outbox while Redis is unreachable and drain them once it is back', async () => {
    // A worker of its own, on a scratch database, reaching Redis through a proxy the test can cut.
    const scratch = await createScratchDatabase();
    const proxy = new TcpProxy('127.0.0.1', 6379);
    await proxy.start();
    const prefix = `${process.env.TEST_QUEUE_PREFIX}-outage`;
    const outageEnv = testEnvironment({
      DATABASE_URL: scratch.url,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      QUEUE_PREFIX: prefix,
    });
    const outageWorker = await createWorkerApp(outageEnv, { shutdownHooks: false });
    const outageDs = outageWorker.get<DataSource>(getDataSourceToken());
    const outageQueue = new Queue(QueueName.Maintenance, {
      connection: { host: '127.0.0.1', port: 6379 },
      prefix,
    });
    try {
      await proxy.cut();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push(
          await inTransaction(outageDs, (m) =>
            outageWorker
              .get(OutboxWriter)
              .enqueue(txOf(m), QueueName.Maintenance, 'purge-expired', { organizationId: null }),
          ),
        );
      }
      // The relay tries, fails, and keeps the rows with the reason.
      const failed = await eventually('a failed publish attempt', async () => {
        const rows = await outageDs.manager.findBy(OutboxMessageEntity, { id: In(ids) });
        return rows.every((r) => r.lastError !== null) ? rows : undefined;
      });
      expect(failed.every((r) => r.publishedAt === null)).toBe(true);

      await proxy.restore();
      const describeState = async () => {
        const rows = await outageDs.manager.findBy(OutboxMessageEntity, { id: In(ids) });
        const jobs = await Promise.all(ids.map((id) => outageQueue.getJob(id)));
        const states = await Promise.all(
          jobs.map((j) => (j ? j.getState() : Promise.resolve(null))),
        );
        return JSON.stringify({
          rows: rows.map((r) => [r.publishedAt, r.lastError, r.attempts, r.claimedUntil]),
          states,
        });
      };
      await eventually(
        'the backlog to drain',
        async () => {
          const jobs = await Promise.all(ids.map((id) => outageQueue.getJob(id)));
          return jobs.every((j) => j?.finishedOn) ? true : undefined;
        },
        20_000,
      ).catch(async (e: Error) => {
        throw new Error(`${e.message}: ${await describeState()}`);
      });
      const rows = await outageDs.manager.findBy(OutboxMessageEntity, { id: In(ids) });
      expect(rows.every((r) => r.publishedAt !== null && r.lastError === null)).toBe(true);
    } finally {
      await outageQueue.close();
      await outageWorker.close();
      await proxy.cut();
      await scratch.drop();
    }
  }, 40_000);
});
