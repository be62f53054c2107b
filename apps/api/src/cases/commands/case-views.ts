import type { RecordScope } from '@app/domain';
import type { Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { RoutingService } from '../../routing/routing.service';
import { CaseQueries } from '../case-queries';
import type {
  CaseDetailView,
  CaseInfoRequestView,
  InfoRequestView,
} from '../dto/case-responses.dto';

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
    return this.queries.detail(caseId, tx);
  }

  infoRequests(
    tx: Tx,
    scope: RecordScope,
    where: { caseId?: string; referralId?: string; id?: string },
    forMember = false,
  ): Promise<InfoRequestView[]> {
    return this.queries.infoRequests(tx, scope, where, forMember);
  }

  /** Information requests as coordinators read them: with the case and the people. */
  caseInfoRequests(
    tx: Tx,
    scope: RecordScope,
    where: { caseId?: string; referralId?: string; id?: string },
  ): Promise<CaseInfoRequestView[]> {
    return this.queries.caseInfoRequests(tx, scope, where);
  }

  routingPlan(tx: Tx, caseId: string, agencyIds: string[]) {
    return this.routing.planFor(tx, caseId, agencyIds);
  }

  routingSuggestion(tx: Tx, caseId: string) {
    return this.routing.suggest(tx, caseId);
  }
}
