import { MemberActionsRepository, type MemberActionRecord, type Tx } from '@app/persistence';
import { SYSTEM_SCOPE } from '@app/domain';
import type { EntityManager } from 'typeorm';

/**
 * Member actions of every referral of a case, for the case view, which reads
 * through its own manager. Whoever may read the case sees every referral's
 * actions on it (the case view has decided that reach), hence the scope of all
 * records.
 */
export function memberActions(
  manager: EntityManager,
  where: { caseId: string },
): Promise<MemberActionRecord[]> {
  return new MemberActionsRepository().list(manager as unknown as Tx, SYSTEM_SCOPE, where);
}
