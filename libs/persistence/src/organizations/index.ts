import { OrganizationsRepository, UsersRepository } from './organizations.repository';

export { OrganizationsRepository, UsersRepository };
/** Registered by PersistenceModule. */
export const ORGANIZATION_REPOSITORIES = [OrganizationsRepository, UsersRepository];
