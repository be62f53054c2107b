import type { OrganizationKind } from './organization';

export const ROLES = [
  'member_reporter',
  'member_admin',
  'coordinator',
  'lead_coordinator',
  'le_liaison',
  'auditor',
  'platform_admin',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Which roles a user of each kind of organization may hold. A role outside its
 * organization's kind would widen access across the need-to-know boundary
 * (a member user with a coordinator role would see every referral).
 */
export const ROLES_BY_ORGANIZATION_KIND: Readonly<Record<OrganizationKind, readonly Role[]>> = {
  member: ['member_reporter', 'member_admin'],
  coalition: ['coordinator', 'lead_coordinator', 'auditor', 'platform_admin'],
  law_enforcement: ['le_liaison'],
};

export function isRoleAllowedForKind(role: Role, kind: OrganizationKind): boolean {
  return ROLES_BY_ORGANIZATION_KIND[kind].includes(role);
}

/**
 * Roles an administrator may hand out. A member admin manages only the member
 * roles of their own organization; the platform admin any role that fits the
 * target organization's kind.
 */
export const ASSIGNABLE_ROLES: Readonly<Partial<Record<Role, readonly Role[]>>> = {
  platform_admin: ROLES,
  member_admin: ['member_reporter', 'member_admin'],
};

export function canAssignRole(actor: Role, target: Role): boolean {
  return ASSIGNABLE_ROLES[actor]?.includes(target) ?? false;
}
