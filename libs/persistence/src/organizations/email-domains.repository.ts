import { asciiHostname } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/**
 * Which organization each e-mail domain is registered to. Not read through a
 * caller's scope: the service reaches the organization through AccessService
 * first, and the register is consulted across organizations by design (a domain
 * belongs to one organization only, and an address is unique across all).
 */
@Injectable()
export class EmailDomainsRepository {
  /** Each organization's registered e-mail domains, sorted; organizations without any are absent. */
  async byOrganization(tx: Tx, organizationIds: string[]): Promise<Map<string, string[]>> {
    const rows: { organization_id: string; domain: string }[] = await managerOf(tx).query(
      `SELECT organization_id, domain FROM organization_email_domains
        WHERE organization_id = ANY($1::uuid[]) ORDER BY domain`,
      [organizationIds],
    );
    const byOrganization = new Map<string, string[]>();
    for (const row of rows) {
      byOrganization.set(row.organization_id, [
        ...(byOrganization.get(row.organization_id) ?? []),
        row.domain,
      ]);
    }
    return byOrganization;
  }

  async of(tx: Tx, organizationId: string): Promise<string[]> {
    return (await this.byOrganization(tx, [organizationId])).get(organizationId) ?? [];
  }

  /**
   * Whether the domain is registered to the organization, held (FOR SHARE) until
   * commit so it cannot move to another organization while an account is
   * created at it.
   */
  async holdIfRegistered(tx: Tx, domain: string | null, organizationId: string): Promise<boolean> {
    const rows: unknown[] = await managerOf(tx).query(
      `SELECT 1 FROM organization_email_domains
        WHERE domain = $1 AND organization_id = $2 FOR SHARE`,
      [domain, organizationId],
    );
    return rows.length > 0;
  }

  /**
   * Why these domains (registrableEmailDomain spellings) cannot be given to the
   * organization: registered to another one, or the domain of an account of
   * another organization. The second keeps every account at a registered domain
   * inside the domain's organization, so an administrator trying addresses at
   * their own domains can never learn of another organization's account.
   */
  async conflicts(tx: Tx, organizationId: string, domains: string[]): Promise<string[]> {
    if (domains.length === 0) return [];
    const m = managerOf(tx);
    const registered: { domain: string }[] = await m.query(
      `SELECT domain FROM organization_email_domains
        WHERE domain = ANY($1::text[]) AND organization_id <> $2 ORDER BY domain`,
      [domains, organizationId],
    );
    const hosts: { host: string }[] = await m.query(
      `SELECT DISTINCT substring(email from '[^@]*$') AS host FROM users WHERE organization_id <> $1`,
      [organizationId],
    );
    const used = new Set(hosts.map((h) => asciiHostname(h.host)));
    return [
      ...registered.map((r) => `${r.domain} is registered to another organization`),
      ...domains
        .filter((d) => used.has(d))
        .map((d) => `${d} is the domain of accounts of another organization`),
    ];
  }

  /** Make the organization's registered domains exactly these (already checked). */
  async replace(tx: Tx, organizationId: string, domains: string[]): Promise<void> {
    const m = managerOf(tx);
    await m.query(
      `DELETE FROM organization_email_domains
        WHERE organization_id = $1 AND domain <> ALL($2::text[])`,
      [organizationId, domains],
    );
    await m.query(
      `INSERT INTO organization_email_domains (domain, organization_id)
       SELECT d, $1 FROM unnest($2::text[]) AS d
        WHERE NOT EXISTS (SELECT 1 FROM organization_email_domains o
                           WHERE o.domain = d AND o.organization_id = $1)`,
      [organizationId, domains],
    );
  }
}
