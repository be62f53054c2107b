import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { markAudited, type RequestMeta } from '@app/common';
import {
  decideCaseTransition,
  type CaseAction,
  type CaseDecisionContext,
  type CaseStatus,
  type WorkflowRefusal,
} from '@app/domain';
import { CasesRepository, UnitOfWork, type CaseEntity, type Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { refusalProblem } from '../../workflow/refusal';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { CaseViews } from './case-views';

/** One step of the case workflow, as the transition routine runs it. */
export interface CaseStep<T> {
  /** The request field a guard refusal names (`reason`, `agencyIds`…). */
  field?: string;
  /** Other cases the step changes: locked too, all in id order. */
  lockOthers?: string[];
  /** What the action's guard needs to know beyond status, actor and case id. */
  context?: (c: CaseEntity, tx: Tx) => Promise<Partial<CaseDecisionContext>>;
  /** The change, once the workflow table allows it; `to` is the status it allows. */
  apply: (c: CaseEntity, tx: Tx, to: CaseStatus) => Promise<T>;
}

/**
 * The one routine every status change of a case runs through: lock the case
 * (and any other case the step touches, in id order so two commands never
 * wait on each other), ask the workflow table (libs/domain), apply, all in one
 * transaction. A refusal for the caller's role is audited after the
 * transaction rolls back.
 */
@Injectable()
export class CaseTransitions {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly cases: CasesRepository,
    private readonly views: CaseViews,
    private readonly audit: AuditWriter,
  ) {}

  async run<T>(
    user: AuthUser,
    caseId: string,
    meta: RequestMeta,
    action: CaseAction,
    step: CaseStep<T>,
  ): Promise<T> {
    let refusal: WorkflowRefusal | undefined;
    try {
      return await this.uow.run(async (tx) => {
        const c = await this.lockAll(tx, user, caseId, step.lockOthers ?? []);
        const extra = step.context ? await step.context(c, tx) : {};
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
        return step.apply(c, tx, decision.to);
      });
    } catch (error) {
      if (refusal?.kind !== 'forbidden') throw error;
      const code = refusal.code;
      await this.uow.run((tx) =>
        this.audit.record(tx, {
          actor: actorOf(user),
          origin: meta,
          action: `case.${action}`,
          outcome: 'denied',
          targetType: 'case',
          targetId: caseId,
          details: { code },
        }),
      );
      throw markAudited(error);
    }
  }

  /** Audit a case step and answer with the case as it now stands. */
  async recorded(
    tx: Tx,
    user: AuthUser,
    meta: RequestMeta,
    action: string,
    caseId: string,
    details: Record<string, unknown>,
  ): Promise<CaseDetailView> {
    await this.audit.record(tx, {
      actor: actorOf(user),
      origin: meta,
      action,
      outcome: 'success',
      targetType: 'case',
      targetId: caseId,
      details,
    });
    return this.views.detail(tx, caseId);
  }

  private async lockAll(
    tx: Tx,
    user: AuthUser,
    caseId: string,
    others: string[],
  ): Promise<CaseEntity> {
    let c: CaseEntity | undefined;
    for (const id of [...new Set([caseId, ...others])].sort()) {
      if (id === caseId) {
        c = await this.access.require(
          user,
          'cases.write',
          { kind: 'case', id },
          { tx, lock: true },
        );
      } else {
        await this.cases.lock(tx, id);
      }
    }
    return c!;
  }
}
