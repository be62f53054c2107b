import { AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { PasswordHasher } from '@app/auth';
import { inTransaction } from '@app/persistence';
import type { DataSource } from 'typeorm';
import { DEMO_ORGANIZATIONS, DEMO_USERS } from './demo-data';

export interface SeedSummary {
  organizationsCreated: number;
  usersCreated: number;
  passwordsReset: number;
}

/**
 * Create the demo organizations and users if missing, and make every demo
 * user's password the given one (so the password the start prints is always
 * the one that works). Running it again changes nothing else.
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
    }
    let usersCreated = 0;
    let passwordsReset = 0;
    for (const u of DEMO_USERS) {
      const hash = hashes.get(u.id);
      const inserted: unknown[] = await m.query(
        `INSERT INTO users (id, organization_id, role, email, display_name, password_hash, status)
         VALUES ($1, $2, $3, $4, $5, $6, 'active')
         ON CONFLICT DO NOTHING RETURNING id`,
        [u.id, u.organizationId, u.role, u.email, u.displayName, hash ?? fresh],
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
    const summary = { organizationsCreated, usersCreated, passwordsReset };
    if (organizationsCreated + usersCreated + passwordsReset > 0) {
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
