import type { CaseMatchRow, CaseSuggestionRow } from '@app/persistence';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { ISO_SET } from './case-read-dates';

/** Why two referrals sharing a key of this kind are taken to be about the same merchant. */
const MATCH_REASONS: Record<string, string> = {
  domain: 'same registrable domain in a website or URL',
  merchant_id: 'same acquirer and merchant id',
  wallet: 'same crypto wallet',
  email: 'same e-mail address',
  phone: 'same phone number (E.164)',
  name_country: 'same normalised legal name in the same country',
};

/** Keys two or more of the case's referrals share, each with why it binds them. */
export function matchViews(
  rows: CaseMatchRow[],
  referenceOf: ReadonlyMap<string, string>,
): CaseDetailView['matches'] {
  return rows.map((m) => ({
    kind: m.kind,
    value: m.value,
    why: MATCH_REASONS[m.kind] ?? 'same identifier',
    referrals: m.referral_ids.map((id) => ({ id, reference: referenceOf.get(id) ?? id })),
  }));
}

/** Referrals the matcher thinks belong here, similarity to three decimals. */
export function suggestionViews(rows: CaseSuggestionRow[]): CaseDetailView['suggestions'] {
  return rows.map((s) => ({
    referralId: s.referral_id,
    referralReference: s.reference,
    currentCaseId: s.case_id,
    currentCaseReference: s.case_reference,
    similarity: Math.round(s.similarity * 1000) / 1000,
    reason: s.reason,
    status: s.status,
    createdAt: ISO_SET(s.created_at),
  }));
}
