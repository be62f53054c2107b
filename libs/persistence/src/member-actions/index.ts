import { MemberActionsRepository } from './member-actions.repository';

export {
  MemberActionsRepository,
  type ContradictedHold,
  type MemberActionRecord,
  type NewMemberAction,
} from './member-actions.repository';
export { InMemoryMemberActionsRepository } from './in-memory-member-actions.repository';
/** Registered by PersistenceModule. */
export const MEMBER_ACTION_REPOSITORIES = [MemberActionsRepository];
