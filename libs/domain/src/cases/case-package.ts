/**
 * The case package: what an agency receives for one dispatch, built once when
 * the routing is approved and stored with the dispatch, so what the liaison
 * reads (portal) and what the receiver gets (webhook) is exactly what the lead
 * approved. Need to know: a filing member appears as "coalition member" unless
 * it opted in to be named; sensitive identifiers are masked; no coordinator
 * notes, suggestions or internal ids of other records travel.
 */

import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';

/**
 * v2 adds each referral's documents, the answered information requests, the
 * coalition staff who proposed and approved the routing, and the package
 * digest recorded at dispatch (see packageDigest). v1 packages stay as stored.
 */
export const CASE_PACKAGE_SCHEMA = 'crh.case-package/v2';

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
  /** The member's documents (metadata; the bytes are downloaded per document). */
  documents?: PackageDocument[];
}

/** A document a member attached to a referral, as the package lists it. */
export interface PackageDocument {
  id: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  /** SHA-256 of the bytes, lowercase hex: what a download must match. */
  sha256: string;
}

/** A coordinator's question to a filer and the filer's answer (answered ones only). */
export interface PackageInformationRequest {
  /** The referral it was about. */
  referralReference: string;
  question: string;
  askedAt: string;
  answer: string;
  answeredAt: string;
}

/** The coalition staff who proposed and approved the routing (names, never member staff). */
export interface PackageApproval {
  proposedBy: string;
  proposedAt: string;
  approvedBy: string;
  approvedAt: string;
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
  informationRequests?: PackageInformationRequest[];
  approval?: PackageApproval;
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
  referrals: (Omit<PackageReferralInput, 'filer' | 'documents'> & {
    filer: string;
    documents: PackageDocument[];
  })[];
  /** Answered information requests, oldest first. */
  informationRequests: PackageInformationRequest[];
  /** Who proposed and approved; null in packages built without it. */
  approval: PackageApproval | null;
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
    informationRequests: (input.informationRequests ?? []).map((r) => ({ ...r })),
    approval: input.approval ? { ...input.approval } : null,
  };
}

/**
 * Referrals as a package carries them: each filer by name only if it opted in
 * to be named, else as "coalition member". Also what a case's STIX export uses.
 */
export function packagedReferrals(
  referrals: readonly PackageReferralInput[],
): CasePackage['referrals'] {
  return referrals.map(({ filer, documents, ...rest }) => ({
    ...rest,
    filer: filer.namedInDispatches ? filer.legalName : ANONYMOUS_FILER,
    documents: (documents ?? []).map((d) => ({ ...d })),
  }));
}

/**
 * The package digest: SHA-256 (lowercase hex) of the package's canonical JSON
 * (RFC 8785). Recorded in the dispatch's audit event, so the next signed
 * checkpoint covers it; an agency recomputes it from the JSON it received.
 */
export function packageDigest(pkg: CasePackage | Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(pkg), 'utf8').digest('hex');
}
