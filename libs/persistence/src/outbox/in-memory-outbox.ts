import { withinScope, type RecordScope } from '@app/domain';
import type { Tx } from '../unit-of-work/tx';
import type {
  HousekeepingRepository,
  MonthPartitionedTable,
  MonthPartitionsOutcome,
} from './housekeeping.repository';
import type { ClaimedOutboxRow, NewOutboxRow, OutboxRepository } from './outbox.repository';
import type {
  GivenUpMailRow,
  OwedKind,
  OwedMailRow,
  OwedRow,
  ReconcilerRepository,
} from './reconciler.repository';

/** An outbox row in memory; times are seconds on the fake's own clock. */
export interface InMemoryOutboxRow extends NewOutboxRow {
  /** False for a row whose transaction has not committed: no reader sees it. */
  committed: boolean;
  claimedUntil: number | null;
  published: boolean;
  publishedAgoDays: number | null;
  attempts: number;
  lastError: string | null;
}

/**
 * The outbox in memory. `now` is the fake's clock (ms since epoch), set by the
 * test, so due and lease decisions never read the wall clock.
 */
export class InMemoryOutboxRepository implements Pick<OutboxRepository, keyof OutboxRepository> {
  readonly rows: InMemoryOutboxRow[] = [];
  now = 0;

  add(_tx: Tx, row: NewOutboxRow): Promise<void> {
    this.rows.push({
      ...row,
      committed: true,
      claimedUntil: null,
      published: false,
      publishedAgoDays: null,
      attempts: 0,
      lastError: null,
    });
    return Promise.resolve();
  }

  claimDue(
    _tx: Tx,
    take: number,
    leaseSeconds: number,
    horizonSeconds: number,
  ): Promise<ClaimedOutboxRow[]> {
    const due = this.rows
      .filter(
        (r) =>
          r.committed &&
          !r.published &&
          r.availableAt.getTime() <= this.now + horizonSeconds * 1000 &&
          (r.claimedUntil === null || r.claimedUntil < this.now),
      )
      .sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime())
      .slice(0, take);
    for (const r of due) {
      r.claimedUntil = this.now + leaseSeconds * 1000;
      r.attempts += 1;
    }
    return Promise.resolve(
      due.map((r) => ({
        id: r.id,
        queue: r.queue,
        job_name: r.jobName,
        payload: r.payload,
        delay_ms: Math.max(0, r.availableAt.getTime() - this.now),
      })),
    );
  }

  markPublished(_tx: Tx, ids: string[]): Promise<void> {
    for (const r of this.rows) {
      if (!ids.includes(r.id)) continue;
      r.published = true;
      r.publishedAgoDays = 0;
      r.claimedUntil = null;
      r.lastError = null;
    }
    return Promise.resolve();
  }

  release(_tx: Tx, ids: string[], error: string): Promise<void> {
    for (const r of this.rows) {
      if (!ids.includes(r.id)) continue;
      r.claimedUntil = null;
      r.lastError = error;
    }
    return Promise.resolve();
  }

  purgePublished(_tx: Tx, days: number): Promise<number> {
    const old = this.rows.filter((r) => r.published && (r.publishedAgoDays ?? 0) > days);
    for (const r of old) this.rows.splice(this.rows.indexOf(r), 1);
    return Promise.resolve(old.length);
  }
}

/** A referral or dispatch as the reconciler sees it. */
export interface InMemoryOwedRecord {
  kind: OwedKind;
  id: string;
  organizationId: string;
  status: string;
  /** Unchanged for longer than the grace the reconciler gives. */
  settled: boolean;
  /** The latest outbox row written for it, if any. */
  outbox: { id: string; published: boolean } | null;
}

/** An unsent mail delivery as the reconciler sees it. */
export interface InMemoryMailDelivery {
  id: string;
  attempts: number;
  lastError: string | null;
  givenUp: boolean;
  /** Written longer ago than the grace, within the look-back. */
  settled: boolean;
  /** The latest `send-mail` outbox row written for it, if any. */
  outbox: { id: string; published: boolean } | null;
}

/** A published notification event outbox row past the grace, within the look-back. */
export interface InMemoryNotificationEvent {
  id: string;
  published: boolean;
  processed: boolean;
}

const OWED_STATUS: Record<OwedKind, string> = { referrals: 'submitted', dispatches: 'pending' };

export class InMemoryReconcilerRepository implements Pick<
  ReconcilerRepository,
  keyof ReconcilerRepository
