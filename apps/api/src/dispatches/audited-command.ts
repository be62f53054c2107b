import { actorOf, type AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { Forbidden, markAudited, type RequestMeta } from '@app/common';
import type { Tx, UnitOfWork } from '@app/persistence';

/**
 * Runs one command in one transaction (the caller records its success event
 * inside it). A workflow refusal of the caller's role (403) rolls the work
 * back and is then audited as `denied` in a transaction of its own, so the
 * attempt stays on record.
 */
export async function auditedCommand<T>(
  uow: Pick<UnitOfWork, 'run'>,
  audit: Pick<AuditWriter, 'record'>,
  attempt: {
    actor: AuthUser;
    meta: RequestMeta;
    action: string;
    targetType: string;
    targetId: string;
  },
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  try {
    return await uow.run(work);
  } catch (error) {
    if (error instanceof Forbidden) {
      await uow.run((tx) =>
        audit.record(tx, {
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
