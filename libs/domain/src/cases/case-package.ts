/**
 * The case package: what an agency receives for one dispatch, built once when
 * the routing is approved and stored with the dispatch, so what the liaison
 * reads (portal) and what the receiver gets (webhook) is exactly what the lead
 * approved. Need to know: a filing member appears as "coalition member" unless
 * it opted in to be named; sensitive identifiers are masked; no coordinator
 * notes, suggestions or internal ids of other records travel.
 */

export const CASE_PACKAGE_SCHEMA = 'crh.case-package/v1';

/** How a filer appears in a package when it has not opted in to be named. */
export const ANONYMOUS_FILER = 'coalition member';

export interface PackageRoutingBasis {
  jurisdiction: string | null;
  sources: string[];
  explanation: string;
}

/** A referral as stored, with sensitive fields already masked by the caller. */
export interface PackageReferralInput {
  reference: string;
  filer: { legalName: string; namedInDispatches: boolean };
  category: string | null;
  indicators: string[];
  priority: string;
  observedFrom: string | null;
  observedTo: string | null;
  totalAmount: { value: string; currency: string } | null;
  narrative: string | null;
  merchant: Record<string, unknown> | null;
  observables: unknown[];
  transactions: unknown[];
  submittedAt: string | null;
}

export interface CasePackageInput {
  dispatch: { id: string; reference: string };
  case: { id: string; reference: string; priority: string };
  agency: { id: string; name: string };
  tlp: string;
  /** Permissible Actions Protocol marking (PAP_MARKINGS). */
  pap: string;
  rationale: string;
  basis: PackageRoutingBasis[];
  referrals: PackageReferralInput[];
  approvedAt: Date;
}

export interface CasePackage {
  schema: typeof CASE_PACKAGE_SCHEMA;
  tlp: string;
  /** What the agency may do with it (PAP); absent from packages built before it was recorded. */
  pap: string;
  dispatch: { id: string; reference: string };
  case: { id: string; reference: string; priority: string };
  agency: { id: string; name: string };
  routing: { basis: PackageRoutingBasis[]; rationale: string };
  approvedAt: string;
  /** Merchant names and countries across all referrals, for a first look. */
  summary: { merchantNames: string[]; countries: string[]; referralCount: number };
  referrals: (Omit<PackageReferralInput, 'filer'> & { filer: string })[];
}

function uniqueSorted(values: (string | undefined | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))].sort();
}

export function buildCasePackage(input: CasePackageInput): CasePackage {
  const merchants = input.referrals.map((r) => r.merchant ?? {});
  return {
    schema: CASE_PACKAGE_SCHEMA,
    tlp: input.tlp,
    pap: input.pap,
    dispatch: { ...input.dispatch },
    case: { ...input.case },
    agency: { ...input.agency },
    routing: { basis: input.basis.map((b) => ({ ...b })), rationale: input.rationale },
    approvedAt: input.approvedAt.toISOString(),
    summary: {
      merchantNames: uniqueSorted(
        merchants.flatMap((m) => [
          m.legalName as string | undefined,
          ...((m.tradingNames as string[] | undefined) ?? []),
        ]),
      ),
      countries: uniqueSorted(merchants.map((m) => m.country as string | undefined)),
      referralCount: input.referrals.length,
    },
    referrals: packagedReferrals(input.referrals),
  };
}

/**
 * Referrals as a package carries them: each filer by name only if it opted in
 * to be named, else as "coalition member". Also what a case's STIX export uses.
 */
export function packagedReferrals(
  referrals: readonly PackageReferralInput[],
): CasePackage['referrals'] {
  return referrals.map(({ filer, ...rest }) => ({
    ...rest,
    filer: filer.namedInDispatches ? filer.legalName : ANONYMOUS_FILER,
  }));
}
