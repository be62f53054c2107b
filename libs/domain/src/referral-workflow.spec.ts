import { REFERRAL_STATUSES } from './referrals/vocabulary';
import { REFERRAL_TRANSITIONS, referralTransition, type ReferralAction } from './referral-workflow';

describe('referral workflow', () => {
  const actions = REFERRAL_TRANSITIONS.map((t) => t.action);

  it('should allow exactly the pairs in the table and refuse every other (action, status) pair', () => {
    for (const action of actions) {
      const rule = REFERRAL_TRANSITIONS.find((t) => t.action === action)!;
      for (const status of REFERRAL_STATUSES) {
        const expected = rule.from.includes(status) ? rule.to : null;
        expect([action, status, referralTransition(action, status)]).toEqual([
          action,
          status,
          expected,
        ]);
      }
    }
  });

  it('should let a filer edit and submit only drafts', () => {
    expect(referralTransition('submit', 'draft')).toBe('submitted');
    expect(referralTransition('submit', 'submitted')).toBeNull();
    expect(referralTransition('submit', 'withdrawn')).toBeNull();
    expect(referralTransition('edit', 'submitted')).toBeNull();
  });

  it('should let a referral be withdrawn until the coalition has decided, never after', () => {
    for (const s of ['draft', 'submitted', 'in_review', 'info_requested'] as const) {
      expect(referralTransition('withdraw', s)).toBe('withdrawn');
    }
    for (const s of ['accepted', 'declined', 'withdrawn'] as const) {
      expect(referralTransition('withdraw', s)).toBeNull();
    }
  });

  it('should name each action once', () => {
    expect(new Set<ReferralAction>(actions).size).toBe(actions.length);
  });
});
