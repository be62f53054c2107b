import { actorOf, AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import type { AuthUser } from '@app/auth';
import {
  AppConfig,
  ConflictProblem,
  markAudited,
  RecordNotFound,
  ValidationProblem,
  type Page,
  type RequestMeta,
} from '@app/common';
import {
  buildCasePackage,
  decideCaseTransition,
  isOpenCaseStatus,
  parseSlaClocks,
  referralTransition,
  slaDeadline,
  type CaseAction,
  type CaseDecisionContext,
  type CaseStatus,
  type DispatchStatus,
  type ReferralStatus,
  type SlaDurations,
  type WorkflowRefusal,
} from '@app/domain';
import {
  CaseEntity,
  CaseNoteEntity,
  DispatchEntity,
  InfoRequestEntity,
  ReferralEntity,
  UserEntity,
  inTransaction,
  nextReference,
  type Tx,
} from '@app/persistence';
import { OutboxWriter, QueueName, SlaClocks } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { RoutingService } from '../routing/routing.service';
import { maskedMerchant } from '../referrals/referral.mapper';
import { refusalProblem } from '../workflow/refusal';
import { CaseQueries } from './case-queries';
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
  InfoRequestView,
} from './dto/case-responses.dto';

const PRIORITY_ORDER = ['P1', 'P2', 'P3', 'P4'];
/** Roles a case can be assigned to. */
const ASSIGNABLE_ROLES: readonly string[] = ['coordinator', 'lead_coordinator'];
/** Referral statuses still waiting for the coalition's decision. */
const UNDECIDED: ReferralStatus[] = ['in_review', 'info_requested'];
/** Case statuses in which coordinators still gather information and move referrals. */
const GATHERING: CaseStatus[] = ['triage', 'in_review'];

function moreUrgent(a: string, b: string): string {
  return PRIORITY_ORDER.indexOf(a) <= PRIORITY_ORDER.indexOf(b) ? a : b;
}

/**
 * What coordinators do with cases. Every command locks the case, asks the
 * workflow table (libs/domain) whether the action is allowed, and commits the
 * change, its audit events, clocks and outbox rows in one transaction. A
 * refusal for the caller's role (403) is itself audited.
 */
