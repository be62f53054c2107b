import { registrableEmailDomain } from '@app/domain';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organizations gain registered e-mail domains: a new account's address must
 * be at one of its organization's domains, so an administrator can only try
 * addresses of their own organization. The primary key makes a domain belong
 * to one organization at most.
 *
 * Existing organizations get the domains their users' addresses are at. A
 * domain whose users are in several organizations goes to none of them (a
 * platform administrator decides), nor does an address whose domain could not
 * be registered (a public suffix, a malformed host): both are logged as a
 * warning by domain, never by address, and those organizations' administrators
 * cannot create accounts at those domains until one is registered.
 */
export class OrganizationEmailDomains1765526400000 implements MigrationInterface {
  name = 'OrganizationEmailDomains1765526400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization_email_domains (
        domain text PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX organization_email_domains_organization_idx
         ON organization_email_domains (organization_id)`,
    );
    const users = (await q.query(`SELECT organization_id, email FROM users`)) as {
      organization_id: string;
      email: string;
    }[];
    const holders = new Map<string, Set<string>>();
    let unregistrable = 0;
    for (const user of users) {
      const host = user.email.slice(user.email.lastIndexOf('@') + 1);
      const registrable = registrableEmailDomain(host);
      if (!('domain' in registrable)) {
        unregistrable += 1;
        continue;
      }
      const orgs = holders.get(registrable.domain) ?? new Set<string>();
      orgs.add(user.organization_id);
      holders.set(registrable.domain, orgs);
    }
    const shared: string[] = [];
    for (const [domain, orgs] of [...holders].sort(([a], [b]) => a.localeCompare(b))) {
      if (orgs.size > 1) {
        shared.push(domain);
        continue;
      }
      await q.query(
        `INSERT INTO organization_email_domains (domain, organization_id) VALUES ($1, $2)`,
        [domain, [...orgs][0]],
      );
    }
    if (shared.length > 0) {
      q.connection.logger.log(
        'warn',
        `E-mail domains used by accounts of several organizations, registered to none: ${shared.join(', ')}`,
      );
    }
    if (unregistrable > 0) {
      q.connection.logger.log(
        'warn',
        `${unregistrable} account address(es) are at a domain that cannot be registered; their organizations got no domain from them`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE organization_email_domains`);
  }
}
