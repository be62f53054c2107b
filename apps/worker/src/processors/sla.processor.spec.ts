import type { AuditRecord, AuditWriter } from '@app/audit';
import { AppConfig, type Environment } from '@app/common';
import {
  InMemoryAlertsRepository,
  InMemorySlaClocksRepository,
  InMemorySlaSubjectsRepository,
  InMemoryUnitOfWork,
  type AgencyEntity,
  type DispatchEntity,
  type HoldEntity,
  type SlaClockKind,
  type UnitOfWork,
} from '@app/persistence';
import { Notifier, type OutboxWriter } from '@app/queues';
import { SlaProcessor } from './sla.processor';

const CASE = 'c0000000-0000-4000-8000-000000000001';
const DUE = new Date('2026-03-02T09:00:00.000Z');
const AFTER_DUE = new Date('2026-03-02T09:00:05.000Z');

function setup() {
  const clocks = new InMemorySlaClocksRepository();
  const subjects = new InMemorySlaSubjectsRepository();
  const alerts = new InMemoryAlertsRepository();
  const recorded: AuditRecord[] = [];
  const audit = {
    record: (_tx: unknown, r: AuditRecord) => {
      recorded.push(r);
      return Promise.resolve();
    },
  } as AuditWriter;
  const enqueued: { jobName: string; payload: unknown; availableAt?: Date }[] = [];
  const outbox = {
    enqueue: (
      _tx: unknown,
      _queue: string,
      jobName: string,
      payload: unknown,
      options: { availableAt?: Date } = {},
    ) => {
      enqueued.push({ jobName, payload, availableAt: options.availableAt });
      return Promise.resolve('outbox-id');
    },
  } as unknown as OutboxWriter;
  const processor = new SlaProcessor(
    new InMemoryUnitOfWork() as unknown as UnitOfWork,
    clocks,
    subjects,
    alerts,
    audit,
    outbox,
    new Notifier(outbox),
    new AppConfig({
      SLA_CLOCKS: 'triage=4h,le_acknowledgement=5d,info_request=7d',
    } as unknown as Environment),
  );
  subjects.caseReferences.set(CASE, 'CASE-2026-0001');
  let n = 0;
  const start = async (
    clock: SlaClockKind,
    extra: { dispatchId?: string; holdId?: string } = {},
  ): Promise<string> => {
    const id = `k0000000-0000-4000-8000-00000000000${++n}`;
    await clocks.add(undefined as never, {
      id,
      clock,
      caseId: CASE,
      dispatchId: extra.dispatchId ?? null,
      infoRequestId: null,
      holdId: extra.holdId ?? null,
      startedAt: new Date('2026-03-02T05:00:00.000Z'),
      dueAt: DUE,
    });
    return id;
  };
  clocks.databaseNow = AFTER_DUE;
  return { clocks, subjects, alerts, recorded, enqueued, processor, start };
}

