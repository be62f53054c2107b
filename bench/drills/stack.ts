import { PasswordHasher } from '@app/auth';
import { accountEmailKey, type Role } from '@app/domain';
import { dataSourceOptions, OrganizationEntity, UserEntity } from '@app/persistence';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DataSource } from 'typeorm';
import { bodyOf, DrillClient, ok } from './client';
import {
  freePort,
  log,
  makeRoot,
  NodeService,
  PrivatePostgres,
  PrivateRedis,
  removeRoot,
  sleep,
} from './infra';

/** The status of a plain GET on loopback, or 0 when nothing answered within 2 s. */
function httpStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

export const DRILL_PASSWORD = 'drill-password-correct-horse-battery';

export interface Login {
  token: string;
  userId: string;
  orgId: string;
}

/**
 * Everything a drill runs against: private PostgreSQL and Redis, the built API
 * and worker as child processes, and a DataSource the checker reads with.
 */
export class Stack {
  readonly root = makeRoot();
  pg!: PrivatePostgres;
  redis!: PrivateRedis;
  /** The API processes (one unless a drill asks for replicas), each on its own port. */
  apis: NodeService[] = [];
  /** The worker processes. */
  workers: NodeService[] = [];
  apiPorts: number[] = [];
  /** The workers' health ports when there are several (one worker: a random port). */
  workerHealthPorts: number[] = [];
  /** The port clients call: the API's own, or the proxy's in front of several. */
  apiPort = 0;
  readonly prefix = `drill-${randomUUID().slice(0, 8)}`;
  env: NodeJS.ProcessEnv = {};
  ds?: DataSource;
  private cleaned = false;

  get api(): NodeService {
    return this.apis[0];
  }

  get worker(): NodeService {
    return this.workers[0];
  }

  /**
   * Start PostgreSQL, Redis, `apis` API processes (each on its own port) and
   * `workers` workers. `env` adds or overrides settings of every process.
   */
  async up(options: {
    redisAof: boolean;
    apis?: number;
    workers?: number;
    env?: NodeJS.ProcessEnv;
  }): Promise<void> {
    const apiCount = options.apis ?? 1;
    const workerCount = options.workers ?? 1;
    this.pg = new PrivatePostgres(this.root, await freePort());
    let redisDir: string | undefined;
    if (options.redisAof) {
      redisDir = join(this.root, 'redis');
      mkdirSync(redisDir);
    }
    this.redis = new PrivateRedis(await freePort(), redisDir);
    for (let i = 0; i < apiCount; i++) this.apiPorts.push(await freePort());
    this.apiPort = this.apiPorts[0];
    log(`private PostgreSQL on :${this.pg.port}, Redis on :${this.redis.port} (${this.root})`);
    this.pg.init();
    await this.pg.start();
    this.pg.createDatabase();
    await this.redis.start();

    const auditKey = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(this.apiPort),
      WORKER_HEALTH_PORT: '0',
      DATABASE_URL: this.pg.url,
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: this.prefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
      FIELD_ENCRYPTION_KEYS: `drill1:${randomBytes(32).toString('base64')}`,
      AUDIT_SIGNING_KEY: auditKey,
      MFA_REQUIRED_ROLES: 'none',
      RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
      RATE_LIMIT_REFRESH_PER_MINUTE: '100000',
      RATE_LIMIT_FILING_PER_MINUTE: '100000',
      RATE_LIMIT_API_KEY_PER_MINUTE: '100000',
      RATE_LIMIT_USER_PER_MINUTE: '100000',
      RATE_LIMIT_EXPORT_PER_HOUR: '10000',
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    // Names and logs of a single process stay `api` and `worker`; replicas are numbered.
    const named = (base: string, i: number, n: number) => (n === 1 ? base : `${base}-${i + 1}`);
    this.apis = this.apiPorts.map(
      (port, i) =>
        new NodeService(
          named('api', i, apiCount),
          join(process.cwd(), 'dist/apps/api/src/main.js'),
          { ...this.env, PORT: String(port) },
          join(this.root, `${named('api', i, apiCount)}.log`),
        ),
    );
    // Replicas get a health port each, so a drill can tell when a restarted one is serving.
    for (let i = 0; i < workerCount && workerCount > 1; i++) {
      this.workerHealthPorts.push(await freePort());
    }
    this.workers = Array.from(
      { length: workerCount },
      (_, i) =>
        new NodeService(
          named('worker', i, workerCount),
          join(process.cwd(), 'dist/apps/worker/src/main.js'),
          {
            ...this.env,
            ...(workerCount > 1 ? { WORKER_HEALTH_PORT: String(this.workerHealthPorts[i]) } : {}),
          },
          join(this.root, `${named('worker', i, workerCount)}.log`),
        ),
    );
    // The first API migrates the database; the others start once it is healthy.
    this.apis[0].start();
    await this.waitApiHealthy(60_000, this.apis[0], this.apiPorts[0]);
    for (const api of this.apis.slice(1)) api.start();
    for (let i = 1; i < this.apis.length; i++) {
      await this.waitApiHealthy(60_000, this.apis[i], this.apiPorts[i]);
    }
    for (const worker of this.workers) worker.start();
    this.ds = new DataSource({
      ...dataSourceOptions({ url: this.pg.url, poolSize: 4, applicationName: 'crh-drill' }),
      logging: false,
    });
    await this.ds.initialize();
  }

