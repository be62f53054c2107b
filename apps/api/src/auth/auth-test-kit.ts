import type { AuditRecord, AuditWriter } from '@app/audit';
import type { AuthUser, PasswordHasher } from '@app/auth';
import { AppConfig, ProblemException, validateEnvironment, type RequestMeta } from '@app/common';
import {
  InMemoryDirectory,
  InMemoryLoginThrottlesRepository,
  InMemoryMfaRepository,
  InMemorySessionsRepository,
  InMemoryUnitOfWork,
  InMemoryUsersRepository,
  type SsoRepository,
  type UnitOfWork,
  type UserEntity,
} from '@app/persistence';
import { JwtService } from '@nestjs/jwt';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle.service';
import { MfaService } from './mfa.service';
import { SecondFactor } from './second-factor';
import { TokenService } from './token.service';

/**
 * Sign-in, sessions and the second factor wired on in-memory repositories, for
 * the unit specs of this folder: a recording audit writer and a cheap hasher
 * (`hashed:<password>`) stand in for the real ones.
 */
export const META: RequestMeta = {
  requestId: 'r1',
  ip: '203.0.113.9',
  userAgent: null,
  clientRequestId: null,
};
export const PASSWORD = 'correct horse battery';

export function authKit(max = 3) {
  const config = new AppConfig(
    validateEnvironment({
      JWT_SECRET: 'k'.repeat(32),
      LOGIN_MAX_FAILURES: String(max),
      LOGIN_LOCKOUT_SECONDS: '60',
      FIELD_ENCRYPTION_KEYS: 'k1:dGVzdC1vbmx5LWZpZWxkLWtleS0wMTIzNDU2Nzg5YWI=',
      MFA_REQUIRED_ROLES: 'coordinator',
    }),
  );
  const directory = new InMemoryDirectory();
  const memory = new InMemoryUnitOfWork();
  const uow = memory as unknown as UnitOfWork;
  const users = new InMemoryUsersRepository(directory);
  const sessions = new InMemorySessionsRepository(directory);
  const factors = new InMemoryMfaRepository(directory);
  const throttles = new InMemoryLoginThrottlesRepository();
  const audited: AuditRecord[] = [];
  const audit = {
    record: (_tx: unknown, record: AuditRecord) => Promise.resolve(void audited.push(record)),
  } as unknown as AuditWriter;
  const hasher = {
    hash: (p: string) => Promise.resolve(`hashed:${p}`),
    verify: (h: string | null | undefined, p: string) => Promise.resolve(h === `hashed:${p}`),
  } as unknown as PasswordHasher;
  const tokens = new TokenService(new JwtService({ secret: 'k'.repeat(32) }), sessions, config);
  const throttle = new LoginThrottle(throttles, config);
  const factor = new SecondFactor(config, factors);
  const mfa = new MfaService(uow, factors, factor, throttle, audit, tokens, config);
  // Organizations whose people must sign in through their identity provider.
  const ssoRequired = new Set<string>();
  const sso = {
    isRequired: (_tx: unknown, organizationId: string) =>
      Promise.resolve(ssoRequired.has(organizationId)),
  } as unknown as SsoRepository;
  const auth = new AuthService(
    uow,
    users,
    sessions,
    sso,
    hasher,
    tokens,
    throttle,
    audit,
    factor,
    mfa,
  );
  const org = directory.addOrganization({ kind: 'member' });
  const addUser = (fields: Partial<UserEntity> = {}) =>
    directory.addUser({
      organizationId: org.id,
      role: 'member_admin',
      passwordHash: `hashed:${PASSWORD}`,
      ...fields,
    });
  const actorOf = (user: UserEntity, sessionId: string): AuthUser => ({
    id: user.id,
    organizationId: user.organizationId,
    organizationKind: 'member',
    role: user.role,
    email: user.email,
    sessionId,
  });
  return {
    auth,
    mfa,
    factor,
    directory,
    sessions,
    factors,
    audited,
    org,
    addUser,
    actorOf,
    tx: memory.tx,
    ssoRequired,
  };
}

/** The problem a call was refused with (fails when it was not refused). */
export async function problemOf(promise: Promise<unknown>): Promise<ProblemException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
