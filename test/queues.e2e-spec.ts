import { QueueName } from '@app/queues';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createWorkerApp } from '../apps/worker/src/worker-app';
import { testEnvironment } from './support/environment';
import { signedInUser } from './support/factories';
import { startTestApi, type TestApi } from './support/test-app';

/** Dead letters are visible to coordinators; platform admins can put one back in line. */
describe('Queue status and dead letters (e2e)', () => {
  const prefix = `${process.env.TEST_QUEUE_PREFIX}-queues`;
  let api: TestApi;
  let worker: INestApplicationContext;
  let intake: Queue;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: prefix });
    worker = await createWorkerApp(testEnvironment({ QUEUE_PREFIX: prefix }), {
      shutdownHooks: false,
    });
    intake = new Queue(QueueName.Intake, { connection: { host: '127.0.0.1', port: 6379 }, prefix });
  });
  afterAll(async () => {
    await intake.close();
    await worker.close();
    await api.close();
  });

  it('should show coordinators a job that failed for good, with the referral it concerned and why', async () => {
    const referralId = randomUUID();
    const jobId = randomUUID();
    // A job the intake processor cannot handle, with no retries left: a dead letter.
    await intake.add(
      'not-a-known-job',
      { outboxId: jobId, organizationId: randomUUID(), referralId },
      { jobId, attempts: 1 },
    );
    const { session } = await signedInUser(api.dataSource, api.http, 'coordinator');
    const deadline = Date.now() + 10_000;
    let failed: { id: string; referralId: string; failedReason: string; attemptsMade: number }[] =
      [];
    while (Date.now() < deadline) {
      const res = await api.http.get('/api/v1/queues').set(session.auth).expect(200);
      const queue = (
        res.body as { name: string; failed: typeof failed; counts: { failed: number } }[]
      ).find((q) => q.name === 'intake');
      failed = queue?.failed ?? [];
      if (failed.some((f) => f.id === jobId)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(failed.find((f) => f.id === jobId)).toEqual({
      id: jobId,
      name: 'not-a-known-job',
      referralId,
      failedReason: 'intake has no job named not-a-known-job',
      attemptsMade: 1,
      failedAt: expect.any(String),
    });

    const member = await signedInUser(api.dataSource, api.http, 'member_admin');
    await api.http.get('/api/v1/queues').set(member.session.auth).expect(403);
    await api.http
      .post(`/api/v1/queues/intake/failed/${jobId}/retry`)
      .set(session.auth)
      .expect(403);

    const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
    await api.http
      .post(`/api/v1/queues/intake/failed/${jobId}/retry`)
      .set(admin.session.auth)
      .expect(204);
    await api.http
      .post(`/api/v1/queues/intake/failed/${randomUUID()}/retry`)
      .set(admin.session.auth)
      .expect(404);
    await api.http
      .post(`/api/v1/queues/nope/failed/${jobId}/retry`)
      .set(admin.session.auth)
      .expect(404);
  });

  it('should answer 503 rather than hang when Redis cannot be reached', async () => {
    const offline = await startTestApi({ QUEUE_PREFIX: prefix, REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const { session } = await signedInUser(offline.dataSource, offline.http, 'coordinator');
      const started = Date.now();
      const res = await offline.http.get('/api/v1/queues').set(session.auth);
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(6000);
    } finally {
      await offline.close();
    }
  });
});