  async waitApiHealthy(ms: number, api = this.api, port = this.apiPorts[0]): Promise<void> {
    const client = new DrillClient(port, 2000);
    client.record = false;
    const deadline = Date.now() + ms;
    try {
      while (Date.now() < deadline) {
        if (!api.alive) {
          throw new Error(`${api.name} exited while starting:\n${api.tail()}`);
        }
        if (ok(await client.call('GET', '/health'))) return;
        await sleep(200);
      }
    } finally {
      client.close();
    }
    throw new Error(`${api.name} did not become healthy in ${ms} ms:\n${api.tail()}`);
  }

  /** Wait until worker `i` answers its health check (replicas only); false after `ms`. */
  async waitWorkerHealthy(i: number, ms: number): Promise<boolean> {
    const port = this.workerHealthPorts[i];
    if (!port) return false;
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (!this.workers[i].alive) return false;
      if ((await httpStatus(port, '/health')) === 200) return true;
      await sleep(250);
    }
    return false;
  }

  /** A query that survives the drills' own PostgreSQL restarts (retried until it answers). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        return await this.ds!.query<T[]>(sql, params);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(250);
      }
    }
  }

  async seedUser(role: Role, orgKind: 'member' | 'coalition' | 'law_enforcement', org?: string) {
    const ds = this.ds!;
    let orgId = org;
    if (!orgId) {
      orgId = randomUUID();
      const member = orgKind === 'member';
      await ds.manager.insert(OrganizationEntity, {
        id: orgId,
        kind: orgKind,
        legalName: `Drill ${orgKind} ${orgId.slice(0, 8)}`,
        country: 'GB',
        status: 'active',
        memberType: member ? 'issuer' : null,
        sharingRegistrationCurrent: member ? true : null,
        isDemo: false,
      });
    }
    const email = `${role}.${randomUUID().slice(0, 8)}@drill.example`;
    const user = ds.manager.create(UserEntity, {
      id: randomUUID(),
      organizationId: orgId,
      role,
      email,
      emailNormalized: accountEmailKey(email),
      displayName: `Drill ${role}`,
      passwordHash: await this.passwordHash(),
      mfaSecret: null,
      mfaEnabled: false,
      status: 'active',
      lastLoginAt: null,
      passwordChangedAt: new Date(),
    });
    await ds.manager.insert(UserEntity, user);
    return { orgId, userId: user.id, email: user.email };
  }

  private hash?: Promise<string>;
  private passwordHash(): Promise<string> {
    this.hash ??= new PasswordHasher().hash(DRILL_PASSWORD);
    return this.hash;
  }

  async login(email: string, userId: string, orgId: string): Promise<Login> {
    const client = new DrillClient(this.apiPort, 10_000);
    try {
      const res = await client.call('POST', '/auth/login', undefined, {
        email,
        password: DRILL_PASSWORD,
      });
      const body = bodyOf<{ accessToken: string }>(res);
      if (!ok(res) || !body) throw new Error(`login of ${email} failed: ${JSON.stringify(res)}`);
      return { token: body.accessToken, userId, orgId };
    } finally {
      client.close();
    }
  }

  async seedAndLogin(
    role: Role,
    orgKind: 'member' | 'coalition' | 'law_enforcement',
    org?: string,
  ) {
    const u = await this.seedUser(role, orgKind, org);
    return this.login(u.email, u.userId, u.orgId);
  }

  /** Stop and delete everything; safe to call more than once and from signal handlers. */
  async cleanup(): Promise<void> {
    if (this.cleaned) return;
    this.cleaned = true;
    for (const s of [...this.apis, ...this.workers]) {
      if (s.alive) {
        s.signal('SIGKILL');
        await s.waitExit(5000);
      }
    }
    await this.ds?.destroy().catch(() => undefined);
    this.redis?.destroy();
    try {
      this.pg?.destroy();
    } catch {
      // best effort
    }
    this.keepLogs();
    if (process.env.DRILL_KEEP !== '1') removeRoot(this.root);
  }

  /** The processes' logs outlive the run (evidence for whatever the drill found). */
  readonly logDir = join(tmpdir(), `crh-drill-logs-${this.prefix}`);
  private keepLogs(): void {
    try {
      mkdirSync(this.logDir, { recursive: true });
      const logs = [...this.apis, ...this.workers].map((s) => basename(s.logFile));
      for (const f of [...logs, 'postgres.log']) {
        if (existsSync(join(this.root, f))) copyFileSync(join(this.root, f), join(this.logDir, f));
      }
    } catch {
      // best effort
    }
  }

  /** Synchronous last resort (process 'exit'): kill children, stop the cluster. */
  cleanupSync(): void {
    if (this.cleaned) return;
    this.cleaned = true;
    for (const s of [...this.apis, ...this.workers]) if (s.alive) s.signal('SIGKILL');
    this.redis?.destroy();
    try {
      this.pg?.destroy();
    } catch {
      // best effort
    }
    if (process.env.DRILL_KEEP !== '1') removeRoot(this.root);
  }
}
