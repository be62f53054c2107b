import 'tsconfig-paths/register';
import { migrateDatabase } from '@app/persistence';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startRunMailServer } from './smtp-sink';

/**
 * One throwaway database, one Redis key prefix and one mail server per test run, so two runs
 * (or a run and a developer's `npm start`) never touch each other's data.
 */
export default async function globalSetup(): Promise<void> {
  const adminUrl =
    process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const database = `crh_test_${suffix}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  process.env.TEST_DATABASE_URL = url.toString();
  process.env.TEST_DATABASE_NAME = database;
  process.env.TEST_DATABASE_ADMIN_URL = adminUrl;
  process.env.TEST_QUEUE_PREFIX = `crh-test-${suffix}`;
  process.env.TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  await migrateDatabase(url.toString());
  // The run's mail server, which every app of the run sends notification mail to.
  const mailDir = join(tmpdir(), `crh-test-mail-${suffix}`);
  const mail = await startRunMailServer(mailDir);
  process.env.TEST_MAIL_DIR = mailDir;
  process.env.TEST_SMTP_URL = mail.url;
  (globalThis as { crhRunMailServer?: typeof mail }).crhRunMailServer = mail;
  // The run's documents (the file-system blob store), removed at the end.
  process.env.TEST_BLOB_DIR = join(tmpdir(), `crh-test-blobs-${suffix}`);
}
