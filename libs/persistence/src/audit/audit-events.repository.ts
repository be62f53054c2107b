import { Injectable } from '@nestjs/common';
import type { AuditEventEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { insertBatched } from '../unit-of-work/batched-writes';

/** An event as it is appended: everything but its id and its chain position. */
export type NewAuditEvent = Omit<AuditEventEntity, 'id' | 'chainSeq' | 'prevHash' | 'hash'>;

/** An event as the auditor reads it (snake_case, as selected). */
export interface AuditEventRow {
  id: string;
  occurred_at: string;
  actor_user_id: string | null;
  actor_organization_id: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  request_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  details_digest: string;
  chain_seq: string | null;
  prev_hash: string | null;
  hash: string | null;
  chain_format: number;
}

/** A listed event, with the names its actor ids stand for. */
export interface ListedAuditEventRow extends AuditEventRow {
  actor_name: string | null;
  organization_name: string | null;
}

/** The auditor's filters, already validated by the caller. */
export interface AuditEventFilter {
  targetType?: string;
  targetId?: string;
  actorId?: string;
  action?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Keyset: only events with a lower id (a decimal bigint). */
  beforeId?: string;
}

const EVENT_SELECT = `
  SELECT e.id::text AS id,
         to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
         e.actor_user_id, e.actor_organization_id, e.actor_role, e.action, e.target_type,
         e.target_id, e.outcome, e.request_id, e.ip, e.details, e.details_digest,
         e.chain_seq::text AS chain_seq, e.prev_hash, e.hash, e.chain_format
    FROM audit_events e`;

/**
 * The listing's select: each event with the names its actor ids stand for,
 * joined in the same query. The export keeps to the recorded event.
 */
const LISTED_EVENT_SELECT = `
  SELECT e.id::text AS id,
         to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
         e.actor_user_id, e.actor_organization_id, e.actor_role, e.action, e.target_type,
         e.target_id, e.outcome, e.request_id, e.ip, e.details, e.details_digest,
         e.chain_seq::text AS chain_seq, e.prev_hash, e.hash, e.chain_format,
         COALESCE(k.name, u.display_name) AS actor_name, o.legal_name AS organization_name
    FROM audit_events e
    LEFT JOIN users u ON u.id = e.actor_user_id
    LEFT JOIN api_keys k ON k.id::text = e.details->>'apiKeyId'
    LEFT JOIN organizations o ON o.id = e.actor_organization_id`;

/**
 * The audit trail's events: appended by everyone, read by auditors. The trail
 * is not organization-owned: it records every organization's actions, and
 * whoever may read it (audit.read, granted with reach 'any') reads all of it,
 * so these reads take no RecordScope.
 */
@Injectable()
export class AuditEventsRepository {
  /**
   * Append one event; a database trigger refuses any later change but the
   * sealer's. Nobody waits for the row: inside a command it is sent with the
   * transaction's next statement (batched-writes.ts).
   */
  async append(tx: Tx, event: NewAuditEvent): Promise<void> {
    await insertBatched(managerOf(tx), {
      into: `audit_events (occurred_at, actor_user_id, actor_organization_id, actor_role, action,
               target_type, target_id, outcome, request_id, ip, details, details_digest)`,
      values: [
        event.occurredAt,
        event.actorUserId,
        event.actorOrganizationId,
        event.actorRole,
        event.action,
        event.targetType,
        event.targetId,
        event.outcome,
        event.requestId,
        event.ip,
        JSON.stringify(event.details),
        event.detailsDigest,
      ],
    });
  }

  /**
   * Newest first (by insertion id), at most `take` rows. No organization
   * scope: audit.read is 'any' for every role that holds it.
   */
  async search(tx: Tx, filter: AuditEventFilter, take: number): Promise<ListedAuditEventRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.targetType !== undefined) where.push(`e.target_type = ${param(filter.targetType)}`);
    if (filter.targetId !== undefined) where.push(`e.target_id = ${param(filter.targetId)}`);
    if (filter.actorId !== undefined) {
      where.push(`e.actor_user_id = ${param(filter.actorId)}::uuid`);
    }
    if (filter.action !== undefined) where.push(`e.action = ${param(filter.action)}`);
    if (filter.from) where.push(`e.occurred_at >= ${param(filter.from)}`);
    if (filter.to) where.push(`e.occurred_at < ${param(filter.to)}`);
    if (filter.beforeId !== undefined) where.push(`e.id < ${param(filter.beforeId)}::bigint`);
    return managerOf(tx).query(
      `${LISTED_EVENT_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.id DESC LIMIT ${param(take)}`,
      params,
    );
  }

  /**
   * Events in [from, to) after insertion id `afterId`, in insertion order: one
   * keyset batch of an export. No organization scope (audit.read is 'any').
   */
  exportBatch(
    tx: Tx,
    from: Date,
    to: Date,
    afterId: string,
    take: number,
  ): Promise<AuditEventRow[]> {
    return managerOf(tx).query(
      `${EVENT_SELECT}
        WHERE e.occurred_at >= $1 AND e.occurred_at < $2 AND e.id > $3::bigint
        ORDER BY e.id LIMIT $4`,
      [from, to, afterId, take],
    );
  }
}
