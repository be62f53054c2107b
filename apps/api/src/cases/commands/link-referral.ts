import { AccessService, type AuthUser } from '@app/auth';
import { ConflictProblem, RecordNotFound, ValidationProblem, type RequestMeta } from '@app/common';
import {
  CaseReferralsRepository,
  CasesRepository,
  MatchSuggestionsRepository,
  UnitOfWork,
  type CaseEntity,
  type Tx,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { CaseMerging } from './case-merging';
import { isGathering, moreUrgent, spoken } from './case-rules';
import { CaseTransitions } from './case-transitions';
import { CaseViews } from './case-views';

/**
 * Move a referral (typically a suggested one) from its case into this one; a
 * case left empty is merged into this one.
 */
@Injectable()
export class LinkReferral {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly cases: CasesRepository,
    private readonly caseReferrals: CaseReferralsRepository,
    private readonly suggestions: MatchSuggestionsRepository,
    private readonly merging: CaseMerging,
    private readonly transitions: CaseTransitions,
    private readonly views: CaseViews,
  ) {}

  run(
    user: AuthUser,
    caseId: string,
    referralId: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.uow.run(async (tx) => {
      const scope = this.access.scopeFilter(user, 'cases.write');
      const peek = await this.caseReferrals.find(tx, scope, referralId);
      if (!peek || peek.caseId === null) {
        throw ValidationProblem.field('referralId', 'is not a submitted referral on a case');
      }
      if (peek.caseId === caseId) {
        throw new ConflictProblem(
          'referral_already_on_case',
          'The referral is already on this case.',
        );
      }
      const [target, source] = await this.lockPair(tx, user, caseId, peek.caseId);
      const referral = await this.caseReferrals.lock(tx, scope, referralId);
      if (!referral || referral.caseId !== source.id) {
        throw new ConflictProblem(
          'referral_moved',
          'The referral moved meanwhile; reload the case.',
        );
      }
      if (!isGathering(target.status)) {
        throw new ConflictProblem(
          `case_link_not_allowed_from_${target.status}`,
          `This case is ${spoken(target.status)}; referrals can be linked only in triage or in review.`,
        );
      }
      if (!isGathering(source.status)) {
        throw new ConflictProblem(
          'referral_link_source_not_allowed',
          `The referral's case ${source.reference} is ${spoken(source.status)}; its referrals can no longer move.`,
        );
      }
      await this.merging.moveReferrals(tx, user, [referral.id], source.id, target.id);
      await this.suggestions.recordLink(tx, target.id, referral.id);
      target.priority = moreUrgent(target.priority, referral.priority);
      await this.cases.save(tx, target);
      await this.transitions.recorded(tx, user, meta, 'case.link', target.id, {
        referralId: referral.id,
        fromCaseId: source.id,
      });
      await this.merging.mergeIfEmpty(tx, user, meta, source, target);
      return this.views.detail(tx, target.id);
    });
  }

  /** Both cases locked in id order; the command's own case through the access check. */
  private async lockPair(
    tx: Tx,
    user: AuthUser,
    caseId: string,
    otherId: string,
  ): Promise<[CaseEntity, CaseEntity]> {
    const locked = new Map<string, CaseEntity>();
    for (const id of [caseId, otherId].sort()) {
      const c =
        id === caseId
          ? await this.access.require(user, 'cases.write', { kind: 'case', id }, { tx, lock: true })
          : await this.cases.lock(tx, id);
      if (!c) throw new RecordNotFound('case');
      locked.set(id, c);
    }
    return [locked.get(caseId)!, locked.get(otherId)!];
  }
}
