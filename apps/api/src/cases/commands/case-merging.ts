import { AccessService, type AuthUser } from '@app/auth';
import { ConflictProblem, type RequestMeta } from '@app/common';
import { decideCaseTransition, isOpenCaseStatus, type CaseStatus } from '@app/domain';
import {
  CaseNotesRepository,
  CaseReferralsRepository,
  CasesRepository,
  MatchSuggestionsRepository,
  type CaseEntity,
  type Tx,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { CaseTransitions } from './case-transitions';

/** What merging and linking share: moving referrals between cases, and closing the emptied one. */
@Injectable()
export class CaseMerging {
  constructor(
    private readonly access: AccessService,
    private readonly cases: CasesRepository,
    private readonly caseReferrals: CaseReferralsRepository,
    private readonly notes: CaseNotesRepository,
    private readonly suggestions: MatchSuggestionsRepository,
    private readonly transitions: CaseTransitions,
  ) {}

  /** Referrals move with their keys, their information requests and those requests' clocks. */
  moveReferrals(
    tx: Tx,
    user: AuthUser,
    referralIds: string[],
    fromCaseId: string,
    toCaseId: string,
  ): Promise<void> {
    const scope = this.access.scopeFilter(user, 'cases.write');
    return this.caseReferrals.moveToCase(tx, scope, referralIds, fromCaseId, toCaseId);
  }

  /** The merged case hands over its suggestions and notes and stops its clocks. */
  async closeSource(tx: Tx, source: CaseEntity, target: CaseEntity, to: CaseStatus): Promise<void> {
    await this.suggestions.handOver(tx, source.id, target.id);
    await this.notes.moveToCase(tx, source.id, target.id);
    await this.cases.cancelClocksOfMerged(tx, source.id);
    source.status = to;
    source.mergedIntoId = target.id;
    await this.cases.save(tx, source);
    if (!isOpenCaseStatus(target.status as CaseStatus)) {
      throw new ConflictProblem(
        'merge_target_invalid',
        'The case to merge into is no longer open.',
      );
    }
  }

  /** A case left with no referrals by a link is merged into the case that took them. */
  async mergeIfEmpty(
    tx: Tx,
    user: AuthUser,
    meta: RequestMeta,
    source: CaseEntity,
    target: CaseEntity,
  ): Promise<void> {
    const scope = this.access.scopeFilter(user, 'cases.write');
    if ((await this.caseReferrals.count(tx, scope, source.id)) > 0) return;
    const decision = decideCaseTransition('merge', {
      status: source.status as CaseStatus,
      actor: { id: user.id, role: user.role },
      caseId: source.id,
      mergeTargetId: target.id,
      mergeTargetStatus: target.status as CaseStatus,
    });
    if (!decision.allowed) return;
    await this.closeSource(tx, source, target, decision.to);
    await this.transitions.recorded(tx, user, meta, 'case.merge', source.id, {
      from: source.status,
      intoCaseId: target.id,
      reason: 'its last referral was linked to another case',
    });
  }
}
