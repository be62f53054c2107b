import type { AuthUser } from '@app/auth';
import { ValidationProblem, type RequestMeta } from '@app/common';
import { CasesRepository } from '@app/persistence';
import { Notifier, SlaClocks } from '@app/queues';
import { Injectable } from '@nestjs/common';
import type { AssignCaseDto } from '../dto/case-commands.dto';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { ASSIGNABLE_ROLES } from './case-rules';
import { CaseTransitions } from './case-transitions';

/** Claim a case (no user named) or assign it; its triage clock is met. */
@Injectable()
export class AssignCase {
  constructor(
    private readonly transitions: CaseTransitions,
    private readonly cases: CasesRepository,
    private readonly clocks: SlaClocks,
    private readonly notifier: Notifier,
  ) {}

  run(
    user: AuthUser,
    caseId: string,
    dto: AssignCaseDto,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    const assigneeId = dto.userId?.toLowerCase() ?? user.id;
    return this.transitions.run(user, caseId, meta, 'assign', {
      apply: async (c, tx, to) => {
        const assignee = await this.cases.candidateAssignee(tx, assigneeId);
        if (
          !assignee ||
          assignee.status !== 'active' ||
          !ASSIGNABLE_ROLES.includes(assignee.role)
        ) {
          throw ValidationProblem.field(
            'userId',
            'must be an active coordinator or lead coordinator',
          );
        }
        const from = c.status;
        c.assigneeId = assignee.id;
        c.status = to;
        await this.cases.save(tx, c);
        await this.clocks.stop(tx, 'triage', { caseId: c.id }, 'met');
        // Claiming a case tells nobody; assigning it to someone else tells them.
        if (assignee.id !== user.id) {
          await this.notifier.notify(tx, 'case.assigned', c.id, user.id);
        }
        return this.transitions.recorded(tx, user, meta, 'case.assign', c.id, {
          from,
          to,
          assigneeId,
        });
      },
    });
  }
}
