import { DispatchesRepository, HoldsRepository } from './dispatches.repository';

export {
  DispatchesRepository,
  HoldsRepository,
  type DispatchWithAgency,
} from './dispatches.repository';
/** Registered by PersistenceModule. */
export const DISPATCH_REPOSITORIES = [DispatchesRepository, HoldsRepository];
