import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { DEFAULT_PAGE_SIZE, type Page, type RequestMeta } from '@app/common';
import type { RecordScope } from '@app/domain';
import { CaseReadsRepository, UnitOfWork, type Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { RoutingService } from '../routing/routing.service';
import type { AssigneeListResponse } from './dto/assignee.dto';
import type {
  CaseDetailView,
  CaseInfoRequestView,
  CaseSummaryView,
  InfoRequestView,
} from './dto/case-responses.dto';
import { readCaseDetail } from './reads/case-detail.reader';
import { readInbox, type InboxFilter } from './reads/case-inbox.reader';
import { caseInfoRequestView, infoRequestView } from './reads/case-info-requests.reader';

export type { InboxFilter } from './reads/case-inbox.reader';

/** Roles a case can be assigned to. */
export const CASE_ASSIGNEE_ROLES: readonly string[] = ['coordinator', 'lead_coordinator'];

/**
 * The case a command has just changed is answered to the caller who passed the
 * command's own access check on it, in the same transaction; cases are the
 * coalition's, so that caller reaches all of it.
 */
const REACHED_BY_COMMAND: RecordScope = Object.freeze({ reach: 'all' as const });

/**
 * Read models of cases for coordinators: the inbox (priority first, then age),
 * the people a case can be assigned to, and the whole case, read in one
 * statement and shaped section by section (./reads). Reading one case is audited.
 */
@Injectable()
export class CaseQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
    private readonly reads: CaseReadsRepository,
    private readonly routing: RoutingService,
  ) {}

  /** One page of the inbox, within the caller's reach over cases. */
  inbox(actor: AuthUser, filter: InboxFilter): Promise<Page<CaseSummaryView>> {
    // A list may lag the primary: it reads from the replica when there is one.
    return this.uow.replicaRead((tx) =>
      readInbox(
        this.reads,
        tx,
        this.access.scopeFilter(actor, 'cases.read'),
        filter,
        filter.limit ?? DEFAULT_PAGE_SIZE,
      ),
    );
  }

  /**
   * Who a case can be assigned to: the coalition's active coordinators and
   * lead coordinators (the people `assign` accepts), with nothing about them
   * but their name and role.
   */
  async assignees(actor: AuthUser): Promise<AssigneeListResponse> {
    const rows = await this.reads.assignees(
      this.uow.autocommit,
      this.access.scopeFilter(actor, 'cases.write'),
      CASE_ASSIGNEE_ROLES,
    );
    return {
      items: rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role })),
    };
  }

  /**
   * The whole case for GET /cases/:id: 404 out of reach; reading it is
   * audited. Three statements, none in a transaction: the access check, the
   * case, and the audit event as one autocommit INSERT (atomic on its own, so
   * a BEGIN/COMMIT pair would only add round trips). It is written after the
   * read succeeded and before the case is answered: a failed read leaves no
   * event, and a failed write answers no case.
   */
  async read(actor: AuthUser, caseId: string, meta: RequestMeta): Promise<CaseDetailView> {
    const tx = this.uow.autocommit;
    await this.access.require(actor, 'cases.read', { kind: 'case', id: caseId }, { tx });
    const view = await readCaseDetail(
      this.reads,
      tx,
      this.access.scopeFilter(actor, 'cases.read'),
      caseId,
    );
    await this.audit.record(tx, {
      actor: actorOf(actor),
      origin: meta,
      action: 'case.read',
      outcome: 'success',
      targetType: 'case',
      targetId: caseId,
    });
    return view;
  }

  /** The routing engine's suggestion for a case the caller reaches (404 otherwise). */
  async routingSuggestion(actor: AuthUser, caseId: string) {
    const tx = this.uow.autocommit;
    await this.access.require(actor, 'cases.read', { kind: 'case', id: caseId }, { tx });
    return this.routing.suggest(tx, caseId);
  }

  /** The whole case as a command that changed it answers, in the command's transaction. */
  detail(caseId: string, tx: Tx): Promise<CaseDetailView> {
    return readCaseDetail(this.reads, tx, REACHED_BY_COMMAND, caseId);
  }

  /**
   * Information requests of a case, of a referral, or one by id, within
   * `scope` (applied to the referral asked about). `forMember` leaves out who
   * asked and who answered: a filer sees the question and the answer only.
   */
  async infoRequests(
    tx: Tx,
    scope: RecordScope,
    where: { caseId?: string; referralId?: string; id?: string },
    forMember = false,
  ): Promise<InfoRequestView[]> {
    const rows = await this.reads.infoRequests(tx, scope, where);
    return rows.map((row) => infoRequestView(row, forMember));
  }

  /** Information requests as coordinators read them, within `scope`: with the case and the people. */
  async caseInfoRequests(
    tx: Tx,
    scope: RecordScope,
    where: { caseId?: string; referralId?: string; id?: string },
  ): Promise<CaseInfoRequestView[]> {
    const rows = await this.reads.infoRequests(tx, scope, where);
    return rows.map(caseInfoRequestView);
  }
}
