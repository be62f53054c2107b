import { withinScope, type MemberActionType, type RecordScope } from '@app/domain';
import type { NewAlert } from '../alerts';
import type { ReferralEntity } from '../entities';
import type { Tx } from '../unit-of-work/tx';
import type {
  ContradictedHold,
  MemberActionRecord,
  MemberActionsRepository,
  NewMemberAction,
} from './member-actions.repository';

/** Answer on a later tick, as a query does, so callers cannot rely on synchronous fakes. */
const settled = (): Promise<void> => Promise.resolve();

type Holder = Pick<ReferralEntity, 'id' | 'organizationId' | 'createdBy'> & {
  reference?: string;
  caseId?: string | null;
};

/** MemberActionsRepository over arrays, for unit tests; holds are seeded per case. */
export class InMemoryMemberActionsRepository implements Pick<
  MemberActionsRepository,
  keyof MemberActionsRepository
> {
  readonly actions: { holder: Holder; action: NewMemberAction; seq: number }[] = [];
  readonly holds: (ContradictedHold & { caseId: string })[] = [];
  readonly alerts: NewAlert[] = [];
  private seq = 0;

  async record(
    _tx: Tx,
    scope: RecordScope,
    referral: Holder,
    action: NewMemberAction,
  ): Promise<void> {
    await settled();
    if (!this.reaches(scope, referral)) throw new Error('The referral lies outside the scope');
    this.seq += 1;
    this.actions.push({ holder: { ...referral }, action: { ...action }, seq: this.seq });
  }

  async list(
    _tx: Tx,
    scope: RecordScope,
    where: { referralId?: string; caseId?: string; id?: string },
  ): Promise<MemberActionRecord[]> {
    await settled();
    return this.actions
      .filter(
        ({ holder, action }) =>
          this.reaches(scope, holder) &&
          (where.referralId === undefined || action.referralId === where.referralId) &&
          (where.caseId === undefined || holder.caseId === where.caseId) &&
          (where.id === undefined || action.id === where.id),
      )
      .sort((a, b) => b.action.date.localeCompare(a.action.date) || b.seq - a.seq)
      .map(({ holder, action }) => ({
        id: action.id,
        referralId: action.referralId,
        referralReference: holder.reference ?? '',
        action: action.action as MemberActionType,
        date: action.date,
        note: action.note,
        recordedBy: {
          id: action.recordedBy,
          displayName: action.recordedBy,
          apiKeyId: action.apiKeyId,
          apiKeyName: null,
        },
        recordedAt: new Date(0).toISOString(),
      }));
  }

  async activeHolds(
    _tx: Tx,
    caseId: string,
    holdScopes: readonly string[],
  ): Promise<ContradictedHold[]> {
    await settled();
    return this.holds
      .filter((h) => h.caseId === caseId && holdScopes.includes(h.scope))
      .map(({ caseId: _caseId, ...hold }) => hold);
  }

  async raiseAlert(_tx: Tx, alert: NewAlert): Promise<void> {
    await settled();
    if (!this.alerts.some((a) => a.dedupeKey === alert.dedupeKey)) this.alerts.push(alert);
  }

  private reaches(scope: RecordScope, holder: Holder): boolean {
    return withinScope(scope, { organizationId: holder.organizationId, ownerId: holder.createdBy });
  }
}
