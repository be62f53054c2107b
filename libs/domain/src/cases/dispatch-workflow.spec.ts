import { ROLES, type Role } from '../roles';
import {
  DISPATCH_STATUSES,
  DISPATCH_TRANSITIONS,
  FINISHED_DISPATCH_STATUSES,
  decideDispatchTransition,
  type DispatchAction,
  type DispatchDecisionContext,
  type DispatchStatus,
} from './dispatch-workflow';
import type { WorkflowActor } from './transition-decision';

type Actor = Role | 'system';
const ACTORS: readonly Actor[] = [...ROLES, 'system'];

/** Hand-written from domain.md's dispatch line, independent of DISPATCH_TRANSITIONS. */
const EXPECTED: Record<
  DispatchAction,
  { from: DispatchStatus[]; to: DispatchStatus; who: Actor[]; needsReason: boolean }
> = {
  deliver: { from: ['pending'], to: 'delivered', who: ['system'], needsReason: false },
  fail: { from: ['pending'], to: 'failed', who: ['system'], needsReason: false },
  retry: {
    from: ['failed'],
    to: 'pending',
    who: ['coordinator', 'lead_coordinator'],
    needsReason: false,
  },
  acknowledge: {
    from: ['delivered'],
    to: 'acknowledged',
    who: ['le_liaison'],
    needsReason: false,
  },
  accept: {
    from: ['delivered', 'acknowledged'],
    to: 'accepted',
    who: ['le_liaison'],
    needsReason: false,
  },
  decline: {
    from: ['delivered', 'acknowledged'],
    to: 'declined',
    who: ['le_liaison'],
    needsReason: true,
  },
};
const ACTIONS = Object.keys(EXPECTED) as DispatchAction[];

function context(
  status: DispatchStatus,
  who: Actor,
  reason: string | null,
): DispatchDecisionContext {
  const actor: WorkflowActor = who === 'system' ? 'system' : { id: 'user-1', role: who };
  return { status, actor, reason };
}

function summary(d: ReturnType<typeof decideDispatchTransition>) {
  return d.allowed ? { allowed: true, to: d.to } : { allowed: false, kind: d.kind, code: d.code };
}

describe('dispatch workflow', () => {
  it('should list the wire statuses and the finished ones', () => {
    expect(DISPATCH_STATUSES).toEqual([
      'pending',
      'delivered',
      'acknowledged',
      'accepted',
      'declined',
      'failed',
    ]);
    expect(FINISHED_DISPATCH_STATUSES).toEqual(['accepted', 'declined']);
  });

  it('should have one table row per action, each with a code, and no others', () => {
    expect(DISPATCH_TRANSITIONS.map((t) => t.action).sort()).toEqual([...ACTIONS].sort());
    for (const t of DISPATCH_TRANSITIONS) expect(t.code).toBe(`dispatch.${t.action}`);
  });

  describe.each(ACTIONS)('%s, for every status and actor', (action) => {
    const row = EXPECTED[action];

    it.each([
      ['a reason', 'Outside our jurisdiction'],
      ['a blank reason', '   '],
    ])('should decide role, then status, then guard, given %s', (_label, reason) => {
      for (const status of DISPATCH_STATUSES) {
        for (const who of ACTORS) {
          const expected = !row.who.includes(who)
            ? { allowed: false, kind: 'forbidden', code: `dispatch_${action}_forbidden` }
            : !row.from.includes(status)
              ? {
                  allowed: false,
                  kind: 'conflict',
                  code: `dispatch_${action}_not_allowed_from_${status}`,
                }
              : row.needsReason && reason.trim() === ''
                ? { allowed: false, kind: 'invalid', code: 'reason_required' }
                : { allowed: true, to: row.to };
          expect([
            status,
            who,
            summary(decideDispatchTransition(action, context(status, who, reason))),
          ]).toEqual([status, who, expected]);
        }
      }
    });
  });

  it('should let an agency accept without acknowledging first', () => {
    expect(decideDispatchTransition('accept', context('delivered', 'le_liaison', null))).toEqual({
      allowed: true,
      to: 'accepted',
    });
  });

  it('should require a reason of at least 3 characters to decline', () => {
    for (const reason of [null, '', 'no', '  no  ']) {
      expect(
        decideDispatchTransition('decline', context('acknowledged', 'le_liaison', reason)),
      ).toMatchObject({ allowed: false, kind: 'invalid', code: 'reason_required' });
    }
    expect(
      decideDispatchTransition('decline', context('acknowledged', 'le_liaison', 'n/a')),
    ).toEqual({ allowed: true, to: 'declined' });
  });

  it('should never move a finished dispatch', () => {
    for (const status of FINISHED_DISPATCH_STATUSES) {
      for (const action of ACTIONS) {
        for (const who of ACTORS) {
          expect(decideDispatchTransition(action, context(status, who, 'reason')).allowed).toBe(
            false,
          );
        }
      }
    }
  });

  it('should let a coordinator retry a failed delivery, and nobody else', () => {
    expect(decideDispatchTransition('retry', context('failed', 'coordinator', null))).toEqual({
      allowed: true,
      to: 'pending',
    });
    expect(decideDispatchTransition('retry', context('failed', 'le_liaison', null))).toMatchObject({
      allowed: false,
      kind: 'forbidden',
      code: 'dispatch_retry_forbidden',
    });
  });
});
