import type { AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { type ConflictProblem, RecordNotFound } from '@app/common';
import type { Role } from '@app/domain';
import {
  InMemoryMemberActionsRepository,
  InMemoryReferralsRepository,
  InMemoryUnitOfWork,
  type ReferralEntity,
  type Tx,
  type UnitOfWork,
} from '@app/persistence';
import type { RecordMemberActionDto } from './dto/member-action.dto';
import { MemberActionsService } from './member-actions.service';

const ORG_A = '00000000-0000-4000-8000-00000000000a';
const ORG_B = '00000000-0000-4000-8000-00000000000b';
const META = { requestId: 'req-1', ip: null, userAgent: null, clientRequestId: null };
const CASE = 'case-1';

function user(id: string, role: Role, organizationId = ORG_A): AuthUser {
  return {
    id,
    role,
    organizationId,
    organizationKind: 'member',
    email: `${id}@example.org`,
    sessionId: `s-${id}`,
  };
}
const reporter = user('reporter-1', 'member_reporter');
const colleague = user('reporter-2', 'member_reporter');
const otherAdmin = user('admin-b', 'member_admin', ORG_B);
const coordinator = user('coord-1', 'coordinator', 'org-coalition');

function referral(id: string, fields: Partial<ReferralEntity> = {}): ReferralEntity {
  return {
    id,
    reference: `FCR-${id}`,
    organizationId: ORG_A,
    createdBy: reporter.id,
    status: 'in_review',
    caseId: CASE,
    submittedAt: new Date(Date.UTC(2026, 0, 2)),
    ...fields,
  } as ReferralEntity;
}

const terminated = {
  action: 'terminated_relationship',
  date: '2026-02-03',
} as RecordMemberActionDto;

function setUp() {
  const uow = new InMemoryUnitOfWork();
  const referrals = new InMemoryReferralsRepository();
  const memberActions = new InMemoryMemberActionsRepository();
  const none = {} as never;
  const access = new AccessService(none, none, referrals, none, none, none, none);
  const audited: { action: string; details?: Record<string, unknown> }[] = [];
  const audit = {
    record: (_tx: Tx, e: { action: string; details?: Record<string, unknown> }) => {
      audited.push({ action: e.action, details: e.details });
      return Promise.resolve();
    },
  } as unknown as AuditWriter;
  const service = new MemberActionsService(
    uow as unknown as UnitOfWork,
    memberActions,
    access,
    audit,
  );
  return { service, referrals, memberActions, audited, uow };
}

describe('MemberActionsService', () => {
  it('should record the filer’s action and audit it without a hold', async () => {
    const { service, referrals, memberActions, audited } = setUp();
    referrals.seed(referral('r-1'));
    const view = await service.record(reporter, 'r-1', terminated, META);
    expect(view).toMatchObject({
      referralId: 'r-1',
      action: 'terminated_relationship',
      date: '2026-02-03',
    });
    expect(memberActions.alerts).toEqual([]);
    expect(audited).toEqual([
      {
        action: 'member_action.record',
        details: {
          memberActionId: view.id,
          action: 'terminated_relationship',
          date: '2026-02-03',
          noteLength: 0,
        },
      },
    ]);
  });

  it('should record an action against an active hold of the scope it contradicts, alert coordinators and name only that hold in the audit', async () => {
    const { service, referrals, memberActions, audited } = setUp();
    referrals.seed(referral('r-1'));
    memberActions.holds.push({
      caseId: CASE,
      id: 'hold-1',
      dispatchId: 'dsp-1',
      scope: 'do_not_terminate',
      expiresAt: new Date(Date.UTC(2026, 5, 1)),
      agency: 'National Crime Unit',
    });
    memberActions.holds.push({
      caseId: CASE,
      id: 'hold-2',
      dispatchId: 'dsp-1',
      scope: 'do_not_contact',
      expiresAt: new Date(Date.UTC(2026, 5, 1)),
      agency: 'National Crime Unit',
    });
    const view = await service.record(reporter, 'r-1', terminated, META);
    expect(memberActions.alerts).toEqual([
      expect.objectContaining({
        kind: 'terminated_despite_hold',
        caseId: CASE,
        dispatchId: 'dsp-1',
        dedupeKey: `member_action:${view.id}:hold-1`,
      }),
    ]);
    expect(audited[0].details).toMatchObject({ despiteHolds: ['hold-1'] });
  });

  it('should refuse an action on a draft with 409 and record nothing', async () => {
    const { service, referrals, memberActions, uow } = setUp();
    referrals.seed(referral('r-1', { status: 'draft', submittedAt: null, caseId: null }));
    const refusal = await service
      .record(reporter, 'r-1', terminated, META)
      .catch((e: unknown) => e);
    expect((refusal as ConflictProblem).code).toBe('member_action_not_allowed_from_draft');
    expect(memberActions.actions).toEqual([]);
    expect(uow.rollbacks).toBe(1);
  });

  it('should answer 404 to a colleague and to another organization, recording nothing', async () => {
    const { service, referrals, memberActions } = setUp();
    referrals.seed(referral('r-1'));
    await expect(service.record(colleague, 'r-1', terminated, META)).rejects.toBeInstanceOf(
      RecordNotFound,
    );
    await expect(service.list(otherAdmin, 'r-1', META)).rejects.toBeInstanceOf(RecordNotFound);
    expect(memberActions.actions).toEqual([]);
  });

  it('should let a coordinator read the actions, audited with their count', async () => {
    const { service, referrals, audited } = setUp();
    referrals.seed(referral('r-1'));
    await service.record(reporter, 'r-1', terminated, META);
    audited.length = 0;
    const items = await service.list(coordinator, 'r-1', META);
    expect(items).toHaveLength(1);
    expect(audited).toEqual([{ action: 'member_action.read', details: { count: 1 } }]);
  });
});
