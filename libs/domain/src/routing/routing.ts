/**
 * The routing engine (docs/routing.md): from what the filers reported about a
 * merchant, which jurisdictions are involved and which agencies to propose,
 * each with a one-line reason a coordinator can check. Pure and deterministic:
 * the same input always gives the same suggestion, in the same order.
 *
 * Legislation criteria and the hotline flag are shown to help the coordinator
 * judge; they never exclude a jurisdiction or an agency.
 */

/** Where a candidate jurisdiction came from, in the order they are listed. */
export const ROUTING_SOURCES = [
  'merchant_country',
  'acquirer_country',
  'hosting_country',
  'principal_residence',
] as const;
export type RoutingSource = (typeof ROUTING_SOURCES)[number];

export type CriterionValue = 'yes' | 'no' | 'unknown';

/** The five criteria of the model-legislation review, as recorded by administrators. */
export interface JurisdictionCriteria {
  csamSpecificLaw: CriterionValue;
  csamDefined: CriterionValue;
  technologyFacilitatedOffences: CriterionValue;
  simplePossessionCriminalised: CriterionValue;
  ispReportingRequired: CriterionValue;
}

/** What one referral reported about the merchant (only the routing-relevant fields). */
export interface RoutingMerchant {
  country?: string | null;
  acquirer?: { country?: string | null } | null;
  hostingCountries?: readonly string[] | null;
  principals?: readonly { countryOfResidence?: string | null }[] | null;
}

export interface RoutingJurisdiction {
  code: string;
  name: string;
  criteria: JurisdictionCriteria;
  hotline: boolean;
}

/** An active agency and the jurisdiction codes it covers. */
export interface RoutingAgency {
  id: string;
  name: string;
  coverage: readonly string[];
  isFallback: boolean;
}

export interface RoutingInput {
  merchants: readonly RoutingMerchant[];
  jurisdictions: readonly RoutingJurisdiction[];
  agencies: readonly RoutingAgency[];
}

export interface JurisdictionSuggestion {
  code: string;
  /** Null when the code is not a recorded jurisdiction. */
  name: string | null;
  recorded: boolean;
  sources: RoutingSource[];
  criteria: JurisdictionCriteria | null;
  hotline: boolean | null;
  /** Active agencies covering it (not the fallback proposed for it). */
  agencyIds: string[];
  explanation: string;
}

/** A basis source: where the jurisdiction came from, plus `fallback` when no agency covers it. */
export type RoutingBasisSource = RoutingSource | 'fallback';

export interface CandidateBasis {
  jurisdiction: string;
  sources: RoutingBasisSource[];
  explanation: string;
}

export interface RoutingCandidate {
  agencyId: string;
  agencyName: string;
  /** The jurisdiction with the strongest support (the first basis entry). */
  jurisdiction: string | null;
  basis: CandidateBasis[];
  explanation: string;
  /** Proposed as the coalition's fallback channel for at least one jurisdiction. */
  fallback: boolean;
}

export interface RoutingSuggestion {
  jurisdictions: JurisdictionSuggestion[];
  candidates: RoutingCandidate[];
}

const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * The longest explanation a suggestion carries. It names agencies and
 * jurisdictions, so it grows with them; past this it ends with an ellipsis
 * (the structured fields beside it list everything).
 */
export const ROUTING_EXPLANATION_MAX = 2000;

function bounded(explanation: string): string {
  return explanation.length <= ROUTING_EXPLANATION_MAX
    ? explanation
    : `${explanation.slice(0, ROUTING_EXPLANATION_MAX - 1)}…`;
}

/** A basis entry while the suggestion is built: also the reasons alone, for merged explanations. */
interface WorkingBasis extends CandidateBasis {
  reasons: string;
}

interface Gathered {
  sources: Set<RoutingSource>;
  principals: number;
}

