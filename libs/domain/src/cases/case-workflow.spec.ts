import { ROLES, type Role } from '../roles';
import {
  CASE_STATUSES,
  CASE_TRANSITIONS,
  OPEN_CASE_STATUSES,
  decideCaseTransition,
  type CaseAction,
  type CaseDecisionContext,
  type CaseStatus,
} from './case-workflow';
import type { WorkflowActor } from './transition-decision';

type Actor = Role | 'system';
const ACTORS: readonly Actor[] = [...ROLES, 'system'];

/**
 * Hand-written from domain.md's case table, independent of CASE_TRANSITIONS:
 * the statuses an action starts from, where it leads, who may take it, and the
 * refusal its guard gives when the guard fails (null: no guard).
 */
const EXPECTED: Record<
  CaseAction,
  {
    from: CaseStatus[];
    to: CaseStatus;
    who: Actor[];
    guardFails: { kind: 'forbidden' | 'conflict' | 'invalid'; code: string } | null;
  }
> = {
  assign: {
    from: ['triage', 'in_review'],
    to: 'in_review',
    who: ['coordinator', 'lead_coordinator'],
    guardFails: null,
  },
  propose: {
    from: ['in_review'],
    to: 'pending_approval',
    who: ['coordinator', 'lead_coordinator'],
    guardFails: { kind: 'invalid', code: 'agencies_required' },
  },
  approve: {
    from: ['pending_approval'],
    to: 'approved',
    who: ['lead_coordinator'],
    guardFails: { kind: 'forbidden', code: 'four_eyes_required' },
  },
  send_back: {
    from: ['pending_approval'],
    to: 'in_review',
    who: ['lead_coordinator'],
    guardFails: { kind: 'invalid', code: 'reason_required' },
  },
  route: { from: ['approved'], to: 'routed', who: ['system'], guardFails: null },
  reject: {
    from: ['triage', 'in_review'],
    to: 'rejected',
    who: ['coordinator', 'lead_coordinator'],
    guardFails: { kind: 'invalid', code: 'reason_required' },
  },
  merge: {
    from: ['triage', 'in_review', 'pending_approval', 'approved', 'routed'],
    to: 'merged',
    who: ['coordinator', 'lead_coordinator'],
    guardFails: { kind: 'invalid', code: 'merge_target_invalid' },
  },
  close: {
    from: ['routed'],
    to: 'closed',
    who: ['coordinator', 'lead_coordinator'],
    guardFails: { kind: 'conflict', code: 'dispatches_unfinished' },
  },
  reopen: {
    from: ['closed', 'rejected'],
    to: 'in_review',
    who: ['lead_coordinator'],
    guardFails: { kind: 'invalid', code: 'reason_required' },
  },
};
const ACTIONS = Object.keys(EXPECTED) as CaseAction[];

function actorOf(who: Actor, id = 'user-actor'): WorkflowActor {
  return who === 'system' ? 'system' : { id, role: who };
}

/** Every guard passes. */
function passing(status: CaseStatus, who: Actor): CaseDecisionContext {
  return {
    status,
    actor: actorOf(who),
    proposerId: 'user-proposer',
    agencyCount: 2,
    reason: 'Duplicate of an earlier filing',
    mergeTargetStatus: 'in_review',
    mergeTargetId: 'case-target',
    caseId: 'case-this',
    dispatchStatuses: ['accepted', 'declined'],
  };
}

/** Every guard fails. */
function failing(status: CaseStatus, who: Actor): CaseDecisionContext {
  return {
    status,
    actor: actorOf(who),
    proposerId: 'user-actor',
    agencyCount: 0,
    reason: '  ',
    mergeTargetStatus: 'closed',
    mergeTargetId: 'case-this',
    caseId: 'case-this',
    dispatchStatuses: ['accepted', 'pending'],
  };
}

function summary(d: ReturnType<typeof decideCaseTransition>) {
  return d.allowed ? { allowed: true, to: d.to } : { allowed: false, kind: d.kind, code: d.code };
}

