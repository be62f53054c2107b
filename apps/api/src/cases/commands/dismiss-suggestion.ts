import { AccessService, type AuthUser } from '@app/auth';
import { RecordNotFound, type RequestMeta } from '@app/common';
import { MatchSuggestionsRepository, UnitOfWork } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { CaseTransitions } from './case-transitions';

/** A coordinator decides a suggested referral does not belong on the case. */
@Injectable()
export class DismissSuggestion {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly suggestions: MatchSuggestionsRepository,
    private readonly transitions: CaseTransitions,
  ) {}

  run(
    user: AuthUser,
    caseId: string,
    referralId: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.uow.run(async (tx) => {
      await this.access.require(
        user,
        'cases.write',
        { kind: 'case', id: caseId },
        { tx, lock: true },
      );
      if (!(await this.suggestions.dismissOpen(tx, caseId, referralId))) {
        throw new RecordNotFound('open suggestion');
      }
      return this.transitions.recorded(tx, user, meta, 'case.dismiss_suggestion', caseId, {
        referralId,
      });
    });
  }
}
