import { Injectable } from '@nestjs/common';
import type { AccessLoader, Held } from '../access/record-access';
import { CaseEntity, UserEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A coalition user a case can be assigned to, as the assignee picker shows them. */
export interface AssignableUser {
  readonly id: string;
  readonly displayName: string;
  readonly role: string;
}

/**
 * Cases, their notes, match suggestions and the keys that matched them.
 * Cases are the coalition's: no member organization holds one, so the methods
 * that touch only case rows take no scope; the caller has checked its
 * `cases.write` reach on the case with AccessService first.
 */
@Injectable()
export class CasesRepository implements AccessLoader<CaseEntity> {
  /** Cases are the coalition's: no member organization holds one. */
  async loadForAccess(
    tx: Tx,
    id: string,
    options: { lock: boolean },
  ): Promise<Held<CaseEntity> | null> {
    const found = await managerOf(tx).findOne(CaseEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return found ? { record: found, organizationId: null } : null;
  }

  /**
   * Another case a command touches (a merge target, a linked referral's case),
   * locked for update. Coalition-held: no scope.
   */
  lock(tx: Tx, id: string): Promise<CaseEntity | null> {
    return managerOf(tx).findOne(CaseEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** A case as it stands, unlocked. Coalition-held: no scope. */
  find(tx: Tx, id: string): Promise<CaseEntity | null> {
    return managerOf(tx).findOneBy(CaseEntity, { id });
  }

  async save(tx: Tx, c: CaseEntity): Promise<void> {
    await managerOf(tx).save(c);
  }

  /**
   * A merged case's clocks stop (a hold's expiry clock keeps running: the hold
   * is the filer's). Coalition-held: no scope.
   */
  async cancelClocksOfMerged(tx: Tx, caseId: string): Promise<void> {
    await managerOf(tx).query(
      `UPDATE sla_clocks SET status = 'cancelled', stopped_at = now()
        WHERE case_id = $1 AND status IN ('running', 'breached') AND clock <> 'hold_expiry'`,
      [caseId],
    );
  }

  /**
   * The coalition's active users with one of `roles`. Coalition users only, whom
   * no member organization holds: no scope.
   */
  async assignableUsers(tx: Tx, roles: readonly string[]): Promise<AssignableUser[]> {
    const rows: { id: string; display_name: string; role: string }[] = await managerOf(tx).query(
      `SELECT u.id, u.display_name, u.role
           FROM users u JOIN organizations o ON o.id = u.organization_id
          WHERE u.status = 'active' AND o.status = 'active' AND o.kind = 'coalition'
            AND u.role = ANY($1::text[])
          ORDER BY lower(u.display_name), u.id`,
      [roles],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role }));
  }

  /**
   * The user named as a case's assignee, read only to decide whether they may
   * hold it: only coalition roles pass that check and a member's user answers
   * the same refusal as a missing one, so nothing of theirs leaves. No scope.
   */
  candidateAssignee(tx: Tx, id: string): Promise<UserEntity | null> {
    return managerOf(tx).findOneBy(UserEntity, { id });
  }
}
