import { AccessService, type AuthUser } from '@app/auth';
import { ValidationProblem, type FieldProblem, type RequestMeta } from '@app/common';
import { DEFAULT_PAP, strictestTlp } from '@app/domain';
import { AgenciesRepository, CaseReferralsRepository, CasesRepository } from '@app/persistence';
import { Notifier } from '@app/queues';
import { Injectable } from '@nestjs/common';
import type { ProposeRoutingDto } from '../dto/case-commands.dto';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { nothingToRoute, proposedTlpDowngrade, UNDECIDED } from './case-rules';
import { CaseTransitions } from './case-transitions';
import { CaseViews } from './case-views';
import { namedLiaisonsOf } from './named-liaisons';

/** Propose where the case goes (agencies, TLP, rationale); a lead other than the proposer approves. */
@Injectable()
export class ProposeRouting {
  constructor(
    private readonly access: AccessService,
    private readonly cases: CasesRepository,
    private readonly caseReferrals: CaseReferralsRepository,
    private readonly transitions: CaseTransitions,
    private readonly views: CaseViews,
    private readonly agencies: AgenciesRepository,
    private readonly notifier: Notifier,
  ) {}

  run(
    user: AuthUser,
    caseId: string,
    dto: ProposeRoutingDto,
    meta: RequestMeta,
  ): Promise<CaseDetailView> {
    return this.transitions.run(user, caseId, meta, 'propose', {
      field: 'agencyIds',
      context: () => Promise.resolve({ agencyCount: dto.agencyIds.length }),
      apply: async (c, tx, to) => {
        const scope = this.access.scopeFilter(user, 'cases.write');
        if ((await this.caseReferrals.count(tx, scope, c.id, UNDECIDED)) === 0) {
          throw nothingToRoute();
        }
        const plan = await this.views.routingPlan(
          tx,
          c.id,
          dto.agencyIds.map((id) => id.toLowerCase()),
        );
        const floor = strictestTlp(await this.caseReferrals.markings(tx, scope, c.id, UNDECIDED));
        const agencyIds = plan.map((p) => p.agencyId);
        const active = await this.agencies.activeLiaisons(tx, agencyIds);
        // The marking and the names are judged together, so one answer lists every bad field.
        const [tlpDowngrade, liaisons] = everyFieldProblem(
          () => proposedTlpDowngrade(dto.tlp, dto.tlpDowngradeReason, floor),
          // RED and AMBER+STRICT go to named liaisons only: each agency names its own.
          () => namedLiaisonsOf(dto.tlp, agencyIds, dto.namedLiaisons, active),
        );
        const pap = dto.pap ?? DEFAULT_PAP;
        const from = c.status;
        c.routingPlan = {
          agencies: plan.map((p) => {
            const liaisonIds = liaisons.get(p.agencyId);
            return { agencyId: p.agencyId, basis: p.basis, ...(liaisonIds ? { liaisonIds } : {}) };
          }),
          tlp: dto.tlp,
          pap,
          tlpDowngrade,
          rationale: dto.rationale,
        };
        c.tlp = dto.tlp;
        c.proposedBy = user.id;
        c.proposedAt = new Date();
        c.approvedBy = null;
        c.approvedAt = null;
        c.status = to;
        await this.cases.save(tx, c);
        await this.notifier.notify(tx, 'approval.waiting', c.id, user.id);
        return this.transitions.recorded(tx, user, meta, 'case.propose', c.id, {
          from,
          to,
          agencyIds,
          namedLiaisons: Object.fromEntries(liaisons),
          tlp: dto.tlp,
          pap,
          tlpDowngrade,
        });
      },
    });
  }
}

/**
 * Both checks' results, or one 400 naming every field either refused (a check
 * that throws anything other than a field problem stops at once).
 */
function everyFieldProblem<A, B>(first: () => A, second: () => B): [A, B] {
  const problems: FieldProblem[] = [];
  const run = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error;
      problems.push(...(error.fieldErrors ?? []));
      return undefined;
    }
  };
  const a = run(first);
  const b = run(second);
  if (problems.length > 0) throw new ValidationProblem(problems);
  return [a as A, b as B];
}
