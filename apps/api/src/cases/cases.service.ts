import type { AuthUser } from '@app/auth';
import type { Page, RequestMeta } from '@app/common';
import { Injectable } from '@nestjs/common';
import { CaseQueries } from './case-queries';
import {
  AddCaseNote,
  ApproveRouting,
  AssignCase,
  CloseCase,
  DismissSuggestion,
  LinkReferral,
  MergeCase,
  ProposeRouting,
  RejectCase,
  ReopenCase,
  RequestInfo,
  SendBack,
} from './commands';
import type {
  AssignCaseDto,
  CreateInfoRequestDto,
  ListCasesQueryDto,
  ProposeRoutingDto,
} from './dto/case-commands.dto';
import type { AssigneeListResponse } from './dto/assignee.dto';
import type {
  CaseDetailView,
  CaseNoteResponse,
  CaseSummaryView,
  CaseInfoRequestView,
} from './dto/case-responses.dto';

/**
 * What coordinators do with cases, as the controller calls it: the reads, and
 * one step class per command of the workflow (./commands).
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly queries: CaseQueries,
    private readonly assignCase: AssignCase,
    private readonly addCaseNote: AddCaseNote,
    private readonly requestInfoStep: RequestInfo,
    private readonly linkReferral: LinkReferral,
    private readonly dismissSuggestionStep: DismissSuggestion,
    private readonly mergeCase: MergeCase,
    private readonly proposeRouting: ProposeRouting,
    private readonly approveRouting: ApproveRouting,
    private readonly sendBackStep: SendBack,
    private readonly rejectCase: RejectCase,
    private readonly reopenCase: ReopenCase,
    private readonly closeCase: CloseCase,
  ) {}

  list(user: AuthUser, query: ListCasesQueryDto): Promise<Page<CaseSummaryView>> {
    return this.queries.inbox(user, {
      statuses: query.status,
      assigneeId:
        query.assignee === undefined
          ? undefined
          : query.assignee === 'me'
            ? user.id
            : query.assignee === 'none'
              ? null
              : query.assignee.toLowerCase(),
      priority: query.priority,
      overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
      cursor: query.cursor,
      limit: query.limit,
    });
  }

  /**
   * Who a case can be assigned to: the coalition's active coordinators and
   * lead coordinators (the people `assign` accepts), with nothing about them
   * but their name and role.
   */
  assignees(user: AuthUser): Promise<AssigneeListResponse> {
    return this.queries.assignees(user);
  }

  /** The whole case; reading it is audited. */
  get(user: AuthUser, caseId: string, meta: RequestMeta): Promise<CaseDetailView> {
    return this.queries.read(user, caseId, meta);
  }

  routingSuggestion(user: AuthUser, caseId: string) {
    return this.queries.routingSuggestion(user, caseId);
  }

  assign(
    user: AuthUser,
    caseId: string,
    dto: AssignCaseDto,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.assignCase.run(user, caseId, dto, meta);
  }

  addNote(
    user: AuthUser,
    caseId: string,
    body: string,
    meta: RequestMeta,
  ): Promise<CaseNoteResponse> {
    return this.addCaseNote.run(user, caseId, body, meta);
  }

  requestInfo(
    user: AuthUser,
    caseId: string,
    dto: CreateInfoRequestDto,
    meta: RequestMeta,
  ): Promise<CaseInfoRequestView> {
    return this.requestInfoStep.run(user, caseId, dto, meta);
  }

  link(
    user: AuthUser,
    caseId: string,
    referralId: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.linkReferral.run(user, caseId, referralId, meta);
  }

  dismissSuggestion(
    user: AuthUser,
    caseId: string,
    referralId: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.dismissSuggestionStep.run(user, caseId, referralId, meta);
  }

  merge(
    user: AuthUser,
    caseId: string,
    intoCaseId: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.mergeCase.run(user, caseId, intoCaseId, meta);
  }

  propose(
    user: AuthUser,
    caseId: string,
    dto: ProposeRoutingDto,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.proposeRouting.run(user, caseId, dto, meta);
  }

  approve(user: AuthUser, caseId: string, meta: RequestMeta): Promise<CaseDetailView> {
    return this.approveRouting.run(user, caseId, meta);
  }

  sendBack(
    user: AuthUser,
    caseId: string,
    comment: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.sendBackStep.run(user, caseId, comment, meta);
  }

  reject(
    user: AuthUser,
    caseId: string,
    reason: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.rejectCase.run(user, caseId, reason, meta);
  }

  close(
    user: AuthUser,
    caseId: string,
    outcome: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.closeCase.run(user, caseId, outcome, meta);
  }

  reopen(
    user: AuthUser,
    caseId: string,
    reason: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.reopenCase.run(user, caseId, reason, meta);
  }
}