/** Suggest jurisdictions and agencies for a case from its referrals' merchant data. */
export function suggestRouting(input: RoutingInput): RoutingSuggestion {
  const gathered = gatherJurisdictions(input.merchants);
  const recorded = new Map(input.jurisdictions.map((j) => [normalise(j.code), j]));
  const agencies = [...input.agencies].sort(byNameThenId);
  const fallbackAgency = agencies.find((a) => a.isFallback) ?? null;

  const codes = [...gathered.keys()].sort((a, b) =>
    compareJurisdictions(a, gathered.get(a) as Gathered, b, gathered.get(b) as Gathered),
  );

  const jurisdictions: JurisdictionSuggestion[] = [];
  const candidates = new Map<string, { agency: RoutingAgency; basis: WorkingBasis[] }>();
  const propose = (agency: RoutingAgency, basis: WorkingBasis) => {
    const entry = candidates.get(agency.id) ?? { agency, basis: [] };
    entry.basis.push(basis);
    candidates.set(agency.id, entry);
  };

  for (const code of codes) {
    const found = gathered.get(code) as Gathered;
    const sources = ROUTING_SOURCES.filter((s) => found.sources.has(s));
    const why = reasonsFor(code, sources, found.principals);
    const jurisdiction = recorded.get(code) ?? null;
    const covering = agencies.filter((a) => a.coverage.some((c) => normalise(c) === code));

    let explanation: string;
    if (covering.length > 0) {
      explanation = `${why}; ${coverPhrase(covering, code)}`;
      for (const agency of covering) {
        propose(agency, {
          jurisdiction: code,
          sources: [...sources],
          explanation: `${why}; ${agency.name} covers ${code}`,
          reasons: why,
        });
      }
    } else {
      const uncovered =
        jurisdiction === null
          ? `${code} is not a recorded jurisdiction, so no agency covers it`
          : `no agency covers ${code}`;
      if (fallbackAgency !== null) {
        explanation = `${why}; ${uncovered}; proposing the coalition's fallback channel ${fallbackAgency.name}`;
        propose(fallbackAgency, {
          jurisdiction: code,
          sources: [...sources, 'fallback'],
          explanation,
          reasons: why,
        });
      } else {
        explanation = `${why}; ${uncovered} and no fallback channel is configured, so no agency is proposed for it`;
      }
    }

    jurisdictions.push({
      code,
      name: jurisdiction?.name ?? null,
      recorded: jurisdiction !== null,
      sources,
      criteria: jurisdiction ? { ...jurisdiction.criteria } : null,
      hotline: jurisdiction ? jurisdiction.hotline : null,
      agencyIds: covering.map((a) => a.id),
      explanation: bounded(explanation),
    });
  }

  const rank = new Map(codes.map((code, index) => [code, index]));
  const ordered = [...candidates.values()]
    .map(({ agency, basis }) => {
      const sortedBasis = [...basis].sort((a, b) => compareBasis(a, b, rank));
      return {
        candidate: {
          agencyId: agency.id,
          agencyName: agency.name,
          jurisdiction: sortedBasis[0]?.jurisdiction ?? null,
          basis: sortedBasis.map(({ jurisdiction, sources, explanation }) => ({
            jurisdiction,
            sources,
            explanation,
          })),
          explanation: bounded(candidateExplanation(agency.name, sortedBasis)),
          fallback: sortedBasis.some((b) => b.sources.includes('fallback')),
        },
        support: sortedBasis.reduce((n, b) => n + supportOf(b), 0),
        fallbackOnly: sortedBasis.every((b) => b.sources.includes('fallback')),
      };
    })
    .sort(
      (a, b) =>
        b.support - a.support ||
        // On equal support an agency that covers a jurisdiction comes before the last resort.
        Number(a.fallbackOnly) - Number(b.fallbackOnly) ||
        compareText(a.candidate.agencyName, b.candidate.agencyName) ||
        compareText(a.candidate.agencyId, b.candidate.agencyId),
    )
    .map((entry) => entry.candidate);

  return { jurisdictions, candidates: ordered };
}

// ---------------------------------------------------------------------------

function normalise(code: string): string {
  return code.trim().toUpperCase();
}

