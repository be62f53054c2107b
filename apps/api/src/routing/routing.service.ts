import { ValidationProblem, type FieldProblem } from '@app/common';
import {
  SYSTEM_SCOPE,
  suggestRouting,
  type RecordScope,
  type RoutingAgency,
  type RoutingJurisdiction,
  type RoutingMerchant,
  type RoutingSuggestion,
} from '@app/domain';
import {
  AgenciesRepository,
  JurisdictionsRepository,
  RoutingRepository,
  type StoredRoutingBasis,
  type Tx,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';

export type { RoutingSuggestion } from '@app/domain';

/** One agency of a routing plan with why it was chosen. */
export interface PlannedAgency {
  agencyId: string;
  agencyName: string;
  basis: StoredRoutingBasis[];
}

/** Referrals in these states say nothing about the case's merchant. */
const IGNORED_REFERRAL_STATUSES = ['draft', 'withdrawn'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the coordinator chose without the engine proposing it. */
const COORDINATOR_CHOICE: StoredRoutingBasis = {
  jurisdiction: null,
  sources: ['coordinator_choice'],
  explanation: 'chosen by the coordinator',
};

/**
 * A case is coalition-held: whoever reached it through AccessService did so
 * with an `all` scope, and the suggestion weighs every live referral of the
 * case, whichever member filed it.
 */
const CASE_REFERRALS_SCOPE: RecordScope = SYSTEM_SCOPE;

/**
 * Routing suggestions for a case (docs/routing.md). The caller has already
 * checked the case and the caller's access to it; these methods only read, on
 * the caller's transaction.
 */
@Injectable()
export class RoutingService {
  constructor(
    private readonly routing: RoutingRepository,
    private readonly jurisdictions: JurisdictionsRepository,
    private readonly agencies: AgenciesRepository,
  ) {}

  /** The engine's suggestion from the case's live referrals, recorded jurisdictions and active agencies. */
  async suggest(tx: Tx, caseId: string): Promise<RoutingSuggestion> {
    const stored = await this.routing.merchantsOfCase(
      tx,
      CASE_REFERRALS_SCOPE,
      caseId,
      IGNORED_REFERRAL_STATUSES,
    );
    const merchants: RoutingMerchant[] = stored.map((merchant) => ({
      country: merchant.country ?? null,
      acquirer: merchant.acquirer ? { country: merchant.acquirer.country ?? null } : null,
      hostingCountries: merchant.hostingCountries ?? [],
      principals: (merchant.principals ?? []).map((p) => ({
        countryOfResidence: p.countryOfResidence ?? null,
      })),
    }));

    // One after the other: a transaction runs one query at a time.
    const jurisdictions = await this.jurisdictionsFor(tx, merchants);
    const agencies: RoutingAgency[] = await this.agencies.activeForRouting(tx);
    return suggestRouting({ merchants, jurisdictions, agencies });
  }

  /**
   * The plan for the agencies a coordinator chose, in the order given: each must
   * be an existing active agency, listed once. Each keeps the basis the engine
   * gave it; an agency the engine did not suggest is the coordinator's choice.
   */
  async planFor(tx: Tx, caseId: string, agencyIds: string[]): Promise<PlannedAgency[]> {
    if (agencyIds.length === 0) {
      throw ValidationProblem.field('agencyIds', 'must name at least one agency');
    }
    const wellFormed = [...new Set(agencyIds.filter((id) => UUID.test(id)))];
    const found = wellFormed.length === 0 ? [] : await this.agencies.namesAndStatus(tx, wellFormed);
    const byId = new Map(found.map((a) => [a.id.toLowerCase(), a]));

    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    agencyIds.forEach((id, index) => {
      const key = id.toLowerCase();
      const agency = byId.get(key);
      const field = `agencyIds[${index}]`;
      if (!UUID.test(id) || !agency) {
        problems.push({ field, messages: ['is not an existing agency'] });
      } else if (!agency.active) {
        problems.push({ field, messages: ['is an inactive agency'] });
      } else if (seen.has(key)) {
        problems.push({ field, messages: ['lists an agency already listed'] });
      }
      seen.add(key);
    });
    if (problems.length > 0) throw new ValidationProblem(problems);

    const suggestion = await this.suggest(tx, caseId);
    return agencyIds.map((id) => {
      const agency = byId.get(id.toLowerCase()) as { id: string; name: string };
      const candidate = suggestion.candidates.find((c) => c.agencyId === agency.id);
      return {
        agencyId: agency.id,
        agencyName: agency.name,
        basis: candidate
          ? candidate.basis.map((b) => ({
              jurisdiction: b.jurisdiction,
              sources: [...b.sources],
              explanation: b.explanation,
            }))
          : [{ ...COORDINATOR_CHOICE, sources: [...COORDINATOR_CHOICE.sources] }],
      };
    });
  }

  private async jurisdictionsFor(
    tx: Tx,
    merchants: RoutingMerchant[],
  ): Promise<RoutingJurisdiction[]> {
    const codes = new Set<string>();
    for (const m of merchants) {
      for (const code of [
        m.country,
        m.acquirer?.country,
        ...(m.hostingCountries ?? []),
        ...(m.principals ?? []).map((p) => p.countryOfResidence),
      ]) {
        if (typeof code === 'string' && code.trim() !== '') codes.add(code.trim().toUpperCase());
      }
    }
    if (codes.size === 0) return [];
    const rows = await this.jurisdictions.byCodes(tx, [...codes]);
    return rows.map((j) => ({
      code: j.code,
      name: j.name,
      hotline: j.hotline,
      criteria: {
        csamSpecificLaw: j.csamSpecificLaw,
        csamDefined: j.csamDefined,
        technologyFacilitatedOffences: j.technologyFacilitatedOffences,
        simplePossessionCriminalised: j.simplePossessionCriminalised,
        ispReportingRequired: j.ispReportingRequired,
      },
    }));
  }
}
