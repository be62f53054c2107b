import { AgenciesRepository } from './agencies.repository';
import { JurisdictionsRepository } from './jurisdictions.repository';
import { RoutingRepository } from './routing.repository';

export {
  AgenciesRepository,
  type AgencyForRouting,
  type AgencyLiaison,
  type NewAgency,
} from './agencies.repository';
export { JurisdictionsRepository, type NewJurisdiction } from './jurisdictions.repository';
export { RoutingRepository } from './routing.repository';
export {
  InMemoryAgenciesRepository,
  InMemoryJurisdictionsRepository,
  InMemoryRoutingRepository,
  type InMemoryCaseReferral,
  type InMemoryOrganization,
} from './in-memory-reference-data';
/** Registered by PersistenceModule. */
export const REFERENCE_DATA_REPOSITORIES = [
  JurisdictionsRepository,
  AgenciesRepository,
  RoutingRepository,
];
