import type { AuthUser } from '@app/auth';
import type { RequestMeta } from '@app/common';
import type { CaseStatus } from '@app/domain';
import { CaseReferralsRepository, CasesRepository } from '@app/persistence';
import { AccessService } from '@app/auth';
import { Injectable } from '@nestjs/common';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { CaseMerging } from './case-merging';
import { moreUrgent } from './case-rules';
import { CaseTransitions } from './case-transitions';
import { CaseViews } from './case-views';

/** Merge a case into another open one: its referrals, notes and suggestions move there. */
@Injectable()
export class MergeCase {
  constructor(
    private readonly access: AccessService,
    private readonly cases: CasesRepository,
    private readonly caseReferrals: CaseReferralsRepository,
    private readonly merging: CaseMerging,
    private readonly transitions: CaseTransitions,
    private readonly views: CaseViews,
  ) {}

  run(
    user: AuthUser,
    caseId: string,
    intoCaseId: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.transitions.run(user, caseId, meta, 'merge', {
      field: 'intoCaseId',
      lockOthers: [intoCaseId],
      context: async (_c, tx) => {
        const target = await this.cases.find(tx, intoCaseId);
        return {
          mergeTargetId: intoCaseId,
          mergeTargetStatus: (target?.status as CaseStatus | undefined) ?? null,
        };
      },
      apply: async (source, tx, to) => {
        const target = (await this.cases.find(tx, intoCaseId))!;
        const scope = this.access.scopeFilter(user, 'cases.write');
        const moved = await this.caseReferrals.idsOnCase(tx, scope, source.id);
        await this.merging.moveReferrals(tx, user, moved, source.id, target.id);
        await this.merging.closeSource(tx, source, target, to);
        target.priority = moreUrgent(target.priority, source.priority);
        await this.cases.save(tx, target);
        await this.transitions.recorded(tx, user, meta, 'case.merge', source.id, {
          from: source.status,
          intoCaseId: target.id,
          referrals: moved.length,
        });
        await this.transitions.recorded(tx, user, meta, 'case.absorb', target.id, {
          fromCaseId: source.id,
          referrals: moved.length,
        });
        return this.views.detail(tx, target.id);
      },
    });
  }
}
