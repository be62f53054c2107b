import type { Schemas } from '../api/client';

/**
 * Traffic Light Protocol 2.0 markings, one vocabulary for every page: the
 * officer's form, the coordinator's proposal and the liaison's package say
 * the same thing about each marking. Typed by the API's own enumeration.
 */
export type Tlp = Schemas['CreateReferralDto']['tlp'];

/** From the least to the most restrictive. */
export const TLP_MARKINGS: readonly Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];

/** Who may receive material with the marking, in a few words (for choices). */
export const TLP_AUDIENCE: Record<Tlp, string> = {
  CLEAR: 'no limit on disclosure',
  GREEN: 'the community, not publicly',
  AMBER: 'the recipient’s organization and its partners, need to know',
  'AMBER+STRICT': 'the recipient’s organization only',
  RED: 'named recipients only',
};

/** What the marking lets the receiving agency do with the package (for reading). */
const TLP_MEANINGS: Record<Tlp, string> = {
  RED: 'For the named recipients only. Do not share it further, not even inside your agency.',
  'AMBER+STRICT': 'Share only inside your own agency, with people who need to know.',
  AMBER:
    'Share only with people who need to know, in your agency and with partners who must act on it.',
  GREEN: 'May be shared within the law-enforcement and child-protection community, not publicly.',
  CLEAR: 'No restriction on sharing.',
};

export function tlpMeaning(tlp: string): string {
  return TLP_MEANINGS[tlp as Tlp] ?? 'Handle according to the marking.';
}

/** RED and AMBER+STRICT restrict sharing the most: the console makes them stand out. */
export function isRestrictedTlp(tlp: string): boolean {
  return tlp === 'RED' || tlp === 'AMBER+STRICT';
}
