import type { RecordScope } from '@app/domain';

/**
 * A RecordScope as a SQL condition on the column that holds a record's
 * organization (and, for kinds with an owner, the column naming it). Values
 * are bound through `param`; `none`, and `owner` on a kind without an owner,
 * match nothing.
 */
export function scopeCondition(
  scope: RecordScope,
  columns: { organization: string; owner?: string },
  param: (value: unknown) => string,
): string {
  switch (scope.reach) {
    case 'all':
      return 'TRUE';
    case 'none':
      return 'FALSE';
    case 'organization':
      return `${columns.organization} = ${param(scope.organizationId)}::uuid`;
    case 'owner':
      return columns.owner
        ? `(${columns.organization} = ${param(scope.organizationId)}::uuid AND ${columns.owner} = ${param(scope.userId)}::uuid)`
        : 'FALSE';
  }
}

/** `scopeCondition` as an ` AND ...` to append to a WHERE; nothing for `all`. */
export function andInScope(
  scope: RecordScope,
  columns: { organization: string; owner?: string },
  param: (value: unknown) => string,
): string {
  return scope.reach === 'all' ? '' : ` AND ${scopeCondition(scope, columns, param)}`;
}
