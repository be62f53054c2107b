import { withinScope, type RecordScope } from '@app/domain';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Narrow a query over rows held by an organization to the caller's scope:
 * `none` reaches no row, `all` every row. `owner` also needs the column naming
 * the row's creator; a table without one reaches nothing with an owner scope.
 */
export function whereInScope<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  scope: RecordScope,
  columns: { organization: string; owner?: string },
): SelectQueryBuilder<T> {
  switch (scope.reach) {
    case 'all':
      return qb;
    case 'organization':
      return qb.andWhere(`${columns.organization} = :scopeOrganizationId`, {
        scopeOrganizationId: scope.organizationId,
      });
    case 'owner':
      return columns.owner
        ? qb.andWhere(
            `${columns.organization} = :scopeOrganizationId AND ${columns.owner} = :scopeUserId`,
            { scopeOrganizationId: scope.organizationId, scopeUserId: scope.userId },
          )
        : qb.andWhere('1 = 0');
    case 'none':
      return qb.andWhere('1 = 0');
  }
}

/**
 * A write names the organization it writes into; outside the caller's scope it
 * is a programming error (AccessService decided reach before), never a write.
 */
export function assertInScope(scope: RecordScope, organizationId: string, ownerId?: string): void {
  if (!withinScope(scope, { organizationId, ownerId })) {
    throw new Error('A write outside the caller’s scope was attempted');
  }
}
