import type { RecordScope } from '@app/domain';

/**
 * A case is held by the coalition, not by a member organization: only an `all`
 * scope reaches it (the same rule AccessService applies to one case), so any
 * other scope reads no rows.
 */
export function caseReachSql(scope: RecordScope): 'TRUE' | 'FALSE' {
  return scope.reach === 'all' ? 'TRUE' : 'FALSE';
}

/**
 * The referrals `scope` reaches, as a condition on the referral alias `r`;
 * `param` binds a value and answers its placeholder.
 */
export function referralReachSql(scope: RecordScope, param: (value: unknown) => string): string {
  switch (scope.reach) {
    case 'all':
      return 'TRUE';
    case 'organization':
      return `r.organization_id = ${param(scope.organizationId)}::uuid`;
    case 'owner':
      return `(r.organization_id = ${param(scope.organizationId)}::uuid AND r.created_by = ${param(scope.userId)}::uuid)`;
    case 'none':
      return 'FALSE';
  }
}
