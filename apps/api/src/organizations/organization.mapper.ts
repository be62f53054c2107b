import type { OrganizationEntity } from '@app/persistence';
import type { OrganizationResponse } from './dto/organization.dto';

export function toOrganizationResponse(
  org: OrganizationEntity,
  emailDomains: string[],
): OrganizationResponse {
  return {
    id: org.id,
    kind: org.kind,
    legalName: org.legalName,
    country: org.country,
    status: org.status,
    memberType: org.memberType,
    sharingRegistrationCurrent: org.sharingRegistrationCurrent,
    namedInDispatches: org.namedInDispatches,
    emailDomains,
    isDemo: org.isDemo,
    createdAt: org.createdAt.toISOString(),
    updatedAt: org.updatedAt.toISOString(),
  };
}
