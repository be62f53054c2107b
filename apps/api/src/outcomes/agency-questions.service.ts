import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import {
  ConflictProblem,
  DEFAULT_PAGE_SIZE,
  RecordNotFound,
  ValidationProblem,
  decodeCursor,
  toPage,
  type Page,
  type RequestMeta,
} from '@app/common';
import { SYSTEM_SCOPE } from '@app/domain';
import { AgencyQuestionsRepository, UnitOfWork, type Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { randomUUID } from 'node:crypto';
import {
  toCoordinatorQuestion,
  toLiaisonQuestion,
  toMemberQuestion,
} from './agency-question.mapper';
import {
  AGENCY_QUESTION_LIMITS,
  type AnswerAgencyQuestionDto,
  type AskAgencyQuestionDto,
  type CoordinatorAgencyQuestionResponse,
  type LiaisonAgencyQuestionResponse,
  type ListAgencyQuestionsQueryDto,
  type MemberAgencyQuestionResponse,
} from './dto/agency-question.dto';

/** A liaison asks once the package has reached the agency, and while the agency works the case. */
const ASKING_STATUSES: readonly string[] = ['delivered', 'acknowledged', 'accepted'];

const KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Agency questions, brokered by the coalition: a liaison asks the filer of
 * one referral of a case dispatched to their agency; the filer answers; the
 * liaison reads the answer from "coalition member" (or the member's name, if
 * it opted in to be named). The liaison is never given the filing
 * organization's id or, unless named, its name. Asking, answering and every
 * read are audited. No job follows from either command, so no outbox rows.
 */
@Injectable()
export class AgencyQuestionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly questions: AgencyQuestionsRepository,
    private readonly audit: AuditWriter,
  ) {}

  ask(
    actor: AuthUser,
    dispatchId: string,
    body: AskAgencyQuestionDto,
    meta: RequestMeta,
  ): Promise<LiaisonAgencyQuestionResponse> {
    return this.uow.run(async (tx) => {
      const { dispatch } = await this.access.require(
        actor,
        'dispatches.act',
        { kind: 'dispatch', id: dispatchId },
        { tx, lock: true },
      );
      if (!ASKING_STATUSES.includes(dispatch.status)) {
        throw new ConflictProblem(
          `agency_question_not_allowed_from_${dispatch.status}`,
          `This dispatch is ${dispatch.status}; questions can be asked once the package has reached your agency, and not after it declined.`,
        );
      }
      // Only the referrals the agency was sent: the package is what it may address.
      const packaged = referencesInPackage(dispatch.package);
      const target = packaged.includes(body.referralReference)
        ? await this.questions.referralOfCase(tx, dispatch.caseId, body.referralReference)
        : null;
      if (!target) {
        throw ValidationProblem.field(
          'referralReference',
          "is not a referral of this dispatch's case package",
        );
      }
      if (target.status === 'withdrawn') {
        throw new ConflictProblem(
          'agency_question_referral_withdrawn',
          'The filer withdrew this referral; the coalition cannot pass questions about it on.',
        );
      }
      const id = randomUUID();
      await this.questions.ask(tx, {
        id,
        dispatchId: dispatch.id,
        referralId: target.id,
        askedBy: actor.id,
        body: body.body,
      });
      await this.audit.record(tx, {
        actor: actorOf(actor),
        origin: meta,
        action: 'agency_question.ask',
        outcome: 'success',
        targetType: 'dispatch',
        targetId: dispatch.id,
        details: {
          questionId: id,
          referralReference: target.reference,
          bodyLength: body.body.length,
        },
      });
      return toLiaisonQuestion(await this.one(tx, id));
    });
  }

  /** The questions asked on a dispatch, as its agency sees them (coordinators too). */
  listForDispatch(
    actor: AuthUser,
    dispatchId: string,
    meta: RequestMeta,
  ): Promise<LiaisonAgencyQuestionResponse[]> {
    return this.uow.run(async (tx) => {
      await this.access.require(
        actor,
        'dispatches.read',
        { kind: 'dispatch', id: dispatchId },
        { tx },
      );
      const items = await this.questions.find(
        tx,
        { dispatches: this.access.scopeFilter(actor, 'dispatches.read'), referrals: SYSTEM_SCOPE },
        { dispatchId, take: AGENCY_QUESTION_LIMITS.listMax },
      );
      await this.recordRead(tx, actor, meta, 'dispatch', dispatchId, items.length);
      return items.map(toLiaisonQuestion);
    });
  }

  /** The questions to a referral, as its filing member sees them (coordinators too). */
  listForReferral(
    actor: AuthUser,
    referralId: string,
    meta: RequestMeta,
  ): Promise<MemberAgencyQuestionResponse[]> {
    return this.uow.run(async (tx) => {
      await this.access.require(
        actor,
        'referrals.read',
        { kind: 'referral', id: referralId },
        { tx },
      );
      const items = await this.questions.find(
        tx,
        { dispatches: SYSTEM_SCOPE, referrals: this.access.scopeFilter(actor, 'referrals.read') },
        { referralId, take: AGENCY_QUESTION_LIMITS.listMax },
      );
      await this.recordRead(tx, actor, meta, 'referral', referralId, items.length);
      return items.map(toMemberQuestion);
    });
  }

  /** The filer (or its member admin) answers, once. */
  answer(
    actor: AuthUser,
    referralId: string,
    questionId: string,
    body: AnswerAgencyQuestionDto,
    meta: RequestMeta,
  ): Promise<MemberAgencyQuestionResponse> {
    return this.uow.run(async (tx) => {
      const referral = await this.access.require(
        actor,
        'referrals.write',
        { kind: 'referral', id: referralId },
        { tx, lock: true },
      );
      const question = await this.questions.lockOfReferral(tx, referral.id, questionId);
      if (!question) throw RecordNotFound.outOfReach('question', questionId);
      if (question.status !== 'open') {
        throw new ConflictProblem(
          'agency_question_already_answered',
          'This question was answered already.',
        );
      }
      if (referral.status === 'withdrawn') {
        throw new ConflictProblem(
          'agency_question_answer_not_allowed_from_withdrawn',
          'This referral was withdrawn; its questions are no longer passed on.',
        );
      }
      await this.questions.answer(tx, question.id, {
        body: body.answer,
        answeredBy: actor.id,
        answeredAt: new Date(),
      });
      await this.audit.record(tx, {
        actor: actorOf(actor),
        origin: meta,
        action: 'agency_question.answer',
        outcome: 'success',
        targetType: 'referral',
        targetId: referral.id,
        details: {
          questionId: question.id,
          dispatchId: question.dispatchId,
          answerLength: body.answer.length,
        },
      });
      return toMemberQuestion(await this.one(tx, question.id));
    });
  }

  /** Coordinators: every brokered question, oldest first. */
  async list(
    actor: AuthUser,
    query: ListAgencyQuestionsQueryDto,
    meta: RequestMeta,
  ): Promise<Page<CoordinatorAgencyQuestionResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    if (after && (!KEY.test(after.sortValue) || !isUUID(after.id))) {
      throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
    }
    const scope = this.access.scopeFilter(actor, 'cases.read');
    return this.uow.run(async (tx) => {
      const rows = await this.questions.find(
        tx,
        { dispatches: scope, referrals: scope },
        {
          status: query.status,
          dispatchId: query.dispatchId,
          after: after ? { askedKey: after.sortValue, id: after.id } : undefined,
          take: limit + 1,
        },
      );
      const page = toPage(rows, limit, (q) => ({ sortValue: q.askedKey, id: q.id }));
      await this.recordRead(tx, actor, meta, null, null, page.items.length);
      return { items: page.items.map(toCoordinatorQuestion), nextCursor: page.nextCursor };
    });
  }

  private async one(tx: Tx, id: string) {
    const [row] = await this.questions.find(
      tx,
      { dispatches: SYSTEM_SCOPE, referrals: SYSTEM_SCOPE },
      { id },
    );
    return row;
  }

  private recordRead(
    tx: Tx,
    actor: AuthUser,
    meta: RequestMeta,
    targetType: 'dispatch' | 'referral' | null,
    targetId: string | null,
    count: number,
  ): Promise<void> {
    return this.audit.record(tx, {
      actor: actorOf(actor),
      origin: meta,
      action: 'agency_question.read',
      outcome: 'success',
      ...(targetType && targetId ? { targetType, targetId } : {}),
      details: { count },
    });
  }
}

/** The referral references a stored case package lists (what the agency was sent). */
function referencesInPackage(pkg: Record<string, unknown>): string[] {
  const referrals = pkg.referrals;
  if (!Array.isArray(referrals)) return [];
  return referrals
    .map((r: unknown) =>
      r !== null && typeof r === 'object' ? (r as { reference?: unknown }).reference : undefined,
    )
    .filter((ref): ref is string => typeof ref === 'string');
}
