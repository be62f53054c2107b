import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { ConflictProblem, RecordNotFound, type RequestMeta } from '@app/common';
import { hasPermission, referralTransition, type ReferralStatus } from '@app/domain';
import { InfoRequestEntity, ReferralEntity, inTransaction, type Tx } from '@app/persistence';
import { SlaClocks } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseQueries } from '../cases/case-queries';
import type { InfoRequestView } from '../cases/dto/case-responses.dto';

/**
 * The filer's side of information requests: read the questions on a referral,
 * answer one. Members see neither the case nor who asked.
 */
@Injectable()
export class InfoRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly queries: CaseQueries,
    private readonly audit: AuditWriter,
    private readonly clocks: SlaClocks,
  ) {}

  async listForReferral(
    user: AuthUser,
    referralId: string,
    meta: RequestMeta,
  ): Promise<InfoRequestView[]> {
    await this.access.requireReferral(user, 'referrals.read', referralId);
    // merge: the service's own Tx once it runs on the UnitOfWork
    const items = await this.queries.infoRequests(
      this.dataSource.manager as unknown as Tx,
      this.access.scopeFilter(user, 'referrals.read'),
      { referralId },
      !hasPermission(user.role, 'cases.read'),
    );
    await inTransaction(this.dataSource, (m) =>
      this.audit.record(m, {
        actor: actorOf(user),
        origin: meta,
        action: 'info_request.read',
        outcome: 'success',
        targetType: 'referral',
        targetId: referralId,
        details: { count: items.length },
      }),
    );
    return items;
  }

  /** Answer an open request; the referral returns to in_review once none is left open. */
  async answer(
    user: AuthUser,
    id: string,
    answer: string,
    meta: RequestMeta,
  ): Promise<InfoRequestView> {
    const peek = await this.dataSource.manager.findOneBy(InfoRequestEntity, { id });
    if (!peek) throw new RecordNotFound('information request');
    // Reaching the referral for writing is what lets a member answer its questions.
    await this.access.requireReferral(user, 'referrals.write', peek.referralId).catch(() => {
      throw RecordNotFound.outOfReach('information request', id);
    });
    return inTransaction(this.dataSource, async (m) => {
      const referral = await m.findOneOrFail(ReferralEntity, {
        where: { id: peek.referralId },
        lock: { mode: 'pessimistic_write' },
      });
      const request = await m.findOneOrFail(InfoRequestEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
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
      await m.save(request);
      await this.clocks.stop(
        m,
        'info_request',
        { caseId: request.caseId, infoRequestId: request.id },
        'met',
      );
      const stillOpen = await m.count(InfoRequestEntity, {
        where: { referralId: referral.id, status: 'open' },
      });
      let referralStatus = referral.status;
      if (stillOpen === 0) {
        const to = referralTransition('answer_info', referral.status as ReferralStatus);
        if (to !== null) {
          referral.status = to;
          await m.save(referral);
          referralStatus = to;
        }
      }
      await this.audit.record(m, {
        actor: actorOf(user),
        origin: meta,
        action: 'info_request.answer',
        outcome: 'success',
        targetType: 'info_request',
        targetId: id,
        details: { referralId: referral.id, referralStatus, length: answer.length },
      });
      const [view] = await this.queries.infoRequests(
        m as unknown as Tx, // merge: tx
        this.access.scopeFilter(user, 'referrals.write'),
        { id },
        !hasPermission(user.role, 'cases.read'),
      );
      return view;
    });
  }
}
