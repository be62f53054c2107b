import { ValidationProblem, type FieldProblem } from '@app/common';
import {
  suggestRouting,
  type RoutingAgency,
  type RoutingJurisdiction,
  type RoutingMerchant,
  type RoutingSuggestion,
} from '@app/domain';
import {
  AgencyCoverageEntity,
  AgencyEntity,
  JurisdictionEntity,
  ReferralEntity,
  type StoredRoutingBasis,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { In, Not, type EntityManager } from 'typeorm';

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
 * Routing suggestions for a case (docs/routing.md). The caller has already
 * checked the case and the caller's access to it; these methods only read, on
 * the caller's transaction.
 */
@Injectable()
export class RoutingService {
  /** The engine's suggestion from the case's live referrals, recorded jurisdictions and active agencies. */
  async suggest(manager: EntityManager, caseId: string): Promise<RoutingSuggestion> {
    const referrals = await manager.find(ReferralEntity, {
      where: { caseId, status: Not(In(IGNORED_REFERRAL_STATUSES)) },
      select: { id: true, merchant: true },
      order: { id: 'ASC' },
    });
    const merchants: RoutingMerchant[] = referrals.flatMap((r) =>
      r.merchant
        ? [
            {
              country: r.merchant.country ?? null,
              acquirer: r.merchant.acquirer
                ? { country: r.merchant.acquirer.country ?? null }
                : null,
              hostingCountries: r.merchant.hostingCountries ?? [],
              principals: (r.merchant.principals ?? []).map((p) => ({
                countryOfResidence: p.countryOfResidence ?? null,
              })),
            },
          ]
        : [],
    );

    // One after the other: a transaction's manager runs one query at a time.
    const jurisdictions = await this.jurisdictionsFor(manager, merchants);
    const agencies = await this.activeAgencies(manager);
    return suggestRouting({ merchants, jurisdictions, agencies });
  }

  /**
   * The plan for the agencies a coordinator chose, in the order given: each must
   * be an existing active agency, listed once. Each keeps the basis the engine
   * gave it; an agency the engine did not suggest is the coordinator's choice.
   */
  async planFor(
    manager: EntityManager,
    caseId: string,
    agencyIds: string[],
  ): Promise<PlannedAgency[]> {
    if (agencyIds.length === 0) {
      throw ValidationProblem.field('agencyIds', 'must name at least one agency');
    }
    const wellFormed = [...new Set(agencyIds.filter((id) => UUID.test(id)))];
    const found =
      wellFormed.length === 0
        ? []
        : await manager.find(AgencyEntity, {
            where: { id: In(wellFormed) },
            select: { id: true, name: true, active: true },
          });
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

    const suggestion = await this.suggest(manager, caseId);
    return agencyIds.map((id) => {
      const agency = byId.get(id.toLowerCase()) as AgencyEntity;
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
    manager: EntityManager,
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
    const rows = await manager.find(JurisdictionEntity, { where: { code: In([...codes]) } });
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

  private async activeAgencies(manager: EntityManager): Promise<RoutingAgency[]> {
    const agencies = await manager.find(AgencyEntity, {
      where: { active: true },
      select: { id: true, name: true, isFallback: true },
    });
    if (agencies.length === 0) return [];
    const coverage = await manager.find(AgencyCoverageEntity, {
      where: { agencyId: In(agencies.map((a) => a.id)) },
    });
    return agencies.map((a) => ({
      id: a.id,
      name: a.name,
      isFallback: a.isFallback,
      coverage: coverage.filter((c) => c.agencyId === a.id).map((c) => c.jurisdictionCode),
    }));
  }
}
