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
      userId: 'u-2',
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

  it('should keep a record with named recipients to them within the organization', () => {
    const restricted = { organizationId: 'agency-org', namedRecipients: ['u-4'] };
    const colleague = { id: 'u-5', role: 'le_liaison' as const, organizationId: 'agency-org' };
    expect(withinScope(scopeOf(liaison, 'dispatches.read'), restricted)).toBe(true);
    expect(withinScope(scopeOf(colleague, 'dispatches.read'), restricted)).toBe(false);
    expect(withinScope(scopeOf(colleague, 'dispatches.act'), restricted)).toBe(false);
    // Coalition staff read every dispatch, restricted or not.
    expect(withinScope(scopeOf(coordinator, 'dispatches.read'), restricted)).toBe(true);
    // An organization scope that does not say who is asking reaches none of them.
    expect(withinScope({ reach: 'organization', organizationId: 'agency-org' }, restricted)).toBe(
      false,
    );
    // No names (or an empty list): the whole organization, as before.
    expect(
      withinScope(scopeOf(colleague, 'dispatches.read'), {
        organizationId: 'agency-org',
        namedRecipients: [],
      }),
    ).toBe(true);
  });
});
