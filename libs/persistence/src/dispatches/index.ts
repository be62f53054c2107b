import { DispatchesRepository, HoldsRepository } from './dispatches.repository';
import { PlannedDispatchesRepository } from './planned-dispatches.repository';

export {
  DispatchesRepository,
  HoldsRepository,
  type DispatchWithAgency,
} from './dispatches.repository';
export * from './planned-dispatches.repository';
/** Registered by PersistenceModule. */
export const DISPATCH_REPOSITORIES = [
  DispatchesRepository,
  HoldsRepository,
  PlannedDispatchesRepository,
];
