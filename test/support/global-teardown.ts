import { Redis } from 'ioredis';
import { rm } from 'node:fs/promises';
import { Client } from 'pg';

/**
 * Stop the run's mail server; drop the run's database, its documents' folder and
 * every Redis key under its prefix.
 */
export default async function globalTeardown(): Promise<void> {
  const blobs = process.env.TEST_BLOB_DIR;
  if (blobs && /crh-test-blobs-[a-z0-9_]+$/.test(blobs))
    await rm(blobs, { recursive: true, force: true });
  await (globalThis as { crhRunMailServer?: { close(): Promise<void> } }).crhRunMailServer?.close();
  const database = process.env.TEST_DATABASE_NAME;
  if (database && /^crh_test_[a-z0-9_]+$/.test(database)) {
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  const prefix = process.env.TEST_QUEUE_PREFIX;
  if (prefix && prefix.startsWith('crh-test-')) {
    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', {
      lazyConnect: true,
    });
    await redis.connect();
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}
