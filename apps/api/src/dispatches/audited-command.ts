import { actorOf, type AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { Forbidden, markAudited, type RequestMeta } from '@app/common';
import { inTransaction } from '@app/persistence';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs one command in one transaction (the caller records its success event
 * inside it). A workflow refusal of the caller's role (403) rolls the work
 * back and is then audited as `denied` in a transaction of its own, so the
 * attempt stays on record.
 */
export async function auditedCommand<T>(
  dataSource: DataSource,
  audit: AuditWriter,
  attempt: {
    actor: AuthUser;
    meta: RequestMeta;
    action: string;
    targetType: string;
    targetId: string;
  },
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await inTransaction(dataSource, work);
  } catch (error) {
    if (error instanceof Forbidden) {
      await inTransaction(dataSource, (m) =>
        audit.record(m, {
          actor: actorOf(attempt.actor),
          origin: attempt.meta,
          action: attempt.action,
          outcome: 'denied',
          targetType: attempt.targetType,
          targetId: attempt.targetId,
          details: { code: error.code },
        }),
      );
      throw markAudited(error);
    }
    throw error;
  }
}
