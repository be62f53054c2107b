import { ConflictProblem, ValidationProblem } from '@app/common';
import { requiresNamedRecipients } from '@app/domain';
import type { AgencyLiaison, StoredRoutingPlan } from '@app/persistence';

/** The liaisons a proposal names for one of its agencies. */
export interface ProposedLiaisons {
  readonly agencyId: string;
  readonly liaisonIds: readonly string[];
}

/**
 * The liaisons each planned agency's package goes to, by agency id. A RED or
 * AMBER+STRICT routing names at least one active liaison of every agency it
 * routes to (only they will read the dispatch); any other marking names none
 * (the whole agency reads it). Every bad entry is refused at once, each under
 * its own field (400).
 */
export function namedLiaisonsOf(
  tlp: string,
  agencyIds: readonly string[],
  proposed: readonly ProposedLiaisons[] | undefined,
  active: readonly AgencyLiaison[],
): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  const refuse = (field: string, message: string) =>
    problems.set(field, [...(problems.get(field) ?? []), message]);
  const named = new Map<string, string[]>();

  if (!requiresNamedRecipients(tlp)) {
    if (proposed && proposed.length > 0) {
      refuse(
        'namedLiaisons',
        `is only for a RED or AMBER+STRICT routing; a ${tlp} package goes to the whole agency`,
      );
    }
  } else {
    (proposed ?? []).forEach((entry, j) => {
      const agencyId = entry.agencyId.toLowerCase();
      if (!agencyIds.includes(agencyId)) {
        refuse(`namedLiaisons[${j}].agencyId`, 'is not one of the proposed agencyIds');
        return;
      }
      if (named.has(agencyId)) {
        refuse(`namedLiaisons[${j}].agencyId`, 'names an agency a second time');
        return;
      }
      const ids: string[] = [];
      entry.liaisonIds.forEach((raw, k) => {
        const id = raw.toLowerCase();
        if (ids.includes(id)) {
          refuse(`namedLiaisons[${j}].liaisonIds[${k}]`, 'is listed twice');
        } else if (!active.some((l) => l.id === id && l.agencyId === agencyId)) {
          refuse(
            `namedLiaisons[${j}].liaisonIds[${k}]`,
            'is not an active liaison of this agency (see GET /agencies/{id}/liaisons)',
          );
        } else {
          ids.push(id);
        }
      });
      named.set(agencyId, ids);
    });
    agencyIds.forEach((agencyId, i) => {
      if (!named.has(agencyId)) {
        refuse(
          'namedLiaisons',
          `must name at least one liaison of agencyIds[${i}] (${agencyId}): a ${tlp} package goes only to the liaisons named`,
        );
      }
    });
  }

  if (problems.size > 0) {
    throw new ValidationProblem([...problems].map(([field, messages]) => ({ field, messages })));
  }
  return named;
}

/**
 * Approving a RED or AMBER+STRICT plan whose named liaisons are no longer all
 * active liaisons of their agency (or which names none, proposed before names
 * were asked for): the plan is stale, like one naming an inactive agency (409).
 */
export function staleNamedLiaisons(
  plan: StoredRoutingPlan,
  active: readonly AgencyLiaison[],
  agencyName: (agencyId: string) => string,
): ConflictProblem | null {
  if (!requiresNamedRecipients(plan.tlp)) return null;
  for (const planned of plan.agencies) {
    const ids = planned.liaisonIds ?? [];
    const gone = ids.filter(
      (id) => !active.some((l) => l.id === id && l.agencyId === planned.agencyId),
    );
    if (ids.length === 0 || gone.length > 0) {
      return new ConflictProblem(
        'routing_plan_stale',
        ids.length === 0
          ? `The proposed ${plan.tlp} routing names no liaison of ${agencyName(planned.agencyId)}; send the case back and propose again.`
          : `A liaison named for ${agencyName(planned.agencyId)} is no longer an active liaison of it; send the case back and propose again.`,
      );
    }
  }
  return null;
}
