import {
  actorOf,
  AuditWriter,
  checkpointMessage,
  verifyAuditTrail,
  type VerifyMode,
} from '@app/audit';
import type { AuthUser } from '@app/auth';
import {
  DEFAULT_PAGE_SIZE,
  ValidationProblem,
  decodeCursor,
  toPage,
  type Page,
  type RequestMeta,
} from '@app/common';
import {
  AuditChainRepository,
  AuditCheckpointsRepository,
  AuditEventsRepository,
  UnitOfWork,
  type AuditEventRow,
  type CheckpointRow,
  type ListedAuditEventRow,
} from '@app/persistence';
import type { Role } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import type {
  AuditCheckpointResponse,
  AuditVerificationResponse,
  CheckpointRequestResponse,
} from './dto/audit-chain.dto';
import type { AuditEventListItemResponse, AuditEventResponse } from './dto/audit.dto';

/** Rows per query when streaming an export. */
export const EXPORT_BATCH = 1000;

function eventView(r: AuditEventRow): AuditEventResponse {
  return {
    id: r.id,
    occurredAt: r.occurred_at,
    actorUserId: r.actor_user_id,
    actorOrganizationId: r.actor_organization_id,
    actorRole: r.actor_role as Role | null,
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
    chainFormat: r.chain_format === 1 ? 1 : 2,
  };
}

function listedEventView(r: ListedAuditEventRow): AuditEventListItemResponse {
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
    private readonly uow: UnitOfWork,
    private readonly eventRows: AuditEventsRepository,
    private readonly chain: AuditChainRepository,
    private readonly checkpointRows: AuditCheckpointsRepository,
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
    const after = decodeCursor(query.cursor);
    if (after && !/^\d{1,19}$/.test(after.id)) {
      throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
    }
    const rows = await this.eventRows.search(
      this.uow.autocommit,
      {
        targetType: query.targetType,
        targetId: query.targetId,
        actorId: query.actorId,
        action: query.action,
        from: range.from,
        to: range.to,
        beforeId: after?.id,
      },
      limit + 1,
    );
    const page = toPage(rows, limit, (r) => ({ sortValue: r.id, id: r.id }));
    return { items: page.items.map(listedEventView), nextCursor: page.nextCursor };
  }

  /**
   * Recompute the chain (all of it, or what follows the last verified
   * checkpoint) and the checkpoints; the run is audited with its result.
   */
  async verify(
    user: AuthUser,
    meta: RequestMeta,
    mode: VerifyMode = 'incremental',
  ): Promise<AuditVerificationResponse> {
    const report = await verifyAuditTrail(
      { chain: this.chain, tx: this.uow.autocommit },
      { mode, remember: true },
    );
    await this.uow.run((tx) =>
      this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'audit.verify',
        outcome: 'success',
        targetType: 'audit_chain',
        details: {
          mode,
          fromSeq: report.start.seq,
          valid: report.valid,
          checked: report.checked,
          headSeq: report.headSeq,
          firstBrokenSeq: report.firstBrokenSeq ?? null,
          checkpointsValid: report.checkpoints.valid,
        },
      }),
    );
    // What is not known (nothing broken, no checkpoint failing) is sent as null, never left out.
    return {
      mode: report.mode,
      start: {
        kind: report.start.kind,
        seq: report.start.seq,
        hash: report.start.hash,
        checkpointId: report.start.checkpointId ?? null,
        rejected: report.start.rejected ?? null,
      },
      valid: report.valid,
      checked: report.checked,
      pending: report.pending,
      headSeq: report.headSeq,
      headHash: report.headHash,
      firstBrokenSeq: report.firstBrokenSeq ?? null,
      reason: report.reason ?? null,
      checkpoints: {
        checked: report.checkpoints.checked,
        valid: report.checkpoints.valid,
        firstInvalidId: report.checkpoints.firstInvalidId ?? null,
        reason: report.checkpoints.reason ?? null,
      },
      publicKeyFingerprints: report.publicKeyFingerprints,
    };
  }

  /** Newest first. */
  async checkpoints(query: {
    cursor?: string;
    limit?: number;
  }): Promise<Page<AuditCheckpointResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    if (
      after &&
      (!/^[0-9a-f-]{36}$/.test(after.id) || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(after.sortValue))
    ) {
      throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
    }
    const rows = await this.checkpointRows.list(
      this.uow.autocommit,
      after ? { createdKey: after.sortValue, id: after.id } : undefined,
      limit + 1,
    );
    const page = toPage(rows, limit, (r) => ({ sortValue: r.created_key, id: r.id }));
    return { items: page.items.map(checkpointView), nextCursor: page.nextCursor };
  }

  /** Ask the worker to sign the head now (it drains the sealer first). */
  async requestCheckpoint(user: AuthUser, meta: RequestMeta): Promise<CheckpointRequestResponse> {
    return this.uow.run(async (tx) => {
      const row = await this.checkpointRows.request(tx, user.id);
      await this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'audit.checkpoint_request',
        outcome: 'success',
        targetType: 'audit_checkpoint_request',
        targetId: row.id,
      });
      return { requestId: row.id, requestedAt: row.requestedAt.toISOString(), status: 'pending' };
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
    await this.uow.run((tx) =>
      this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'audit.export',
        outcome: 'success',
        targetType: 'audit_chain',
        details: { from: from.toISOString(), to: to.toISOString() },
      }),
    );
    const events = this.eventRows;
    const autocommit = this.uow.autocommit;
    async function* lines(): AsyncGenerator<string> {
      let after = '0';
      for (;;) {
        const rows = await events.exportBatch(autocommit, from, to, after, EXPORT_BATCH);
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
