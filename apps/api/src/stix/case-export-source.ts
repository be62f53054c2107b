import {
  DEFAULT_TLP,
  packagedReferrals,
  TLP_MARKINGS,
  type ReferralStatus,
  type StixExportSource,
} from '@app/domain';
import type { CaseEntity, PackageFiler, ReferralEntity } from '@app/persistence';
import { UNDECIDED } from '../cases/commands/case-rules';
import { packageReferrals } from '../dispatches/dispatch-creation';

/**
 * The referrals a case export carries: those an approval would package
 * (undecided) and those an approval has accepted; never drafts, withdrawn or
 * declined ones.
 */
export const EXPORTED_REFERRAL_STATUSES: readonly ReferralStatus[] = [...UNDECIDED, 'accepted'];

/** The most restrictive of the TLP levels given (AMBER+STRICT when none is known). */
export function mostRestrictiveTlp(levels: readonly (string | null | undefined)[]): string {
  const ranks = levels
    .map((l) => TLP_MARKINGS.indexOf(l as (typeof TLP_MARKINGS)[number]))
    .filter((r) => r >= 0);
  return ranks.length > 0 ? TLP_MARKINGS[Math.max(...ranks)] : DEFAULT_TLP;
}

/**
 * A case as a STIX export source: its referrals masked and their filers
 * anonymised exactly as an approval packages them; marked with the case's
 * TLP, or the most restrictive of its referrals' while it has none; published
 * at approval, or at the latest submission before that.
 */
export function caseExportSource(
  c: CaseEntity,
  referrals: readonly ReferralEntity[],
  filers: readonly PackageFiler[],
): StixExportSource {
  const submitted = referrals
    .map((r) => r.submittedAt?.getTime())
    .filter((t): t is number => t !== undefined);
  const published =
    c.approvedAt ?? (submitted.length > 0 ? new Date(Math.max(...submitted)) : c.createdAt);
  return {
    scope: { kind: 'case', id: c.id, reference: c.reference },
    case: { reference: c.reference },
    tlp: c.tlp ?? mostRestrictiveTlp(referrals.map((r) => r.tlp)),
    published: published.toISOString(),
    referrals: packagedReferrals(packageReferrals(referrals, filers)),
  };
}
