import { canonicalJson, type Role } from '@app/domain';
import { AuditEventEntity, type AuditOutcome } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export interface AuditActor {
  userId: string | null;
  organizationId: string | null;
  role: Role | null;
  /** Set when a member system acted through an API key (recorded in the details). */
  apiKeyId?: string;
}

export interface AuditOrigin {
  requestId: string | null;
  ip: string | null;
}

export interface AuditRecord {
  actor: AuditActor | null;
  origin: AuditOrigin | null;
  /** dotted verb, e.g. `auth.login`, `user.create`. */
  action: string;
  outcome: AuditOutcome;
  targetType?: string;
  targetId?: string;
  /** What happened, without sensitive values (no passwords, tokens, national ids). */
  details?: Record<string, unknown>;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, organizationId: null, role: null };

/**
 * The audit actor for a signed-in user (or a user record). A request made with
 * an API key acts as the key's creator; the key is named too.
 */
export function actorOf(user: {
  id: string;
  organizationId: string;
  role: Role;
  apiKey?: { id: string };
}): AuditActor {
  return {
    userId: user.id,
    organizationId: user.organizationId,
    role: user.role,
    ...(user.apiKey ? { apiKeyId: user.apiKey.id } : {}),
  };
}

/**
 * Writes audit events inside the caller's transaction, so an event exists if and
 * only if the work it describes was committed. Reads and refusals, which have
 * no work to join, are written in their own short transaction by the caller.
 */
@Injectable()
export class AuditWriter {
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    const details = record.actor?.apiKeyId
      ? { ...record.details, apiKeyId: record.actor.apiKeyId }
      : (record.details ?? {});
    const detailsDigest = createHash('sha256').update(canonicalJson(details)).digest('hex');
    await manager.insert(AuditEventEntity, {
      occurredAt: new Date(),
      actorUserId: record.actor?.userId ?? null,
      actorOrganizationId: record.actor?.organizationId ?? null,
      actorRole: record.actor?.role ?? null,
      action: record.action,
      targetType: record.targetType ?? null,
      targetId: record.targetId ?? null,
      outcome: record.outcome,
      requestId: record.origin?.requestId ?? null,
      ip: record.origin?.ip ?? null,
      details: details as AuditEventEntity['details'] & object,
      detailsDigest,
    });
  }
}
