import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const API_MAIN = join(ROOT, 'dist/apps/api/src/main.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a built entry point with exactly the given environment (plus PATH). */
function run(script: string, env: Record<string, string>, timeoutMs = 20_000): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const GOOD = {
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? '',
  JWT_SECRET: 'test-only-secret-0123456789abcdefghijklmnopqrstuvwxyz',
  FIELD_ENCRYPTION_KEYS: 'test1:dGVzdC1vbmx5LWZpZWxkLWtleS0wMTIzNDU2Nzg5YWI=',
  LOG_LEVEL: 'silent',
};

describe('Process start-up refusals (e2e, built entry points)', () => {
  beforeAll(() => {
    if (!existsSync(API_MAIN)) throw new Error('Run `npm run build` first (npm test does it).');
  });

  it('should refuse to start, naming each bad variable in plain words and without a stack', async () => {
    const result = await run(API_MAIN, {
      ...GOOD,
      PORT: 'eighty',
      JWT_SECRET: 'short',
      LOG_LEVEL: 'chatty',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/JWT_SECRET must be at least 32 characters/);
    expect(result.stderr).toMatch(/LOG_LEVEL/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('should refuse to start without JWT_SECRET', async () => {
    const { JWT_SECRET: _omit, ...withoutSecret } = GOOD;
    const result = await run(API_MAIN, withoutSecret);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('JWT_SECRET is required');
  });

  // How soon it gives up is measured by `npm run bench -- --only=outage`.
  it('should exit with one clear line when Redis cannot be reached', async () => {
    const result = await run(API_MAIN, { ...GOOD, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Redis is not reachable at redis:\/\/127\.0\.0\.1:1\..*redis-server/);
  });
});
