import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import supertest from 'supertest';
import { createOrganization, createUser, TEST_PASSWORD } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The built API at debug level; everything it prints is kept for inspection. */
describe('Logs (e2e, built API at debug level)', () => {
  let seeding: TestApi;
  let child: ChildProcess;
  let output = '';
  let base: string;

  beforeAll(async () => {
    seeding = await startTestApi();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [join(__dirname, '../../dist/apps/api/src/main.js')], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: process.env.TEST_DATABASE_URL ?? '',
        // Its own prefix: rate-limit counters of other specs' sign-ins stay apart.
        QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX ?? 'crh-test'}-logging`,
        JWT_SECRET: 'log-test-secret-0123456789abcdefghijklmnopqrstuvwxyz',
        FIELD_ENCRYPTION_KEYS: 'test1:dGVzdC1vbmx5LWZpZWxkLWtleS0wMTIzNDU2Nzg5YWI=',
        PORT: String(port),
        LOG_LEVEL: 'trace',
      },
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ok = await supertest(base)
        .get('/api/v1/health')
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`API did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await seeding.close();
  });

  it('should write JSON lines with the request id, and never a password, token or secret', async () => {
    const org = await createOrganization(seeding.dataSource, 'member');
    const user = await createUser(seeding.dataSource, org, 'member_reporter');
    const http = supertest(base);
    await http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'wrong-password-on-purpose' })
      .expect(401);
    const login = await http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(200);
    const { accessToken, refreshToken } = login.body as {
      accessToken: string;
      refreshToken: string;
    };
    await http
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${accessToken}`)
      .set('x-request-id', 'log-test-request-0001')
      .expect(200);
    await http.post('/api/v1/auth/refresh').send({ refreshToken }).expect(200);
    await http
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${accessToken}`)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'another-secret-passphrase' })
      .expect(204);
    await new Promise((r) => setTimeout(r, 300));

    const lines = output.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const me = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.clientRequestId === 'log-test-request-0001');
    expect(me).toMatchObject({ organizationId: org.id, userId: user.id, res: { statusCode: 200 } });
    // The request's own id is the server's, whatever the client sent.
    expect((me?.req as { id?: string } | undefined)?.id).toMatch(/^[0-9a-f-]{36}$/);

    for (const secret of [
      TEST_PASSWORD,
      'wrong-password-on-purpose',
      'another-secret-passphrase',
      accessToken,
      accessToken.split('.')[2],
      refreshToken,
      'log-test-secret-0123456789abcdefghijklmnopqrstuvwxyz',
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});
