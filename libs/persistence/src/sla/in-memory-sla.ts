import { withinScope, type RecordScope } from '@app/domain';
import type { NewAlert } from '../alerts';
import type {
  AgencyEntity,
  DispatchEntity,
  HoldEntity,
  InfoRequestEntity,
  SlaClockEntity,
  SlaClockKind,
} from '../entities';
import type { Tx } from '../unit-of-work/tx';
import type { AlertFilter, AlertRow, AlertsRepository } from './alerts.repository';
import type { ClockSubjectIds, SlaClocksRepository } from './sla-clocks.repository';
import type { SlaSubjectsRepository } from './sla-subjects.repository';

/** Clocks in memory; `databaseNow` is the database clock the fake answers. */
export class InMemorySlaClocksRepository implements Pick<
  SlaClocksRepository,
  keyof SlaClocksRepository
> {
  readonly clocks = new Map<string, SlaClockEntity>();
  databaseNow = new Date(0);

  add(
    _tx: Tx,
    clock: Pick<
      SlaClockEntity,
      'id' | 'clock' | 'caseId' | 'dispatchId' | 'infoRequestId' | 'holdId' | 'startedAt' | 'dueAt'
    >,
  ): Promise<void> {
    this.clocks.set(clock.id, { ...clock, status: 'running', breachedAt: null, stoppedAt: null });
    return Promise.resolve();
  }

  stop(
    _tx: Tx,
    kinds: SlaClockKind[],
    subject: ClockSubjectIds,
    how: 'met' | 'cancelled',
  ): Promise<string[]> {
    const changed: string[] = [];
    for (const c of this.clocks.values()) {
      if (
        !kinds.includes(c.clock) ||
        c.caseId !== subject.caseId ||
        (subject.dispatchId !== undefined && c.dispatchId !== subject.dispatchId) ||
        (subject.infoRequestId !== undefined && c.infoRequestId !== subject.infoRequestId) ||
        (subject.holdId !== undefined && c.holdId !== subject.holdId) ||
        (c.status !== 'running' && c.status !== 'breached')
      ) {
        continue;
      }
      c.status = c.status === 'breached' && how === 'met' ? 'met_late' : how;
      c.stoppedAt = this.databaseNow;
      changed.push(c.id);
    }
    return Promise.resolve(changed);
  }

  lock(_tx: Tx, id: string): Promise<SlaClockEntity | null> {
    const clock = this.clocks.get(id);
    return Promise.resolve(clock ? { ...clock } : null);
  }

  now(_tx: Tx): Promise<Date> {
    return Promise.resolve(this.databaseNow);
  }

  markBreached(_tx: Tx, id: string, at: Date): Promise<void> {
    this.patch(id, { status: 'breached', breachedAt: at });
    return Promise.resolve();
  }

  end(_tx: Tx, id: string, status: 'met' | 'cancelled', at: Date): Promise<void> {
    this.patch(id, { status, stoppedAt: at });
    return Promise.resolve();
  }

  moveDue(_tx: Tx, id: string, dueAt: Date): Promise<void> {
    this.patch(id, { dueAt });
    return Promise.resolve();
  }

  private patch(id: string, change: Partial<SlaClockEntity>): void {
    const clock = this.clocks.get(id);
    if (clock) Object.assign(clock, change);
  }
}

/** Alerts in memory, one per dedupe key as in the database. */
export class InMemoryAlertsRepository implements Pick<AlertsRepository, keyof AlertsRepository> {
  readonly alerts: (NewAlert & {
    id: string;
    caseReference: string;
    createdAt: Date;
    acknowledgedAt: Date | null;
    acknowledgedBy: string | null;
  })[] = [];
  private nextId = 1;

  raise(_tx: Tx, alert: NewAlert): Promise<void> {
    if (!this.alerts.some((a) => a.dedupeKey === alert.dedupeKey)) {
      const n = this.nextId++;
      this.alerts.push({
        ...alert,
        id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        caseReference: 'CASE-TEST',
        createdAt: new Date(n * 1000),
        acknowledgedAt: null,
        acknowledgedBy: null,
      });
    }
    return Promise.resolve();
  }

