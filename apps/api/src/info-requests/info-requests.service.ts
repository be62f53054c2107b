import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { ConflictProblem, RecordNotFound, type RequestMeta } from '@app/common';
import { hasPermission } from '@app/domain';
import { InfoRequestsRepository, ReferralsRepository, UnitOfWork } from '@app/persistence';
import { Notifier, SlaClocks } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { CaseViews } from '../cases/commands/case-views';
import type { InfoRequestView } from '../cases/dto/case-responses.dto';

/**
 * The filer's side of information requests: read the questions on a referral,
 * answer one. Members see neither the case nor who asked.
 */
@Injectable()
export class InfoRequestsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly requests: InfoRequestsRepository,
    private readonly referrals: ReferralsRepository,
    private readonly views: CaseViews,
    private readonly audit: AuditWriter,
    private readonly clocks: SlaClocks,
    private readonly notifier: Notifier,
  ) {}

  listForReferral(
    user: AuthUser,
    referralId: string,
    meta: RequestMeta,
  ): Promise<InfoRequestView[]> {
    return this.uow.run(async (tx) => {
      await this.access.require(
        user,
        'referrals.read',
        { kind: 'referral', id: referralId },
        { tx },
      );
      const items = await this.views.infoRequests(
        tx,
        this.access.scopeFilter(user, 'referrals.read'),
        { referralId },
        !hasPermission(user.role, 'cases.read'),
      );
      await this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'info_request.read',
        outcome: 'success',
        targetType: 'referral',
        targetId: referralId,
        details: { count: items.length },
      });
      return items;
    });
  }

  /** Answer an open request; the referral returns to in_review once none is left open. */
  answer(user: AuthUser, id: string, answer: string, meta: RequestMeta): Promise<InfoRequestView> {
    return this.uow.run(async (tx) => {
      const referralId = await this.requests.referralOf(tx, id);
      if (!referralId) throw new RecordNotFound('information request');
      // Reaching the referral for writing is what lets a member answer its questions.
      const referral = await this.access
        .require(user, 'referrals.write', { kind: 'referral', id: referralId }, { tx, lock: true })
        .catch(() => {
          throw RecordNotFound.outOfReach('information request', id);
        });
      const scope = this.access.scopeFilter(user, 'referrals.write');
      const request = await this.requests.lock(tx, scope, id);
      if (!request) throw RecordNotFound.outOfReach('information request', id);
      if (request.status !== 'open') {
        throw new ConflictProblem(
          `info_request_answer_not_allowed_from_${request.status}`,
          `This information request is ${request.status}; only an open request can be answered.`,
        );
      }
      request.status = 'answered';
      request.answer = answer;
      request.answeredBy = user.id;
      request.answeredAt = new Date();
      await this.requests.save(tx, request);
      await this.clocks.stop(
        tx,
        'info_request',
        { caseId: request.caseId, infoRequestId: request.id },
        'met',
      );
      if ((await this.requests.countOpen(tx, scope, referral.id)) === 0) {
        await this.referrals.transition(tx, referral, 'answer_info');
      }
      await this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'info_request.answer',
        outcome: 'success',
        targetType: 'info_request',
        targetId: id,
        details: {
          referralId: referral.id,
          referralStatus: referral.status,
          length: answer.length,
        },
      });
      await this.notifier.notify(tx, 'info_request.answered', id, user.id);
      const [view] = await this.views.infoRequests(
        tx,
        this.access.scopeFilter(user, 'referrals.write'),
        { id },
        !hasPermission(user.role, 'cases.read'),
      );
      return view;
    });
  }
}
