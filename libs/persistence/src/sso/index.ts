import { SsoRepository } from './sso.repository';

export { SsoRepository };
export type { NewSsoAuthorization, SpentSsoAuthorization, SsoSettingsRow } from './sso.repository';
/** Registered by PersistenceModule. */
export const SSO_REPOSITORIES = [SsoRepository];
