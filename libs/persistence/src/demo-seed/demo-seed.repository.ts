import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

export interface DemoOrganizationRow {
  id: string;
  kind: string;
  legalName: string;
  country: string;
  memberType: string | null;
  sharingRegistrationCurrent: boolean | null;
  emailDomains: readonly string[];
}

export interface DemoUserRow {
  id: string;
  organizationId: string;
  role: string;
  email: string;
  emailNormalized: string;
  displayName: string;
  passwordHash: string;
}

export interface DemoJurisdictionRow {
  code: string;
  name: string;
  csamSpecificLaw: string;
  csamDefined: string;
  technologyFacilitatedOffences: string;
  simplePossessionCriminalised: string;
  ispReportingRequired: string;
  sourceEdition: string;
  hotline: boolean;
}

export interface DemoAgencyRow {
  id: string;
  organizationId: string;
  name: string;
  contactEmail: string | null;
  isFallback: boolean;
  coverage: readonly string[];
}

/**
 * The demo records of `npm start` and `npm run seed:demo`, on fixed ids. Every
 * insert leaves an existing row as it is (ON CONFLICT DO NOTHING) and answers
 * whether it created one, so seeding twice changes nothing an administrator
 * edited. The inserts are system work on the seed's own ids: there is no
 * caller whose reach could apply to them, so only the read takes a scope.
 */
@Injectable()
export class DemoSeedRepository {
  /** The stored password hashes of the users among `ids` within `scope`. */
  async passwordHashes(
    tx: Tx,
    scope: RecordScope,
    ids: readonly string[],
  ): Promise<{ id: string; passwordHash: string }[]> {
    if (scope.reach === 'none') return [];
    const rows: { id: string; password_hash: string; organization_id: string }[] = await managerOf(
      tx,
    ).query(`SELECT id, password_hash, organization_id FROM users WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    return rows
      .filter(
        (r) =>
          scope.reach === 'all' ||
          (r.organization_id === scope.organizationId &&
            (scope.reach === 'organization' || r.id === scope.userId)),
      )
      .map((r) => ({ id: r.id, passwordHash: r.password_hash }));
  }

  /** With its e-mail domains, only when the organization is new. */
  async insertOrganization(tx: Tx, o: DemoOrganizationRow): Promise<boolean> {
    const m = managerOf(tx);
    const inserted: unknown[] = await m.query(
      `INSERT INTO organizations (id, kind, legal_name, country, status, member_type,
                                  sharing_registration_current, is_demo)
       VALUES ($1, $2, $3, $4, 'active', $5, $6, true)
       ON CONFLICT DO NOTHING RETURNING id`,
      [o.id, o.kind, o.legalName, o.country, o.memberType, o.sharingRegistrationCurrent],
    );
    // Only with the organization: a domain an administrator has since removed stays removed.
    if (inserted.length > 0) {
      await m.query(
        `INSERT INTO organization_email_domains (domain, organization_id)
         SELECT d, $1 FROM unnest($2::text[]) AS d
         ON CONFLICT DO NOTHING`,
        [o.id, o.emailDomains],
      );
    }
    return inserted.length > 0;
  }

  async insertUser(tx: Tx, u: DemoUserRow): Promise<boolean> {
    const inserted: unknown[] = await managerOf(tx).query(
      `INSERT INTO users (id, organization_id, role, email, email_normalized, display_name,
                          password_hash, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'active')
       ON CONFLICT DO NOTHING RETURNING id`,
      [u.id, u.organizationId, u.role, u.email, u.emailNormalized, u.displayName, u.passwordHash],
    );
    return inserted.length > 0;
  }

  async resetPassword(tx: Tx, userId: string, passwordHash: string): Promise<void> {
    await managerOf(tx).query(
      `UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1`,
      [userId, passwordHash],
    );
  }

  async insertJurisdiction(tx: Tx, j: DemoJurisdictionRow): Promise<boolean> {
    const inserted: unknown[] = await managerOf(tx).query(
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
        j.sourceEdition,
        j.hotline,
      ],
    );
    return inserted.length > 0;
  }

  /**
   * An agency already present (or an organization that already has one, or
   * another active fallback) is left alone; coverage is written only with a new
   * agency, so coverage an administrator removed does not come back.
   */
  async insertAgency(tx: Tx, a: DemoAgencyRow): Promise<boolean> {
    const m = managerOf(tx);
    const inserted: unknown[] = await m.query(
      `INSERT INTO agencies (id, organization_id, name, channels, contact_email, is_fallback,
                             active, is_demo)
       VALUES ($1, $2, $3, ARRAY['portal'], $4, $5, true, true)
       ON CONFLICT DO NOTHING RETURNING id`,
      [a.id, a.organizationId, a.name, a.contactEmail, a.isFallback],
    );
    if (inserted.length === 0) return false;
    for (const code of a.coverage) {
      await m.query(
        `INSERT INTO agency_coverage (agency_id, jurisdiction_code)
         SELECT $1, code FROM jurisdictions WHERE code = $2
         ON CONFLICT DO NOTHING`,
        [a.id, code],
      );
    }
    return true;
  }

  /**
   * How many referrals the given (demo) organizations have filed, drafts included:
   * the demo's story is filed only into a database where they have filed none.
   */
  async referralsFiledBy(tx: Tx, organizationIds: readonly string[]): Promise<number> {
    const rows: { n: string }[] = await managerOf(tx).query(
      `SELECT count(*) AS n FROM referrals WHERE organization_id = ANY($1::uuid[])`,
      [organizationIds],
    );
    return Number(rows[0].n);
  }
}
