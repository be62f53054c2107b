import { asciiHostname } from '@app/domain';
import type { EntityManager } from 'typeorm';

/** Each organization's registered e-mail domains, sorted; organizations without any are absent. */
export async function emailDomainsByOrganization(
  m: EntityManager,
  organizationIds: string[],
): Promise<Map<string, string[]>> {
  const rows: { organization_id: string; domain: string }[] = await m.query(
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

export async function emailDomainsOf(m: EntityManager, organizationId: string): Promise<string[]> {
  return (await emailDomainsByOrganization(m, [organizationId])).get(organizationId) ?? [];
}

/**
 * Why these domains (registrableEmailDomain spellings) cannot be given to the
 * organization: registered to another one, or the domain of an account of
 * another organization. The second keeps every account at a registered domain
 * inside the domain's organization, so an administrator trying addresses at
 * their own domains can never learn of another organization's account.
 */
export async function emailDomainConflicts(
  m: EntityManager,
  organizationId: string,
  domains: string[],
): Promise<string[]> {
  if (domains.length === 0) return [];
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
export async function replaceEmailDomains(
  m: EntityManager,
  organizationId: string,
  domains: string[],
): Promise<void> {
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
