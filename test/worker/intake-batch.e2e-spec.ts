import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { signedInUser } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Intake takes referrals in by batches under load, and two workers run
 * batches side by side: referrals about one merchant still end in one case,
 * those about others in cases of their own. A database of its own, so only
 * these two workers take its jobs.
 */
describe('Intake batches (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  const workers: INestApplicationContext[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const prefix = `${process.env.TEST_QUEUE_PREFIX}-intake-batch`;
    api = await startTestApi({ DATABASE_URL: scratch.url, QUEUE_PREFIX: prefix });
    for (let i = 0; i < 2; i++) {
      workers.push(
        await createWorkerApp(
          testEnvironment({ DATABASE_URL: scratch.url, QUEUE_PREFIX: prefix }),
          {
            shutdownHooks: false,
          },
        ),
      );
    }
  }, 60_000);
  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await api?.close();
    await scratch?.drop();
  });

  it('should put every referral about one merchant, submitted at once, into one case across two workers', async () => {
    const reporters = await Promise.all(
      [0, 1, 2].map(() => signedInUser(api.dataSource, api.http, 'member_reporter')),
    );
    const site = `shop-${randomUUID().slice(0, 8)}.example`;
    const drafts: { id: string; same: boolean; session: (typeof reporters)[number]['session'] }[] =
      [];
    for (let i = 0; i < 12; i++) {
      const { session } = reporters[i % reporters.length];
      const same = i % 3 !== 2;
      const body = same
        ? referralBody({ domain: site, legalName: 'Shop Example Ltd' })
        : referralBody();
      const res = await api.http.post('/api/v1/referrals').set(session.auth).send(body);
      expect(res.status).toBe(201);
      drafts.push({ id: res.body.id as string, same, session });
    }
    await Promise.all(
      drafts.map((d) =>
        api.http.post(`/api/v1/referrals/${d.id}/submit`).set(d.session.auth).expect(200),
      ),
    );

    const rows = await eventually(
      'every referral to reach in_review',
      async () => {
        const found: { id: string; status: string; case_id: string | null }[] =
          await api.dataSource.query(
            `SELECT id, status, case_id FROM referrals WHERE id = ANY($1::uuid[])`,
            [drafts.map((d) => d.id)],
          );
        return found.every((r) => r.status === 'in_review') ? found : undefined;
      },
      20_000,
    );
    const caseOf = new Map(rows.map((r) => [r.id, r.case_id]));
    const sameCases = new Set(drafts.filter((d) => d.same).map((d) => caseOf.get(d.id)));
    const otherCases = drafts.filter((d) => !d.same).map((d) => caseOf.get(d.id));
    expect(sameCases.size).toBe(1);
    expect(new Set([...sameCases, ...otherCases]).size).toBe(1 + otherCases.length);
    const opened: { n: string }[] = await api.dataSource.query(
      `SELECT count(*) AS n FROM audit_events WHERE action = 'case.open'
         AND details->>'fromReferral' = ANY($1::text[])`,
      [drafts.map((d) => d.id)],
    );
    expect(Number(opened[0].n)).toBe(1 + otherCases.length);
  });
});