> {
  readonly records: InMemoryOwedRecord[] = [];
  /** Clock ids running past due with no live job. */
  overdueClocks: string[] = [];
  /** Records touched (updated_at) under the lock, in order. */
  readonly touched: string[] = [];
  /** Unsent mail deliveries. */
  readonly mails: InMemoryMailDelivery[] = [];
  /** Notification event outbox rows. */
  readonly events: InMemoryNotificationEvent[] = [];

  owedWork(
    _tx: Tx,
    scope: RecordScope,
    kind: OwedKind,
    _queue: string,
    _graceSeconds: number,
    take: number,
  ): Promise<OwedRow[]> {
    return Promise.resolve(
      this.records
        .filter(
          (r) =>
            r.kind === kind &&
            r.status === OWED_STATUS[kind] &&
            r.settled &&
            withinScope(scope, { organizationId: r.organizationId }),
        )
        .slice(0, take)
        .map((r) => ({
          id: r.id,
          organization_id: r.organizationId,
          outbox_id: r.outbox?.id ?? null,
          published: r.outbox ? r.outbox.published : null,
        })),
    );
  }

  lockStillOwed(_tx: Tx, scope: RecordScope, kind: OwedKind, id: string): Promise<boolean> {
    const record = this.records.find((r) => r.kind === kind && r.id === id);
    if (
      !record ||
      record.status !== OWED_STATUS[kind] ||
      !withinScope(scope, { organizationId: record.organizationId })
    ) {
      return Promise.resolve(false);
    }
    // Touched: the next pass gives it its grace again.
    record.settled = false;
    this.touched.push(id);
    return Promise.resolve(true);
  }

  lockOverdueClocksWithoutJob(_tx: Tx, _graceSeconds: number, take: number): Promise<string[]> {
    return Promise.resolve(this.overdueClocks.slice(0, take));
  }

  owedMail(
    _tx: Tx,
    _graceSeconds: number,
    _lookbackDays: number,
    maxAttempts: number,
    take: number,
  ): Promise<OwedMailRow[]> {
    return Promise.resolve(
      this.mails
        .filter((m) => m.settled && !m.givenUp && m.attempts < maxAttempts)
        .slice(0, take)
        .map((m) => ({
          id: m.id,
          outbox_id: m.outbox?.id ?? null,
          published: m.outbox ? m.outbox.published : null,
        })),
    );
  }

  lockMailStillOwed(
    _tx: Tx,
    id: string,
    outboxId: string | null,
    maxAttempts: number,
  ): Promise<boolean> {
    const m = this.mails.find((x) => x.id === id);
    return Promise.resolve(
      !!m && !m.givenUp && m.attempts < maxAttempts && (m.outbox?.id ?? null) === outboxId,
    );
  }

  giveUpMail(_tx: Tx, maxAttempts: number, take: number): Promise<GivenUpMailRow[]> {
    const spent = this.mails.filter((m) => !m.givenUp && m.attempts >= maxAttempts).slice(0, take);
    for (const m of spent) m.givenUp = true;
    return Promise.resolve(
      spent.map((m) => ({ id: m.id, attempts: m.attempts, last_error: m.lastError })),
    );
  }

  unprocessedEvents(
    _tx: Tx,
    _graceSeconds: number,
    _lookbackDays: number,
    take: number,
  ): Promise<string[]> {
    return Promise.resolve(
      this.events
        .filter((e) => e.published && !e.processed)
        .slice(0, take)
        .map((e) => e.id),
    );
  }

  republishEvent(_tx: Tx, outboxId: string): Promise<boolean> {
    const e = this.events.find((x) => x.id === outboxId);
    if (!e || !e.published || e.processed) return Promise.resolve(false);
    e.published = false;
    return Promise.resolve(true);
  }
}

export class InMemoryHousekeepingRepository implements Pick<
  HousekeepingRepository,
  keyof HousekeepingRepository
> {
  expiredRefreshTokens = 0;
  staleLoginThrottles = 0;
  expiredSsoSignIns = 0;

  purgeExpiredRefreshTokens(_tx: Tx): Promise<number> {
    const n = this.expiredRefreshTokens;
    this.expiredRefreshTokens = 0;
    return Promise.resolve(n);
  }

  purgeStaleLoginThrottles(_tx: Tx): Promise<number> {
    const n = this.staleLoginThrottles;
    this.staleLoginThrottles = 0;
    return Promise.resolve(n);
  }

  /** What the next upkeep pass answers per table (nothing to do unless set). */
  readonly partitionOutcomes = new Map<MonthPartitionedTable, MonthPartitionsOutcome>();

  createMonthPartitions(_tx: Tx, table: MonthPartitionedTable): Promise<MonthPartitionsOutcome> {
    const outcome = this.partitionOutcomes.get(table) ?? { created: [], blocked: [] };
    this.partitionOutcomes.delete(table);
    return Promise.resolve(outcome);
  }

  purgeExpiredSsoSignIns(_tx: Tx): Promise<number> {
    const n = this.expiredSsoSignIns;
    this.expiredSsoSignIns = 0;
    return Promise.resolve(n);
  }
}
