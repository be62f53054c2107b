import type { MemberActionType } from '@app/domain';
import type { EntityManager } from 'typeorm';
import type { MemberActionResponse } from './dto/member-action.dto';

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

/**
 * Member actions in one query, newest first (by the day done, then by when
 * recorded): of one referral, of every referral of a case, or one by id.
 * The day is read as text, never through a Date (no time zone can shift it).
 */
export async function memberActions(
  manager: EntityManager,
  where: { referralId?: string; caseId?: string; id?: string },
): Promise<MemberActionResponse[]> {
  const rows: MemberActionRow[] = await manager.query(
    `SELECT ma.id, ma.referral_id, r.reference, ma.action,
            to_char(ma.done_on, 'YYYY-MM-DD') AS done_on, ma.note, ma.recorded_by,
            u.display_name, ma.api_key_id, k.name AS api_key_name, ma.created_at
       FROM member_actions ma
       JOIN referrals r ON r.id = ma.referral_id
       JOIN users u ON u.id = ma.recorded_by
       LEFT JOIN api_keys k ON k.id = ma.api_key_id
      WHERE ($1::uuid IS NULL OR ma.referral_id = $1)
        AND ($2::uuid IS NULL OR r.case_id = $2)
        AND ($3::uuid IS NULL OR ma.id = $3)
      ORDER BY ma.done_on DESC, ma.created_at DESC, ma.id DESC`,
    [where.referralId ?? null, where.caseId ?? null, where.id ?? null],
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
