import type { AuthUser } from '@app/auth';
import type { RequestMeta } from '@app/common';
import { CasesRepository } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { CaseTransitions } from './case-transitions';

/** A lead sends a proposed routing back for rework, with a comment; the proposal is dropped. */
@Injectable()
export class SendBack {
  constructor(
    private readonly cases: CasesRepository,
    private readonly transitions: CaseTransitions,
  ) {}

  run(user: AuthUser, caseId: string, comment: string, meta: RequestMeta): Promise<CaseDetailView> {
    return this.transitions.run(user, caseId, meta, 'send_back', {
      field: 'comment',
      context: () => Promise.resolve({ reason: comment }),
      apply: async (c, tx, to) => {
        const from = c.status;
        c.status = to;
        c.statusReason = comment;
        c.proposedBy = null;
        c.proposedAt = null;
        await this.cases.save(tx, c);
        return this.transitions.recorded(tx, user, meta, 'case.send_back', c.id, { from, to });
      },
    });
  }
}
