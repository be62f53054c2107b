import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { AppConfig, ConflictProblem, ValidationProblem, type RequestMeta } from '@app/common';
import { parseSlaClocks, slaDeadline, type SlaDurations } from '@app/domain';
import {
  CaseReferralsRepository,
  InfoRequestsRepository,
  ReferralsRepository,
  UnitOfWork,
} from '@app/persistence';
import { Notifier, SlaClocks } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CreateInfoRequestDto } from '../dto/case-commands.dto';
import type { CaseInfoRequestView } from '../dto/case-responses.dto';
import { isGathering, spoken } from './case-rules';
import { CaseViews } from './case-views';

/**
 * Ask the filer of one of the case's referrals; the referral shows
 * `info_requested` and the request's clock starts.
 */
@Injectable()
export class RequestInfo {
  private readonly sla: SlaDurations;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly caseReferrals: CaseReferralsRepository,
    private readonly referrals: ReferralsRepository,
    private readonly requests: InfoRequestsRepository,
    private readonly views: CaseViews,
    private readonly audit: AuditWriter,
    private readonly clocks: SlaClocks,
    private readonly notifier: Notifier,
    config: AppConfig,
  ) {
    this.sla = parseSlaClocks(config.get('SLA_CLOCKS'));
  }

  run(
    user: AuthUser,
    caseId: string,
    dto: CreateInfoRequestDto,
    meta: RequestMeta,
  ): Promise<CaseInfoRequestView> {
    return this.uow.run(async (tx) => {
      const c = await this.access.require(
        user,
        'cases.write',
        { kind: 'case', id: caseId },
        { tx, lock: true },
      );
      if (!isGathering(c.status)) {
        throw new ConflictProblem(
          `case_info_request_not_allowed_from_${c.status}`,
          `This case is ${spoken(c.status)}; information can be requested only while it is in triage or in review.`,
        );
      }
      const scope = this.access.scopeFilter(user, 'cases.write');
      const referral = await this.caseReferrals.lock(tx, scope, dto.referralId.toLowerCase());
      if (!referral || referral.caseId !== c.id) {
        throw ValidationProblem.field('referralId', 'is not a referral of this case');
      }
      // A second question to a referral already waiting for answers leaves it waiting.
      if (referral.status !== 'info_requested') {
        const from = referral.status;
        if ((await this.referrals.transition(tx, referral, 'request_info')) === null) {
          throw new ConflictProblem(
            'referral_request_info_not_allowed',
            `A referral in status ${from} cannot be sent an information request.`,
          );
        }
      }
      const id = randomUUID();
      await this.requests.create(tx, {
        id,
        caseId: c.id,
        referralId: referral.id,
        organizationId: referral.organizationId,
        askedBy: user.id,
        question: dto.question,
      });
      await this.clocks.start(
        tx,
        'info_request',
        { caseId: c.id, infoRequestId: id },
        slaDeadline(this.sla, 'info_request', new Date(), referral.merchant?.country ?? null),
      );
      await this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'info_request.create',
        outcome: 'success',
        targetType: 'info_request',
        targetId: id,
        details: { caseId: c.id, referralId: referral.id },
      });
      await this.notifier.notify(tx, 'info_request.created', id, user.id);
      const [view] = await this.views.caseInfoRequests(
        tx,
        this.access.scopeFilter(user, 'referrals.read'),
        { id },
      );
      return view;
    });
  }
}
