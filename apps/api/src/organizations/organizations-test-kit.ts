import type { AuditRecord, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser, type PasswordHasher } from '@app/auth';
import { AppConfig, validateEnvironment } from '@app/common';
import type { Role } from '@app/domain';
import {
  InMemoryApiKeysRepository,
  InMemoryDirectory,
  InMemoryEmailDomainsRepository,
  InMemoryOrganizationsRepository,
  InMemorySessionsRepository,
  InMemoryUnitOfWork,
  InMemoryUsersRepository,
  type OrganizationEntity,
  type UnitOfWork,
  type UserEntity,
} from '@app/persistence';
import { JwtService } from '@nestjs/jwt';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { TokenService } from '../auth/token.service';
import { UsersService } from '../users/users.service';
import { OrganizationsService } from './organizations.service';

/**
 * Organizations, their users and API keys wired on in-memory repositories with
 * the real AccessService, for the unit specs of those services: a recording
 * audit writer and a cheap hasher (`hashed:<password>`) stand in.
 */
export function organizationsKit() {
  const directory = new InMemoryDirectory();
  const memory = new InMemoryUnitOfWork();
  const uow = memory as unknown as UnitOfWork;
  const organizationsRepository = new InMemoryOrganizationsRepository(directory);
  const usersRepository = new InMemoryUsersRepository(directory);
  const emailDomains = new InMemoryEmailDomainsRepository(directory);
  const sessions = new InMemorySessionsRepository(directory);
  const keys = new InMemoryApiKeysRepository(directory);
  const unused = {} as never;
  const access = new AccessService(
    organizationsRepository,
    usersRepository,
    unused,
    unused,
    unused,
    unused,
    keys,
  );
  const audited: AuditRecord[] = [];
  const audit = {
    record: (_tx: unknown, record: AuditRecord) => Promise.resolve(void audited.push(record)),
  } as unknown as AuditWriter;
  const hasher = {
    hash: (p: string) => Promise.resolve(`hashed:${p}`),
    verify: (h: string | null | undefined, p: string) => Promise.resolve(h === `hashed:${p}`),
  } as unknown as PasswordHasher;
  const config = new AppConfig(validateEnvironment({ JWT_SECRET: 'k'.repeat(32) }));
  const tokens = new TokenService(new JwtService({ secret: 'k'.repeat(32) }), sessions, config);
  const users = new UsersService(uow, usersRepository, emailDomains, access, hasher, audit, tokens);
  const organizations = new OrganizationsService(
    uow,
    organizationsRepository,
    usersRepository,
    emailDomains,
    access,
    audit,
    tokens,
  );
  const apiKeys = new ApiKeysService(uow, keys, access, audit);

  /** An organization with its registered e-mail domain. */
  const addOrganization = (domain: string, fields: Partial<OrganizationEntity> = {}) => {
    const org = directory.addOrganization(fields);
    directory.emailDomains.set(domain, org.id);
    return org;
  };
  const addUser = (org: OrganizationEntity, role: Role, fields: Partial<UserEntity> = {}) => {
    const domain = [...directory.emailDomains].find(([, id]) => id === org.id)?.[0];
    const n = directory.users.size + 1;
    return directory.addUser({
      organizationId: org.id,
      role,
      email: `user${n}@${domain ?? 'example.org'}`,
      emailNormalized: `user${n}@${domain ?? 'example.org'}`,
      ...fields,
    });
  };
  const actorOf = (user: UserEntity): AuthUser => ({
    id: user.id,
    organizationId: user.organizationId,
    organizationKind: directory.organizations.get(user.organizationId)?.kind ?? 'member',
    role: user.role,
    email: user.email,
    sessionId: `session-of-${user.id}`,
  });
  /** An open session of the user, to see whether a change ends it. */
  const openSession = (user: UserEntity) =>
    tokens.issue(memory.tx, user, { ip: null }).then((pair) => pair.familyId);
  return {
    directory,
    users,
    organizations,
    apiKeys,
    keys,
    sessions,
    audited,
    memory,
    addOrganization,
    addUser,
    actorOf,
    openSession,
  };
}
