import { DEFAULT_PAGE_SIZE, type Page } from '@app/common';
import { asciiHostname, withinScope, type RecordScope } from '@app/domain';
import { randomUUID } from 'node:crypto';
import type { Held } from '../access/record-access';
import type { OrganizationEntity, UserEntity } from '../entities';
import type { Tx } from '../unit-of-work/tx';
import type { EmailDomainsRepository } from './email-domains.repository';
import type { NewOrganization, OrganizationsRepository } from './organizations.repository';
import type { NewUser, OwnProfile, UserChanges, UsersRepository } from './users.repository';

/**
 * The organizations, users and e-mail domains that in-memory repositories of
 * unit tests share (a user's organization, a domain's holder). Rows are stored
 * whole, password hash and second-factor secret included.
 */
export class InMemoryDirectory {
  readonly organizations = new Map<string, OrganizationEntity>();
  readonly users = new Map<string, UserEntity>();
  /** domain → organization id */
  readonly emailDomains = new Map<string, string>();
  /** The audit trail's `user.create` refusals for taken addresses, per acting user. */
  readonly emailTakenRefusals = new Map<string, Date[]>();
  private tick = 0;

  /** Creation times that strictly increase, so pages have a stable order. */
  nextCreatedAt(): Date {
    this.tick += 1;
    return new Date(Date.UTC(2026, 0, 1) + this.tick);
  }

  addOrganization(fields: Partial<OrganizationEntity> = {}): OrganizationEntity {
    const createdAt = this.nextCreatedAt();
    const org: OrganizationEntity = {
      id: randomUUID(),
      kind: 'member',
      legalName: `Organization ${this.tick}`,
      country: 'GB',
      status: 'active',
      memberType: (fields.kind ?? 'member') === 'member' ? 'issuer' : null,
      sharingRegistrationCurrent: (fields.kind ?? 'member') === 'member' ? true : null,
      namedInDispatches: false,
      isDemo: false,
      createdAt,
      updatedAt: createdAt,
      version: 1,
      ...fields,
    };
    this.organizations.set(org.id, org);
    return org;
  }

  addUser(fields: Partial<UserEntity> & { organizationId: string }): UserEntity {
    const createdAt = this.nextCreatedAt();
    const email = fields.email ?? `user${this.tick}@example.org`;
    const user = {
      id: randomUUID(),
      role: 'member_reporter',
      email,
      emailNormalized: email.toLowerCase(),
      displayName: `User ${this.tick}`,
      passwordHash: 'hash',
      mfaSecret: null,
      mfaEnabled: false,
      mfaLastStep: null,
      status: 'active',
      lastLoginAt: null,
      passwordChangedAt: createdAt,
      createdAt,
      updatedAt: createdAt,
      version: 1,
      ...fields,
    } as UserEntity;
    this.users.set(user.id, user);
    return user;
  }

  /** A copy with its organization attached, as a joined query returns it. */
  withOrganization(user: UserEntity): UserEntity {
    return { ...user, organization: this.organizations.get(user.organizationId) };
  }
}

/** A first page in (createdAt, id) order; the fakes do not resume from cursors. */
export function firstPage<T extends { id: string; createdAt: Date }>(
  rows: T[],
  page: { limit?: number },
): Page<T> {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  const sorted = [...rows].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  );
  return {
    items: sorted.slice(0, limit),
    nextCursor: sorted.length > limit ? 'more' : null,
  };
}

function refuseOutside(scope: RecordScope, organizationId: string, ownerId?: string): void {
  if (!withinScope(scope, { organizationId, ownerId })) {
    throw new Error('A write outside the caller’s scope was attempted');
  }
}

export class InMemoryOrganizationsRepository implements Pick<
  OrganizationsRepository,
  keyof OrganizationsRepository
