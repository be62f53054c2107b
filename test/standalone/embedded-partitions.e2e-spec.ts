import { GENESIS_HASH, chainHash, digestOfDetails, verifyAuditTrail } from '@app/audit';
import {
  AuditChainRepository,
  MIGRATIONS,
  migrateDatabase,
  txOverSqlClient,
} from '@app/persistence';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';

/** The embedded database from the build, in a child process (as embedded-database.e2e-spec does). */
async function startBuiltEmbeddedDatabase(
  directory: string,
): Promise<{ url: string; child: ChildProcess }> {
  const module = join(__dirname, '../../dist/apps/standalone/src/embedded-database.js');
  const script = `require(${JSON.stringify(module)}).startEmbeddedDatabase(process.argv[1], 4)
    .then((db) => { process.stdout.write('URL ' + db.url + '\\n');
      process.on('SIGTERM', () => db.stop().then(() => process.exit(0))); })
    .catch((e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script, directory], { stdio: 'pipe' });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /URL (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`embedded database exited with ${code}`)));
  });
  return { url, child };
}

/**
 * `npm start` migrates the embedded database (PGlite) too: the partitioning
 * migration must turn a trail already written there into month partitions with
 * its chain intact, as it does on PostgreSQL (test/audit/audit-partitions).
 */
describe('Partitions on the embedded database (e2e)', () => {
  let dir: string;
  let child: ChildProcess;
  let client: Client;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crh-embedded-partitions-'));
    const started = await startBuiltEmbeddedDatabase(join(dir, 'pgdata'));
    child = started.child;
    await migrateDatabase(started.url);
    client = new Client({ connectionString: started.url });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('should partition a chained trail by month and keep it verifiable', async () => {
    const sql = async (text: string, params?: unknown[]) =>
      (await client.query<Record<string, unknown>>(text, params)).rows;
    const q = { query: sql } as unknown as QueryRunner;
    const step = (prefix: string) => {
      const found = MIGRATIONS.find((m) => m.name.startsWith(prefix));
      if (!found) throw new Error(`The ${prefix} migration is not registered`);
      return new found();
    };
    expect(
      await sql(`SELECT relkind::text AS k FROM pg_class WHERE relname = 'audit_events'`),
    ).toEqual([{ k: 'p' }]);
    await step('AuditVerifications').down(q);
    await step('TimePartitions').down(q);

    for (const [n, at] of [
      '2025-02-10T00:00:00Z',
      '2025-04-30T23:59:59.5Z',
      '2060-01-01T00:00:00Z',
    ].entries()) {
      await sql(
        `INSERT INTO audit_events (occurred_at, action, outcome, details, details_digest)
         VALUES ($1, 'test.embedded', 'success', $2::jsonb, $3)`,
        [at, JSON.stringify({ n }), digestOfDetails({ n })],
      );
    }
    const chain = new AuditChainRepository();
    const tx = txOverSqlClient(sql);
    const links = {
      ids: [] as string[],
      seqs: [] as number[],
      prevs: [] as string[],
      hashes: [] as string[],
    };
    let prev = GENESIS_HASH;
    for (const [i, row] of (await chain.unsealed(tx, 100)).entries()) {
      const hash = chainHash(prev, i + 1, row);
      links.ids.push(row.id);
      links.seqs.push(i + 1);
      links.prevs.push(prev);
      links.hashes.push(hash);
      prev = hash;
    }
    await chain.seal(tx, links);
    const before = await verifyAuditTrail(sql, { mode: 'full' });
    expect(before).toMatchObject({ valid: true, checked: links.ids.length });

    await step('TimePartitions').up(q);
    await step('AuditVerifications').up(q);

    const placed = await sql(
      `SELECT tableoid::regclass::text AS part FROM audit_events
        WHERE action = 'test.embedded' ORDER BY chain_seq`,
    );
    expect(placed.map((r) => r.part)).toEqual([
      'audit_events_y2025m02',
      'audit_events_y2025m04',
      'audit_events_default',
    ]);
    expect(await verifyAuditTrail(sql, { mode: 'full' })).toMatchObject({
      valid: true,
      checked: before.checked,
      headHash: before.headHash,
    });
  }, 120_000);
});
