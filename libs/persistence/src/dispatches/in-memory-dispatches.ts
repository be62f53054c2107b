import { withinScope, type DispatchStatus, type HoldStatus, type RecordScope } from '@app/domain';
import type { Held } from '../access/record-access';
import type { NewAlert } from '../alerts';
import type { AgencyEntity, DeliveryAttemptEntity, DispatchEntity, HoldEntity } from '../entities';
import type { Tx } from '../unit-of-work';
import type { DeliveriesRepository, NewDeliveryAttempt } from './deliveries.repository';
import type { DispatchListFilter, DispatchListRow } from './dispatch-list';
import type {
  DispatchesRepository,
  DispatchOutcomeReport,
  DispatchStepChanges,
  DispatchViewParts,
  DispatchWithAgency,
} from './dispatches.repository';
import type { HoldStepChanges, HoldsRepository, NewHold } from './holds.repository';

/** Microsecond UTC text, as PostgreSQL gives created_at to the list's cursor. */
const microKey = (d: Date): string => `${d.toISOString().slice(0, 23)}000Z`;

/** The rows the in-memory dispatch repositories share, as a test arranges them. */
export class InMemoryDispatchStore {
  readonly dispatches = new Map<string, DispatchEntity>();
  readonly agencies = new Map<string, AgencyEntity>();
  readonly holds = new Map<string, HoldEntity>();
  readonly attempts: DeliveryAttemptEntity[] = [];
  readonly cases = new Map<string, { reference: string; priority: string }>();
  /** Due time of a running acknowledgement clock, by dispatch id. */
  readonly acknowledgeBy = new Map<string, Date>();
  readonly alerts: NewAlert[] = [];
  /** Ids of the rows taken FOR UPDATE, in order. */
  readonly locked: string[] = [];

  reaches(
    scope: RecordScope,
    dispatch: Pick<DispatchEntity, 'agencyId' | 'namedLiaisonIds'>,
  ): boolean {
    switch (scope.reach) {
      case 'all':
        return true;
      case 'organization':
        return withinScope(scope, {
          organizationId: this.agencies.get(dispatch.agencyId)?.organizationId ?? null,
          namedRecipients: dispatch.namedLiaisonIds,
        });
      case 'owner':
      case 'none':
        return false;
    }
  }

  /** An agency whose liaisons belong to `organizationId`. */
  addAgency(id: string, organizationId: string, fields: Partial<AgencyEntity> = {}): AgencyEntity {
    const at = new Date(0);
    const agency: AgencyEntity = {
      id,
      organizationId,
      name: `Agency ${id}`,
      channels: ['portal'],
      webhookUrl: null,
      webhookSecret: null,
      contactEmail: null,
      contactPhone: null,
      isFallback: false,
      active: true,
      isDemo: false,
      createdAt: at,
      updatedAt: at,
      version: 1,
      ...fields,
    };
    this.agencies.set(id, agency);
    return agency;
  }

  /** A dispatch of case `caseId` (added with reference CASE-<id>) to `agencyId`. */
  addDispatch(id: string, agencyId: string, fields: Partial<DispatchEntity> = {}): DispatchEntity {
    const at = fields.createdAt ?? new Date(Date.UTC(2026, 0, 1) + this.dispatches.size * 1000);
    const dispatch: DispatchEntity = {
      id,
      reference: `DSP-${id}`,
      caseId: 'case-1',
      agencyId,
      routingRound: 1,
      status: 'pending',
      channels: ['portal'],
      basis: [],
      tlp: 'amber',
      namedLiaisonIds: null,
      package: {},
      packageDigest: null,
      deliveryAttempts: 0,
      lastError: null,
      deliveredAt: null,
      acknowledgedAt: null,
      acceptedAt: null,
      declinedAt: null,
      declineReason: null,
      failedAt: null,
      leCaseNumber: null,
      outcome: null,
      outcomeNote: null,
      outcomeAt: null,
      shareCaseNumberWithFilers: false,
      createdAt: at,
      updatedAt: at,
      version: 1,
      ...fields,
    };
    this.dispatches.set(id, dispatch);
    if (!this.cases.has(dispatch.caseId)) {
      this.cases.set(dispatch.caseId, { reference: `CASE-${dispatch.caseId}`, priority: 'high' });
    }
    return dispatch;
  }

  /** A hold on dispatch `dispatchId`, placed by its agency. */
  addHold(id: string, dispatchId: string, fields: Partial<HoldEntity> = {}): HoldEntity {
    const dispatch = this.dispatches.get(dispatchId);
    if (!dispatch) throw new Error(`no dispatch ${dispatchId}`);
    const at = new Date(Date.UTC(2026, 0, 2) + this.holds.size * 1000);
    const hold: HoldEntity = {
      id,
      dispatchId,
      caseId: dispatch.caseId,
      agencyId: dispatch.agencyId,
      createdBy: 'liaison-1',
      scope: 'do_not_terminate',
      reason: 'investigation',
      documentRef: 'DOC-1',
      expiresAt: new Date(Date.UTC(2026, 2, 1)),
      status: 'active',
      renewals: 0,
      releasedAt: null,
      releasedBy: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
      ...fields,
    };
    this.holds.set(id, hold);
    return hold;
  }