describe('SlaProcessor.clockDue', () => {
  it('does not breach a clock that was stopped before its job ran', async () => {
    const { clocks, alerts, recorded, processor, start } = setup();
    const id = await start('triage');
    await clocks.stop(undefined as never, ['triage'], { caseId: CASE }, 'met');

    expect(await processor.clockDue(id)).toEqual({ outcome: 'skipped' });
    expect(clocks.clocks.get(id)?.status).toBe('met');
    expect(alerts.alerts).toHaveLength(0);
    expect(recorded).toHaveLength(0);
  });

  it('breaches a running clock past due with exactly one alert, however often the job runs', async () => {
    const { clocks, alerts, recorded, processor, start } = setup();
    const id = await start('triage');

    expect(await processor.clockDue(id)).toEqual({ outcome: 'breached' });
    expect(await processor.clockDue(id)).toEqual({ outcome: 'skipped' });

    expect(clocks.clocks.get(id)).toMatchObject({ status: 'breached', breachedAt: AFTER_DUE });
    expect(alerts.alerts).toEqual([
      expect.objectContaining({
        kind: 'sla_breach',
        caseId: CASE,
        clockId: id,
        dedupeKey: `sla:${id}`,
        message: `CASE-2026-0001: triage not started within 4 hours (due ${DUE.toISOString()})`,
      }),
    ]);
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'sla.breach',
        targetType: 'case',
        targetId: CASE,
        details: { clock: 'triage', clockId: id, dueAt: DUE.toISOString() },
      }),
    ]);
  });

  it('raises no second alert when the same breach is raised again', async () => {
    const { clocks, alerts, processor, start } = setup();
    const id = await start('triage');
    await processor.clockDue(id);
    // A replay that found the clock running again (restored by hand) raises nothing new.
    const clock = clocks.clocks.get(id);
    if (clock) clock.status = 'running';
    await processor.clockDue(id);
    expect(alerts.alerts).toHaveLength(1);
  });

  it('puts a job that ran early back in the outbox for the due time', async () => {
    const { clocks, alerts, enqueued, processor, start } = setup();
    const id = await start('triage');
    clocks.databaseNow = new Date(DUE.getTime() - 1000);

    expect(await processor.clockDue(id)).toEqual({ outcome: 'rescheduled' });
    expect(enqueued).toEqual([
      { jobName: 'clock-due', payload: { organizationId: null, clockId: id }, availableAt: DUE },
    ]);
    expect(clocks.clocks.get(id)?.status).toBe('running');
    expect(alerts.alerts).toHaveLength(0);
  });

  it('names the dispatch and its agency in an acknowledgement breach', async () => {
    const { subjects, alerts, processor, start } = setup();
    subjects.agencies.set('a1', {
      id: 'a1',
      name: 'Metro Police',
      organizationId: 'o1',
    } as AgencyEntity);
    subjects.dispatches.set('d1', {
      id: 'd1',
      reference: 'DSP-7',
      agencyId: 'a1',
    } as DispatchEntity);
    const id = await start('le_acknowledgement', { dispatchId: 'd1' });

    await processor.clockDue(id);
    expect(alerts.alerts[0].message).toBe(
      `CASE-2026-0001: DSP-7 not acknowledged by Metro Police within 5 days (due ${DUE.toISOString()})`,
    );
    expect(alerts.alerts[0].dispatchId).toBe('d1');
  });

  describe('hold expiry', () => {
    function withHold(status: HoldEntity['status'], expiresAt: Date) {
      const ctx = setup();
      ctx.subjects.agencies.set('a1', {
        id: 'a1',
        name: 'Metro Police',
        organizationId: 'o1',
      } as AgencyEntity);
      ctx.subjects.dispatches.set('d1', {
        id: 'd1',
        reference: 'DSP-7',
        agencyId: 'a1',
      } as DispatchEntity);
      ctx.subjects.holds.set('h1', {
        id: 'h1',
        caseId: CASE,
        dispatchId: 'd1',
        agencyId: 'a1',
        scope: 'do_not_contact',
        status,
        expiresAt,
      } as HoldEntity);
      return ctx;
    }

    it('expires an active hold past its expiry, meets the clock and tells coordinators once', async () => {
      const { clocks, subjects, alerts, recorded, processor, start } = withHold('active', DUE);
      const id = await start('hold_expiry', { holdId: 'h1', dispatchId: 'd1' });

      expect(await processor.clockDue(id)).toEqual({ outcome: 'hold_expired' });
      expect(subjects.holds.get('h1')?.status).toBe('expired');
      expect(clocks.clocks.get(id)).toMatchObject({ status: 'met', stoppedAt: AFTER_DUE });
      expect(alerts.alerts).toEqual([
        expect.objectContaining({
          kind: 'hold_expired',
          dedupeKey: `hold_expired:h1:${id}`,
          message: `CASE-2026-0001: the do not contact hold from Metro Police (DSP-7) expired at ${DUE.toISOString()}`,
        }),
      ]);
      expect(recorded.map((r) => [r.action, r.targetId])).toEqual([['hold.expire', 'h1']]);
    });

    it('cancels the clock of a hold released without stopping it, alerting nobody', async () => {
      const { clocks, alerts, recorded, processor, start } = withHold('released', DUE);
      const id = await start('hold_expiry', { holdId: 'h1' });

      expect(await processor.clockDue(id)).toEqual({ outcome: 'skipped' });
      expect(clocks.clocks.get(id)?.status).toBe('cancelled');
      expect(alerts.alerts).toHaveLength(0);
      expect(recorded).toHaveLength(0);
    });

    it('follows a renewed hold to its new expiry', async () => {
      const renewed = new Date('2026-03-09T09:00:00.000Z');
      const { clocks, subjects, enqueued, processor, start } = withHold('active', renewed);
      const id = await start('hold_expiry', { holdId: 'h1' });

      expect(await processor.clockDue(id)).toEqual({ outcome: 'rescheduled' });
      expect(clocks.clocks.get(id)).toMatchObject({ status: 'running', dueAt: renewed });
      expect(enqueued[0].availableAt).toEqual(renewed);
      expect(subjects.holds.get('h1')?.status).toBe('active');
    });
  });
});
