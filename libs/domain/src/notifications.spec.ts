import {
  eligibleRecipients,
  isMandatoryKind,
  MANDATORY_NOTIFICATION_KINDS,
  NOTIFICATION_KINDS,
  notificationPath,
  type NotificationCandidate,
  type NotificationSubject,
} from './notifications';

const MEMBER_A = '00000000-0000-4000-8000-00000000000a';
const MEMBER_B = '00000000-0000-4000-8000-00000000000b';
const AGENCY_A = '00000000-0000-4000-8000-0000000000aa';
const AGENCY_B = '00000000-0000-4000-8000-0000000000bb';
const COALITION = '00000000-0000-4000-8000-0000000000cc';

const person = (
  id: string,
  role: NotificationCandidate['role'],
  organizationId: string,
  active = true,
): NotificationCandidate => ({ id, role, organizationId, active });

const filerA = person('u-filer-a', 'member_reporter', MEMBER_A);
const colleagueA = person('u-colleague-a', 'member_reporter', MEMBER_A);
const adminA = person('u-admin-a', 'member_admin', MEMBER_A);
const adminB = person('u-admin-b', 'member_admin', MEMBER_B);
const liaisonA1 = person('u-liaison-a1', 'le_liaison', AGENCY_A);
const liaisonA2 = person('u-liaison-a2', 'le_liaison', AGENCY_A);
const liaisonB = person('u-liaison-b', 'le_liaison', AGENCY_B);
const coordinator = person('u-coordinator', 'coordinator', COALITION);
const lead = person('u-lead', 'lead_coordinator', COALITION);
const auditor = person('u-auditor', 'auditor', COALITION);
const everyone = [
  filerA,
  colleagueA,
  adminA,
  adminB,
  liaisonA1,
  liaisonA2,
  liaisonB,
  coordinator,
  lead,
  auditor,
];
const ids = (list: NotificationCandidate[]) => list.map((p) => p.id);

const referralOfA: NotificationSubject = {
  target: { type: 'referral', id: 'r-1' },
  reference: 'FCR-2026-000001',
  tlp: 'AMBER+STRICT',
  permission: 'referrals.read',
  owner: { organizationId: MEMBER_A, ownerId: filerA.id },
};
const dispatchTo = (named: string[] | null): NotificationSubject => ({
  target: { type: 'dispatch', id: 'd-1' },
  reference: 'DSP-2026-000001',
  tlp: named ? 'RED' : 'AMBER',
  permission: 'dispatches.read',
  owner: { organizationId: AGENCY_A, namedRecipients: named },
});
const aCase: NotificationSubject = {
  target: { type: 'case', id: 'c-1' },
  reference: 'CASE-2026-000001',
  tlp: 'AMBER',
  permission: 'cases.read',
  owner: { organizationId: null },
};

describe('notification recipients', () => {
  it('should tell a referral’s filer and their member admin, never another member or a colleague reporter', () => {
    expect(ids(eligibleRecipients(referralOfA, everyone))).toEqual([filerA.id, adminA.id]);
  });

  it('should tell every liaison of the agency of an AMBER dispatch, and no other agency', () => {
    expect(ids(eligibleRecipients(dispatchTo(null), everyone))).toEqual([
      liaisonA1.id,
      liaisonA2.id,
    ]);
  });

  it('should tell only the named liaisons of a RED dispatch', () => {
    expect(ids(eligibleRecipients(dispatchTo([liaisonA2.id]), everyone))).toEqual([liaisonA2.id]);
  });

  it('should tell coalition staff about a case, never members, liaisons or auditors', () => {
    expect(ids(eligibleRecipients(aCase, everyone))).toEqual([coordinator.id, lead.id]);
  });

  it('should leave out the excluded (whoever caused it) and suspended people', () => {
    const suspended = person('u-suspended', 'coordinator', COALITION, false);
    expect(ids(eligibleRecipients(aCase, [...everyone, suspended], [lead.id]))).toEqual([
      coordinator.id,
    ]);
  });

  it('should link each target to its console page', () => {
    expect(notificationPath({ type: 'referral', id: 'x' })).toBe('/referrals/x');
    expect(notificationPath({ type: 'case', id: 'x' })).toBe('/cases/x');
    expect(notificationPath({ type: 'dispatch', id: 'x' })).toBe('/dispatches/x');
  });

  it('should keep mandatory kinds within the list of kinds', () => {
    for (const kind of MANDATORY_NOTIFICATION_KINDS) expect(NOTIFICATION_KINDS).toContain(kind);
    expect(isMandatoryKind('sla.breached')).toBe(true);
    expect(isMandatoryKind('case.assigned')).toBe(false);
  });
});
