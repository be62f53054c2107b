import { AccessService, type AuthUser } from '@app/auth';
import type { RequestMeta } from '@app/common';
import type { DispatchStatus } from '@app/domain';
import { CasesRepository, PlannedDispatchesRepository } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { CaseTransitions } from './case-transitions';

/** Close a routed case with its outcome, once every dispatch of its round is finished. */
@Injectable()
export class CloseCase {
  constructor(
    private readonly access: AccessService,
    private readonly cases: CasesRepository,
    private readonly dispatches: PlannedDispatchesRepository,
    private readonly transitions: CaseTransitions,
  ) {}

  run(user: AuthUser, caseId: string, outcome: string, meta: RequestMeta): Promise<CaseDetailView> {
    return this.transitions.run(user, caseId, meta, 'close', {
      context: async (c, tx) => {
        const statuses = await this.dispatches.statusesOfRound(
          tx,
          this.access.scopeFilter(user, 'cases.write'),
          c.id,
          c.routingRound,
        );
        return { dispatchStatuses: statuses as DispatchStatus[] };
      },
      apply: async (c, tx, to) => {
        const from = c.status;
        c.status = to;
        c.outcome = outcome;
        c.closedAt = new Date();
        await this.cases.save(tx, c);
        return this.transitions.recorded(tx, user, meta, 'case.close', c.id, { from, to });
      },
    });
  }
}
