import { AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { AppConfig } from '@app/common';
import {
  SYSTEM_SCOPE,
  decideHoldTransition,
  describeSlaDuration,
  parseSlaClocks,
  type SlaDurations,
} from '@app/domain';
import {
  AlertsRepository,
  SlaClocksRepository,
  SlaSubjectsRepository,
  UnitOfWork,
  type AlertKind,
  type SlaClockEntity,
  type Tx,
} from '@app/persistence';
import { Notifier, OutboxWriter, QueueName, type JobPayload, WORKER_RECOVERY } from '@app/queues';
import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ObservedWorkerHost } from './observed-worker-host';

type ClockDuePayload = JobPayload<QueueName.Sla, 'clock-due'>;

export interface ClockResult {
  outcome: 'breached' | 'hold_expired' | 'rescheduled' | 'skipped';
}

/**
 * Breaches service-level clocks that nobody stopped in time. Whoever meets a
 * clock's condition stops it in their own transaction; this job locks the clock
 * and acts only on one still `running`, so a stop that commits first always
 * wins and a replayed job changes nothing. A job that runs early (clock skew, a
 * renewed hold) puts itself back in the outbox for the due time.
 *
 * A breach marks the case overdue (it has a `breached` clock until the work is
 * done, when the clock becomes `met_late`) and raises one alert. A hold's
 * expiry is not a breach: the hold becomes `expired` and coordinators are told.
 */
