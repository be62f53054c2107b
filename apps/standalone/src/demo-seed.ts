import { AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { PasswordHasher } from '@app/auth';
import { accountEmailKey } from '@app/domain';
import { inTransaction } from '@app/persistence';
import type { DataSource } from 'typeorm';
import {
  DEMO_AGENCIES,
  DEMO_JURISDICTIONS,
  DEMO_ORGANIZATIONS,
  DEMO_SOURCE_EDITION,
  DEMO_USERS,
} from './demo-data';

export interface SeedSummary {
  organizationsCreated: number;
  usersCreated: number;
  passwordsReset: number;
  jurisdictionsCreated: number;
  agenciesCreated: number;
}

/**
 * Create the demo organizations, users, jurisdictions and agencies if missing,
 * and make every demo user's password the given one (so the password the start
 * prints is always the one that works). Running it again changes nothing else:
 * records an administrator has since edited are left as they are.
 */
export async function seedDemo(dataSource: DataSource, password: string): Promise<SeedSummary> {
  const hasher = new PasswordHasher();
  const audit = new AuditWriter();
  const existing: { id: string; password_hash: string }[] = await dataSource.query(
    `SELECT id, password_hash FROM users WHERE id = ANY($1::uuid[])`,
    [DEMO_USERS.map((u) => u.id)],
  );
  const hashes = new Map<string, string>();
  const fresh = await hasher.hash(password);
  for (const user of DEMO_USERS) {
    const row = existing.find((e) => e.id === user.id);
    if (!row || !(await hasher.verify(row.password_hash, password))) hashes.set(user.id, fresh);
  }

  return inTransaction(dataSource, async (m) => {
    let organizationsCreated = 0;
    for (const o of DEMO_ORGANIZATIONS) {
      const inserted: unknown[] = await m.query(
        `INSERT INTO organizations (id, kind, legal_name, country, status, member_type,
                                    sharing_registration_current, is_demo)
         VALUES ($1, $2, $3, $4, 'active', $5, $6, true)
         ON CONFLICT DO NOTHING RETURNING id`,
        [o.id, o.kind, o.legalName, o.country, o.memberType, o.sharingRegistrationCurrent],
      );
      organizationsCreated += inserted.length;
      // Only with the organization: a domain an administrator has since removed stays removed.
      if (inserted.length > 0) {
        await m.query(
          `INSERT INTO organization_email_domains (domain, organization_id)
           SELECT d, $1 FROM unnest($2::text[]) AS d
           ON CONFLICT DO NOTHING`,
          [o.id, o.emailDomains],
        );
      }
    }
    let usersCreated = 0;
    let passwordsReset = 0;
    for (const u of DEMO_USERS) {
      const hash = hashes.get(u.id);
      const inserted: unknown[] = await m.query(
        `INSERT INTO users (id, organization_id, role, email, email_normalized, display_name,
                            password_hash, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'active')
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          u.id,
          u.organizationId,
          u.role,
          u.email,
          accountEmailKey(u.email),
          u.displayName,
          hash ?? fresh,
        ],
      );
      if (inserted.length > 0) {
        usersCreated += 1;
      } else if (hash) {
        await m.query(
          `UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1`,
          [u.id, hash],
        );
        passwordsReset += 1;
      }
    }
    let jurisdictionsCreated = 0;
    for (const j of DEMO_JURISDICTIONS) {
      const inserted: unknown[] = await m.query(
        `INSERT INTO jurisdictions (code, name, csam_specific_law, csam_defined,
                                    technology_facilitated_offences, simple_possession_criminalised,
                                    isp_reporting_required, source_edition, reviewed_on, hotline, is_demo)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, true)
         ON CONFLICT DO NOTHING RETURNING code`,
        [
          j.code,
          j.name,
          j.csamSpecificLaw,
          j.csamDefined,
          j.technologyFacilitatedOffences,
          j.simplePossessionCriminalised,
          j.ispReportingRequired,
          DEMO_SOURCE_EDITION,
          j.hotline,
        ],
      );
      jurisdictionsCreated += inserted.length;
    }
    // An agency already present (or an organization that already has one, or another
    // active fallback) is left alone; coverage is written only with a new agency, so
    // coverage an administrator removed does not come back.
    let agenciesCreated = 0;
    for (const a of DEMO_AGENCIES) {
      const inserted: unknown[] = await m.query(
        `INSERT INTO agencies (id, organization_id, name, channels, contact_email, is_fallback,
                               active, is_demo)
         VALUES ($1, $2, $3, ARRAY['portal'], $4, $5, true, true)
         ON CONFLICT DO NOTHING RETURNING id`,
        [a.id, a.organizationId, a.name, a.contactEmail, a.isFallback],
      );
      if (inserted.length === 0) continue;
      agenciesCreated += 1;
      for (const code of a.coverage) {
        await m.query(
          `INSERT INTO agency_coverage (agency_id, jurisdiction_code)
           SELECT $1, code FROM jurisdictions WHERE code = $2
           ON CONFLICT DO NOTHING`,
          [a.id, code],
        );
      }
    }
    const summary = {
      organizationsCreated,
      usersCreated,
      passwordsReset,
      jurisdictionsCreated,
      agenciesCreated,
    };
    if (Object.values(summary).some((n) => n > 0)) {
      await audit.record(m, {
        actor: SYSTEM_ACTOR,
        origin: null,
        action: 'demo.seed',
        outcome: 'success',
        details: { ...summary },
      });
    }
    return summary;
  });
}
