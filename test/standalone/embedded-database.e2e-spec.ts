import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';

/**
 * PGlite loads its WebAssembly with a dynamic import, which Jest's module
 * sandbox does not allow: the embedded database runs from the build in a
 * child process, as `npm start` runs it.
 */
async function startBuiltEmbeddedDatabase(
  directory: string,
): Promise<{ url: string; child: ChildProcess }> {
  const module = join(__dirname, '../../dist/apps/standalone/src/embedded-database.js');
  const script = `require(${JSON.stringify(module)}).startEmbeddedDatabase(process.argv[1], 8)
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
 * The embedded database serves several connections from one PGlite session.
 * Concurrent parameterised queries (the extended protocol, which `pg` uses for
 * every query with parameters) must each get their own answer, inside and
 * outside transactions.
 */
describe('Embedded database under concurrent connections (e2e)', () => {
  let dir: string;
  let child: ChildProcess;
  let pool: Pool;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crh-embedded-'));
    const started = await startBuiltEmbeddedDatabase(join(dir, 'pgdata'));
    child = started.child;
    pool = new Pool({ connectionString: started.url, max: 6 });
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('should answer every concurrent parameterised query with its own result', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, async (_, i) => {
        const { rows } = await pool.query<{ n: number; tag: string }>(
          'SELECT $1::int + 1 AS n, $2::text AS tag',
          [i, `q${i}`],
        );
        return rows[0].n === i + 1 && rows[0].tag === `q${i}`;
      }),
    );
    const failures = results.filter((r) => r.status === 'rejected' || r.value !== true);
    expect(failures).toEqual([]);
  }, 60_000);

  it('should keep transactions and single queries of other connections apart', async () => {
    await pool.query('CREATE TABLE IF NOT EXISTS counters (id int PRIMARY KEY, n int NOT NULL)');
    await pool.query('INSERT INTO counters VALUES (1, 0) ON CONFLICT DO NOTHING');
    const work = Array.from({ length: 40 }, async (_, i) => {
      if (i % 2 === 0) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query<{ n: number }>(
            'SELECT n FROM counters WHERE id = $1 FOR UPDATE',
            [1],
          );
          await client.query('UPDATE counters SET n = $1 WHERE id = $2', [rows[0].n + 1, 1]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      } else {
        await pool.query('SELECT n FROM counters WHERE id = $1', [1]);
      }
    });
    await Promise.all(work);
    const { rows } = await pool.query<{ n: number }>('SELECT n FROM counters WHERE id = $1', [1]);
    expect(rows[0].n).toBe(20);
  }, 60_000);
});