  touch<T extends { updatedAt: Date; version: number }>(row: T): T {
    row.updatedAt = new Date();
    row.version += 1;
    return row;
  }
}

const copy = <T extends object>(row: T): T => ({ ...row });

/** DispatchesRepository over an InMemoryDispatchStore, for unit tests. */
export class InMemoryDispatchesRepository implements Pick<
  DispatchesRepository,
  keyof DispatchesRepository
> {
  constructor(readonly store: InMemoryDispatchStore) {}

  loadForAccess(
    _tx: Tx,
    id: string,
    options: { lock: boolean },
  ): Promise<Held<DispatchWithAgency> | null> {
    const dispatch = this.store.dispatches.get(id);
    const agency = dispatch ? this.store.agencies.get(dispatch.agencyId) : undefined;
    if (!dispatch || !agency) return Promise.resolve(null);
    if (options.lock) this.store.locked.push(id);
    return Promise.resolve({
      record: { dispatch: copy(dispatch), agency: copy(agency) },
      organizationId: agency.organizationId,
      namedRecipients: dispatch.namedLiaisonIds,
    });
  }

  list(_tx: Tx, scope: RecordScope, filter: DispatchListFilter): Promise<DispatchListRow[]> {
    const rows = [...this.store.dispatches.values()]
      .filter((d) => this.store.reaches(scope, d))
      .filter((d) => !filter.status || d.status === filter.status)
      .filter((d) => !filter.caseId || d.caseId === filter.caseId)
      .map((d) => ({ d, key: microKey(d.createdAt) }))
      .filter(
        ({ d, key }) =>
          !filter.after ||
          key > filter.after.createdKey ||
          (key === filter.after.createdKey && d.id > filter.after.id),
      )
      .sort((a, b) => (a.key === b.key ? (a.d.id < b.d.id ? -1 : 1) : a.key < b.key ? -1 : 1))
      .slice(0, filter.take);
    return Promise.resolve(
      rows.map(({ d, key }) => {
        const agency = this.store.agencies.get(d.agencyId);
        const kase = this.store.cases.get(d.caseId);
        return {
          id: d.id,
          reference: d.reference,
          caseId: d.caseId,
          caseReference: kase?.reference ?? '',
          agency: { id: d.agencyId, name: agency?.name ?? '' },
          status: d.status,
          tlp: d.tlp,
          namedLiaisonIds: d.namedLiaisonIds,
          createdAt: d.createdAt,
          createdKey: key,
          deliveredAt: d.deliveredAt,
          acknowledgedAt: d.acknowledgedAt,
          acceptedAt: d.acceptedAt,
          declinedAt: d.declinedAt,
          leCaseNumber: d.leCaseNumber,
          outcome: d.outcome,
          priority: kase?.priority ?? '',
          merchantName: null,
          acknowledgeBy: this.store.acknowledgeBy.get(d.id) ?? null,
        };
      }),
    );
  }

  view(
    _tx: Tx,
    dispatch: DispatchEntity,
    options: { attempts: boolean },
  ): Promise<DispatchViewParts> {
    const kase = this.store.cases.get(dispatch.caseId);
    return Promise.resolve({
      caseReference: kase?.reference ?? null,
      casePriority: kase?.priority ?? null,
      acknowledgeBy: this.store.acknowledgeBy.get(dispatch.id) ?? null,
      holds: [...this.store.holds.values()]
        .filter((h) => h.dispatchId === dispatch.id)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .map(copy),
      attempts: options.attempts
        ? this.store.attempts.filter((a) => a.dispatchId === dispatch.id).map(copy)
        : [],
    });
  }

  saveStep(
    _tx: Tx,
    dispatch: DispatchEntity,
    to: DispatchStatus,
    changes: DispatchStepChanges,
  ): Promise<void> {
    Object.assign(dispatch, changes);
    dispatch.status = to;
    this.store.dispatches.set(dispatch.id, copy(this.store.touch(dispatch)));
    return Promise.resolve();
  }

  saveOutcome(_tx: Tx, dispatch: DispatchEntity, report: DispatchOutcomeReport): Promise<void> {
    Object.assign(dispatch, report);
    this.store.dispatches.set(dispatch.id, copy(this.store.touch(dispatch)));
    return Promise.resolve();
  }
}

/** HoldsRepository over an InMemoryDispatchStore, for unit tests. */
export class InMemoryHoldsRepository implements Pick<HoldsRepository, keyof HoldsRepository> {
  constructor(readonly store: InMemoryDispatchStore) {}

