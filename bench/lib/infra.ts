import { accountEmailKey } from '@app/domain';
import { PasswordHasher } from '@app/auth';
import { migrateDatabase } from '@app/persistence';
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { Client, Pool } from 'pg';
import { sleep } from './stats';

export const ADMIN_DATABASE_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BENCH_PASSWORD = 'bench-password-correct-horse-staple';

/** dist/ of the build this script runs from (bench/lib -> dist). */
export const DIST_DIR = resolve(__dirname, '..', '..');

/**
 * One throwaway database (migrated) and one Redis key prefix for one
 * benchmark, with the settings its API and worker children run with.
 * `dispose()` drops both, and stops any child still running.
 */
export class BenchEnvironment {
  /** Environments not yet disposed (dropped by `disposeAll` on SIGINT/SIGTERM). */
  static readonly live = new Set<BenchEnvironment>();
  readonly children = new Set<ServiceProcess>();
  private disposed = false;

  private constructor(
    readonly name: string,
    readonly databaseName: string,
    readonly databaseUrl: string,
    readonly prefix: string,
    readonly vars: Record<string, string>,
    readonly pool: Pool,
  ) {}

  static async create(name: string): Promise<BenchEnvironment> {
    const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
    const databaseName = `crh_bench_${name.replace(/[^a-z0-9]/g, '_')}_${suffix}`;
    const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${databaseName}`);
    } finally {
      await admin.end();
    }
    const url = new URL(ADMIN_DATABASE_URL);
    url.pathname = `/${databaseName}`;
    const databaseUrl = url.toString();
    const prefix = `crh-bench-${name}-${suffix}`;
    const env = new BenchEnvironment(
      name,
      databaseName,
      databaseUrl,
      prefix,
      serviceVars(databaseUrl, prefix),
      new Pool({ connectionString: databaseUrl, max: 4 }),
    );
    BenchEnvironment.live.add(env);
    try {
      await migrateDatabase(databaseUrl);
    } catch (error) {
      await env.dispose();
      throw error;
    }
    return env;
  }

  async startApi(extra: Record<string, string> = {}): Promise<ServiceProcess> {
    const port = await freePort();
    const child = await ServiceProcess.start(
      'api',
      join(DIST_DIR, 'apps/api/src/main.js'),
      { ...this.vars, PORT: String(port), ...apiSettings(), ...extra },
      `http://127.0.0.1:${port}/api/v1/health`,
      port,
    );
    this.children.add(child);
    return child;
  }

  async startWorker(extra: Record<string, string> = {}): Promise<ServiceProcess> {
    const port = await freePort();
    const child = await ServiceProcess.start(
      'worker',
      join(DIST_DIR, 'apps/worker/src/main.js'),
      { ...this.vars, WORKER_HEALTH_PORT: String(port), ...extra },
      `http://127.0.0.1:${port}/health`,
      port,
    );
    this.children.add(child);
    return child;
  }

  /** The hand-written Fastify + pg baseline (bench/lib/bare-server.ts). */
  async startBare(): Promise<ServiceProcess> {
    const port = await freePort();
    const child = await ServiceProcess.start(
      'bare',
      join(DIST_DIR, 'bench/lib/bare-server.js'),
      { ...this.vars, PORT: String(port) },
      `http://127.0.0.1:${port}/health`,
      port,
    );
    this.children.add(child);
    return child;
  }

  async stop(child: ServiceProcess): Promise<void> {
    await child.stop();
    this.children.delete(child);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    BenchEnvironment.live.delete(this);
    for (const child of this.children) await child.stop().catch(() => undefined);
    this.children.clear();
    await this.pool.end().catch(() => undefined);
    const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
    try {
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`);
    } catch (error) {
      process.stderr.write(`could not drop ${this.databaseName}: ${String(error)}\n`);
    } finally {
      await admin.end().catch(() => undefined);
    }
    await deleteRedisKeys(this.prefix);
  }

  // --- seeding -------------------------------------------------------------

  async createOrganization(kind: 'member' | 'coalition' | 'law_enforcement'): Promise<string> {
    const id = randomUUID();
    const member = kind === 'member';
    await this.pool.query(
      `INSERT INTO organizations (id, kind, legal_name, country, status, member_type, sharing_registration_current)
       VALUES ($1, $2, $3, 'GB', 'active', $4, $5)`,
      [id, kind, `Bench ${kind} ${id.slice(0, 8)}`, member ? 'issuer' : null, member ? true : null],
    );
    return id;
  }

  async createUser(organizationId: string, role: string): Promise<{ id: string; email: string }> {
    const id = randomUUID();
    const email = `${role}.${id.slice(0, 8)}@bench.example`;
    await this.pool.query(
      `INSERT INTO users (id, organization_id, role, email, email_normalized, display_name, password_hash, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'active')`,
      [
        id,
        organizationId,
        role,
        email,
        accountEmailKey(email),
        `Bench ${role}`,
        await benchPasswordHash(),
      ],
    );
    return { id, email };
  }

  /** A new organization of the role's kind with a signed-in user; the bearer token. */
  async signedIn(
    api: ServiceProcess,
    role: string,
    organizationId?: string,
  ): Promise<{ token: string; userId: string; organizationId: string }> {
    const kind =
      role === 'member_reporter' || role === 'member_admin'
        ? 'member'
        : role === 'le_liaison'
          ? 'law_enforcement'
          : 'coalition';
    const org = organizationId ?? (await this.createOrganization(kind));
    const user = await this.createUser(org, role);
    const token = await login(api.url, user.email, BENCH_PASSWORD);
    return { token, userId: user.id, organizationId: org };
  }
}

/** Stops every child and drops every database and key prefix still in use. */
export async function disposeAll(): Promise<void> {
  await Promise.all([...BenchEnvironment.live].map((env) => env.dispose()));
}

function serviceVars(databaseUrl: string, prefix: string): Record<string, string> {
  const auditKey = generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATABASE_MIGRATIONS_RUN: 'false',
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    FIELD_ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString('base64')}`,
    AUDIT_SIGNING_KEY: auditKey,
    MFA_REQUIRED_ROLES: 'none',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_REFRESH_PER_MINUTE: '100000',
    RATE_LIMIT_FILING_PER_MINUTE: '100000',
    RATE_LIMIT_API_KEY_PER_MINUTE: '100000',
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    RATE_LIMIT_EXPORT_PER_HOUR: '10000',
    LOG_LEVEL: 'warn',
  };
}

