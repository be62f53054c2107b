import { ApiKeysRepository } from './api-keys.repository';
import { EmailDomainsRepository } from './email-domains.repository';
import { LoginThrottlesRepository } from './login-throttles.repository';
import { MfaRepository } from './mfa.repository';
import { OrganizationsRepository } from './organizations.repository';
import { SessionsRepository } from './sessions.repository';
import { UsersRepository } from './users.repository';

export {
  ApiKeysRepository,
  EmailDomainsRepository,
  LoginThrottlesRepository,
  MfaRepository,
  OrganizationsRepository,
  SessionsRepository,
  UsersRepository,
};
export type { ApiKeyCredential, NewApiKey } from './api-keys.repository';
export type { FactorState, NewRecoveryCode } from './mfa.repository';
export type { NewOrganization } from './organizations.repository';
export type { NewRefreshToken, SessionState } from './sessions.repository';
export type { NewUser, OwnProfile, UserChanges } from './users.repository';
/** Registered by PersistenceModule. */
export const ORGANIZATION_REPOSITORIES = [
  OrganizationsRepository,
  UsersRepository,
  EmailDomainsRepository,
  SessionsRepository,
  MfaRepository,
  LoginThrottlesRepository,
  ApiKeysRepository,
];
export {
  InMemoryDirectory,
  InMemoryEmailDomainsRepository,
  InMemoryOrganizationsRepository,
  InMemoryUsersRepository,
} from './in-memory-directory';
export {
  InMemoryLoginThrottlesRepository,
  InMemoryMfaRepository,
  InMemorySessionsRepository,
} from './in-memory-sessions';
export { InMemoryApiKeysRepository } from './in-memory-api-keys';
