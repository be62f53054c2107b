import type { MemberActionType } from '@app/domain';
import type { CaseMemberActionRow, CaseReferralRow } from '@app/persistence';
import type { MemberActionResponse } from '../../member-actions/dto/member-action.dto';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { ISO } from './case-read-dates';

type ReferralView = CaseDetailView['referrals'][number];

/**
 * What a coordinator sees of a referral's merchant: its name, country and
 * websites. Identifiers (merchant ids, wallets, e-mail addresses, phones) stay
 * on the referral and show only where two referrals share one (matches).
 */
export function merchantSummary(
  merchant: Record<string, unknown> | null,
): ReferralView['merchant'] {
  return {
    legalName: (merchant?.legalName as string | undefined) ?? null,
    country: (merchant?.country as string | undefined) ?? null,
    websites: (merchant?.websites as string[] | undefined) ?? [],
  };
}

function memberActionView(row: CaseMemberActionRow): MemberActionResponse {
  return {
    id: row.id,
    referralId: row.referral_id,
    referralReference: row.reference,
    action: row.action as MemberActionType,
    date: row.done_on,
    note: row.note,
    recordedBy: {
      id: row.recorded_by,
      displayName: row.display_name,
      apiKeyId: row.api_key_id,
      apiKeyName: row.api_key_name,
    },
    recordedAt: new Date(row.created_at).toISOString(),
  };
}

/** The referrals of the case, each with its filer and what its member did about the merchant. */
export function referralViews(
  rows: CaseReferralRow[],
  memberActions: CaseMemberActionRow[],
): ReferralView[] {
  const actions = memberActions.map(memberActionView);
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    filer: { organizationId: r.organization_id, legalName: r.legal_name },
    category: r.category,
    priority: r.priority,
    tlp: r.tlp,
    merchant: merchantSummary(r.merchant),
    submittedAt: ISO(r.submitted_at),
    memberActions: actions.filter((a) => a.referralId === r.id),
  }));
}
