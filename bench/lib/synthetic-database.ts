import { migrateDatabase } from '@app/persistence';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Client } from 'pg';

/**
 * A throwaway database for one benchmark run on the local PostgreSQL server,
 * migrated to the current schema; `drop()` removes it (call it in `finally`).
 */
export interface ThrowawayDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export const BENCH_ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createThrowawayDatabase(label: string): Promise<ThrowawayDatabase> {
  const name = `crh_bench_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: BENCH_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${name}`;
  const drop = async (): Promise<void> => {
    const client = new Client({ connectionString: BENCH_ADMIN_URL });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  try {
    await migrateDatabase(url.toString());
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { url: url.toString(), name, drop };
}

/** A member organization and a reporter in it (the owners every referral row needs). */
export async function seedReporter(
  client: Client,
): Promise<{ organizationId: string; userId: string }> {
  const [org] = (
    await client.query<{ id: string }>(
      `INSERT INTO organizations (kind, legal_name, country, status, member_type, sharing_registration_current)
       VALUES ('member', 'Bench Issuer Bank plc', 'GB', 'active', 'issuer', true) RETURNING id`,
    )
  ).rows;
  const [user] = (
    await client.query<{ id: string }>(
      `INSERT INTO users (organization_id, role, email, email_normalized, display_name, password_hash, status)
       VALUES ($1, 'member_reporter', 'reporter@bench.example', 'reporter@bench.example', 'Bench Reporter', 'x', 'active')
       RETURNING id`,
      [org.id],
    )
  ).rows;
  return { organizationId: org.id, userId: user.id };
}

/** `1.23 0.98 0.77` — printed with every result (other work shares the machine). */
export function loadAverage(): string {
  return loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
}

/** Milliseconds since `start` (from performance.now()). */
export function since(start: number): number {
  return performance.now() - start;
}
