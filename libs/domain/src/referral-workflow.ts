import type { ReferralStatus } from './referrals/vocabulary';

export type ReferralAction =
  'edit' | 'submit' | 'intake' | 'withdraw' | 'request_info' | 'answer_info' | 'accept' | 'decline';

export interface ReferralTransition {
  action: ReferralAction;
  from: readonly ReferralStatus[];
  to: ReferralStatus;
  /** Who takes it: the filing member, a coordinator, or the system (jobs, case decisions). */
  by: 'filer' | 'coordinator' | 'system';
}

/** The referral's life as its filer sees it (domain.md, "The workflow"). */
export const REFERRAL_TRANSITIONS: readonly ReferralTransition[] = [
  { action: 'edit', from: ['draft'], to: 'draft', by: 'filer' },
  { action: 'submit', from: ['draft'], to: 'submitted', by: 'filer' },
  { action: 'intake', from: ['submitted'], to: 'in_review', by: 'system' },
  {
    action: 'withdraw',
    from: ['draft', 'submitted', 'in_review', 'info_requested'],
    to: 'withdrawn',
    by: 'filer',
  },
  { action: 'request_info', from: ['in_review'], to: 'info_requested', by: 'coordinator' },
  { action: 'answer_info', from: ['info_requested'], to: 'in_review', by: 'filer' },
  { action: 'accept', from: ['in_review'], to: 'accepted', by: 'system' },
  { action: 'decline', from: ['in_review'], to: 'declined', by: 'system' },
];

/** The status an action leads to from `from`, or null when the table does not allow it. */
export function referralTransition(
  action: ReferralAction,
  from: ReferralStatus,
): ReferralStatus | null {
  const rule = REFERRAL_TRANSITIONS.find((t) => t.action === action);
  return rule && rule.from.includes(from) ? rule.to : null;
}
