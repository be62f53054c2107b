import { actorOf, AuditWriter, checkpointMessage, verifyAuditTrail } from '@app/audit';
import type { AuthUser } from '@app/auth';
import {
  DEFAULT_PAGE_SIZE,
  ValidationProblem,
  decodeCursor,
  toPage,
  type Page,
  type RequestMeta,
} from '@app/common';
import { inTransaction } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type {
  AuditCheckpointResponse,
  AuditEventListItemResponse,
  AuditEventResponse,
  AuditVerificationResponse,
  CheckpointRequestResponse,
} from './dto/audit.dto';

/** Rows per query when streaming an export. */
export const EXPORT_BATCH = 1000;

const EVENT_SELECT = `
  SELECT e.id::text AS id,
         to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
         e.actor_user_id, e.actor_organization_id, e.actor_role, e.action, e.target_type,
         e.target_id, e.outcome, e.request_id, e.ip, e.details, e.details_digest,
         e.chain_seq::text AS chain_seq, e.prev_hash, e.hash
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
         e.chain_seq::text AS chain_seq, e.prev_hash, e.hash,
         COALESCE(k.name, u.display_name) AS actor_name, o.legal_name AS organization_name
    FROM audit_events e
    LEFT JOIN users u ON u.id = e.actor_user_id
    LEFT JOIN api_keys k ON k.id::text = e.details->>'apiKeyId'
    LEFT JOIN organizations o ON o.id = e.actor_organization_id`;

interface EventRow {
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
}

interface CheckpointRow {
  id: string;
  seq: string;
  hash: string;
  signed_at: string;
  signature: string;
  public_key_pem: string;
  public_key_fingerprint: string;
  created_key: string;
}

