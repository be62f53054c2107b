import { canReachOrganization, hasPermission, PERMISSION_TABLE, PERMISSIONS } from './permissions';
import { canAssignRole, isRoleAllowedForKind, ROLES } from './roles';

describe('permission table', () => {
  it('should name only known permissions for every role', () => {
    for (const role of ROLES) {
      for (const permission of Object.keys(PERMISSION_TABLE[role])) {
        expect(PERMISSIONS).toContain(permission);
      }
    }
  });

  it('should give every role its own session and nothing else by default', () => {
    for (const role of ROLES) expect(hasPermission(role, 'session.self')).toBe(true);
    expect(hasPermission('member_reporter', 'users.manage')).toBe(false);
    expect(hasPermission('coordinator', 'organizations.manage')).toBe(false);
    expect(hasPermission('auditor', 'users.manage')).toBe(false);
  });

  it('should keep a member admin inside their own organization', () => {
    const actor = { role: 'member_admin' as const, organizationId: 'org-a' };
    expect(canReachOrganization(actor, 'users.manage', 'org-a')).toBe(true);
    expect(canReachOrganization(actor, 'users.manage', 'org-b')).toBe(false);
    expect(canReachOrganization(actor, 'organizations.read', 'org-a')).toBe(false);
  });

  it('should let the platform admin reach every organization', () => {
    const actor = { role: 'platform_admin' as const, organizationId: 'org-a' };
    expect(canReachOrganization(actor, 'users.manage', 'org-z')).toBe(true);
  });
});

describe('roles', () => {
  it('should allow only roles that fit the organization kind', () => {
    expect(isRoleAllowedForKind('member_reporter', 'member')).toBe(true);
    expect(isRoleAllowedForKind('coordinator', 'member')).toBe(false);
    expect(isRoleAllowedForKind('le_liaison', 'coalition')).toBe(false);
    expect(isRoleAllowedForKind('le_liaison', 'law_enforcement')).toBe(true);
  });

  it('should let a member admin grant member roles only', () => {
    expect(canAssignRole('member_admin', 'member_reporter')).toBe(true);
    expect(canAssignRole('member_admin', 'platform_admin')).toBe(false);
    expect(canAssignRole('member_admin', 'coordinator')).toBe(false);
    expect(canAssignRole('coordinator', 'member_reporter')).toBe(false);
    for (const role of ROLES) expect(canAssignRole('platform_admin', role)).toBe(true);
  });
});
