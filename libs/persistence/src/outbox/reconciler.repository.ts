import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { andInScope } from './scope-conditions';

/** Records that owe a job while they stay in one status. */
export type OwedKind = 'referrals' | 'dispatches';

/** A record still owing its job, with the latest outbox row written for it. */
export interface OwedRow {
  id: string;
  organization_id: string;
  outbox_id: string | null;
  published: boolean | null;
}

/** Fixed identifiers per kind (never input). */
const OWED: Record<
  OwedKind,
  { owedStatus: string; organizationColumn: string; join: string; payloadKey: string }
> = {
  referrals: {
    owedStatus: 'submitted',
    organizationColumn: 'w.organization_id',
    join: '',
    payloadKey: 'referralId',
  },
  dispatches: {
    owedStatus: 'pending',
    // A dispatch is held by its receiving agency's organization.
    organizationColumn: 'a.organization_id',
    join: 'JOIN agencies a ON a.id = w.agency_id',
    payloadKey: 'dispatchId',
  },
};

/**
 * What PostgreSQL says is still owed to the queues: referrals still
 * `submitted`, dispatches still `pending`, clocks running past their deadline.
 */
@Injectable()
export class ReconcilerRepository {
  /**
   * Records of `kind` in their owed status, unchanged for `graceSeconds`, with
   * the latest outbox row of `queue` about them; least recently changed first.
   */
  owedWork(
    tx: Tx,
    scope: RecordScope,
    kind: OwedKind,
    queue: string,
    graceSeconds: number,
    take: number,
  ): Promise<OwedRow[]> {
    const work = OWED[kind];
    const params: unknown[] = [graceSeconds, take, queue, work.owedStatus];
    const param = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const inScope = andInScope(scope, { organization: work.organizationColumn }, param);
    return managerOf(tx).query(
      `SELECT w.id, ${work.organizationColumn} AS organization_id,
              o.id AS outbox_id, o.published_at IS NOT NULL AS published
         FROM ${kind} w
         ${work.join}
         LEFT JOIN LATERAL (
           SELECT id, published_at FROM outbox
            WHERE queue = $3 AND payload->>'${work.payloadKey}' = w.id::text
            ORDER BY created_at DESC LIMIT 1) o ON true
        WHERE w.status = $4 AND w.updated_at < now() - make_interval(secs => $1)${inScope}
        ORDER BY w.updated_at
        LIMIT $2`,
      params,
    );
  }

  /**
   * Lock a record of `kind` and, if it is still in its owed status, touch its
   * updated_at (so the next pass leaves it its grace). Whether it was owed.
   */
  async lockStillOwed(tx: Tx, scope: RecordScope, kind: OwedKind, id: string): Promise<boolean> {
    const work = OWED[kind];
    const m = managerOf(tx);
    const params: unknown[] = [id];
    const param = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const organization =
      kind === 'dispatches'
        ? '(SELECT a.organization_id FROM agencies a WHERE a.id = agency_id)'
        : 'organization_id';
    const inScope = andInScope(scope, { organization }, param);
    const [locked] = await m.query<{ status: string }[]>(
      `SELECT status FROM ${kind} WHERE id = $1${inScope} FOR UPDATE`,
      params,
    );
    if (locked?.status !== work.owedStatus) return false;
    await m.query(`UPDATE ${kind} SET updated_at = now() WHERE id = $1`, [id]);
    return true;
  }

  /**
   * Clocks still running `graceSeconds` past due with no unpublished or
   * recently published job, locked (skipping clocks another pass holds).
   * Clocks time a case's work, which the coalition holds: no RecordScope.
   */
  async lockOverdueClocksWithoutJob(tx: Tx, graceSeconds: number, take: number): Promise<string[]> {
    const rows: { id: string }[] = await managerOf(tx).query(
      `SELECT k.id FROM sla_clocks k
        WHERE k.status = 'running' AND k.due_at < now() - make_interval(secs => $1)
          AND NOT EXISTS (
            SELECT 1 FROM outbox o
             WHERE o.queue = 'sla' AND o.payload->>'clockId' = k.id::text
               AND (o.published_at IS NULL OR o.published_at > now() - make_interval(secs => $1)))
        ORDER BY k.due_at
        LIMIT $2
        FOR UPDATE OF k SKIP LOCKED`,
      [graceSeconds, take],
    );
    return rows.map((r) => r.id);
  }
}