function eventView(r: EventRow): AuditEventResponse {
  return {
    id: r.id,
    occurredAt: r.occurred_at,
    actorUserId: r.actor_user_id,
    actorOrganizationId: r.actor_organization_id,
    actorRole: r.actor_role,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    outcome: r.outcome,
    requestId: r.request_id,
    ip: r.ip,
    details: r.details,
    detailsDigest: r.details_digest,
    chainSeq: r.chain_seq === null ? null : Number(r.chain_seq),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

interface ListedEventRow extends EventRow {
  actor_name: string | null;
  organization_name: string | null;
}

function listedEventView(r: ListedEventRow): AuditEventListItemResponse {
  return { ...eventView(r), actorName: r.actor_name, organizationName: r.organization_name };
}

function checkpointView(r: CheckpointRow): AuditCheckpointResponse {
  const head = { seq: Number(r.seq), hash: r.hash, signedAt: r.signed_at };
  return {
    id: r.id,
    ...head,
    algorithm: 'Ed25519',
    signature: r.signature,
    signedMessage: checkpointMessage(head),
    publicKeyPem: r.public_key_pem,
    publicKeyFingerprint: r.public_key_fingerprint,
  };
}

/** A validated time range: `from` inclusive, `to` exclusive. */
function timeRange(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  const f = from === undefined ? undefined : new Date(from);
  const t = to === undefined ? undefined : new Date(to);
  if (f && Number.isNaN(f.getTime())) throw ValidationProblem.field('from', 'is not a date-time');
  if (t && Number.isNaN(t.getTime())) throw ValidationProblem.field('to', 'is not a date-time');
  if (f && t && t <= f) throw ValidationProblem.field('to', 'must be later than from');
  return { from: f, to: t };
}

/**
 * The audit trail for auditors and platform admins: events, the chain's
 * verification, signed checkpoints and exports. Verifying and exporting are
 * themselves audited.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  /** Newest first (by insertion id), with optional filters. */
  async events(query: {
    targetType?: string;
    targetId?: string;
    actorId?: string;
    action?: string;
    from?: string;
    to?: string;
    cursor?: string;
    limit?: number;
  }): Promise<Page<AuditEventListItemResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const range = timeRange(query.from, query.to);
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (query.targetType !== undefined) where.push(`e.target_type = ${param(query.targetType)}`);
    if (query.targetId !== undefined) where.push(`e.target_id = ${param(query.targetId)}`);
    if (query.actorId !== undefined) where.push(`e.actor_user_id = ${param(query.actorId)}::uuid`);
    if (query.action !== undefined) where.push(`e.action = ${param(query.action)}`);
    if (range.from) where.push(`e.occurred_at >= ${param(range.from)}`);
    if (range.to) where.push(`e.occurred_at < ${param(range.to)}`);
    const after = decodeCursor(query.cursor);
    if (after) {
      if (!/^\d{1,19}$/.test(after.id)) {
        throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
      }
      where.push(`e.id < ${param(after.id)}::bigint`);
    }
    const rows: ListedEventRow[] = await this.dataSource.query(
      `${LISTED_EVENT_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = toPage(rows, limit, (r) => ({ sortValue: r.id, id: r.id }));
    return { items: page.items.map(listedEventView), nextCursor: page.nextCursor };
  }

  /** Recompute the chain and every checkpoint; the run is audited with its result. */
  async verify(user: AuthUser, meta: RequestMeta): Promise<AuditVerificationResponse> {
    const report = await verifyAuditTrail((sql, params) => this.dataSource.query(sql, params));
    await inTransaction(this.dataSource, (m) =>
      this.audit.record(m, {
        actor: actorOf(user),
        origin: meta,
        action: 'audit.verify',
        outcome: 'success',
        targetType: 'audit_chain',
        details: {
          valid: report.valid,
          checked: report.checked,
          headSeq: report.headSeq,
          firstBrokenSeq: report.firstBrokenSeq ?? null,
          checkpointsValid: report.checkpoints.valid,
        },
      }),
    );
    return report;
  }

  /** Newest first. */
  async checkpoints(query: {
    cursor?: string;
    limit?: number;
  }): Promise<Page<AuditCheckpointResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [];
    let where = '';
    const after = decodeCursor(query.cursor);
    if (after) {
      if (
        !/^[0-9a-f-]{36}$/.test(after.id) ||
        !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(after.sortValue)
      ) {
        throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
      }
      params.push(after.sortValue, after.id);
      where = `WHERE (c.created_at, c.id) < ($1::timestamptz, $2::uuid)`;
    }
    params.push(limit + 1);
    const rows: CheckpointRow[] = await this.dataSource.query(
      `SELECT c.id, c.chain_seq::text AS seq, c.hash,
              to_char(c.signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS signed_at,
              c.signature, c.public_key_pem, c.public_key_fingerprint,
              to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key
         FROM audit_checkpoints c ${where}
        ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length}`,
      params,
    );
    const page = toPage(rows, limit, (r) => ({ sortValue: r.created_key, id: r.id }));
    return { items: page.items.map(checkpointView), nextCursor: page.nextCursor };
  }

  /** Ask the worker to sign the head now (it drains the sealer first). */
  async requestCheckpoint(user: AuthUser, meta: RequestMeta): Promise<CheckpointRequestResponse> {
    return inTransaction(this.dataSource, async (m) => {
      const [row] = await m.query<{ id: string; requested_at: Date }[]>(
        `INSERT INTO audit_checkpoint_requests (requested_by) VALUES ($1)
         RETURNING id, requested_at`,
        [user.id],
      );
      await this.audit.record(m, {
        actor: actorOf(user),
        origin: meta,
        action: 'audit.checkpoint_request',
        outcome: 'success',
        targetType: 'audit_checkpoint_request',
        targetId: row.id,
      });
      return { requestId: row.id, requestedAt: row.requested_at.toISOString(), status: 'pending' };
    });
  }

  /**
   * JSON Lines of the events in [from, to), in insertion order, read in
   * keyset batches so a long range never sits in memory. The export is
   * audited before the first line is sent.
   */
  async export(
    user: AuthUser,
    meta: RequestMeta,
    query: { from: string; to: string },
  ): Promise<Readable> {
    const range = timeRange(query.from, query.to);
    const from = range.from as Date;
    const to = range.to as Date;
    await inTransaction(this.dataSource, (m) =>
      this.audit.record(m, {
        actor: actorOf(user),
        origin: meta,
        action: 'audit.export',
        outcome: 'success',
        targetType: 'audit_chain',
        details: { from: from.toISOString(), to: to.toISOString() },
      }),
    );
    const dataSource = this.dataSource;
    async function* lines(): AsyncGenerator<string> {
      let after = '0';
      for (;;) {
        const rows: EventRow[] = await dataSource.query(
          `${EVENT_SELECT}
            WHERE e.occurred_at >= $1 AND e.occurred_at < $2 AND e.id > $3::bigint
            ORDER BY e.id LIMIT $4`,
          [from, to, after, EXPORT_BATCH],
        );
        if (rows.length > 0) {
          yield rows.map((r) => `${JSON.stringify(eventView(r))}\n`).join('');
          after = rows[rows.length - 1].id;
        }
        if (rows.length < EXPORT_BATCH) return;
      }
    }
    return Readable.from(lines(), { objectMode: false });
  }
}
