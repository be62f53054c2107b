import type { INestApplicationContext } from '@nestjs/common';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { signedInUser, type Session } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * The outbox relay is woken by PostgreSQL's notification of a committed outbox
 * insert, and polls only as a fallback. Its poll is set to a minute here, far
 * beyond the wait for in_review, so a referral gets there only by a wake-up.
 * A database of its own: no other spec's relay takes its rows.
 */
describe('Outbox relay woken by notifications (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  let session: Session;
  const prefix = `${process.env.TEST_QUEUE_PREFIX}-notify`;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    api = await startTestApi({ DATABASE_URL: scratch.url, QUEUE_PREFIX: prefix });
    ({ session } = await signedInUser(api.dataSource, api.http, 'member_reporter'));
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await scratch?.drop();
  });

  const startWorker = (overrides: Record<string, string>) =>
    createWorkerApp(
      testEnvironment({ DATABASE_URL: scratch.url, QUEUE_PREFIX: prefix, ...overrides }),
      { shutdownHooks: false },
    );

  /** The backend pids of this database's outbox listeners that have run LISTEN. */
  const listeners = async (): Promise<number[]> => {
    const rows: { pid: number }[] = await api.dataSource.query(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'crh-outbox-listener'
          AND query ILIKE 'LISTEN%'`,
    );
    return rows.map((r) => r.pid);
  };

  const fileReferral = async (): Promise<string> => {
    const draft = await api.http.post('/api/v1/referrals').set(session.auth).send(referralBody());
    expect(draft.status).toBe(201);
    await api.http.post(`/api/v1/referrals/${draft.body.id}/submit`).set(session.auth).expect(200);
    return draft.body.id as string;
  };

  const inReview = (id: string) =>
    eventually(`referral ${id} to reach in_review`, async () => {
      const rows: { status: string }[] = await api.dataSource.query(
        `SELECT status FROM referrals WHERE id = $1`,
        [id],
      );
      return rows[0]?.status === 'in_review' ? true : undefined;
    });

  describe('with a one-minute poll', () => {
    let worker: INestApplicationContext;
    beforeAll(async () => {
      worker = await startWorker({ OUTBOX_POLL_MS: '60000' });
    });
    afterAll(async () => {
      await worker?.close();
    });

    it('should take a submitted referral in at once, woken by the notification', async () => {
      await eventually('the relay to listen', async () =>
        (await listeners()).length === 1 ? true : undefined,
      );
      await inReview(await fileReferral());
    });

    it('should listen again after its connection is dropped, and be woken again', async () => {
      const [before] = await eventually('the relay to listen', async () => {
        const pids = await listeners();
        return pids.length === 1 ? pids : undefined;
      });
      await api.dataSource.query(`SELECT pg_terminate_backend($1)`, [before]);
      await eventually('the relay to listen on a new connection', async () => {
        const pids = await listeners();
        return pids.length === 1 && pids[0] !== before ? true : undefined;
      });
      await inReview(await fileReferral());
    });
  });

  it('should still publish by polling when it does not listen (OUTBOX_LISTEN=false)', async () => {
    const worker = await startWorker({ OUTBOX_LISTEN: 'false' });
    try {
      expect(await listeners()).toEqual([]);
      await inReview(await fileReferral());
      expect(await listeners()).toEqual([]);
    } finally {
      await worker.close();
    }
  });
});
