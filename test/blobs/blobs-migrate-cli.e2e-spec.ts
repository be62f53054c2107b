import { attachmentBlobKey, dataSourceOptions, ReferralAttachmentEntity } from '@app/persistence';
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createCase, createFiler } from '../support/case-fixtures';
import { createScratchDatabase } from '../support/scratch-database';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/apps/cli/src/blobs-migrate.js');

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm run blobs:migrate` from the built code, as an operator runs it after upgrading. */
describe('blobs:migrate (e2e, built entry point)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let ds: DataSource;
  let blobDir: string;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('Run `npm run build` first (npm test does it).');
    scratch = await createScratchDatabase();
    ds = await new DataSource(dataSourceOptions({ url: scratch.url, poolSize: 2 })).initialize();
    blobDir = await mkdtemp(join(tmpdir(), 'crh-blobs-cli-'));
  });
  afterAll(async () => {
    await ds?.destroy();
    await scratch?.drop();
    if (blobDir) await rm(blobDir, { recursive: true, force: true });
  });

  it('should move a document stored in the database into the file store once, then find nothing', async () => {
    const filer = await createFiler(ds);
    const { referrals } = await createCase(ds, [filer], { status: 'in_review' });
    const id = randomUUID();
    const bytes = Buffer.from('Statement stored before the blob store.\n');
    await ds.manager.insert(ReferralAttachmentEntity, {
      id,
      referralId: referrals[0].id,
      organizationId: filer.org.id,
      createdBy: filer.user.id,
      filename: 'statement.txt',
      mediaType: 'text/plain',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      content: bytes,
    });
    const env = { DATABASE_URL: scratch.url, BLOB_DIR: blobDir, LOG_LEVEL: 'silent' };

    const first = await run(['--batch', '10'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Moved 1 documents into the blob store.');
    expect((await readFile(join(blobDir, attachmentBlobKey(id)))).equals(bytes)).toBe(true);
    const [row] = await ds.query<{ blob_key: string; content: Buffer | null }[]>(
      `SELECT blob_key, content FROM referral_attachments WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ blob_key: attachmentBlobKey(id), content: null });

    const second = await run([], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No document is left in the database.');
  }, 120_000);

  it('should refuse a bad batch size, and a missing embedded database, with one line each', async () => {
    const bad = await run(['--batch', '0'], { DATABASE_URL: scratch.url, BLOB_DIR: blobDir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^blobs:migrate: --batch must be a whole number from 1 to 1000/);
    const dataDir = join(blobDir, 'no-data-here');
    const none = await run([], { DATA_DIR: dataDir });
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      `blobs:migrate: DATABASE_URL is not set and there is no embedded database in ${join(dataDir, 'pgdata')}\n`,
    );
  }, 120_000);
});
