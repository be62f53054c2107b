import type { Environment } from '@app/common';
import { parseSlaClocks, slaDeadline } from '@app/domain';
import { CaseEntity, ReferralEntity, SlaClockEntity } from '@app/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { isISO31661Alpha2 } from 'class-validator';
import Holidays from 'date-holidays';
import type { DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { signedInUser } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

const CLOCKS = 'triage=5bd';

/**
 * A country whose public holidays move a five-business-day triage deadline
 * started now (somewhere among two hundred countries, one always has a
 * holiday in the coming week), and that deadline with and without them.
 */
function countryWithAHolidayAhead(from: Date) {
  const durations = parseSlaClocks(CLOCKS);
  const weekendsOnly = slaDeadline(durations, 'triage', from);
  for (const country of Object.keys(new Holidays().getCountries()).sort()) {
    if (!isISO31661Alpha2(country)) continue;
    const withHolidays = slaDeadline(durations, 'triage', from, country);
    if (withHolidays.getTime() !== weekendsOnly.getTime()) return country;
  }
  throw new Error('no country has a public holiday on a weekday in the coming week');
}

/** The triage clock of a new case counts business days in the merchant's country. */
describe('SLA business days and public holidays (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let env: Environment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const overrides = {
      DATABASE_URL: scratch.url,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-sla-holidays`,
      SLA_CLOCKS: CLOCKS,
    };
    api = await startTestApi(overrides);
    env = testEnvironment(overrides);
    worker = await createWorkerApp(env, { shutdownHooks: false });
    ds = worker.get<DataSource>(getDataSourceToken());
  }, 60_000);
  afterAll(async () => {
    await worker.close();
    await api.close();
    await scratch.drop();
  });

  async function triageClockFor(country: string) {
    const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const draft = await api.http
      .post('/api/v1/referrals')
      .set(session.auth)
      .send(referralBody({ country }));
    expect(draft.status).toBe(201);
    await api.http.post(`/api/v1/referrals/${draft.body.id}/submit`).set(session.auth).expect(200);
    const caseId = await eventually('intake to open a case', async () => {
      const r = await ds.manager.findOneByOrFail(ReferralEntity, { id: draft.body.id });
      return r.caseId ?? undefined;
    });
    const kase = await ds.manager.findOneByOrFail(CaseEntity, { id: caseId });
    const [clock] = await ds.manager.findBy(SlaClockEntity, { caseId, clock: 'triage' });
    return { clock, openedAt: kase.createdAt };
  }

  it("should skip the merchant country's public holidays, and only them", async () => {
    const country = countryWithAHolidayAhead(new Date());
    const { clock, openedAt } = await triageClockFor(country);
    const durations = parseSlaClocks(env.SLA_CLOCKS);
    // The worker read its own clock a moment before the case row was written.
    const expected = slaDeadline(durations, 'triage', openedAt, country);
    expect(Math.abs(clock.dueAt.getTime() - expected.getTime())).toBeLessThan(5_000);
    const weekendsOnly = slaDeadline(durations, 'triage', openedAt);
    expect(Math.abs(clock.dueAt.getTime() - weekendsOnly.getTime())).toBeGreaterThan(3_600_000);
  });
});
