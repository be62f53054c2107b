import { type Role } from '@app/domain';
import { AuditEventsRepository, type AuditOutcome, type Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { digestOfDetails } from './audit-chain';

export interface AuditActor {
  userId: string | null;
  organizationId: string | null;
  role: Role | null;
  /** Set when a member system acted through an API key (recorded in the details). */
  apiKeyId?: string;
}

export interface AuditOrigin {
  /** The server's own id for the request; never one a client chose. */
  requestId: string | null;
  ip: string | null;
  /** An X-Request-Id the client sent, recorded apart in the details as `clientRequestId`. */
  clientRequestId?: string | null;
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
 * The repository holds no state, so one instance serves every writer: the
 * operator commands and the seed construct a writer by hand, outside Nest.
 */
const events = new AuditEventsRepository();

/**
 * Writes audit events inside the caller's transaction, so an event exists if and
 * only if the work it describes was committed. Reads and refusals, which have
 * no work to join, are written in their own short transaction by the caller.
 */
@Injectable()
export class AuditWriter {
  async record(tx: Tx, record: AuditRecord): Promise<void> {
    const given = {
      ...record.details,
      ...(record.actor?.apiKeyId ? { apiKeyId: record.actor.apiKeyId } : {}),
      ...(record.origin?.clientRequestId ? { clientRequestId: record.origin.clientRequestId } : {}),
    };
    // Digest what the database will hold (JSON's view of the values), so the
    // verifier, recomputing from the stored details, finds the same digest.
    const details = JSON.parse(JSON.stringify(given)) as Record<string, unknown>;
    const detailsDigest = digestOfDetails(details);
    await events.append(tx, {
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
      details,
      detailsDigest,
    });
  }
}
