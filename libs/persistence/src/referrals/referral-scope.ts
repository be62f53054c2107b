import { withinScope, type RecordScope } from '@app/domain';
import type { ObjectLiteral } from 'typeorm';

/**
 * A scope as a predicate on a referrals row `alias`, for raw SQL: its values
 * are appended to `params` and referenced by position. Owner reach is the
 * referral's creator within their organization, as AccessService decides it.
 */
export function referralScopeSql(scope: RecordScope, alias: string, params: unknown[]): string {
  switch (scope.reach) {
    case 'all':
      return 'TRUE';
    case 'none':
      return 'FALSE';
    case 'organization':
      params.push(scope.organizationId);
      return `${alias}.organization_id = $${params.length}`;
    case 'owner':
      params.push(scope.organizationId, scope.userId);
      return `${alias}.organization_id = $${params.length - 1} AND ${alias}.created_by = $${params.length}`;
  }
}

/**
 * A check for a write of one record whose holder the caller already knows:
 * writing outside the caller's reach is a programming error (AccessService
 * answered first), never a 404 to hand out.
 */
export function assertWithinScope(
  scope: RecordScope,
  owner: { organizationId: string; createdBy: string },
  what: string,
): void {
  const inside = withinScope(scope, {
    organizationId: owner.organizationId,
    ownerId: owner.createdBy,
  });
  if (!inside) throw new Error(`${what} lies outside the caller's scope`);
}

/**
 * For rows that belong to a referral (documents, member actions): the scope as
 * a condition on the referral `referralColumn` names, with named parameters;
 * null when the scope reaches every referral (no condition at all).
 */
export function referralReachedBy(
  scope: RecordScope,
  referralColumn: string,
): { sql: string; params: ObjectLiteral } | null {
  switch (scope.reach) {
    case 'all':
      return null;
    case 'none':
      return { sql: 'FALSE', params: {} };
    case 'organization':
      return {
        sql: `EXISTS (SELECT 1 FROM referrals scope_r WHERE scope_r.id = ${referralColumn} AND scope_r.organization_id = :scopeOrg)`,
        params: { scopeOrg: scope.organizationId },
      };
    case 'owner':
      return {
        sql: `EXISTS (SELECT 1 FROM referrals scope_r WHERE scope_r.id = ${referralColumn} AND scope_r.organization_id = :scopeOrg AND scope_r.created_by = :scopeUser)`,
        params: { scopeOrg: scope.organizationId, scopeUser: scope.userId },
      };
  }
}
