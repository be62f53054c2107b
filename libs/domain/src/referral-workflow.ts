import type { ReferralStatus } from './referrals/vocabulary';

export type ReferralAction =
  | 'edit'
  | 'submit'
  | 'intake'
  | 'withdraw'
  | 'request_info'
  | 'answer_info'
  | 'accept'
  | 'decline'
  | 'reopen';

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
  // The case's approval accepts, its rejection declines, every referral still
  // undecided; an open information request is cancelled with it.
  { action: 'accept', from: ['in_review', 'info_requested'], to: 'accepted', by: 'system' },
  { action: 'decline', from: ['in_review', 'info_requested'], to: 'declined', by: 'system' },
  // A lead reopening a rejected case puts its referrals under review again.
  { action: 'reopen', from: ['declined'], to: 'in_review', by: 'system' },
];

/** The status an action leads to from `from`, or null when the table does not allow it. */
export function referralTransition(
  action: ReferralAction,
  from: ReferralStatus,
): ReferralStatus | null {
  const rule = REFERRAL_TRANSITIONS.find((t) => t.action === action);
  return rule && rule.from.includes(from) ? rule.to : null;
}
