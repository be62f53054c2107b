import { DEFAULT_PAGE_SIZE, toPage, type Page } from '@app/common';
import {
  referralTransition,
  REFERRAL_TRANSITIONS,
  withinScope,
  type RecordScope,
  type ReferralAction,
  type ReferralStatus,
} from '@app/domain';
import type { Held } from '../access/record-access';
import type { ReferralHoldView } from '../dispatches/referral-holds.repository';
import type { ReferralEntity } from '../entities';
import { createdAtCursor } from '../keyset-page';
import type { Tx } from '../unit-of-work/tx';
import type {
  CancelledInfoRequest,
  NewReferral,
  ReferralsRepository,
} from './referrals.repository';
import type { ListedReferral, ReferralListQuery } from './referral-list.query';

/** Answer on a later tick, as a query does, so callers cannot rely on synchronous fakes. */
const settled = (): Promise<void> => Promise.resolve();

/** An information request as the fake keeps it: enough for a withdrawal to cancel. */
export interface InMemoryInfoRequest {
  id: string;
  referralId: string;
  caseId: string;
  status: 'open' | 'answered' | 'cancelled';
}

const reaches = (scope: RecordScope, r: ReferralEntity) =>
  withinScope(scope, { organizationId: r.organizationId, ownerId: r.createdBy });

/**
 * ReferralsRepository over a map, for unit tests. Records are copied in and
 * out, as rows are, so a service's change counts only once it is saved, and
 * `writes` counts the writes (a refused command should make none).
 */
export class InMemoryReferralsRepository implements Pick<
  ReferralsRepository,
  keyof ReferralsRepository