> {
  constructor(readonly directory = new InMemoryDirectory()) {}

  loadForAccess(_tx: Tx, id: string): Promise<Held<OrganizationEntity> | null> {
    const org = this.directory.organizations.get(id);
    return Promise.resolve(org ? { record: { ...org }, organizationId: org.id } : null);
  }

  list(
    _tx: Tx,
    scope: RecordScope,
    filters: { kind?: string; status?: string },
    page: { cursor?: string; limit?: number },
  ): Promise<Page<OrganizationEntity>> {
    const rows = [...this.directory.organizations.values()].filter(
      (o) =>
        withinScope(scope, { organizationId: o.id }) &&
        (!filters.kind || o.kind === filters.kind) &&
        (!filters.status || o.status === filters.status),
    );
    return Promise.resolve(firstPage(rows, page));
  }

  create(_tx: Tx, values: NewOrganization): Promise<OrganizationEntity> {
    return Promise.resolve(this.directory.addOrganization({ ...values }));
  }

  save(_tx: Tx, scope: RecordScope, org: OrganizationEntity): Promise<void> {
    refuseOutside(scope, org.id);
    this.directory.organizations.set(org.id, { ...org });
    return Promise.resolve();
  }

  findByLegalName(
    _tx: Tx,
    legalName: string,
    country: string,
  ): Promise<{ id: string; kind: string } | null> {
    const org = [...this.directory.organizations.values()].find(
      (o) => o.legalName.toLowerCase() === legalName.toLowerCase() && o.country === country,
    );
    return Promise.resolve(org ? { id: org.id, kind: org.kind } : null);
  }

  insertCoalition(_tx: Tx, id: string, legalName: string, country: string): Promise<void> {
    this.directory.addOrganization({ id, kind: 'coalition', legalName, country, status: 'active' });
    return Promise.resolve();
  }
}

export class InMemoryUsersRepository implements Pick<UsersRepository, keyof UsersRepository> {
  constructor(readonly directory = new InMemoryDirectory()) {}

  loadForAccess(_tx: Tx, id: string): Promise<Held<UserEntity> | null> {
    const user = this.directory.users.get(id);
    return Promise.resolve(
      user ? { record: { ...user }, organizationId: user.organizationId } : null,
    );
  }

  list(
    _tx: Tx,
    scope: RecordScope,
    organizationId: string,
    filters: { role?: string; status?: string },
    page: { cursor?: string; limit?: number },
  ): Promise<Page<UserEntity>> {
    const rows = [...this.directory.users.values()].filter(
      (u) =>
        u.organizationId === organizationId &&
        withinScope(scope, { organizationId: u.organizationId }) &&
        (!filters.role || u.role === filters.role) &&
        (!filters.status || u.status === filters.status),
    );
    return Promise.resolve(firstPage(rows, page));
  }

  find(_tx: Tx, scope: RecordScope, id: string): Promise<UserEntity | null> {
    const user = this.directory.users.get(id);
    return Promise.resolve(
      user && withinScope(scope, { organizationId: user.organizationId }) ? { ...user } : null,
    );
  }

  idsOf(_tx: Tx, scope: RecordScope, organizationId: string): Promise<string[]> {
    refuseOutside(scope, organizationId);
    return Promise.resolve(
      [...this.directory.users.values()]
        .filter((u) => u.organizationId === organizationId)
        .map((u) => u.id),
    );
  }

  holderOf(_tx: Tx, emailKey: string): Promise<Pick<UserEntity, 'id' | 'organizationId'> | null> {
    const user = [...this.directory.users.values()].find((u) => u.emailNormalized === emailKey);
    return Promise.resolve(user ? { id: user.id, organizationId: user.organizationId } : null);
  }

  create(_tx: Tx, scope: RecordScope, values: NewUser): Promise<UserEntity> {
    refuseOutside(scope, values.organizationId);
    return Promise.resolve({ ...this.directory.addUser({ ...values }) });
  }

  update(
    _tx: Tx,
    scope: RecordScope,
    user: Pick<UserEntity, 'id' | 'organizationId'>,
    changes: UserChanges,
  ): Promise<UserEntity> {
    refuseOutside(scope, user.organizationId);
    const stored = this.stored(user.id);
    Object.assign(stored, changes);
    return Promise.resolve({ ...stored });
  }

  findForSignIn(_tx: Tx, emailKey: string): Promise<UserEntity | null> {
    const user = [...this.directory.users.values()].find((u) => u.emailNormalized === emailKey);
    return Promise.resolve(user ? this.directory.withOrganization(user) : null);
  }

  self(_tx: Tx, userId: string): Promise<UserEntity | null> {
    const user = this.directory.users.get(userId);
    return Promise.resolve(user ? this.directory.withOrganization(user) : null);
  }