@Processor(QueueName.Sla, { concurrency: 4, ...WORKER_RECOVERY })
export class SlaProcessor extends ObservedWorkerHost {
  protected readonly logger = new Logger(SlaProcessor.name);
  private readonly durations: SlaDurations;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clocks: SlaClocksRepository,
    private readonly subjects: SlaSubjectsRepository,
    private readonly alerts: AlertsRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly notifier: Notifier,
    config: AppConfig,
  ) {
    super();
    this.durations = parseSlaClocks(config.get('SLA_CLOCKS'));
  }

  async process(job: Job<ClockDuePayload>): Promise<ClockResult> {
    if (job.name !== 'clock-due') throw new Error(`sla has no job named ${job.name}`);
    return this.clockDue(job.data.clockId);
  }

  async clockDue(clockId: string): Promise<ClockResult> {
    return this.uow.run(async (tx) => {
      const clock = await this.clocks.lock(tx, clockId);
      if (!clock || clock.status !== 'running') return { outcome: 'skipped' };
      // The database's clock, the one the outbox relay scheduled the job by.
      const now = await this.clocks.now(tx);
      if (clock.dueAt.getTime() > now.getTime()) return this.reschedule(tx, clock, clock.dueAt);
      if (clock.clock === 'hold_expiry') return this.expireHold(tx, clock, now);
      return this.breach(tx, clock, now);
    });
  }

  private async reschedule(tx: Tx, clock: SlaClockEntity, dueAt: Date): Promise<ClockResult> {
    await this.outbox.enqueue(
      tx,
      QueueName.Sla,
      'clock-due',
      { organizationId: null, clockId: clock.id },
      { availableAt: dueAt },
    );
    return { outcome: 'rescheduled' };
  }

  private async breach(tx: Tx, clock: SlaClockEntity, now: Date): Promise<ClockResult> {
    await this.clocks.markBreached(tx, clock.id, now);
    const message = await this.breachMessage(tx, clock);
    await this.raiseClockAlert(tx, 'sla_breach', clock, `sla:${clock.id}`, message);
    await this.notifier.notify(tx, 'sla.breached', clock.id, null);
    await this.audit.record(tx, {
      actor: SYSTEM_ACTOR,
      origin: null,
      action: 'sla.breach',
      outcome: 'success',
      targetType: 'case',
      targetId: clock.caseId,
      details: { clock: clock.clock, clockId: clock.id, dueAt: clock.dueAt.toISOString() },
    });
    this.logger.warn(
      { clockId: clock.id, clock: clock.clock, caseId: clock.caseId, dueAt: clock.dueAt },
      'SLA clock breached; coordinators alerted',
    );
    return { outcome: 'breached' };
  }

  private async breachMessage(tx: Tx, clock: SlaClockEntity): Promise<string> {
    const caseRef = (await this.subjects.caseReference(tx, clock.caseId)) ?? 'A case';
    const due = clock.dueAt.toISOString();
    switch (clock.clock) {
      case 'triage':
        return `${caseRef}: triage not started within ${this.within('triage')} (due ${due})`;
      case 'le_acknowledgement': {
        const dispatch = clock.dispatchId
          ? await this.subjects.dispatch(tx, SYSTEM_SCOPE, clock.dispatchId)
          : null;
        const agency = dispatch ? await this.subjects.agency(tx, dispatch.agencyId) : null;
        const what = dispatch
          ? `${dispatch.reference} not acknowledged`
          : 'dispatch not acknowledged';
        const by = agency ? ` by ${agency.name}` : '';
        return `${caseRef}: ${what}${by} within ${this.within('le_acknowledgement')} (due ${due})`;
      }
      case 'info_request': {
        const request = clock.infoRequestId
          ? await this.subjects.infoRequest(tx, SYSTEM_SCOPE, clock.infoRequestId)
          : null;
        const asked = request ? ` (asked ${request.createdAt.toISOString()})` : '';
        return `${caseRef}: information request not answered within ${this.within('info_request')}${asked}`;
      }
      case 'hold_expiry':
        return `${caseRef}: hold expiry due ${due}`;
    }
  }

  private within(clock: 'triage' | 'le_acknowledgement' | 'info_request'): string {
    return describeSlaDuration(this.durations[clock]);
  }

  private async expireHold(tx: Tx, clock: SlaClockEntity, now: Date): Promise<ClockResult> {
    const hold = clock.holdId ? await this.subjects.lockHold(tx, SYSTEM_SCOPE, clock.holdId) : null;
    if (!hold || !decideHoldTransition('expire', hold.status).allowed) {
      // Released (or gone) without the clock being stopped: nothing left to expire.
      await this.clocks.end(tx, clock.id, 'cancelled', now);
      return { outcome: 'skipped' };
    }
    if (hold.expiresAt.getTime() > now.getTime()) {
      // Renewed: the hold's own expiry decides.
      await this.clocks.moveDue(tx, clock.id, hold.expiresAt);
      return this.reschedule(tx, clock, hold.expiresAt);
    }

    await this.subjects.expireHold(tx, SYSTEM_SCOPE, hold.id);
    await this.clocks.end(tx, clock.id, 'met', now);
    const caseRef = (await this.subjects.caseReference(tx, hold.caseId)) ?? 'A case';
    const dispatch = await this.subjects.dispatch(tx, SYSTEM_SCOPE, hold.dispatchId);
    const agency = await this.subjects.agency(tx, hold.agencyId);
    await this.raiseClockAlert(
      tx,
      'hold_expired',
      clock,
      `hold_expired:${hold.id}:${clock.id}`,
      `${caseRef}: the ${hold.scope.replace(/_/g, ' ')} hold` +
        `${agency ? ` from ${agency.name}` : ''}` +
        `${dispatch ? ` (${dispatch.reference})` : ''} expired at ${hold.expiresAt.toISOString()}`,
    );
    await this.audit.record(tx, {
      actor: SYSTEM_ACTOR,
      origin: null,
      action: 'hold.expire',
      outcome: 'success',
      targetType: 'hold',
      targetId: hold.id,
      details: {
        caseId: hold.caseId,
        dispatchId: hold.dispatchId,
        clockId: clock.id,
        expiresAt: hold.expiresAt.toISOString(),
      },
    });
    this.logger.log({ holdId: hold.id, caseId: hold.caseId }, 'Hold expired; coordinators told');
    return { outcome: 'hold_expired' };
  }

  /** An alert about the clock's case (and dispatch, if any). */
  private raiseClockAlert(
    tx: Tx,
    kind: AlertKind,
    clock: SlaClockEntity,
    dedupeKey: string,
    message: string,
  ): Promise<void> {
    return this.alerts.raise(tx, {
      kind,
      caseId: clock.caseId,
      dispatchId: clock.dispatchId,
      clockId: clock.id,
      message,
      dedupeKey,
    });
  }
}
