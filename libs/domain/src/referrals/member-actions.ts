import type { HoldScope } from './vocabulary';

/**
 * Member actions: what the filing member did about the merchant of a referral
 * (terminated it, listed it on a card-network file, ...). Codes are wire
 * values (snake_case, stable; changing one is a breaking API change); the
 * descriptions are shown to filers and coordinators.
 *
 * Deliberately absent (hard rule 3): anything saying whether a suspicious
 * activity report was filed, or that the merchant was reported to a financial
 * intelligence unit, a regulator or any other authority. A referral does not
 * replace that duty, and the system holds no trace of it.
 */
export const MEMBER_ACTION_TYPES = [
  {
    code: 'terminated_relationship',
    label: 'Terminated the relationship',
    description: 'The member closed the merchant’s account or ended its acceptance agreement.',
  },
  {
    code: 'suspended_processing',
    label: 'Suspended processing',
    description: 'The member paused the merchant’s payments processing, pending review.',
  },
  {
    code: 'listed_on_card_network_file',
    label: 'Listed on a card-network file',
    description:
      'The member listed the merchant on a card network’s terminated-merchant file (for example MATCH or VMAS).',
  },
  {
    code: 'blocked_payments',
    label: 'Blocked payments',
    description:
      'The member blocked payments to or from the merchant’s accounts, cards or descriptors.',
  },
  {
    code: 'enhanced_monitoring',
    label: 'Enhanced monitoring',
    description: 'The member placed the merchant or its accounts under enhanced monitoring.',
  },
  {
    code: 'other',
    label: 'Other',
    description: 'Something else the member did about the merchant, described in the note.',
  },
] as const satisfies readonly { code: string; label: string; description: string }[];

export type MemberActionType = (typeof MEMBER_ACTION_TYPES)[number]['code'];

export const MEMBER_ACTION_CODES: readonly MemberActionType[] = Object.freeze(
  MEMBER_ACTION_TYPES.map((action) => action.code),
);

/** The note: optional (but required for `other`), at most this many characters. */
export const MEMBER_ACTION_NOTE_MAX = 2000;

export function isMemberActionType(value: unknown): value is MemberActionType {
  return typeof value === 'string' && (MEMBER_ACTION_CODES as readonly string[]).includes(value);
}

/** `other` says nothing by itself: the note must say what was done. */
export function memberActionNeedsNote(action: MemberActionType): boolean {
  return action === 'other';
}

/**
 * The hold scopes a member action goes against. Recording it is still allowed
 * (it is a fact, and the coalition must know it), but coordinators are alerted.
 */
export function holdScopesContradicted(action: MemberActionType): readonly HoldScope[] {
  return action === 'terminated_relationship' ? ['do_not_terminate'] : [];
}