describe('case workflow', () => {
  it('should list the wire statuses and the open ones', () => {
    expect(CASE_STATUSES).toEqual([
      'triage',
      'in_review',
      'pending_approval',
      'approved',
      'routed',
      'closed',
      'rejected',
      'merged',
    ]);
    expect(OPEN_CASE_STATUSES).toEqual([
      'triage',
      'in_review',
      'pending_approval',
      'approved',
      'routed',
    ]);
  });

  it('should have one table row per action, each with a code, and no others', () => {
    expect(CASE_TRANSITIONS.map((t) => t.action).sort()).toEqual([...ACTIONS].sort());
    for (const t of CASE_TRANSITIONS) expect(t.code).toBe(`case.${t.action}`);
  });

  describe.each(ACTIONS)('%s, for every status and actor', (action) => {
    const row = EXPECTED[action];

    it('should decide role, then status, with every guard passing', () => {
      for (const status of CASE_STATUSES) {
        for (const who of ACTORS) {
          const expected = !row.who.includes(who)
            ? { allowed: false, kind: 'forbidden', code: `case_${action}_forbidden` }
            : !row.from.includes(status)
              ? {
                  allowed: false,
                  kind: 'conflict',
                  code: `case_${action}_not_allowed_from_${status}`,
                }
              : { allowed: true, to: row.to };
          expect([
            status,
            who,
            summary(decideCaseTransition(action, passing(status, who))),
          ]).toEqual([status, who, expected]);
        }
      }
    });

    it('should check the guard only after role and status, with every guard failing', () => {
      for (const status of CASE_STATUSES) {
        for (const who of ACTORS) {
          const expected = !row.who.includes(who)
            ? { allowed: false, kind: 'forbidden', code: `case_${action}_forbidden` }
            : !row.from.includes(status)
              ? {
                  allowed: false,
                  kind: 'conflict',
                  code: `case_${action}_not_allowed_from_${status}`,
                }
              : row.guardFails
                ? { allowed: false, ...row.guardFails }
                : { allowed: true, to: row.to };
          expect([
            status,
            who,
            summary(decideCaseTransition(action, failing(status, who))),
          ]).toEqual([status, who, expected]);
        }
      }
    });
  });

  it('should give every refusal a plain-English message', () => {
    for (const action of ACTIONS) {
      for (const status of CASE_STATUSES) {
        for (const who of ACTORS) {
          const d = decideCaseTransition(action, failing(status, who));
          if (!d.allowed) expect(d.message).toMatch(/^[A-Z].{10,}\.$/);
        }
      }
    }
  });

  describe('four-eyes approval', () => {
    const lead = (id: string): WorkflowActor => ({ id, role: 'lead_coordinator' });

    it("should refuse the proposer's own approval", () => {
      const d = decideCaseTransition('approve', {
        status: 'pending_approval',
        actor: lead('lead-1'),
        proposerId: 'lead-1',
      });
      expect(d).toMatchObject({ allowed: false, kind: 'forbidden', code: 'four_eyes_required' });
    });

    it('should let another lead approve', () => {
      const d = decideCaseTransition('approve', {
        status: 'pending_approval',
        actor: lead('lead-2'),
        proposerId: 'lead-1',
      });
      expect(d).toEqual({ allowed: true, to: 'approved' });
    });

    it('should refuse when no proposer is recorded, since four-eyes cannot be checked', () => {
      for (const proposerId of [null, undefined, '']) {
        const d = decideCaseTransition('approve', {
          status: 'pending_approval',
          actor: lead('lead-2'),
          proposerId,
        });
        expect(d).toMatchObject({ allowed: false, code: 'four_eyes_required' });
      }
    });

    it('should not let a coordinator approve even a proposal of someone else', () => {
      const d = decideCaseTransition('approve', {
        status: 'pending_approval',
        actor: { id: 'c-1', role: 'coordinator' },
        proposerId: 'lead-1',
      });
      expect(d).toMatchObject({
        allowed: false,
        kind: 'forbidden',
        code: 'case_approve_forbidden',
      });
    });
  });

  it('should refuse a proposal with no agencies', () => {
    const actor: WorkflowActor = { id: 'c-1', role: 'coordinator' };
    for (const agencyCount of [0, undefined, -1, 0.5]) {
      expect(
        decideCaseTransition('propose', { status: 'in_review', actor, agencyCount }),
      ).toMatchObject({ allowed: false, kind: 'invalid', code: 'agencies_required' });
    }
    expect(decideCaseTransition('propose', { status: 'in_review', actor, agencyCount: 1 })).toEqual(
      {
        allowed: true,
        to: 'pending_approval',
      },
    );
  });

  it('should require a real reason to reject', () => {
    const actor: WorkflowActor = { id: 'c-1', role: 'coordinator' };
    for (const reason of ['  ', '', null, undefined, ' ab ', '\n\t']) {
      expect(decideCaseTransition('reject', { status: 'triage', actor, reason })).toMatchObject({
        allowed: false,
        kind: 'invalid',
        code: 'reason_required',
      });
    }
    expect(decideCaseTransition('reject', { status: 'triage', actor, reason: ' abc ' })).toEqual({
      allowed: true,
      to: 'rejected',
    });
  });

  describe('merge', () => {
    const actor: WorkflowActor = { id: 'c-1', role: 'coordinator' };
    const base = { status: 'in_review' as const, actor, caseId: 'case-1' };

    it('should refuse a merge into itself', () => {
      expect(
        decideCaseTransition('merge', {
          ...base,
          mergeTargetId: 'case-1',
          mergeTargetStatus: 'in_review',
        }),
      ).toMatchObject({ allowed: false, kind: 'invalid', code: 'merge_target_invalid' });
    });

    it('should refuse a merge into a closed, rejected, merged or missing case', () => {
      for (const mergeTargetStatus of ['closed', 'rejected', 'merged', null, undefined] as const) {
        expect(
          decideCaseTransition('merge', { ...base, mergeTargetId: 'case-2', mergeTargetStatus }),
        ).toMatchObject({ allowed: false, kind: 'invalid', code: 'merge_target_invalid' });
      }
    });

    it('should refuse when the target or the case itself is not named', () => {
      expect(decideCaseTransition('merge', { ...base, mergeTargetStatus: 'triage' })).toMatchObject(
        { allowed: false, code: 'merge_target_invalid' },
      );
      expect(
        decideCaseTransition('merge', {
          status: 'in_review',
          actor,
          mergeTargetId: 'case-2',
          mergeTargetStatus: 'triage',
        }),
      ).toMatchObject({ allowed: false, code: 'merge_target_invalid' });
    });

    it('should merge an open case into another open case', () => {
      for (const mergeTargetStatus of OPEN_CASE_STATUSES) {
        expect(
          decideCaseTransition('merge', { ...base, mergeTargetId: 'case-2', mergeTargetStatus }),
        ).toEqual({ allowed: true, to: 'merged' });
      }
    });
  });

  describe('close', () => {
    const actor: WorkflowActor = { id: 'c-1', role: 'coordinator' };

    it('should refuse while a dispatch is unfinished', () => {
      for (const open of ['pending', 'delivered', 'acknowledged', 'failed'] as const) {
        expect(
          decideCaseTransition('close', {
            status: 'routed',
            actor,
            dispatchStatuses: ['accepted', open],
          }),
        ).toMatchObject({ allowed: false, kind: 'conflict', code: 'dispatches_unfinished' });
      }
    });

    it('should refuse a case with no dispatches', () => {
      for (const dispatchStatuses of [[], undefined]) {
        expect(
          decideCaseTransition('close', { status: 'routed', actor, dispatchStatuses }),
        ).toMatchObject({ allowed: false, kind: 'conflict', code: 'dispatches_unfinished' });
      }
    });

    it('should close when every dispatch was accepted or declined', () => {
      expect(
        decideCaseTransition('close', {
          status: 'routed',
          actor,
          dispatchStatuses: ['declined', 'accepted', 'accepted'],
        }),
      ).toEqual({ allowed: true, to: 'closed' });
    });
  });

  it('should forbid member roles every case action, whatever the status', () => {
    for (const role of ['member_reporter', 'member_admin'] as const) {
      for (const action of ACTIONS) {
        for (const status of CASE_STATUSES) {
          expect(decideCaseTransition(action, passing(status, role))).toMatchObject({
            allowed: false,
            kind: 'forbidden',
            code: `case_${action}_forbidden`,
          });
        }
      }
    }
  });

  it('should let an LE liaison, an auditor or a platform admin do nothing on cases', () => {
    for (const role of ['le_liaison', 'auditor', 'platform_admin'] as const) {
      for (const action of ACTIONS) {
        for (const status of CASE_STATUSES) {
          expect(decideCaseTransition(action, passing(status, role)).allowed).toBe(false);
        }
      }
    }
  });

  it('should let a lead reopen a closed or rejected case, with a reason, but never a merged one', () => {
    const actor: WorkflowActor = { id: 'l-1', role: 'lead_coordinator' };
    expect(
      decideCaseTransition('reopen', { status: 'closed', actor, reason: 'New filing' }),
    ).toEqual({ allowed: true, to: 'in_review' });
    expect(
      decideCaseTransition('reopen', { status: 'merged', actor, reason: 'New filing' }),
    ).toMatchObject({
      allowed: false,
      kind: 'conflict',
      code: 'case_reopen_not_allowed_from_merged',
    });
    expect(
      decideCaseTransition('reopen', {
        status: 'rejected',
        actor: { id: 'c-1', role: 'coordinator' },
        reason: 'New filing',
      }),
    ).toMatchObject({ allowed: false, kind: 'forbidden', code: 'case_reopen_forbidden' });
  });

  it('should let only the system route, and people never', () => {
    expect(decideCaseTransition('route', { status: 'approved', actor: 'system' })).toEqual({
      allowed: true,
      to: 'routed',
    });
    expect(
      decideCaseTransition('route', {
        status: 'approved',
        actor: { id: 'l-1', role: 'lead_coordinator' },
      }),
    ).toMatchObject({ allowed: false, kind: 'forbidden', code: 'case_route_forbidden' });
  });

  it('should refuse an action missing from the table as invalid', () => {
    const d = decideCaseTransition('archive' as CaseAction, passing('triage', 'coordinator'));
    expect(d).toMatchObject({ allowed: false, kind: 'invalid', code: 'case_action_unknown' });
  });
});
