import {
  DEFAULT_TLP,
  packagedReferrals,
  strictestTlp,
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

/**
 * A case as a STIX export source: its referrals masked and their filers
 * anonymised exactly as an approval packages them; marked with the strictest
 * of the case's TLP and its referrals' (AMBER+STRICT when none is known);
 * published at approval, or at the latest submission before that.
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
    // Never weaker than a filer's marking: the strictest of the case's and its referrals'.
    tlp:
      strictestTlp([c.tlp, ...referrals.map((r) => r.tlp)].filter((t) => t !== null)) ??
      DEFAULT_TLP,
    published: published.toISOString(),
    referrals: packagedReferrals(packageReferrals(referrals, filers)),
  };
}