function gatherJurisdictions(merchants: readonly RoutingMerchant[]): Map<string, Gathered> {
  const gathered = new Map<string, Gathered>();
  const note = (raw: string | null | undefined, source: RoutingSource) => {
    if (typeof raw !== 'string') return;
    const code = normalise(raw);
    if (!COUNTRY_CODE.test(code)) return;
    const entry = gathered.get(code) ?? { sources: new Set<RoutingSource>(), principals: 0 };
    entry.sources.add(source);
    if (source === 'principal_residence') entry.principals += 1;
    gathered.set(code, entry);
  };
  for (const merchant of merchants) {
    note(merchant.country, 'merchant_country');
    note(merchant.acquirer?.country, 'acquirer_country');
    // A country listed twice by one filer is one hosting country.
    new Set((merchant.hostingCountries ?? []).map(normalise)).forEach((code) =>
      note(code, 'hosting_country'),
    );
    for (const principal of merchant.principals ?? []) {
      note(principal.countryOfResidence, 'principal_residence');
    }
  }
  return gathered;
}

/** More sources first; then the jurisdiction reached by the earliest kind of source; then code. */
function compareJurisdictions(a: string, ga: Gathered, b: string, gb: Gathered): number {
  return (
    gb.sources.size - ga.sources.size ||
    firstSourceRank(ga.sources) - firstSourceRank(gb.sources) ||
    compareText(a, b)
  );
}

function firstSourceRank(sources: Set<RoutingSource>): number {
  return ROUTING_SOURCES.findIndex((s) => sources.has(s));
}

function supportOf(basis: CandidateBasis): number {
  return basis.sources.filter((s) => s !== 'fallback').length;
}

/** Covered before fallback, then more sources first, then the jurisdictions' own order. */
function compareBasis(a: CandidateBasis, b: CandidateBasis, rank: Map<string, number>): number {
  const fa = a.sources.includes('fallback') ? 1 : 0;
  const fb = b.sources.includes('fallback') ? 1 : 0;
  return (
    fa - fb ||
    supportOf(b) - supportOf(a) ||
    (rank.get(a.jurisdiction) ?? 0) - (rank.get(b.jurisdiction) ?? 0)
  );
}

function byNameThenId(a: RoutingAgency, b: RoutingAgency): number {
  return compareText(a.name, b.name) || compareText(a.id, b.id);
}

/** Code-unit order: the same everywhere, whatever the locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function sourcePhrase(source: RoutingSource, code: string, principals: number): string {
  switch (source) {
    case 'merchant_country':
      return `merchant registered in ${code}`;
    case 'acquirer_country':
      return `acquirer in ${code}`;
    case 'hosting_country':
      return `websites hosted in ${code}`;
    case 'principal_residence':
      return principals > 1
        ? `${principals} principals resident in ${code}`
        : `principal resident in ${code}`;
  }
}

function reasonsFor(code: string, sources: readonly RoutingSource[], principals: number): string {
  return listed(sources.map((s) => sourcePhrase(s, code, principals)));
}

function coverPhrase(agencies: readonly RoutingAgency[], code: string): string {
  const names = listed(agencies.map((a) => a.name));
  return `${names} ${agencies.length > 1 ? 'cover' : 'covers'} ${code}`;
}

function candidateExplanation(agencyName: string, basis: readonly WorkingBasis[]): string {
  if (basis.length === 1) return basis[0].explanation;
  const covered = basis.filter((b) => !b.sources.includes('fallback'));
  const fallbacks = basis.filter((b) => b.sources.includes('fallback'));
  const describe = (b: WorkingBasis) => `${b.jurisdiction} (${b.reasons})`;
  const parts: string[] = [];
  if (covered.length > 0) parts.push(`${agencyName} covers ${listed(covered.map(describe))}`);
  if (fallbacks.length > 0) {
    const lead = covered.length > 0 ? 'and is' : `${agencyName} is`;
    parts.push(
      `${lead} the coalition's fallback channel for ${listed(fallbacks.map(describe))}, which no agency covers`,
    );
  }
  return parts.join(' ');
}