let hash: Promise<string> | undefined;
function benchPasswordHash(): Promise<string> {
  hash ??= new PasswordHasher().hash(BENCH_PASSWORD);
  return hash;
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (res.status !== 200 || !body.accessToken) {
    throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(body)}`);
  }
  return body.accessToken;
}

/**
 * Settings given to every API a benchmark starts, from BENCH_API_ENV
 * (`NAME=value` pairs separated by spaces), to compare a setting on and off.
 */
function apiSettings(): Record<string, string> {
  const pairs = (process.env.BENCH_API_ENV ?? '').split(' ').filter(Boolean);
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`BENCH_API_ENV: "${pair}" is not NAME=value`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch (error) {
    process.stderr.write(`could not delete Redis keys ${prefix}*: ${String(error)}\n`);
  } finally {
    redis.disconnect();
  }
}

/** A child process (API, worker, baseline or single-machine start) of a benchmark. */
export class ServiceProcess {
  private readonly tail: string[] = [];
  private exited = false;
  private exitCode: number | null = null;

  private constructor(
    readonly kind: string,
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        this.tail.push(line);
        if (this.tail.length > 40) this.tail.shift();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code) => {
      this.exited = true;
      this.exitCode = code;
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Its last output lines (for error messages). */
  output(): string {
    return this.tail.join('\n');
  }

  static async start(
    kind: string,
    script: string,
    env: Record<string, string>,
    healthUrl: string,
    port: number,
    nodeArgs: string[] = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
    timeoutMs = 60_000,
  ): Promise<ServiceProcess> {
    const child = spawn(process.execPath, [...nodeArgs, script], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(kind, child, port);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (service.exited) {
        throw new Error(
          `${kind} exited (${service.exitCode}) while starting:\n${service.output()}`,
        );
      }
      try {
        const res = await fetch(healthUrl, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return service;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    await service.stop();
    throw new Error(`${kind} did not become healthy within ${timeoutMs} ms:\n${service.output()}`);
  }

  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

/** Resident memory of a process, from /proc (MB): current and high-water mark. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) / 1024 : 0;
    };
    return { rssMb: kb('VmRSS'), hwmMb: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Samples the RSS of processes at an interval; peak from VmHWM and the samples. */
export class RssSampler {
  readonly samples: { atMs: number; pid: number; rssMb: number }[] = [];
  private readonly peaks = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private readonly started = Date.now();

  constructor(private readonly pids: number[]) {}

  start(intervalMs = 500): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    return this;
  }

  sample(): void {
    for (const pid of this.pids) {
      const m = memoryOf(pid);
      if (!m) continue;
      this.samples.push({ atMs: Date.now() - this.started, pid, rssMb: m.rssMb });
      this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, m.rssMb, m.hwmMb));
    }
  }

  stop(): void {
    this.sample();
    if (this.timer) clearInterval(this.timer);
  }

  peakMb(pid: number): number {
    return this.peaks.get(pid) ?? Number.NaN;
  }
}