  profile(_tx: Tx, userId: string): Promise<OwnProfile | null> {
    const user = this.directory.users.get(userId);
    const org = user && this.directory.organizations.get(user.organizationId);
    if (!user || !org) return Promise.resolve(null);
    return Promise.resolve({
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      mfaEnabled: user.mfaEnabled,
      organization: { id: org.id, kind: org.kind, legalName: org.legalName, country: org.country },
    });
  }

  ownPasswordHash(_tx: Tx, userId: string): Promise<string> {
    return Promise.resolve(this.stored(userId).passwordHash);
  }

  setOwnPassword(_tx: Tx, userId: string, passwordHash: string): Promise<void> {
    Object.assign(this.stored(userId), { passwordHash, passwordChangedAt: new Date() });
    return Promise.resolve();
  }

  recordSignIn(_tx: Tx, userId: string): Promise<void> {
    this.stored(userId).lastLoginAt = new Date();
    return Promise.resolve();
  }

  recentEmailTakenRefusals(
    _tx: Tx,
    actorUserId: string,
    windowSeconds: number,
  ): Promise<{ refused: number; oldest: Date | null }> {
    const since = Date.now() - windowSeconds * 1000;
    const times = (this.directory.emailTakenRefusals.get(actorUserId) ?? []).filter(
      (t) => t.getTime() > since,
    );
    return Promise.resolve({
      refused: times.length,
      oldest: times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null,
    });
  }

  lockBootstrap(): Promise<void> {
    return Promise.resolve(Promise.resolve());
  }

  activePlatformAdminExists(): Promise<boolean> {
    return Promise.resolve(
      [...this.directory.users.values()].some(
        (u) => u.role === 'platform_admin' && u.status === 'active',
      ),
    );
  }

  insertPlatformAdmin(
    _tx: Tx,
    values: Parameters<UsersRepository['insertPlatformAdmin']>[1],
  ): Promise<void> {
    this.directory.addUser({ ...values, role: 'platform_admin', status: 'active' });
    return Promise.resolve();
  }

  private stored(id: string): UserEntity {
    const user = this.directory.users.get(id);
    if (!user) throw new Error(`No user ${id}`);
    return user;
  }
}

export class InMemoryEmailDomainsRepository implements Pick<
  EmailDomainsRepository,
  keyof EmailDomainsRepository
> {
  constructor(readonly directory = new InMemoryDirectory()) {}

  byOrganization(_tx: Tx, organizationIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    for (const [domain, organizationId] of [...this.directory.emailDomains].sort()) {
      if (!organizationIds.includes(organizationId)) continue;
      result.set(organizationId, [...(result.get(organizationId) ?? []), domain]);
    }
    return Promise.resolve(result);
  }

  async of(tx: Tx, organizationId: string): Promise<string[]> {
    return (await this.byOrganization(tx, [organizationId])).get(organizationId) ?? [];
  }

  holdIfRegistered(_tx: Tx, domain: string | null, organizationId: string) {
    return Promise.resolve(
      domain !== null && this.directory.emailDomains.get(domain) === organizationId,
    );
  }

  conflicts(_tx: Tx, organizationId: string, domains: string[]): Promise<string[]> {
    const used = new Set(
      [...this.directory.users.values()]
        .filter((u) => u.organizationId !== organizationId)
        .map((u) => asciiHostname(u.email.slice(u.email.lastIndexOf('@') + 1))),
    );
    return Promise.resolve([
      ...domains
        .filter((d) => {
          const holder = this.directory.emailDomains.get(d);
          return holder !== undefined && holder !== organizationId;
        })
        .sort()
        .map((d) => `${d} is registered to another organization`),
      ...domains
        .filter((d) => used.has(d))
        .map((d) => `${d} is the domain of accounts of another organization`),
    ]);
  }

  replace(_tx: Tx, organizationId: string, domains: string[]): Promise<void> {
    for (const [domain, holder] of [...this.directory.emailDomains]) {
      if (holder === organizationId && !domains.includes(domain)) {
        this.directory.emailDomains.delete(domain);
      }
    }
    for (const domain of domains) this.directory.emailDomains.set(domain, organizationId);
    return Promise.resolve();
  }
}
