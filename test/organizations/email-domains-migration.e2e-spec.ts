import { accountEmailKey } from '@app/domain';
import { MIGRATIONS } from '@app/persistence';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { createScratchDatabase } from '../support/scratch-database';

/**
 * The migration that introduces registered e-mail domains, run on a database
 * that already holds organizations and users: each organization gets the
 * domains of its users' addresses, except a domain used in several
 * organizations (or one that cannot be registered), which goes to none and is
 * reported.
 */
describe('Organization e-mail domains migration (e2e)', () => {
  it("should give each organization its users' domains, none to a domain shared between organizations, and log the shared ones", async () => {
    const Migration = MIGRATIONS.find((m) => m.name.startsWith('OrganizationEmailDomains'));
    if (!Migration) throw new Error('The e-mail domains migration is not registered');
    const step = new Migration();
    // A database of its own: the test drops and re-creates a table.
    const scratch = await createScratchDatabase();
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    const warnings: string[] = [];
    const q = {
      query: async (sql: string, params?: unknown[]): Promise<unknown[]> =>
        (await client.query<Record<string, unknown>>(sql, params)).rows,
      connection: {
        logger: {
          log: (level: string, message: string) => {
            if (level === 'warn') warnings.push(message);
          },
        },
      },
    } as unknown as QueryRunner;
    try {
      await step.down(q);
      const org = async (name: string) => {
        const id = randomUUID();
        await client.query(
          `INSERT INTO organizations (id, kind, legal_name, country, status, member_type,
                                      sharing_registration_current)
           VALUES ($1, 'member', $2, 'GB', 'active', 'issuer', true)`,
          [id, name],
        );
        return id;
      };
      const user = async (organizationId: string, email: string) => {
        await client.query(
          `INSERT INTO users (id, organization_id, role, email, email_normalized, display_name,
                              password_hash, status)
           VALUES ($1, $2, 'member_reporter', $3, $4, 'Old Row', 'x', 'active')`,
          [randomUUID(), organizationId, email, accountEmailKey(email)],
        );
      };
      const north = await org('Old Northbank');
      const south = await org('Old Southpay');
      const empty = await org('Old Empty');
      await user(north, 'ann@North.Example');
      await user(north, 'bob@north.example');
      await user(north, 'cat@Bücher.Example');
      await user(north, 'dan@shared.example');
      await user(south, 'eve@south.example');
      await user(south, 'fay@SHARED.example');
      await user(south, 'gus@co.uk');

      await step.up(q);

      const rows = await client.query<{ domain: string; organization_id: string }>(
        'SELECT domain, organization_id FROM organization_email_domains ORDER BY domain',
      );
      expect(rows.rows).toEqual([
        { domain: 'north.example', organization_id: north },
        { domain: 'south.example', organization_id: south },
        { domain: 'xn--bcher-kva.example', organization_id: north },
      ]);
      expect(rows.rows.some((r) => r.organization_id === empty)).toBe(false);
      expect(warnings).toEqual([
        'E-mail domains used by accounts of several organizations, registered to none: shared.example',
        '1 account address(es) are at a domain that cannot be registered; their organizations got no domain from them',
      ]);
      // Logged by domain, never by address.
      expect(warnings.join(' ')).not.toMatch(/@/);

      // The database now refuses a second holder of a domain.
      await expect(
        client.query(
          'INSERT INTO organization_email_domains (domain, organization_id) VALUES ($1, $2)',
          ['north.example', south],
        ),
      ).rejects.toThrow(/organization_email_domains_pkey/);
    } finally {
      await client.end();
      await scratch.drop();
    }
  });
});