  list(_tx: Tx, filter: AlertFilter, take: number): Promise<AlertRow[]> {
    return Promise.resolve(
      [...this.alerts]
        .reverse()
        .filter(
          (a) =>
            (!filter.openOnly || a.acknowledgedAt === null) &&
            (!filter.caseId || a.caseId === filter.caseId) &&
            (!filter.before || a.createdAt.getTime() < Date.parse(filter.before.createdKey)),
        )
        .slice(0, take)
        .map((a) => this.row(a)),
    );
  }

  acknowledge(_tx: Tx, id: string, userId: string): Promise<boolean> {
    const alert = this.alerts.find((a) => a.id === id);
    if (!alert || alert.acknowledgedAt !== null) return Promise.resolve(false);
    alert.acknowledgedAt = new Date(0);
    alert.acknowledgedBy = userId;
    return Promise.resolve(true);
  }

  one(_tx: Tx, id: string): Promise<AlertRow | null> {
    const alert = this.alerts.find((a) => a.id === id);
    return Promise.resolve(alert ? this.row(alert) : null);
  }

  private row(a: InMemoryAlertsRepository['alerts'][number]): AlertRow {
    return {
      id: a.id,
      kind: a.kind,
      message: a.message,
      case_id: a.caseId,
      case_reference: a.caseReference,
      dispatch_id: a.dispatchId,
      created_at: a.createdAt,
      created_key: a.createdAt.toISOString(),
      acknowledged_at: a.acknowledgedAt,
      acknowledged_by: a.acknowledgedBy,
      acknowledger: a.acknowledgedBy ? 'Acknowledger' : null,
    };
  }
}

/** The subjects of clocks in memory; agencies say which organization holds a dispatch or hold. */
export class InMemorySlaSubjectsRepository implements Pick<
  SlaSubjectsRepository,
  keyof SlaSubjectsRepository
> {
  readonly caseReferences = new Map<string, string>();
  readonly dispatches = new Map<string, DispatchEntity>();
  readonly agencies = new Map<string, AgencyEntity>();
  readonly infoRequests = new Map<string, InfoRequestEntity>();
  readonly holds = new Map<string, HoldEntity>();

  caseReference(_tx: Tx, caseId: string): Promise<string | null> {
    return Promise.resolve(this.caseReferences.get(caseId) ?? null);
  }

  dispatch(_tx: Tx, scope: RecordScope, id: string): Promise<DispatchEntity | null> {
    const d = this.dispatches.get(id);
    return Promise.resolve(d && this.agencyReached(scope, d.agencyId) ? d : null);
  }

  agency(_tx: Tx, id: string): Promise<AgencyEntity | null> {
    return Promise.resolve(this.agencies.get(id) ?? null);
  }

  infoRequest(_tx: Tx, scope: RecordScope, id: string): Promise<InfoRequestEntity | null> {
    const r = this.infoRequests.get(id);
    return Promise.resolve(
      r && withinScope(scope, { organizationId: r.organizationId }) ? r : null,
    );
  }

  lockHold(_tx: Tx, scope: RecordScope, id: string): Promise<HoldEntity | null> {
    const h = this.holds.get(id);
    return Promise.resolve(h && this.agencyReached(scope, h.agencyId) ? { ...h } : null);
  }

  expireHold(_tx: Tx, scope: RecordScope, id: string): Promise<void> {
    const h = this.holds.get(id);
    if (h && this.agencyReached(scope, h.agencyId)) h.status = 'expired';
    return Promise.resolve();
  }

  private agencyReached(scope: RecordScope, agencyId: string): boolean {
    const organizationId = this.agencies.get(agencyId)?.organizationId ?? null;
    return withinScope(scope, { organizationId });
  }
}
