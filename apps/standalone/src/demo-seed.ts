import { AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { PasswordHasher } from '@app/auth';
import { accountEmailKey, SYSTEM_SCOPE } from '@app/domain';
import { DemoSeedRepository, type UnitOfWork } from '@app/persistence';
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
export async function seedDemo(
  uow: Pick<UnitOfWork, 'run' | 'autocommit'>,
  password: string,
): Promise<SeedSummary> {
  const hasher = new PasswordHasher();
  const audit = new AuditWriter();
  const seed = new DemoSeedRepository();
  const existing = await seed.passwordHashes(
    uow.autocommit,
    SYSTEM_SCOPE,
    DEMO_USERS.map((u) => u.id),
  );
  const hashes = new Map<string, string>();
  const fresh = await hasher.hash(password);
  for (const user of DEMO_USERS) {
    const row = existing.find((e) => e.id === user.id);
    if (!row || !(await hasher.verify(row.passwordHash, password))) hashes.set(user.id, fresh);
  }

  return uow.run(async (tx) => {
    let organizationsCreated = 0;
    for (const o of DEMO_ORGANIZATIONS) {
      if (await seed.insertOrganization(tx, o)) organizationsCreated += 1;
    }
    let usersCreated = 0;
    let passwordsReset = 0;
    for (const u of DEMO_USERS) {
      const hash = hashes.get(u.id);
      const created = await seed.insertUser(tx, {
        ...u,
        emailNormalized: accountEmailKey(u.email),
        passwordHash: hash ?? fresh,
      });
      if (created) {
        usersCreated += 1;
      } else if (hash) {
        await seed.resetPassword(tx, u.id, hash);
        passwordsReset += 1;
      }
    }
    let jurisdictionsCreated = 0;
    for (const j of DEMO_JURISDICTIONS) {
      if (await seed.insertJurisdiction(tx, { ...j, sourceEdition: DEMO_SOURCE_EDITION })) {
        jurisdictionsCreated += 1;
      }
    }
    let agenciesCreated = 0;
    for (const a of DEMO_AGENCIES) {
      if (await seed.insertAgency(tx, a)) agenciesCreated += 1;
    }
    const summary = {
      organizationsCreated,
      usersCreated,
      passwordsReset,
      jurisdictionsCreated,
      agenciesCreated,
    };
    if (Object.values(summary).some((n) => n > 0)) {
      await audit.record(tx, {
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
