import type { MemberActionType, RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { raiseAlert, type NewAlert } from '../alerts';
import { MemberActionEntity, type ReferralEntity } from '../entities';
import { assertWithinScope, referralScopeSql } from '../referrals/referral-scope';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A member action before its first write: the database sets created_at. */
export type NewMemberAction = Omit<MemberActionEntity, 'createdAt'>;

/** A member action as it is shown: with its referral's reference and who recorded it. */
export interface MemberActionRecord {
  id: string;
  referralId: string;
  referralReference: string;
  action: MemberActionType;
  /** The day it was done, `YYYY-MM-DD`. */
  date: string;
  note: string | null;
  recordedBy: {
    id: string;
    displayName: string;
    apiKeyId: string | null;
    apiKeyName: string | null;
  };
  recordedAt: string;
}

/** An active hold an action goes against, with its agency's name. */
export interface ContradictedHold {
  id: string;
  dispatchId: string;
  scope: string;
  expiresAt: Date;
  agency: string;
}

interface MemberActionRow {
  id: string;
  referral_id: string;
  reference: string;
  action: MemberActionType;
  done_on: string;
  note: string | null;
  recorded_by: string;
  display_name: string;
  api_key_id: string | null;
  api_key_name: string | null;
  created_at: Date;
}

/** Member actions (append-only), and what recording one checks against: holds, alerts. */
@Injectable()
export class MemberActionsRepository {
  /** Record an action on a referral the caller holds (locked). */
  async record(
    tx: Tx,
    scope: RecordScope,
    referral: Pick<ReferralEntity, 'id' | 'organizationId' | 'createdBy'>,
    action: NewMemberAction,
  ): Promise<void> {
    assertWithinScope(scope, referral, `Referral ${referral.id}`);
    await managerOf(tx).insert(MemberActionEntity, action);
  }

  /**
   * Member actions on referrals the scope reaches, in one query, newest first
   * (by the day done, then by when recorded): of one referral, of every
   * referral of a case, or one by id. The day is read as text, never through a
   * Date (no time zone can shift it).
   */
  async list(
    tx: Tx,
    scope: RecordScope,
    where: { referralId?: string; caseId?: string; id?: string },
  ): Promise<MemberActionRecord[]> {
    const params: unknown[] = [where.referralId ?? null, where.caseId ?? null, where.id ?? null];
    const reach = referralScopeSql(scope, 'r', params);
    const rows: MemberActionRow[] = await managerOf(tx).query(
      `SELECT ma.id, ma.referral_id, r.reference, ma.action,
              to_char(ma.done_on, 'YYYY-MM-DD') AS done_on, ma.note, ma.recorded_by,
              u.display_name, ma.api_key_id, k.name AS api_key_name, ma.created_at
         FROM member_actions ma
         JOIN referrals r ON r.id = ma.referral_id
         JOIN users u ON u.id = ma.recorded_by
         LEFT JOIN api_keys k ON k.id = ma.api_key_id
        WHERE ($1::uuid IS NULL OR ma.referral_id = $1)
          AND ($2::uuid IS NULL OR r.case_id = $2)
          AND ($3::uuid IS NULL OR ma.id = $3)${reach === 'TRUE' ? '' : `\n          AND ${reach}`}
        ORDER BY ma.done_on DESC, ma.created_at DESC, ma.id DESC`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      referralId: row.referral_id,
      referralReference: row.reference,
      action: row.action,
      date: row.done_on,
      note: row.note,
      recordedBy: {
        id: row.recorded_by,
        displayName: row.display_name,
        apiKeyId: row.api_key_id,
        apiKeyName: row.api_key_name,
      },
      recordedAt: new Date(row.created_at).toISOString(),
    }));
  }

  /**
   * Active holds on the case (not lapsed, even if the expiry sweep has not run
   * yet) of the given scopes, oldest first. Holds are the agencies' records,
   * not a member's: the caller reached the case through its own referral.
   */
  async activeHolds(
    tx: Tx,
    caseId: string,
    holdScopes: readonly string[],
  ): Promise<ContradictedHold[]> {
    if (holdScopes.length === 0) return [];
    const rows: {
      id: string;
      dispatch_id: string;
      scope: string;
      expires_at: Date;
      agency: string;
    }[] = await managerOf(tx).query(
      `SELECT h.id, h.dispatch_id, h.scope, h.expires_at, a.name AS agency
         FROM holds h JOIN agencies a ON a.id = h.agency_id
        WHERE h.case_id = $1 AND h.scope = ANY($2::text[])
          AND h.status = 'active' AND h.expires_at > now()
        ORDER BY h.created_at, h.id`,
      [caseId, [...holdScopes]],
    );
    return rows.map((h) => ({
      id: h.id,
      dispatchId: h.dispatch_id,
      scope: h.scope,
      expiresAt: h.expires_at,
      agency: h.agency,
    }));
  }

  /** Alert coordinators (alerts are the coalition's, not a member's); once per dedupe key. */
  raiseAlert(tx: Tx, alert: NewAlert): Promise<void> {
    return raiseAlert(managerOf(tx), alert);
  }
}
