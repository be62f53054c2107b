import { AccessService, type AuthUser } from '@app/auth';
import type { RequestMeta } from '@app/common';
import { CasesRepository, InfoRequestsRepository, ReferralsRepository } from '@app/persistence';
import { SlaClocks } from '@app/queues';
import { Injectable } from '@nestjs/common';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { CaseTransitions } from './case-transitions';

/**
 * Reject a case with a reason: its undecided referrals are declined, its open
 * information requests cancelled and its triage clock stopped.
 */
@Injectable()
export class RejectCase {
  constructor(
    private readonly access: AccessService,
    private readonly cases: CasesRepository,
    private readonly referrals: ReferralsRepository,
    private readonly requests: InfoRequestsRepository,
    private readonly clocks: SlaClocks,
    private readonly transitions: CaseTransitions,
  ) {}

  run(user: AuthUser, caseId: string, reason: string, meta: RequestMeta): Promise<CaseDetailView> {
    return this.transitions.run(user, caseId, meta, 'reject', {
      field: 'reason',
      context: () => Promise.resolve({ reason }),
      apply: async (c, tx, to) => {
        const from = c.status;
        c.status = to;
        c.statusReason = reason;
        await this.cases.save(tx, c);
        await this.requests.cancelOpenOfCase(
          tx,
          this.access.scopeFilter(user, 'cases.write'),
          c.id,
        );
        await this.clocks.stop(tx, 'info_request', { caseId: c.id }, 'cancelled');
        await this.clocks.stop(tx, ['triage'], { caseId: c.id }, 'cancelled');
        const declined = await this.referrals.transitionCase(tx, c.id, 'decline');
        return this.transitions.recorded(tx, user, meta, 'case.reject', c.id, {
          from,
          to,
          referralsDeclined: declined.length,
        });
      },
    });
  }
}