  loadForAccess(_tx: Tx, id: string, options: { lock: boolean }): Promise<Held<HoldEntity> | null> {
    const hold = this.store.holds.get(id);
    const agency = hold ? this.store.agencies.get(hold.agencyId) : undefined;
    if (!hold || !agency) return Promise.resolve(null);
    if (options.lock) this.store.locked.push(id);
    return Promise.resolve({
      record: copy(hold),
      organizationId: agency.organizationId,
      namedRecipients: this.store.dispatches.get(hold.dispatchId)?.namedLiaisonIds ?? null,
    });
  }

  forDispatch(_tx: Tx, dispatch: Pick<DispatchEntity, 'id'>): Promise<HoldEntity[]> {
    return Promise.resolve(
      [...this.store.holds.values()]
        .filter((h) => h.dispatchId === dispatch.id)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .map(copy),
    );
  }

  place(_tx: Tx, hold: NewHold): Promise<HoldEntity> {
    const now = new Date();
    const row: HoldEntity = { ...hold, createdAt: now, updatedAt: now, version: 1 };
    this.store.holds.set(row.id, row);
    return Promise.resolve(copy(row));
  }

  dispatchOf(_tx: Tx, hold: HoldEntity): Promise<DispatchEntity> {
    const dispatch = this.store.dispatches.get(hold.dispatchId);
    if (!dispatch) return Promise.reject(new Error(`no dispatch ${hold.dispatchId}`));
    return Promise.resolve(copy(dispatch));
  }

  saveStep(_tx: Tx, hold: HoldEntity, to: HoldStatus, changes: HoldStepChanges): Promise<void> {
    hold.status = to;
    Object.assign(hold, changes);
    this.store.holds.set(hold.id, copy(this.store.touch(hold)));
    return Promise.resolve();
  }
}

/** DeliveriesRepository over an InMemoryDispatchStore, for unit tests. */
export class InMemoryDeliveriesRepository implements Pick<
  DeliveriesRepository,
  keyof DeliveriesRepository
> {
  constructor(readonly store: InMemoryDispatchStore) {}

  find(_tx: Tx, scope: RecordScope, id: string): Promise<DispatchEntity | null> {
    const dispatch = this.store.dispatches.get(id);
    return Promise.resolve(dispatch && this.store.reaches(scope, dispatch) ? copy(dispatch) : null);
  }

  async lockForDelivery(tx: Tx, scope: RecordScope, id: string): Promise<DispatchEntity | null> {
    const dispatch = await this.find(tx, scope, id);
    if (dispatch) this.store.locked.push(id);
    return dispatch;
  }

  agencyOf(_tx: Tx, dispatch: Pick<DispatchEntity, 'agencyId'>): Promise<AgencyEntity> {
    const agency = this.store.agencies.get(dispatch.agencyId);
    if (!agency) return Promise.reject(new Error(`no agency ${dispatch.agencyId}`));
    return Promise.resolve(copy(agency));
  }

  caseReference(_tx: Tx, dispatch: Pick<DispatchEntity, 'caseId'>): Promise<string> {
    const kase = this.store.cases.get(dispatch.caseId);
    if (!kase) return Promise.reject(new Error(`no case ${dispatch.caseId}`));
    return Promise.resolve(kase.reference);
  }

  recordAttempt(_tx: Tx, attempt: NewDeliveryAttempt): Promise<void> {
    this.store.attempts.push({
      id: `attempt-${this.store.attempts.length + 1}`,
      ...attempt,
      outcome: attempt.error === null ? 'delivered' : 'failed',
      createdAt: new Date(),
    });
    return Promise.resolve();
  }

  markDelivered(
    _tx: Tx,
    id: string,
    change: { to: DispatchStatus; deliveredAt: Date; attempts: number },
  ): Promise<void> {
    return this.update(id, {
      status: change.to,
      deliveredAt: change.deliveredAt,
      deliveryAttempts: change.attempts,
      lastError: null,
    });
  }

  countFailedAttempt(
    _tx: Tx,
    id: string,
    change: { attempts: number; lastError: string },
  ): Promise<void> {
    return this.update(id, { deliveryAttempts: change.attempts, lastError: change.lastError });
  }

  markFailed(
    _tx: Tx,
    id: string,
    change: { to: DispatchStatus; failedAt: Date; attempts: number; lastError: string },
  ): Promise<void> {
    return this.update(id, {
      status: change.to,
      failedAt: change.failedAt,
      deliveryAttempts: change.attempts,
      lastError: change.lastError,
    });
  }

  raiseAlert(_tx: Tx, alert: NewAlert): Promise<void> {
    if (!this.store.alerts.some((a) => a.dedupeKey === alert.dedupeKey)) {
      this.store.alerts.push(alert);
    }
    return Promise.resolve();
  }

  private update(id: string, changes: Partial<DispatchEntity>): Promise<void> {
    const dispatch = this.store.dispatches.get(id);
    if (dispatch) this.store.touch(Object.assign(dispatch, changes));
    return Promise.resolve();
  }
}
