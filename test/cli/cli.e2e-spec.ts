import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi } from '../support/test-app';

const ROOT = join(__dirname, '../..');

function run(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, script), ...args], {
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

/** Operator commands that run from the built code, without TypeScript tooling. */
describe('Operator commands (e2e, built entry points)', () => {
  it('should migrate an empty database once and then report it up to date', async () => {
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL });
    await admin.connect();
    const name = `${process.env.TEST_DATABASE_NAME}_m${randomBytes(3).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.TEST_DATABASE_ADMIN_URL as string);
    url.pathname = `/${name}`;
    try {
      const first = await run('dist/apps/cli/src/migrate.js', [], { DATABASE_URL: url.toString() });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^Applied: Foundation\d+/);
      const second = await run('dist/apps/cli/src/migrate.js', [], {
        DATABASE_URL: url.toString(),
      });
      expect(second.stdout).toBe('The database is up to date.\n');
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('should create the first platform administrator once, who can then sign in and manage organizations', async () => {
    const scratch = await createScratchDatabase();
    try {
      const env = { DATABASE_URL: scratch.url, ADMIN_PASSWORD: 'first-admin-passphrase' };
      const created = await run(
        'dist/apps/cli/src/create-platform-admin.js',
        ['--email', 'root@coalition.example', '--name', 'First Admin'],
        env,
      );
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      expect(created.stdout).toContain('Platform administrator root@coalition.example created');
      expect(created.stdout).not.toContain('first-admin-passphrase');

      const again = await run(
        'dist/apps/cli/src/create-platform-admin.js',
        ['--email', 'second@coalition.example', '--name', 'Second'],
        env,
      );
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('An active platform administrator exists already');

      const api = await startTestApi({ DATABASE_URL: scratch.url });
      try {
        const login = await api.http
          .post('/api/v1/auth/login')
          .send({ email: 'root@coalition.example', password: 'first-admin-passphrase' })
          .expect(200);
        expect(login.body.user).toMatchObject({
          role: 'platform_admin',
          organization: { kind: 'coalition' },
        });
        await api.http
          .post('/api/v1/organizations')
          .set('Authorization', `Bearer ${login.body.accessToken}`)
          .send({
            kind: 'member',
            legalName: 'First Member',
            country: 'IE',
            memberType: 'issuer',
            sharingRegistrationCurrent: true,
          })
          .expect(201);
      } finally {
        await api.close();
      }
    } finally {
      await scratch.drop();
    }
  });

  it("should register the first administrator's domain to the organization it creates, refuse one held elsewhere, and otherwise require one of the organization's domains", async () => {
    const scratch = await createScratchDatabase();
    const db = new Client({ connectionString: scratch.url });
    await db.connect();
    try {
      const env = { DATABASE_URL: scratch.url, ADMIN_PASSWORD: 'first-admin-passphrase' };
      const create = (email: string) =>
        run(
          'dist/apps/cli/src/create-platform-admin.js',
          ['--email', email, '--name', 'Root'],
          env,
        );
      const holder = randomUUID();
      await db.query(
        `INSERT INTO organizations (id, kind, legal_name, country, status, member_type,
                                    sharing_registration_current)
         VALUES ($1, 'member', 'Holder Bank', 'GB', 'active', 'issuer', true)`,
        [holder],
      );
      await db.query(
        `INSERT INTO organization_email_domains (domain, organization_id) VALUES ('taken.example', $1)`,
        [holder],
      );
      const held = await create('root@Taken.Example');
      expect(held.code).toBe(1);
      expect(held.stderr).toContain('--email taken.example is registered to another organization');
      const organizations = await db.query('SELECT id FROM organizations');
      expect(organizations.rowCount).toBe(1);

      const first = await create('root@secretariat.example');
      expect([first.code, first.stderr]).toEqual([0, '']);
      const domains = await db.query<{ domain: string; kind: string }>(
        `SELECT d.domain, o.kind FROM organization_email_domains d
           JOIN organizations o ON o.id = d.organization_id ORDER BY d.domain`,
      );
      expect(domains.rows).toEqual([
        { domain: 'secretariat.example', kind: 'coalition' },
        { domain: 'taken.example', kind: 'member' },
      ]);

      // Recovery after the only administrator is suspended: the organization's domains apply.
      await db.query(`UPDATE users SET status = 'suspended' WHERE role = 'platform_admin'`);
      const elsewhere = await create('second@elsewhere.example');
      expect(elsewhere.code).toBe(1);
      expect(elsewhere.stderr).toContain(
        "--email must be at one of Coalition Secretariat's registered domains: secretariat.example",
      );
      const second = await create('second@secretariat.example');
      expect([second.code, second.stderr]).toEqual([0, '']);
    } finally {
      await db.end();
      await scratch.drop();
    }
  });

  it('should refuse a look-alike address and a common leaked password before touching the database', async () => {
    const env = { DATABASE_URL: 'postgres://x@127.0.0.1/none', ADMIN_PASSWORD: 'qwerty123456' };
    const lookalike = await run(
      'dist/apps/cli/src/create-platform-admin.js',
      ['--email', 'r\u043e\u043et@coalition.example', '--name', 'Root'],
      env,
    );
    expect(lookalike.code).toBe(1);
    expect(lookalike.stderr).toContain('--email the part before @ must not mix letters');
    const leaked = await run(
      'dist/apps/cli/src/create-platform-admin.js',
      ['--email', 'root@coalition.example', '--name', 'Root'],
      env,
    );
    expect(leaked.code).toBe(1);
    expect(leaked.stderr).toContain('ADMIN_PASSWORD is in a list of common leaked passwords');
    expect(leaked.stderr).not.toContain('qwerty123456');
  });

  it('should refuse to run without its arguments, printing the usage', async () => {
    const result = await run('dist/apps/cli/src/create-platform-admin.js', [], {
      DATABASE_URL: 'postgres://x@127.0.0.1/none',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Usage: npm run admin:create');
  });
});
