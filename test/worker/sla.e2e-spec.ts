import { redisTargetOf, type Environment } from '@app/common';
import { parseSlaClocks, slaDeadline } from '@app/domain';
import {
  AgencyEntity,
  AlertEntity,
  AuditEventEntity,
  CaseEntity,
  DispatchEntity,
  HoldEntity,
  ReferralEntity,
  SlaClockEntity,
  inTransaction,
  nextReference,
} from '@app/persistence';
import { OutboxWriter, QueueName, SlaClocks, redisOptions } from '@app/queues';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { createOrganization, createUser, signedInUser, uniqueSuffix } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';
import { txOf } from '../support/tx';

/** Service-level clocks: breaches, stops in time, hold expiry, and the triage clock of intake. */
describe('SLA clocks (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let env: Environment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    // A database of this spec's own: its one-second clocks are breached by this
    // worker only, under this configuration.
    scratch = await createScratchDatabase();
    const overrides = {
      DATABASE_URL: scratch.url,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-sla`,
      SLA_CLOCKS: 'triage=1s,le_acknowledgement=1s,info_request=1s',
    };
    api = await startTestApi(overrides);
    env = testEnvironment(overrides);
    worker = await createWorkerApp(env, { shutdownHooks: false });
    ds = worker.get<DataSource>(getDataSourceToken());
    queue = new Queue(QueueName.Sla, {
      connection: redisOptions(redisTargetOf(env), 'worker'),
      prefix: env.QUEUE_PREFIX,
    });
  }, 60_000);
  afterAll(async () => {
    await queue.close();
    await worker.close();
    await api.close();
    await scratch.drop();
  });

  async function openCase(): Promise<CaseEntity> {
    return inTransaction(ds, async (m) => {
      const row = m.create(CaseEntity, {
        id: randomUUID(),
        reference: await nextReference(m, 'CASE'),
        status: 'triage',
        priority: 'P2',
        assigneeId: null,
        mergedIntoId: null,
      });
      await m.insert(CaseEntity, row);
      return row;
    });
  }

  const startClock = (caseId: string, dueAt: Date) =>
    inTransaction(ds, (m) => worker.get(SlaClocks).start(txOf(m), 'triage', { caseId }, dueAt));

  const clockStatus = (id: string, status: string) =>
    eventually(`clock ${id} to be ${status}`, async () => {
      const clock = await ds.manager.findOneByOrFail(SlaClockEntity, { id });
      return clock.status === status ? clock : undefined;
    });

  /** The BullMQ jobs of a clock, finished, in the order their outbox rows were written. */
  async function finishedJobsOf(clockId: string, count: number) {
    return eventually(`${count} finished job(s) of clock ${clockId}`, async () => {
      const rows: { id: string }[] = await ds.query(
        `SELECT id FROM outbox WHERE queue = 'sla' AND payload->>'clockId' = $1 ORDER BY created_at`,
        [clockId],
      );
      if (rows.length < count) return undefined;
      const jobs = await Promise.all(rows.map((r) => queue.getJob(r.id)));
      return jobs.every((j) => j?.finishedOn) ? jobs.map((j) => j!) : undefined;
    });
  }

  const durations = () => parseSlaClocks(env.SLA_CLOCKS);

  it('should breach a clock nobody stopped: clock breached, one alert, one audit event', async () => {
    const kase = await openCase();
    const dueAt = slaDeadline(durations(), 'triage', new Date());
    const clockId = await startClock(kase.id, dueAt);

    const breached = await clockStatus(clockId, 'breached');
    expect(breached.breachedAt!.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    const alerts = await ds.manager.findBy(AlertEntity, { clockId });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'sla_breach',
      caseId: kase.id,
      dedupeKey: `sla:${clockId}`,
      acknowledgedAt: null,
    });
    expect(alerts[0].message).toMatch(
      new RegExp(`^${kase.reference}: triage not started within 1 second`),
    );
    const audits = await ds.manager.findBy(AuditEventEntity, {
      action: 'sla.breach',
      targetId: kase.id,
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ targetType: 'case', outcome: 'success', actorUserId: null });
    expect(audits[0].details).toEqual({
      clock: 'triage',
      clockId,
      dueAt: dueAt.toISOString(),
    });

    // A replayed job finds the clock breached already and raises nothing new.
    await inTransaction(ds, (m) =>
      worker
        .get(OutboxWriter)
        .enqueue(txOf(m), QueueName.Sla, 'clock-due', { organizationId: null, clockId }),
    );
    const jobs = await finishedJobsOf(clockId, 2);
    expect(jobs[1].returnvalue).toEqual({ outcome: 'skipped' });
    expect(await ds.manager.countBy(AlertEntity, { clockId })).toBe(1);
    expect(
      await ds.manager.countBy(AuditEventEntity, { action: 'sla.breach', targetId: kase.id }),
    ).toBe(1);

    // The case is overdue until the work is done; then the clock is met late.
    await inTransaction(ds, (m) =>
      worker.get(SlaClocks).stop(txOf(m), 'triage', { caseId: kase.id }, 'met'),
    );
    expect((await ds.manager.findOneByOrFail(SlaClockEntity, { id: clockId })).status).toBe(
      'met_late',
    );
  });

  it('should never breach a clock stopped before it was due', async () => {
    const kase = await openCase();
    const clockId = await startClock(kase.id, slaDeadline(durations(), 'triage', new Date()));
    const stopped = await inTransaction(ds, (m) =>
      worker.get(SlaClocks).stop(txOf(m), 'triage', { caseId: kase.id }, 'met'),
    );
    expect(stopped).toBe(1);

    const [job] = await finishedJobsOf(clockId, 1);
    expect(job.returnvalue).toEqual({ outcome: 'skipped' });
    const clock = await ds.manager.findOneByOrFail(SlaClockEntity, { id: clockId });
    expect(clock).toMatchObject({ status: 'met', breachedAt: null });
    expect(await ds.manager.countBy(AlertEntity, { caseId: kase.id })).toBe(0);
    expect(
      await ds.manager.countBy(AuditEventEntity, { action: 'sla.breach', targetId: kase.id }),
    ).toBe(0);
  });

  it('should put back a job that runs before the clock is due, and breach it on time', async () => {
    const kase = await openCase();
    const dueAt = new Date(Date.now() + 2000);
    const clockId = await startClock(kase.id, dueAt);
    // A copy of the job that runs at once, as after clock skew or a manual replay.
    await inTransaction(ds, (m) =>
      worker
        .get(OutboxWriter)
        .enqueue(txOf(m), QueueName.Sla, 'clock-due', { organizationId: null, clockId }),
    );
    const rows: { available_at: Date }[] = await eventually('the job to be put back', async () => {
      const found: { available_at: Date }[] = await ds.query(
        `SELECT available_at FROM outbox WHERE payload->>'clockId' = $1 ORDER BY created_at`,
        [clockId],
      );
      return found.length === 3 ? found : undefined;
    });
    expect(rows[2].available_at.getTime()).toBe(dueAt.getTime());
    expect((await ds.manager.findOneByOrFail(SlaClockEntity, { id: clockId })).status).toBe(
      'running',
    );

    const breached = await clockStatus(clockId, 'breached');
    expect(breached.breachedAt!.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    expect(await ds.manager.countBy(AlertEntity, { clockId })).toBe(1);
  });

  describe('hold expiry', () => {
    /** An active hold of an accepted dispatch, expiring at `expiresAt`, with its clock. */
    async function activeHold(expiresAt: Date) {
      const kase = await openCase();
      const org = await createOrganization(ds, 'law_enforcement');
      const liaison = await createUser(ds, org, 'le_liaison');
      const agency = ds.manager.create(AgencyEntity, {
        id: randomUUID(),
        organizationId: org.id,
        name: `Test agency ${uniqueSuffix()}`,
        channels: ['portal'],
        webhookUrl: null,
        webhookSecret: null,
        isFallback: false,
        active: true,
        isDemo: false,
      });
      await ds.manager.insert(AgencyEntity, agency);
      return inTransaction(ds, async (m) => {
        const dispatchId = randomUUID();
        await m.insert(DispatchEntity, {
          id: dispatchId,
          reference: await nextReference(m, 'DSP'),
          caseId: kase.id,
          agencyId: agency.id,
          routingRound: 1,
          status: 'accepted',
          channels: ['portal'],
          basis: [],
          tlp: 'AMBER',
          package: { schema: 'crh.case-package/v1' },
          deliveryAttempts: 1,
        });
        const holdId = randomUUID();
        await m.insert(HoldEntity, {
          id: holdId,
          dispatchId,
          caseId: kase.id,
          agencyId: agency.id,
          createdBy: liaison.id,
          scope: 'do_not_terminate',
          reason: 'Account under observation',
          documentRef: 'REF-2026-77',
          expiresAt,
          status: 'active',
          renewals: 0,
        });
        const clockId = await worker
          .get(SlaClocks)
          .start(txOf(m), 'hold_expiry', { caseId: kase.id, dispatchId, holdId }, expiresAt);
        return { kase, agency, dispatchId, holdId, clockId };
      });
    }

    it('should expire the hold when it falls due, tell coordinators, and not make the case overdue', async () => {
      const expiresAt = new Date(Date.now() + 1000);
      const h = await activeHold(expiresAt);

      const clock = await clockStatus(h.clockId, 'met');
      expect(clock.breachedAt).toBeNull();
      const hold = await ds.manager.findOneByOrFail(HoldEntity, { id: h.holdId });
      expect(hold.status).toBe('expired');
      const alerts = await ds.manager.findBy(AlertEntity, { caseId: h.kase.id });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        kind: 'hold_expired',
        dispatchId: h.dispatchId,
        clockId: h.clockId,
        dedupeKey: `hold_expired:${h.holdId}:${h.clockId}`,
      });
      expect(alerts[0].message).toContain(h.kase.reference);
      expect(alerts[0].message).toContain(h.agency.name);
      const audits = await ds.manager.findBy(AuditEventEntity, {
        action: 'hold.expire',
        targetId: h.holdId,
      });
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ targetType: 'hold', actorUserId: null });
      expect(
        await ds.manager.countBy(SlaClockEntity, { caseId: h.kase.id, status: 'breached' }),
      ).toBe(0);
    });

    it('should wait for a renewed hold’s new expiry', async () => {
      const h = await activeHold(new Date(Date.now() + 500));
      const renewedTo = new Date(Date.now() + 2500);
      await ds.manager.update(HoldEntity, { id: h.holdId }, { expiresAt: renewedTo, renewals: 1 });

      const moved = await eventually('the clock to follow the renewal', async () => {
        const c = await ds.manager.findOneByOrFail(SlaClockEntity, { id: h.clockId });
        return c.dueAt.getTime() === renewedTo.getTime() ? c : undefined;
      });
      expect(moved.status).toBe('running');
      expect((await ds.manager.findOneByOrFail(HoldEntity, { id: h.holdId })).status).toBe(
        'active',
      );
      await clockStatus(h.clockId, 'met');
      const hold = await ds.manager.findOneByOrFail(HoldEntity, { id: h.holdId });
      expect(hold.status).toBe('expired');
      expect(Date.now()).toBeGreaterThanOrEqual(renewedTo.getTime());
    });

    it('should leave a released hold alone', async () => {
      const h = await activeHold(new Date(Date.now() + 800));
      await ds.manager.update(HoldEntity, { id: h.holdId }, { status: 'released' });
      await clockStatus(h.clockId, 'cancelled');
      expect((await ds.manager.findOneByOrFail(HoldEntity, { id: h.holdId })).status).toBe(
        'released',
      );
      expect(await ds.manager.countBy(AlertEntity, { caseId: h.kase.id })).toBe(0);
    });
  });

  it('should start a triage clock when intake opens a case for a submitted referral', async () => {
    const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const draft = await api.http.post('/api/v1/referrals').set(session.auth).send(referralBody());
    expect(draft.status).toBe(201);
    await api.http.post(`/api/v1/referrals/${draft.body.id}/submit`).set(session.auth).expect(200);

    const caseId = await eventually('intake to open a case', async () => {
      const r = await ds.manager.findOneByOrFail(ReferralEntity, { id: draft.body.id });
      return r.caseId ?? undefined;
    });
    const kase = await ds.manager.findOneByOrFail(CaseEntity, { id: caseId });
    const clocks = await ds.manager.findBy(SlaClockEntity, { caseId, clock: 'triage' });
    expect(clocks).toHaveLength(1);
    const offset = clocks[0].dueAt.getTime() - kase.createdAt.getTime();
    expect(offset).toBeGreaterThanOrEqual(900);
    expect(offset).toBeLessThan(3000);
    // With a one-second triage clock and nobody claiming the case, it becomes overdue.
    await clockStatus(clocks[0].id, 'breached');
    const alert = await ds.manager.findOneByOrFail(AlertEntity, { clockId: clocks[0].id });
    expect(alert.message).toContain(kase.reference);
  });
});
