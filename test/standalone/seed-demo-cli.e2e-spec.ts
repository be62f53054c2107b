import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createScratchDatabase } from '../support/scratch-database';

const SEED = join(__dirname, '../../dist/apps/standalone/src/seed-demo.js');

/** `npm run seed:demo` against a DATABASE_URL, as an operator runs it for an evaluation. */
describe('npm run seed:demo against a PostgreSQL server (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(SEED)) throw new Error('Run `npm run build` first (npm test does it).');
    scratch = await createScratchDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'crh-seed-demo-'));
  });
  afterAll(async () => {
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const seed = (): Promise<{ code: number; output: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [SEED],
        {
          env: {
            PATH: process.env.PATH ?? '',
            DATABASE_URL: scratch.url,
            DATA_DIR: dataDir,
            REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
            QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-seed-demo`,
            DEMO_PASSWORD: 'seed-demo-cli-password',
            LOG_LEVEL: 'error',
            WORKER_HEALTH_PORT: '0',
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      );
    });

  it('should tell the story once, and add nothing the second time', async () => {
    const first = await seed();
    expect(first.output).toMatch(/Demo story: 10 referrals from 4 members, 8 cases/);
    expect(first.code).toBe(0);
    const second = await seed();
    expect(second.output).toContain('Demo story: already in place');
    expect(second.code).toBe(0);

    const db = new Client({ connectionString: scratch.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ referrals: number; stories: number }>(
        `SELECT (SELECT count(*)::int FROM referrals) AS referrals,
                (SELECT count(*)::int FROM audit_events WHERE action = 'demo.story') AS stories`,
      );
      expect(rows[0]).toEqual({ referrals: 10, stories: 1 });
    } finally {
      await db.end();
    }
  }, 240_000);
});
