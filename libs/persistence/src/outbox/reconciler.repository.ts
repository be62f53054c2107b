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

/** An unsent mail delivery, with the latest `send-mail` outbox row written for it. */
export interface OwedMailRow {
  id: string;
  outbox_id: string | null;
  published: boolean | null;
}

/** A delivery that used all its attempts unsent, marked given up. */
export interface GivenUpMailRow {
  id: string;
  attempts: number;
  last_error: string | null;
}

/** The latest `send-mail` outbox row of delivery `d` (its `columns`). */
const latestSendMail = (columns: string): string =>
  `SELECT ${columns} FROM outbox
    WHERE queue = 'notifications' AND job_name = 'send-mail'
      AND payload->>'deliveryId' = d.id::text
    ORDER BY created_at DESC LIMIT 1`;

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
  /**
   * Mail deliveries unsent, written more than `graceSeconds` and less than
   * `lookbackDays` ago (older outbox rows are purged), under `maxAttempts`
   * and not given up, with their latest `send-mail` outbox row; oldest first.
   * Mail is system work addressed to a person: no RecordScope.
   */
  owedMail(
    tx: Tx,
    graceSeconds: number,
    lookbackDays: number,
    maxAttempts: number,
    take: number,
  ): Promise<OwedMailRow[]> {
    return managerOf(tx).query(
      `SELECT d.id, o.id AS outbox_id, o.published_at IS NOT NULL AS published
         FROM mail_deliveries d
         LEFT JOIN LATERAL (${latestSendMail('id, published_at')}) o ON true
        WHERE d.sent_at IS NULL AND d.given_up_at IS NULL AND d.attempts < $3
          AND d.created_at < now() - make_interval(secs => $1)
          AND d.created_at > now() - make_interval(days => $4)
        ORDER BY d.created_at
        LIMIT $2`,
      [graceSeconds, take, maxAttempts, lookbackDays],
    );
  }

  /**
   * Lock the delivery; whether it is still owed (unsent, not given up, under
   * `maxAttempts`) and its latest `send-mail` row is still `outboxId` (no other
   * pass replayed it meanwhile).
   */
  async lockMailStillOwed(
    tx: Tx,
    id: string,
    outboxId: string | null,
    maxAttempts: number,
  ): Promise<boolean> {
    const [row] = await managerOf(tx).query<{ latest: string | null }[]>(
      `SELECT (${latestSendMail('id')}) AS latest
         FROM mail_deliveries d
        WHERE d.id = $1 AND d.sent_at IS NULL AND d.given_up_at IS NULL AND d.attempts < $2
        FOR UPDATE OF d`,
      [id, maxAttempts],
    );
    return row !== undefined && row.latest === outboxId;
  }

  /** Mark deliveries that used `maxAttempts` unsent as given up; those marked now. */
  giveUpMail(tx: Tx, maxAttempts: number, take: number): Promise<GivenUpMailRow[]> {
    return managerOf(tx)
      .query<[GivenUpMailRow[], number]>(
        `UPDATE mail_deliveries SET given_up_at = now()
          WHERE id IN (
            SELECT id FROM mail_deliveries
             WHERE sent_at IS NULL AND given_up_at IS NULL AND attempts >= $1
             ORDER BY created_at LIMIT $2
             FOR UPDATE SKIP LOCKED)
          RETURNING id, attempts, last_error`,
        [maxAttempts, take],
      )
      .then(([rows]) => rows);
  }

  /**
   * Notification event outbox rows published and due more than `graceSeconds`
   * ago, written less than `lookbackDays` ago, whose event is not recorded as
   * processed; oldest first.
   */
  async unprocessedEvents(
    tx: Tx,
    graceSeconds: number,
    lookbackDays: number,
    take: number,
  ): Promise<string[]> {
    const rows = await managerOf(tx).query<{ id: string }[]>(
      `SELECT o.id FROM outbox o
        WHERE o.queue = 'notifications' AND o.job_name = 'event'
          AND o.created_at > now() - make_interval(days => $3)
          AND o.published_at < now() - make_interval(secs => $1)
          AND o.available_at < now() - make_interval(secs => $1)
          AND NOT EXISTS (SELECT 1 FROM notification_events e WHERE e.event_id = o.id)
        ORDER BY o.created_at
        LIMIT $2`,
      [graceSeconds, take, lookbackDays],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Hand an unprocessed event's own outbox row back to the relay (re-checked
   * under its row lock), which publishes it again under the same job id: the
   * event keeps its id, so its notifications stay unique. Whether it did.
   */
  async republishEvent(tx: Tx, outboxId: string, graceSeconds: number): Promise<boolean> {
    const [, count] = await managerOf(tx).query<[unknown, number]>(
      `UPDATE outbox SET published_at = NULL, claimed_until = NULL, available_at = now()
        WHERE id = $1 AND published_at < now() - make_interval(secs => $2)
          AND NOT EXISTS (SELECT 1 FROM notification_events e WHERE e.event_id = outbox.id)`,
      [outboxId, graceSeconds],
    );
    return count > 0;
  }
}
