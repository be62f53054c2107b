import { PasswordHasher } from '@app/auth';
import { accountEmailKey, type OrganizationKind, type Role } from '@app/domain';
import { OrganizationEmailDomainEntity, OrganizationEntity, UserEntity } from '@app/persistence';
import { randomUUID } from 'node:crypto';
import type supertest from 'supertest';
import type { DataSource } from 'typeorm';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

const hasher = new PasswordHasher();
let cachedHash: Promise<string> | undefined;

/** Hashing is deliberately slow; test users share one hash of TEST_PASSWORD. */
function testPasswordHash(): Promise<string> {
  cachedHash ??= hasher.hash(TEST_PASSWORD);
  return cachedHash;
}

export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

/** The e-mail domain the factory registers to a test organization: its own, from its id. */
export function orgEmailDomain(organization: { id: string }): string {
  // Digits become letters (g-p, one to one): a long digit run in random hex can be a valid
  // card number in shape (a 14-digit Maestro), which every request refuses.
  const letters = organization.id
    .replace(/-/g, '')
    .slice(0, 16)
    .replace(/[0-9]/g, (digit) => String.fromCharCode(0x67 + Number(digit)));
  return `o${letters}.test.example`;
}

export async function createOrganization(
  ds: DataSource,
  kind: OrganizationKind,
  overrides: Partial<OrganizationEntity> = {},
): Promise<OrganizationEntity> {
  const member = kind === 'member';
  const org = ds.manager.create(OrganizationEntity, {
    id: randomUUID(),
    kind,
    legalName: `Test ${kind} ${uniqueSuffix()}`,
    country: 'GB',
    status: 'active',
    memberType: member ? 'issuer' : null,
    sharingRegistrationCurrent: member ? true : null,
    isDemo: false,
    ...overrides,
  });
  await ds.manager.insert(OrganizationEntity, org);
  await ds.manager.insert(OrganizationEmailDomainEntity, {
    domain: orgEmailDomain(org),
    organizationId: org.id,
  });
  return org;
}

export async function createUser(
  ds: DataSource,
  organization: OrganizationEntity,
  role: Role,
  overrides: Partial<UserEntity> = {},
): Promise<UserEntity> {
  const email = overrides.email ?? `${role}.${uniqueSuffix()}@${orgEmailDomain(organization)}`;
  const user = ds.manager.create(UserEntity, {
    id: randomUUID(),
    organizationId: organization.id,
    role,
    email,
    emailNormalized: accountEmailKey(email),
    displayName: `Test ${role}`,
    passwordHash: await testPasswordHash(),
    mfaSecret: null,
    mfaEnabled: false,
    status: 'active',
    lastLoginAt: null,
    passwordChangedAt: new Date(),
    ...overrides,
  });
  await ds.manager.insert(UserEntity, user);
  return user;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

export async function login(
  http: ReturnType<typeof supertest>,
  email: string,
  password = TEST_PASSWORD,
): Promise<Session> {
  const res = await http.post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) {
    throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const body = res.body as { accessToken: string; refreshToken: string };
  return { ...body, auth: { Authorization: `Bearer ${body.accessToken}` } };
}

/** An organization of the kind with a signed-in user of the role. */
export async function signedInUser(
  ds: DataSource,
  http: ReturnType<typeof supertest>,
  role: Role,
  organization?: OrganizationEntity,
): Promise<{ org: OrganizationEntity; user: UserEntity; session: Session }> {
  const kind: OrganizationKind =
    role === 'member_admin' || role === 'member_reporter'
      ? 'member'
      : role === 'le_liaison'
        ? 'law_enforcement'
        : 'coalition';
  const org = organization ?? (await createOrganization(ds, kind));
  const user = await createUser(ds, org, role);
  return { org, user, session: await login(http, user.email) };
}
