import type { Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { RoutingService } from '../../routing/routing.service';
import { CaseQueries } from '../case-queries';
import type { CaseDetailView, InfoRequestView } from '../dto/case-responses.dto';

/** The handle CaseQueries and RoutingService read with. */
type ReadHandle = Parameters<CaseQueries['infoRequests']>[0];

// merge: CaseQueries and RoutingService read with a Tx once the read side moves to
// repositories; these casts (and this type) then go.
function handle(tx: Tx): ReadHandle {
  return tx as unknown as ReadHandle;
}

/**
 * The reads a case command answers with or decides on, each on the command's
 * own transaction: what it answers must be what it committed.
 */
@Injectable()
export class CaseViews {
  constructor(
    private readonly queries: CaseQueries,
    private readonly routing: RoutingService,
  ) {}

  detail(tx: Tx, caseId: string): Promise<CaseDetailView> {
    return this.queries.detail(caseId, handle(tx)); // merge: tx first
  }

  infoRequests(
    tx: Tx,
    where: { caseId?: string; referralId?: string; id?: string },
    forMember = false,
  ): Promise<InfoRequestView[]> {
    return this.queries.infoRequests(handle(tx), where, forMember); // merge: tx
  }

  routingPlan(tx: Tx, caseId: string, agencyIds: string[]) {
    return this.routing.planFor(handle(tx), caseId, agencyIds); // merge: tx
  }

  routingSuggestion(tx: Tx, caseId: string) {
    return this.routing.suggest(handle(tx), caseId); // merge: tx
  }
}
