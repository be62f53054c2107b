import type { Role } from './roles';

/**
 * Every permission a route can require. A route names exactly one; the table
 * below says which roles hold it and how far their reach goes.
 */
export const PERMISSIONS = [
  'session.self',
  'organizations.read',
  'organizations.manage',
  'users.read',
  'users.manage',
  'queues.dashboard',
  'queues.read',
  'queues.manage',
  'referrals.create',
  'referrals.read',
  'referrals.write',
  'referrals.reveal',
  'cases.read',
  'cases.write',
  'dispatches.read',
  'dispatches.act',
  'reference.read',
  'reference.manage',
  'alerts.read',
  'audit.read',
  /** The signed checkpoints and the coalition's public key: what an agency verifies a package with. */
  'audit.checkpoints.read',
  'api_keys.manage',
  /** Aggregate figures (referrals per month, times, outcomes) and the yearly transparency report. */
  'statistics.read',
  /** What the retention purge would remove, and the audit archives it wrote. */
  'retention.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * `any`: every record of that kind; `own_organization`: only records that belong
 * to the caller's organization; `own_records`: only records the caller created.
 * Anything out of reach answers "not found".
 */
export type PermissionScope = 'any' | 'own_organization' | 'own_records';

type PermissionTable = Readonly<
  Record<Role, Readonly<Partial<Record<Permission, PermissionScope>>>>
>;

/** The permission table: data, not code. Absent means refused (403). */
export const PERMISSION_TABLE: PermissionTable = {
  member_reporter: {
    'session.self': 'own_organization',
    'referrals.create': 'own_organization',
    'referrals.read': 'own_records',
    'referrals.write': 'own_records',
  },
  member_admin: {
    'session.self': 'own_organization',
    'api_keys.manage': 'own_organization',
    'users.read': 'own_organization',
    'users.manage': 'own_organization',
    'referrals.create': 'own_organization',
    'referrals.read': 'own_organization',
    'referrals.write': 'own_organization',
  },
  coordinator: {
    'session.self': 'own_organization',
    'referrals.read': 'any',
    'referrals.reveal': 'any',
    'queues.read': 'any',
    'cases.read': 'any',
    'cases.write': 'any',
    'dispatches.read': 'any',
    'reference.read': 'any',
    'alerts.read': 'any',
  },
  lead_coordinator: {
    'session.self': 'own_organization',
    'referrals.read': 'any',
    'referrals.reveal': 'any',
    'queues.read': 'any',
    'cases.read': 'any',
    'cases.write': 'any',
    'dispatches.read': 'any',
    'reference.read': 'any',
    'alerts.read': 'any',
  },
  // A liaison's organization is its agency: dispatches reach only their own.
  le_liaison: {
    'session.self': 'own_organization',
    'dispatches.read': 'own_organization',
    'dispatches.act': 'own_organization',
    'audit.checkpoints.read': 'any',
  },
  auditor: {
    'session.self': 'own_organization',
    'audit.read': 'any',
    'audit.checkpoints.read': 'any',
    // Read-only: without queues.manage the dashboard refuses every change.
    'queues.dashboard': 'any',
    'statistics.read': 'any',
  },
  platform_admin: {
    'session.self': 'own_organization',
    'organizations.read': 'any',
    'organizations.manage': 'any',
    'users.read': 'any',
    'users.manage': 'any',
    'queues.dashboard': 'any',
    'queues.read': 'any',
    'queues.manage': 'any',
    'reference.read': 'any',
    'reference.manage': 'any',
    'audit.read': 'any',
    'audit.checkpoints.read': 'any',
    'statistics.read': 'any',
    'retention.read': 'any',
  },
};

export function permissionScope(role: Role, permission: Permission): PermissionScope | undefined {
  return PERMISSION_TABLE[role][permission];
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return permissionScope(role, permission) !== undefined;
}

/**
 * Whether a caller holding `permission` may reach a record owned by
 * `recordOrganizationId`. Records outside the caller's reach must be reported
 * as missing, never as forbidden.
 */
export function canReachOrganization(
  actor: { role: Role; organizationId: string },
  permission: Permission,
  recordOrganizationId: string,
): boolean {
  const scope = permissionScope(actor.role, permission);
  switch (scope) {
    case 'any':
      return true;
    case 'own_organization':
      return actor.organizationId === recordOrganizationId;
    case 'own_records':
    case undefined:
      return false;
  }
}

/** Like canReachOrganization, for records that also have an owning user. */
export function canReachRecord(
  actor: { id: string; role: Role; organizationId: string },
  permission: Permission,
  record: { organizationId: string; ownerId: string },
): boolean {
  const scope = permissionScope(actor.role, permission);
  switch (scope) {
    case 'any':
      return true;
    case 'own_organization':
      return actor.organizationId === record.organizationId;
    case 'own_records':
      return actor.organizationId === record.organizationId && actor.id === record.ownerId;
    case undefined:
      return false;
  }
}

/**
 * Which records of a kind a caller may reach with one permission, as data a
 * repository turns into its WHERE clause. Every repository method takes one, so
 * a query that forgets the caller's reach does not compile. `all` is also the
 * scope of system work (jobs, a case decision applied to its own referrals).
 */
export type RecordScope =
  | { readonly reach: 'all' }
  | {
      readonly reach: 'organization';
      readonly organizationId: string;
      /** The caller, for records restricted to named people (without it, none of those). */
      readonly userId?: string;
    }
  | { readonly reach: 'owner'; readonly organizationId: string; readonly userId: string }
  | { readonly reach: 'none' };

/** The scope of work the system does on its own behalf (worker jobs, seeds, the CLI). */
export const SYSTEM_SCOPE: RecordScope = Object.freeze({ reach: 'all' as const });

/** The caller's scope for `permission`, from the permission table. */
export function scopeOf(
  actor: { id: string; role: Role; organizationId: string },
  permission: Permission,
): RecordScope {
  switch (permissionScope(actor.role, permission)) {
    case 'any':
      return { reach: 'all' };
    case 'own_organization':
      return { reach: 'organization', organizationId: actor.organizationId, userId: actor.id };
    case 'own_records':
      return { reach: 'owner', organizationId: actor.organizationId, userId: actor.id };
    case undefined:
      return { reach: 'none' };
  }
}

/**
 * Whether a record owned by `owner` lies within `scope` (null organization:
 * coalition-held). A record with named recipients (a RED or AMBER+STRICT
 * dispatch) is reached inside its organization by those people alone; the
 * whole-coalition scope still reaches it.
 */
export function withinScope(
  scope: RecordScope,
  owner: {
    organizationId: string | null;
    ownerId?: string | null;
    namedRecipients?: readonly string[] | null;
  },
): boolean {
  switch (scope.reach) {
    case 'all':
      return true;
    case 'organization':
      return (
        owner.organizationId !== null &&
        owner.organizationId === scope.organizationId &&
        namedRecipientIn(owner.namedRecipients, scope.userId)
      );
    case 'owner':
      return (
        owner.organizationId !== null &&
        owner.organizationId === scope.organizationId &&
        owner.ownerId === scope.userId &&
        namedRecipientIn(owner.namedRecipients, scope.userId)
      );
    case 'none':
      return false;
  }
}

/** No recipients named: anyone the scope reaches; else only a named one. */
function namedRecipientIn(
  named: readonly string[] | null | undefined,
  userId: string | undefined,
): boolean {
  if (!named || named.length === 0) return true;
  return userId !== undefined && named.includes(userId);
}
