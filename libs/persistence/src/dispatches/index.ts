import { PlannedDispatchesRepository } from './planned-dispatches.repository';
import { DeliveriesRepository } from './deliveries.repository';
import { DispatchesRepository } from './dispatches.repository';
import { HoldsRepository } from './holds.repository';
import { PackageDocumentsRepository } from './package-documents.repository';
import { ReferralHoldsRepository } from './referral-holds.repository';

export {
  DispatchesRepository,
  type DispatchOutcomeReport,
  type DispatchStepChanges,
  type DispatchViewParts,
  type DispatchWithAgency,
} from './dispatches.repository';
export * from './planned-dispatches.repository';
export * from './package-documents.repository';
export { dispatchScopeSql, type DispatchListFilter, type DispatchListRow } from './dispatch-list';
export { HoldsRepository, type HoldStepChanges, type NewHold } from './holds.repository';
export { DeliveriesRepository, type NewDeliveryAttempt } from './deliveries.repository';
export { ReferralHoldsRepository, type ReferralHoldView } from './referral-holds.repository';
export {
  InMemoryDeliveriesRepository,
  InMemoryDispatchesRepository,
  InMemoryDispatchStore,
  InMemoryHoldsRepository,
} from './in-memory-dispatches';
/** Registered by PersistenceModule. */
export const DISPATCH_REPOSITORIES = [
  DispatchesRepository,
  HoldsRepository,
  PlannedDispatchesRepository,
  DeliveriesRepository,
  ReferralHoldsRepository,
  PackageDocumentsRepository,
];
