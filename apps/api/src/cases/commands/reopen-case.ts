import type { AuthUser } from '@app/auth';
import type { RequestMeta } from '@app/common';
import { CasesRepository, ReferralsRepository } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { CaseTransitions } from './case-transitions';

/**
 * A lead reopens a closed or rejected case for review, with a reason; the
 * previous routing decision is cleared.
 */
@Injectable()
export class ReopenCase {
  constructor(
    private readonly cases: CasesRepository,
    private readonly referrals: ReferralsRepository,
    private readonly transitions: CaseTransitions,
  ) {}

  run(user: AuthUser, caseId: string, reason: string, meta: RequestMeta): Promise<CaseDetailView> {
    return this.transitions.run(user, caseId, meta, 'reopen', {
      field: 'reason',
      context: () => Promise.resolve({ reason }),
      apply: async (c, tx, to) => {
        const from = c.status;
        c.status = to;
        c.statusReason = reason;
        c.closedAt = null;
        c.proposedBy = null;
        c.proposedAt = null;
        c.approvedBy = null;
        c.approvedAt = null;
        await this.cases.save(tx, c);
        // A rejected case's referrals are under review again; accepted ones stay accepted.
        const reopened = await this.referrals.transitionCase(tx, c.id, 'reopen');
        return this.transitions.recorded(tx, user, meta, 'case.reopen', c.id, {
          from,
          to,
          referralsReopened: reopened.length,
        });
      },
    });
  }
}
