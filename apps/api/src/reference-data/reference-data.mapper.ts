import type { AgencyEntity, JurisdictionEntity } from '@app/persistence';
import type { AgencyResponse } from './dto/agency.dto';
import type { JurisdictionResponse } from './dto/jurisdiction.dto';

export function toJurisdictionResponse(j: JurisdictionEntity): JurisdictionResponse {
  return {
    code: j.code,
    name: j.name,
    csamSpecificLaw: j.csamSpecificLaw,
    csamDefined: j.csamDefined,
    technologyFacilitatedOffences: j.technologyFacilitatedOffences,
    simplePossessionCriminalised: j.simplePossessionCriminalised,
    ispReportingRequired: j.ispReportingRequired,
    sourceEdition: j.sourceEdition,
    reviewedOn: j.reviewedOn,
    hotline: j.hotline,
    isDemo: j.isDemo,
    version: j.version,
    createdAt: j.createdAt.toISOString(),
    updatedAt: j.updatedAt.toISOString(),
  };
}

/** The webhook secret never leaves the server: only whether one is set. */
export function toAgencyResponse(a: AgencyEntity, coverage: readonly string[]): AgencyResponse {
  return {
    id: a.id,
    organizationId: a.organizationId,
    name: a.name,
    coverage: [...coverage].sort(),
    channels: [...a.channels],
    webhookUrl: a.webhookUrl,
    webhookSecretSet: a.webhookSecret !== null,
    contactEmail: a.contactEmail,
    contactPhone: a.contactPhone,
    isFallback: a.isFallback,
    active: a.active,
    isDemo: a.isDemo,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