> {
  readonly rows = new Map<string, ReferralEntity>();
  readonly infoRequests: InMemoryInfoRequest[] = [];
  /** The holds members are shown, by case id, newest first (test set-up). */
  readonly holds = new Map<string, ReferralHoldView[]>();
  writes = 0;
  private counter = 0;

  /** Put a referral in the store as it stands (test set-up, not a write). */
  seed(referral: ReferralEntity): ReferralEntity {
    this.rows.set(referral.id, structuredClone(referral));
    return referral;
  }

  /** The stored row, for assertions. */
  stored(id: string): ReferralEntity | undefined {
    const row = this.rows.get(id);
    return row ? structuredClone(row) : undefined;
  }

  async loadForAccess(
    _tx: Tx,
    id: string,
    _options: { lock: boolean },
  ): Promise<Held<ReferralEntity> | null> {
    await settled();
    const row = this.rows.get(id);
    if (!row) return null;
    const record = structuredClone(row);
    return { record, organizationId: record.organizationId, ownerId: record.createdBy };
  }

  async transition(
    _tx: Tx,
    referral: ReferralEntity,
    action: ReferralAction,
    extra: Partial<Pick<ReferralEntity, 'caseId'>> = {},
  ): Promise<ReferralStatus | null> {
    await settled();
    const to = referralTransition(action, referral.status as ReferralStatus);
    if (to === null) return null;
    const row = this.rows.get(referral.id);
    if (row) Object.assign(row, { status: to, ...extra, updatedAt: new Date() });
    this.writes += 1;
    referral.status = to;
    Object.assign(referral, extra);
    return to;
  }

  async transitionCase(_tx: Tx, caseId: string, action: ReferralAction): Promise<string[]> {
    await settled();
    const rule = REFERRAL_TRANSITIONS.find((t) => t.action === action);
    if (!rule) return [];
    const moved: string[] = [];
    for (const row of this.rows.values()) {
      if (row.caseId === caseId && (rule.from as readonly string[]).includes(row.status)) {
        row.status = rule.to;
        moved.push(row.id);
      }
    }
    if (moved.length > 0) this.writes += 1;
    return moved.sort();
  }

  async insert(
    _tx: Tx,
    scope: RecordScope,
    referral: NewReferral,
    at: Date = new Date(),
  ): Promise<ReferralEntity> {
    await settled();
    this.counter += 1;
    const reference = `FCR-${at.getUTCFullYear()}-${String(this.counter).padStart(6, '0')}`;
    const row = {
      ...structuredClone(referral),
      reference,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    if (!reaches(scope, row)) throw new Error('A new referral lies outside the scope');
    this.rows.set(row.id, row);
    this.writes += 1;
    return structuredClone(row);
  }

  async find(
    _tx: Tx,
    scope: RecordScope,
    id: string,
    _options: { lock?: boolean } = {},
  ): Promise<ReferralEntity | null> {
    await settled();
    const row = this.rows.get(id);
    return row && reaches(scope, row) ? structuredClone(row) : null;
  }

  async findMany(
    _tx: Tx,
    scope: RecordScope,
    ids: readonly string[],
    _options: { lock?: boolean } = {},
  ): Promise<ReferralEntity[]> {
    await settled();
    return [...new Set(ids)]
      .sort()
      .map((id) => this.rows.get(id))
      .filter((row): row is ReferralEntity => row !== undefined && reaches(scope, row))
      .map((row) => structuredClone(row));
  }

  async save(_tx: Tx, scope: RecordScope, referral: ReferralEntity): Promise<void> {
    await settled();
    if (!reaches(scope, referral)) throw new Error('The referral lies outside the scope');
    const row = structuredClone(referral);
    row.version += 1;
    row.updatedAt = new Date();
    this.rows.set(row.id, row);
    Object.assign(referral, { version: row.version, updatedAt: row.updatedAt });
    this.writes += 1;
  }

  async saveStatus(_tx: Tx, scope: RecordScope, referral: ReferralEntity): Promise<void> {
    await settled();
    const row = this.rows.get(referral.id);
    if (!row || !reaches(scope, referral)) throw new Error('The referral lies outside the scope');
    const { status, submittedAt, withdrawnAt } = structuredClone(referral);
    Object.assign(row, { status, submittedAt, withdrawnAt, version: row.version + 1 });
    row.updatedAt = new Date();
    Object.assign(referral, { version: row.version, updatedAt: row.updatedAt });
    this.writes += 1;
  }

  async list(tx: Tx, scope: RecordScope, query: ReferralListQuery): Promise<Page<ListedReferral>> {
    await settled();
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = createdAtCursor(query.cursor);
    const key = (r: ReferralEntity) => r.createdAt.toISOString();
    const rows = [...this.rows.values()]
      .filter((r) => reaches(scope, r) && (!query.status || r.status === query.status))
      .sort((a, b) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id))
      .filter(
        (r) =>
          !after || key(r) > after.sortValue || (key(r) === after.sortValue && r.id > after.id),
      )
      .slice(0, limit + 1);
    const page = toPage(rows, limit, (r) => ({ sortValue: key(r), id: r.id }));
    const onCases = page.items.filter((r) => r.caseId !== null && r.status !== 'withdrawn');
    const counts = await this.otherOrganizationsOnCase(
      tx,
      scope,
      onCases.map((r) => r.id),
    );
    return {
      items: page.items.map((r) => ({
        referral: structuredClone(r),
        otherOrganizations: counts.get(r.id) ?? null,
        holds:
          r.caseId !== null && r.status !== 'draft'
            ? structuredClone(this.holds.get(r.caseId) ?? [])
            : [],
      })),
      nextCursor: page.nextCursor,
    };
  }

  async otherOrganizationsOnCase(
    _tx: Tx,
    scope: RecordScope,
    referralIds: readonly string[],
  ): Promise<Map<string, number>> {
    await settled();
    const counts = new Map<string, number>();
    for (const id of referralIds) {
      const r = this.rows.get(id);
      if (!r || !reaches(scope, r)) continue;
      const others = new Set(
        [...this.rows.values()]
          .filter(
            (o) =>
              r.caseId !== null &&
              o.caseId === r.caseId &&
              o.organizationId !== r.organizationId &&
              o.status !== 'draft' &&
              o.status !== 'withdrawn',
          )
          .map((o) => o.organizationId),
      );
      counts.set(id, others.size);
    }
    return counts;
  }

  async cancelOpenInfoRequests(
    _tx: Tx,
    scope: RecordScope,
    referralId: string,
  ): Promise<CancelledInfoRequest[]> {
    await settled();
    const referral = this.rows.get(referralId);
    if (!referral || !reaches(scope, referral)) return [];
    const cancelled: CancelledInfoRequest[] = [];
    for (const request of this.infoRequests) {
      if (request.referralId === referralId && request.status === 'open') {
        request.status = 'cancelled';
        cancelled.push({ id: request.id, caseId: request.caseId });
      }
    }
    return cancelled;
  }
}