@Injectable()
export class CasesService {
  private readonly sla: SlaDurations;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: CaseQueries,
    private readonly routing: RoutingService,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly clocks: SlaClocks,
    config: AppConfig,
  ) {
    this.sla = parseSlaClocks(config.get('SLA_CLOCKS'));
  }

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

  async assign(
    user: AuthUser,
    caseId: string,
    dto: AssignCaseDto,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    const assigneeId = dto.userId?.toLowerCase() ?? user.id;
    return this.transition(user, caseId, meta, 'assign', {
      apply: async (c, m, to) => {
        const assignee = await m.findOneBy(UserEntity, { id: assigneeId });
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
        await m.save(c);
        await this.clocks.stop(m, 'triage', { caseId: c.id }, 'met');
        return this.record(m, user, meta, 'case.assign', c.id, { from, to, assigneeId });
      },
    });
  }

  async addNote(
    user: AuthUser,
    caseId: string,
    body: string,
    meta: RequestMeta,
  ): Promise<CaseNoteResponse> {
    return inTransaction(this.dataSource, async (m) => {
      await this.queries.requireCase(user, caseId, m as unknown as Tx); // merge: access.require
      const note = m.create(CaseNoteEntity, {
        id: randomUUID(),
        caseId,
        authorId: user.id,
        body,
      });
      await m.insert(CaseNoteEntity, note);
      await this.audit.record(m, {
        actor: actorOf(user),
        origin: meta,
        action: 'case.note',
        outcome: 'success',
        targetType: 'case',
        targetId: caseId,
        details: { noteId: note.id, length: body.length },
      });
      const author = await m.findOneByOrFail(UserEntity, { id: user.id });
      const saved = await m.findOneByOrFail(CaseNoteEntity, { id: note.id });
      return {
        id: saved.id,
        body: saved.body,
        author: { id: author.id, displayName: author.displayName },
        createdAt: saved.createdAt.toISOString(),
      };
    });
  }

  /** Ask the filer of one of the case's referrals; the referral shows `info_requested`. */
  async requestInfo(
    user: AuthUser,
    caseId: string,
    dto: CreateInfoRequestDto,
    meta: RequestMeta,
  ): Promise<InfoRequestView> {
    return inTransaction(this.dataSource, async (m) => {
      const c = await this.queries.requireCase(user, caseId, m as unknown as Tx, true); // merge: access.require
      if (!GATHERING.includes(c.status as CaseStatus)) {
        throw new ConflictProblem(
          `case_info_request_not_allowed_from_${c.status}`,
          `This case is ${c.status.replace(/_/g, ' ')}; information can be requested only while it is in triage or in review.`,
        );
      }
      const referral = await m.findOne(ReferralEntity, {
        where: { id: dto.referralId.toLowerCase() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!referral || referral.caseId !== c.id) {
        throw ValidationProblem.field('referralId', 'is not a referral of this case');
      }
      const status = referral.status as ReferralStatus;
      const to = status === 'info_requested' ? status : referralTransition('request_info', status);
      if (to === null) {
        throw new ConflictProblem(
          'referral_request_info_not_allowed',
          `A referral in status ${referral.status} cannot be sent an information request.`,
        );
      }
      referral.status = to;
      await m.save(referral);
      const id = randomUUID();
      await m.insert(InfoRequestEntity, {
        id,
        caseId: c.id,
        referralId: referral.id,
        organizationId: referral.organizationId,
        askedBy: user.id,
        question: dto.question,
        status: 'open',
        answer: null,
        answeredBy: null,
        answeredAt: null,
      });
      await this.clocks.start(
        m,
        'info_request',
        { caseId: c.id, infoRequestId: id },
        slaDeadline(this.sla, 'info_request', new Date()),
      );
      await this.audit.record(m, {
        actor: actorOf(user),
        origin: meta,
        action: 'info_request.create',
        outcome: 'success',
        targetType: 'info_request',
        targetId: id,
        details: { caseId: c.id, referralId: referral.id },
      });
      // merge: the caller's access.scopeFilter(actor, 'cases.write')
      const [view] = await this.queries.infoRequests(m as unknown as Tx, { reach: 'all' }, { id });
      return view;
    });
  }

  /** Move a referral (typically a suggested one) from its case into this one. */
  async link(
    user: AuthUser,
    caseId: string,
    referralId: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return inTransaction(this.dataSource, async (m) => {
      const peek = await m.findOneBy(ReferralEntity, { id: referralId });
      if (!peek || peek.caseId === null) {
        throw ValidationProblem.field('referralId', 'is not a submitted referral on a case');
      }
      if (peek.caseId === caseId) {
        throw new ConflictProblem(
          'referral_already_on_case',
          'The referral is already on this case.',
        );
      }
      const [target, source] = await this.lockPair(m, caseId, peek.caseId);
      const referral = await m.findOneOrFail(ReferralEntity, {
        where: { id: referralId },
        lock: { mode: 'pessimistic_write' },
      });
      if (referral.caseId !== source.id) {
        throw new ConflictProblem(
          'referral_moved',
          'The referral moved meanwhile; reload the case.',
        );
      }
      if (!GATHERING.includes(target.status as CaseStatus)) {
        throw new ConflictProblem(
          `case_link_not_allowed_from_${target.status}`,
          `This case is ${target.status.replace(/_/g, ' ')}; referrals can be linked only in triage or in review.`,
        );
      }
      if (!GATHERING.includes(source.status as CaseStatus)) {
        throw new ConflictProblem(
          'referral_link_source_not_allowed',
          `The referral's case ${source.reference} is ${source.status.replace(/_/g, ' ')}; its referrals can no longer move.`,
        );
      }
      await this.moveReferrals(m, [referral.id], source.id, target.id);
      await m.query(
        `INSERT INTO match_suggestions (case_id, referral_id, similarity, reason, status)
         VALUES ($1, $2, 1, 'linked by a coordinator', 'linked')
         ON CONFLICT (case_id, referral_id) DO UPDATE SET status = 'linked'`,
        [target.id, referral.id],
      );
      target.priority = moreUrgent(target.priority, referral.priority);
      await m.save(target);
      await this.record(m, user, meta, 'case.link', target.id, {
        referralId: referral.id,
        fromCaseId: source.id,
      });
      await this.mergeIfEmpty(m, user, meta, source, target);
      return this.queries.detail(target.id, m as unknown as Tx); /* merge: tx */
    });
  }

  async dismissSuggestion(
    user: AuthUser,
    caseId: string,
    referralId: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return inTransaction(this.dataSource, async (m) => {
      await this.queries.requireCase(user, caseId, m as unknown as Tx, true); // merge: access.require
      const [rows] = await m.query<[unknown[], number]>(
        `UPDATE match_suggestions SET status = 'dismissed'
          WHERE case_id = $1 AND referral_id = $2 AND status = 'open' RETURNING referral_id`,
        [caseId, referralId],
      );
      if (rows.length === 0) throw new RecordNotFound('open suggestion');
      await this.record(m, user, meta, 'case.dismiss_suggestion', caseId, { referralId });
      return this.queries.detail(caseId, m as unknown as Tx); /* merge: tx */
    });
  }

  async merge(
    user: AuthUser,
    caseId: string,
    intoCaseId: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.transition(user, caseId, meta, 'merge', {
      field: 'intoCaseId',
      lockOthers: [intoCaseId],
      context: async (_c, m) => {
        const target = await m.findOneBy(CaseEntity, { id: intoCaseId });
        return {
          mergeTargetId: intoCaseId,
          mergeTargetStatus: (target?.status as CaseStatus | undefined) ?? null,
        };
      },
      apply: async (source, m, to) => {
        const target = await m.findOneByOrFail(CaseEntity, { id: intoCaseId });
        const moved: { id: string }[] = await m.query(
          `SELECT id FROM referrals WHERE case_id = $1`,
          [source.id],
        );
        await this.moveReferrals(
          m,
          moved.map((r) => r.id),
          source.id,
          target.id,
        );
        await this.closeSource(m, source, target, to);
        target.priority = moreUrgent(target.priority, source.priority);
        await m.save(target);
        await this.record(m, user, meta, 'case.merge', source.id, {
          from: source.status,
          intoCaseId: target.id,
          referrals: moved.length,
        });
        await this.record(m, user, meta, 'case.absorb', target.id, {
          fromCaseId: source.id,
          referrals: moved.length,
        });
        return this.queries.detail(target.id, m as unknown as Tx); /* merge: tx */
      },
    });
  }

  async propose(
    user: AuthUser,
    caseId: string,
    dto: ProposeRoutingDto,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.transition(user, caseId, meta, 'propose', {
      field: 'agencyIds',
      context: () => Promise.resolve({ agencyCount: dto.agencyIds.length }),
      apply: async (c, m, to) => {
        const undecided = await m.count(ReferralEntity, {
          where: { caseId: c.id, status: In(UNDECIDED) },
        });
        if (undecided === 0) {
          throw new ConflictProblem(
            'case_has_no_referrals',
            'Every referral of this case has been withdrawn; there is nothing to route.',
          );
        }
        const plan = await this.routing.planFor(
          m,
          c.id,
          dto.agencyIds.map((id) => id.toLowerCase()),
        );
        const from = c.status;
        c.routingPlan = {
          agencies: plan.map((p) => ({ agencyId: p.agencyId, basis: p.basis })),
          tlp: dto.tlp,
          rationale: dto.rationale,
        };
        c.tlp = dto.tlp;
        c.proposedBy = user.id;
        c.proposedAt = new Date();
        c.approvedBy = null;
        c.approvedAt = null;
        c.status = to;
        await m.save(c);
        return this.record(m, user, meta, 'case.propose', c.id, {
          from,
          to,
          agencyIds: plan.map((p) => p.agencyId),
          tlp: dto.tlp,
        });
      },
    });
  }

  /**
   * Four-eyes approval: creates one dispatch per planned agency with its
   * package, and the outbox rows that deliver them, in the approval's
   * transaction; the case is then routed.
   */
  async approve(user: AuthUser, caseId: string, meta: RequestMeta): Promise<CaseDetailView> {
    return this.transition(user, caseId, meta, 'approve', {
      context: (c) => Promise.resolve({ proposerId: c.proposedBy }),
      apply: async (c, m, to) => {
        const plan = c.routingPlan;
        if (!plan || plan.agencies.length === 0) {
          throw refusalProblem(
            {
              allowed: false,
              kind: 'invalid',
              code: 'agencies_required',
              message: 'The proposed routing names no agency; send it back to be proposed again.',
            },
            'agencyIds',
          );
        }
        const agencies: {
          id: string;
          name: string;
          organization_id: string;
          channels: string[];
          active: boolean;
        }[] = await m.query(
          `SELECT id, name, organization_id, channels, active FROM agencies WHERE id = ANY($1::uuid[])`,
          [plan.agencies.map((a) => a.agencyId)],
        );
        for (const planned of plan.agencies) {
          const agency = agencies.find((a) => a.id === planned.agencyId);
          if (!agency?.active) {
            throw new ConflictProblem(
              'routing_plan_stale',
              `An agency of the proposed routing is no longer active (${agency?.name ?? planned.agencyId}); send the case back and propose again.`,
            );
          }
        }
        const now = new Date();
        const referrals = await this.packageReferrals(m, c.id);
        if (referrals.length === 0) {
          throw new ConflictProblem(
            'case_has_no_referrals',
            'Every referral of this case has been withdrawn; there is nothing to route.',
          );
        }

        c.status = to;
        c.approvedBy = user.id;
        c.approvedAt = now;
        c.routingRound += 1;
        await this.record(m, user, meta, 'case.approve', c.id, {
          proposedBy: c.proposedBy,
          agencies: plan.agencies.length,
          routingRound: c.routingRound,
        });

        await this.cancelOpenInfoRequests(m, c.id);
        await m.query(
          `UPDATE referrals SET status = 'accepted', updated_at = now(), version = version + 1
            WHERE case_id = $1 AND status = ANY($2::text[])`,
          [c.id, UNDECIDED],
        );

        for (const planned of plan.agencies) {
          const agency = agencies.find((a) => a.id === planned.agencyId)!;
          const id = randomUUID();
          const reference = await nextReference(m, 'DSP', now);
          const pkg = buildCasePackage({
            dispatch: { id, reference },
            case: { id: c.id, reference: c.reference, priority: c.priority },
            agency: { id: agency.id, name: agency.name },
            tlp: plan.tlp,
            rationale: plan.rationale,
            basis: planned.basis,
            referrals,
            approvedAt: now,
          });
          await m.insert(DispatchEntity, {
            id,
            reference,
            caseId: c.id,
            agencyId: agency.id,
            routingRound: c.routingRound,
            status: 'pending',
            channels: agency.channels as DispatchEntity['channels'],
            basis: planned.basis,
            tlp: plan.tlp,
            package: pkg as unknown as DispatchEntity['package'] & object,
            deliveryAttempts: 0,
          });
          await this.outbox.enqueue(m, QueueName.Dispatch, 'deliver', {
            organizationId: agency.organization_id,
            dispatchId: id,
          });
          await this.audit.record(m, {
            actor: actorOf(user),
            origin: meta,
            action: 'dispatch.create',
            outcome: 'success',
            targetType: 'dispatch',
            targetId: id,
            details: { caseId: c.id, agencyId: agency.id, reference },
          });
        }

        // approved → routed: the dispatches exist and are on their way.
        const routed = decideCaseTransition('route', {
          status: c.status as CaseStatus,
          actor: 'system',
        });
        if (!routed.allowed) throw refusalProblem(routed);
        c.status = routed.to;
        await m.save(c);
        await this.audit.record(m, {
          actor: SYSTEM_ACTOR,
          origin: meta,
          action: 'case.route',
          outcome: 'success',
          targetType: 'case',
          targetId: c.id,
          details: { dispatches: plan.agencies.length, routingRound: c.routingRound },
        });
        return this.queries.detail(c.id, m as unknown as Tx); /* merge: tx */
      },
    });
  }

  async sendBack(
    user: AuthUser,
    caseId: string,
    comment: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.transition(user, caseId, meta, 'send_back', {
      field: 'comment',
      context: () => Promise.resolve({ reason: comment }),
      apply: async (c, m, to) => {
        c.status = to;
        c.statusReason = comment;
        c.proposedBy = null;
        c.proposedAt = null;
        await m.save(c);
        return this.record(m, user, meta, 'case.send_back', c.id, { from: 'pending_approval', to });
      },
    });
  }

  async reject(
    user: AuthUser,
    caseId: string,
    reason: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.transition(user, caseId, meta, 'reject', {
      field: 'reason',
      context: () => Promise.resolve({ reason }),
      apply: async (c, m, to) => {
        const from = c.status;
        c.status = to;
        c.statusReason = reason;
        await m.save(c);
        await this.cancelOpenInfoRequests(m, c.id);
        await this.clocks.stop(m, ['triage'], { caseId: c.id }, 'cancelled');
        const [declined] = await m.query<[unknown[], number]>(
          `UPDATE referrals SET status = 'declined', updated_at = now(), version = version + 1
            WHERE case_id = $1 AND status = ANY($2::text[]) RETURNING id`,
          [c.id, UNDECIDED],
        );
        return this.record(m, user, meta, 'case.reject', c.id, {
          from,
          to,
          referralsDeclined: declined.length,
        });
      },
    });
  }

  async close(
    user: AuthUser,
    caseId: string,
    outcome: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.transition(user, caseId, meta, 'close', {
      context: async (c, m) => {
        const rows: { status: DispatchStatus }[] = await m.query(
          `SELECT status FROM dispatches WHERE case_id = $1 AND routing_round = $2`,
          [c.id, c.routingRound],
        );
        return { dispatchStatuses: rows.map((r) => r.status) };
      },
      apply: async (c, m, to) => {
        c.status = to;
        c.outcome = outcome;
        c.closedAt = new Date();
        await m.save(c);
        return this.record(m, user, meta, 'case.close', c.id, { from: 'routed', to });
      },
    });
  }

  async reopen(
    user: AuthUser,
    caseId: string,
    reason: string,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.transition(user, caseId, meta, 'reopen', {
      field: 'reason',
      context: () => Promise.resolve({ reason }),
      apply: async (c, m, to) => {
        const from = c.status;
        c.status = to;
        c.statusReason = reason;
        c.closedAt = null;
        c.proposedBy = null;
        c.proposedAt = null;
        c.approvedBy = null;
        c.approvedAt = null;
        await m.save(c);
        // A rejected case's referrals are under review again; accepted ones stay accepted.
        const [reopened] = await m.query<[unknown[], number]>(
          `UPDATE referrals SET status = 'in_review', updated_at = now(), version = version + 1
            WHERE case_id = $1 AND status = 'declined' RETURNING id`,
          [c.id],
        );
        return this.record(m, user, meta, 'case.reopen', c.id, {
          from,
          to,
          referralsReopened: reopened.length,
        });
      },
    });
  }

  // ---------------------------------------------------------------------------

  /**
   * Lock the case (and any other case the command touches, in id order so two
   * commands never wait on each other), ask the workflow table, apply. A
   * refusal for the caller's role is audited after the transaction rolls back.
   */
  private async transition<T>(
    user: AuthUser,
    caseId: string,
    meta: RequestMeta,
    action: CaseAction,
    step: {
      field?: string;
      lockOthers?: string[];
      context?: (c: CaseEntity, m: EntityManager) => Promise<Partial<CaseDecisionContext>>;
      apply: (c: CaseEntity, m: EntityManager, to: CaseStatus) => Promise<T>;
    },
  ): Promise<T> {
    let refusal: WorkflowRefusal | undefined;
    try {
      return await inTransaction(this.dataSource, async (m) => {
        const ids = [...new Set([caseId, ...(step.lockOthers ?? [])])].sort();
        let c: CaseEntity | undefined;
        for (const id of ids) {
          const locked = await m.findOne(CaseEntity, {
            where: { id },
            lock: { mode: 'pessimistic_write' },
          });
          if (id === caseId) c = locked ?? undefined;
        }
        if (!c) throw new RecordNotFound('case');
        const extra = step.context ? await step.context(c, m) : {};
        const decision = decideCaseTransition(action, {
          ...extra,
          status: c.status as CaseStatus,
          actor: { id: user.id, role: user.role },
          caseId: c.id,
        });
        if (!decision.allowed) {
          refusal = decision;
          throw refusalProblem(decision, step.field);
        }
        return step.apply(c, m, decision.to);
      });
    } catch (error) {
      if (refusal?.kind === 'forbidden') {
        await inTransaction(this.dataSource, (m) =>
          this.audit.record(m, {
            actor: actorOf(user),
            origin: meta,
            action: `case.${action}`,
            outcome: 'denied',
            targetType: 'case',
            targetId: caseId,
            details: { code: refusal?.code },
          }),
        );
        throw markAudited(error);
      }
      throw error;
    }
  }

  /** Audit a case command and answer with the case as it now stands. */
  private async record(
    m: EntityManager,
    user: AuthUser,
    meta: RequestMeta,
    action: string,
    caseId: string,
    details: Record<string, unknown>,
  ): Promise<CaseDetailView> {
    await this.audit.record(m, {
      actor: actorOf(user),
      origin: meta,
      action,
      outcome: 'success',
      targetType: 'case',
      targetId: caseId,
      details,
    });
    return this.queries.detail(caseId, m as unknown as Tx); /* merge: tx */
  }

  private async lockPair(
    m: EntityManager,
    a: string,
    b: string,
  ): Promise<[CaseEntity, CaseEntity]> {
    const locked = new Map<string, CaseEntity>();
    for (const id of [a, b].sort()) {
      const c = await m.findOne(CaseEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw new RecordNotFound('case');
      locked.set(id, c);
    }
    return [locked.get(a)!, locked.get(b)!];
  }

  /** Referrals move with their keys, their information requests and those requests' clocks. */
  private async moveReferrals(
    m: EntityManager,
    referralIds: string[],
    fromCaseId: string,
    toCaseId: string,
  ): Promise<void> {
    if (referralIds.length === 0) return;
    await m.query(
      `UPDATE referrals SET case_id = $2, updated_at = now(), version = version + 1
        WHERE id = ANY($1::uuid[])`,
      [referralIds, toCaseId],
    );
    await m.query(
      `UPDATE referral_match_keys SET case_id = $2 WHERE referral_id = ANY($1::uuid[])`,
      [referralIds, toCaseId],
    );
    await m.query(`UPDATE info_requests SET case_id = $2 WHERE referral_id = ANY($1::uuid[])`, [
      referralIds,
      toCaseId,
    ]);
    await m.query(
      `UPDATE sla_clocks SET case_id = $3
        WHERE case_id = $2 AND info_request_id IN
              (SELECT id FROM info_requests WHERE referral_id = ANY($1::uuid[]))`,
      [referralIds, fromCaseId, toCaseId],
    );
    // A suggestion that a moved referral join the case it is now on is settled.
    await m.query(
      `UPDATE match_suggestions SET status = 'linked'
        WHERE case_id = $2 AND referral_id = ANY($1::uuid[]) AND status = 'open'`,
      [referralIds, toCaseId],
    );
  }

  /** A case left with no referrals by a link is merged into the case that took them. */
  private async mergeIfEmpty(
    m: EntityManager,
    user: AuthUser,
    meta: RequestMeta,
    source: CaseEntity,
    target: CaseEntity,
  ): Promise<void> {
    const left = await m.count(ReferralEntity, { where: { caseId: source.id } });
    if (left > 0) return;
    const decision = decideCaseTransition('merge', {
      status: source.status as CaseStatus,
      actor: { id: user.id, role: user.role },
      caseId: source.id,
      mergeTargetId: target.id,
      mergeTargetStatus: target.status as CaseStatus,
    });
    if (!decision.allowed) return;
    await this.closeSource(m, source, target, decision.to);
    await this.record(m, user, meta, 'case.merge', source.id, {
      from: source.status,
      intoCaseId: target.id,
      reason: 'its last referral was linked to another case',
    });
  }

  /** The merged case hands over its suggestions and notes and stops its clocks. */
  private async closeSource(
    m: EntityManager,
    source: CaseEntity,
    target: CaseEntity,
    to: CaseStatus,
  ): Promise<void> {
    await m.query(
      `INSERT INTO match_suggestions (case_id, referral_id, similarity, reason, status, created_at)
       SELECT $2, s.referral_id, s.similarity, s.reason, s.status, s.created_at
         FROM match_suggestions s JOIN referrals r ON r.id = s.referral_id
        WHERE s.case_id = $1 AND r.case_id IS DISTINCT FROM $2
       ON CONFLICT DO NOTHING`,
      [source.id, target.id],
    );
    await m.query(`DELETE FROM match_suggestions WHERE case_id = $1`, [source.id]);
    await m.query(`UPDATE case_notes SET case_id = $2 WHERE case_id = $1`, [source.id, target.id]);
    await m.query(
      `UPDATE sla_clocks SET status = 'cancelled', stopped_at = now()
        WHERE case_id = $1 AND status IN ('running', 'breached') AND clock <> 'hold_expiry'`,
      [source.id],
    );
    source.status = to;
    source.mergedIntoId = target.id;
    await m.save(source);
    if (!isOpenCaseStatus(target.status as CaseStatus)) {
      throw new ConflictProblem(
        'merge_target_invalid',
        'The case to merge into is no longer open.',
      );
    }
  }

  private async cancelOpenInfoRequests(m: EntityManager, caseId: string): Promise<void> {
    await m.query(
      `UPDATE info_requests SET status = 'cancelled', updated_at = now(), version = version + 1
        WHERE case_id = $1 AND status = 'open'`,
      [caseId],
    );
    await this.clocks.stop(m, 'info_request', { caseId }, 'cancelled');
  }

  /** The case's undecided referrals as the package shows them: sensitive values masked. */
  private async packageReferrals(m: EntityManager, caseId: string) {
    const referrals = await m.find(ReferralEntity, {
      where: { caseId, status: In(UNDECIDED) },
      order: { submittedAt: 'ASC', reference: 'ASC' },
    });
    const orgs: { id: string; legal_name: string; named_in_dispatches: boolean }[] =
      referrals.length === 0
        ? []
        : await m.query(
            `SELECT id, legal_name, named_in_dispatches FROM organizations WHERE id = ANY($1::uuid[])`,
            [referrals.map((r) => r.organizationId)],
          );
    return referrals.map((r) => {
      const org = orgs.find((o) => o.id === r.organizationId);
      return {
        reference: r.reference,
        filer: {
          legalName: org?.legal_name ?? '',
          namedInDispatches: org?.named_in_dispatches ?? false,
        },
        category: r.category,
        indicators: r.indicators,
        priority: r.priority,
        observedFrom: r.observedFrom,
        observedTo: r.observedTo,
        totalAmount:
          r.totalAmount !== null && r.totalCurrency !== null
            ? { value: r.totalAmount, currency: r.totalCurrency }
            : null,
        narrative: r.narrative,
        merchant: r.merchant ? maskedMerchant(r.merchant) : null,
        observables: r.observables,
        transactions: r.transactions,
        submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
      };
    });
  }
}
