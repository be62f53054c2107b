import type { RecordScope } from '@app/domain';

/**
 * The caller's reach over referrals as a SQL condition on `alias` (a referrals
 * row), its values appended to `params`. `none` reaches no row.
 */
export function referralScopeSql(scope: RecordScope, alias: string, params: unknown[]): string {
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  switch (scope.reach) {
    case 'all':
      return 'TRUE';
    case 'none':
      return 'FALSE';
    case 'organization':
      return `${alias}.organization_id = ${param(scope.organizationId)}`;
    case 'owner':
      return `(${alias}.organization_id = ${param(scope.organizationId)} AND ${alias}.created_by = ${param(scope.userId)})`;
  }
}

/** The same reach as a TypeORM `where` on ReferralEntity; null when it reaches nothing. */
export function referralScopeWhere(
  scope: RecordScope,
): { organizationId?: string; createdBy?: string } | null {
  switch (scope.reach) {
    case 'all':
      return {};
    case 'none':
      return null;
    case 'organization':
      return { organizationId: scope.organizationId };
    case 'owner':
      return { organizationId: scope.organizationId, createdBy: scope.userId };
  }
}
