import { scopeOf, withinScope } from './permissions';

const reporter = { id: 'u-1', role: 'member_reporter' as const, organizationId: 'org-a' };
const admin = { id: 'u-2', role: 'member_admin' as const, organizationId: 'org-a' };
const coordinator = { id: 'u-3', role: 'coordinator' as const, organizationId: 'coalition' };
const liaison = { id: 'u-4', role: 'le_liaison' as const, organizationId: 'agency-org' };

describe('record scopes', () => {
  it('follow the permission table', () => {
    expect(scopeOf(reporter, 'referrals.read')).toEqual({
      reach: 'owner',
      organizationId: 'org-a',
      userId: 'u-1',
    });
    expect(scopeOf(admin, 'referrals.read')).toEqual({
      reach: 'organization',
      organizationId: 'org-a',
    });
    expect(scopeOf(coordinator, 'cases.read')).toEqual({ reach: 'all' });
    expect(scopeOf(liaison, 'cases.read')).toEqual({ reach: 'none' });
  });

  it('reach a record only within the scope', () => {
    const own = { organizationId: 'org-a', ownerId: 'u-1' };
    const colleague = { organizationId: 'org-a', ownerId: 'u-9' };
    const otherBank = { organizationId: 'org-b', ownerId: 'u-1' };
    const reporterScope = scopeOf(reporter, 'referrals.read');
    expect(withinScope(reporterScope, own)).toBe(true);
    expect(withinScope(reporterScope, colleague)).toBe(false);
    expect(withinScope(reporterScope, otherBank)).toBe(false);
    const adminScope = scopeOf(admin, 'referrals.read');
    expect(withinScope(adminScope, colleague)).toBe(true);
    expect(withinScope(adminScope, otherBank)).toBe(false);
  });

  it('keep coalition-held records (no organization) to the whole-coalition scope', () => {
    const caseRecord = { organizationId: null };
    expect(withinScope({ reach: 'all' }, caseRecord)).toBe(true);
    expect(withinScope({ reach: 'organization', organizationId: 'org-a' }, caseRecord)).toBe(false);
    expect(withinScope(scopeOf(liaison, 'dispatches.read'), { organizationId: 'agency-org' })).toBe(
      true,
    );
    expect(withinScope({ reach: 'none' }, { organizationId: 'org-a', ownerId: 'u-1' })).toBe(false);
  });
});
