import { ALL_QUEUES, QueueName } from '@app/queues';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { testEnvironment } from '../support/environment';
import { signedInUser } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

/** Dead letters are visible to coordinators; platform admins can put one back in line. */
describe('Queue status and dead letters (e2e)', () => {
  const prefix = `${process.env.TEST_QUEUE_PREFIX}-queues`;
  let api: TestApi;
  let worker: INestApplicationContext;
  let intake: Queue;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: prefix, LOG_LEVEL: 'error' });
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
      // How soon it answers is measured by `npm run bench -- --only=outage`.
      const res = await offline.http.get('/api/v1/queues').set(session.auth);
      expect(res.status).toBe(503);
    } finally {
      await offline.close();
    }
  });

  describe('dashboard', () => {
    it('should refuse the dashboard without a token, with a bad one, and to every role but platform admin', async () => {
      const none = await api.http.get('/admin/queues');
      expect(none.status).toBe(401);
      expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await api.http.get('/admin/queues?token=not-a-token')).status).toBe(401);
      for (const role of ['coordinator', 'member_admin', 'lead_coordinator'] as const) {
        const { session } = await signedInUser(api.dataSource, api.http, role);
        const res = await api.http.get(`/admin/queues?token=${session.accessToken}`);
        expect([role, res.status]).toEqual([role, 403]);
      }
      // The API behind the page is gated too.
      expect((await api.http.get('/admin/queues/api/queues')).status).toBe(401);
    });

    it('should let a platform admin in through a short-lived cookie and show the queues', async () => {
      const { user, session } = await signedInUser(api.dataSource, api.http, 'platform_admin');
      const open = await api.http.get(`/admin/queues?token=${session.accessToken}`);
      expect(open.status).toBe(303);
      expect(open.headers.location).toBe('/admin/queues');
      const cookie = String(open.headers['set-cookie']);
      expect(cookie).toMatch(
        /^crh_queue_board=[^;]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
      );
      const jar = cookie.split(';')[0];
      const page = await api.http.get('/admin/queues').set('cookie', jar);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Referral Hub queues');
      const queues = await api.http.get('/admin/queues/api/queues').set('cookie', jar);
      expect(queues.status).toBe(200);
      const names = (queues.body.queues as { name: string }[]).map((q) => q.name).sort();
      expect(names).toEqual([...ALL_QUEUES].sort());
      expect(
        await api.dataSource.query(
          `SELECT count(*)::int AS n FROM audit_events WHERE actor_user_id = $1 AND action = 'queues.dashboard_open'`,
          [user.id],
        ),
      ).toEqual([{ n: 1 }]);
      // A change made through the dashboard is audited, with the queue it touched.
      const pause = await api.http.put('/admin/queues/api/queues/intake/pause').set('cookie', jar);
      expect(pause.status).toBe(200);
      expect(await intake.isPaused()).toBe(true);
      await api.http.put('/admin/queues/api/queues/intake/resume').set('cookie', jar).expect(200);
      expect(await intake.isPaused()).toBe(false);
      expect(
        await api.dataSource.query(
          `SELECT target_type, target_id, details->>'method' AS method, details->>'path' AS path
             FROM audit_events
            WHERE actor_user_id = $1 AND action = 'queues.dashboard_action' ORDER BY id`,
          [user.id],
        ),
      ).toEqual([
        {
          target_type: 'queue',
          target_id: 'intake',
          method: 'PUT',
          path: '/api/queues/intake/pause',
        },
        {
          target_type: 'queue',
          target_id: 'intake',
          method: 'PUT',
          path: '/api/queues/intake/resume',
        },
      ]);
      // Signing out ends dashboard access with the session.
      const out = await api.http.post('/api/v1/auth/logout').set(session.auth);
      expect([out.status, out.text]).toEqual([204, '']);
      expect((await api.http.get('/admin/queues/api/queues').set('cookie', jar)).status).toBe(401);
    });

    it('should show an auditor every queue read-only and refuse, audited, any change they try', async () => {
      const { user, session } = await signedInUser(api.dataSource, api.http, 'auditor');
      const open = await api.http.get(`/admin/queues?token=${session.accessToken}`);
      expect(open.status).toBe(303);
      const jar = String(open.headers['set-cookie']).split(';')[0];
      const queues = await api.http.get('/admin/queues/api/queues').set('cookie', jar);
      expect(queues.status).toBe(200);
      const listed = queues.body.queues as { name: string; readOnlyMode: boolean }[];
      expect(listed.map((q) => q.name).sort()).toEqual([...ALL_QUEUES].sort());
      expect(listed.every((q) => q.readOnlyMode)).toBe(true);

      for (const [method, path] of [
        ['put', '/admin/queues/api/queues/intake/pause'],
        ['put', '/admin/queues/api/queues/pause'],
        ['put', '/admin/queues/api/queues/intake/clean/failed'],
        ['post', '/admin/queues/api/queues/intake/add'],
      ] as const) {
        const res = await api.http[method](path).set('cookie', jar).send({});
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(await intake.isPaused()).toBe(false);
      const recorded: { action: string; outcome: string }[] = await api.dataSource.query(
        `SELECT action, outcome FROM audit_events WHERE actor_user_id = $1 ORDER BY id`,
        [user.id],
      );
      expect(recorded.filter((e) => e.action === 'access.denied')).toHaveLength(4);
      expect(recorded.some((e) => e.action === 'queues.dashboard_action')).toBe(false);
    });

    it('should refuse, audited, a platform admin who has not enrolled the second factor their role requires', async () => {
      const gated = await startTestApi({
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'error',
        MFA_REQUIRED_ROLES: 'platform_admin',
      });
      try {
        const { user, session } = await signedInUser(
          gated.dataSource,
          gated.http,
          'platform_admin',
        );
        const res = await gated.http.get(`/admin/queues?token=${session.accessToken}`);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'mfa_enrolment_required' });
        expect(res.headers['set-cookie']).toBeUndefined();
        // Nor does a cookie carrying the same token get further.
        const viaCookie = await gated.http
          .put('/admin/queues/api/queues/intake/pause')
          .set('cookie', `crh_queue_board=${session.accessToken}`);
        expect(viaCookie.status).toBe(403);
        expect(await intake.isPaused()).toBe(false);
        expect(
          await gated.dataSource.query(
            `SELECT action, outcome FROM audit_events
              WHERE actor_user_id = $1 AND action LIKE ANY (ARRAY['queues.%', 'auth.mfa%'])
              ORDER BY id`,
            [user.id],
          ),
        ).toEqual([
          { action: 'auth.mfa_enrolment_required', outcome: 'denied' },
          { action: 'auth.mfa_enrolment_required', outcome: 'denied' },
        ]);
      } finally {
        await gated.close();
      }
    });
  });
});
