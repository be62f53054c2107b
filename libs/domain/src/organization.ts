/** Organization vocabulary shared by every layer (wire values of api.md). */

export const ORGANIZATION_KINDS = ['member', 'coalition', 'law_enforcement'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ORGANIZATION_STATUSES = ['pending_vetting', 'active', 'suspended'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

export const MEMBER_TYPES = [
  'issuer',
  'acquirer',
  'card_network',
  'payment_processor',
  'money_service_business',
  'crypto',
  'internet_company',
] as const;
export type MemberType = (typeof MEMBER_TYPES)[number];

/**
 * `pending`: created at a first single sign-on, it cannot sign in until an
 * administrator of its organization grants it a role and activates it.
 */
export const USER_STATUSES = ['active', 'suspended', 'pending'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
