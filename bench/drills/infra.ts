import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The drills' private infrastructure: a PostgreSQL cluster and a Redis server
 * of their own, on free ports, in a temporary directory, so that stopping and
 * killing them never touches a shared server. Everything is removed by
 * `cleanup()`, which the entry point calls on every way out.
 */

export const PG_BIN = '/usr/lib/postgresql/15/bin';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function log(message: string): void {
  const t = new Date().toISOString().slice(11, 23);
  process.stdout.write(`[${t}] ${message}\n`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], what: string): string {
  const res = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  if (res.status !== 0) {
    throw new Error(`${what} failed (${res.status}): ${res.stderr || res.stdout}`);
  }
  return res.stdout;
}

/** PostgreSQL refuses to run as root: as root, its binaries run as the postgres user. */
const AS_ROOT = process.getuid?.() === 0;

function pgCommand(binary: string, args: string[]): [string, string[]] {
  return AS_ROOT
    ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, binary), ...args]]
    : [join(PG_BIN, binary), args];
}

function asPostgres(binary: string, args: string[], what: string): string {
  return run(...pgCommand(binary, args), what);
}

/** The same without blocking the event loop (the load keeps running meanwhile). */
function asPostgresAsync(binary: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const [command, argv] = pgCommand(binary, args);
    execFile(command, argv, { timeout: 90_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${what} failed: ${stderr || stdout || error.message}`));
      else resolve();
    });
  });
}

export class PrivatePostgres {
  readonly dataDir: string;
  readonly socketDir: string;
  running = false;

  constructor(
    readonly root: string,
    readonly port: number,
  ) {
    this.dataDir = join(root, 'pgdata');
    this.socketDir = join(root, 'pgsock');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/drill`;
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  init(): void {
    mkdirSync(this.dataDir, { recursive: true });
    mkdirSync(this.socketDir, { recursive: true });
    const owner = (file: string) => {
      if (!AS_ROOT) return;
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      chownSync(file, uid, gid);
    };
    owner(this.root);
    owner(this.dataDir);
    owner(this.socketDir);
    asPostgres(
      'initdb',
      ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
      'initdb',
    );
    // Durability settings stay at their defaults (fsync on): a crash must be survivable.
    writeFileSync(
      join(this.dataDir, 'postgresql.auto.conf'),
      [
        `listen_addresses = '127.0.0.1'`,
        `port = ${this.port}`,
        `unix_socket_directories = '${this.socketDir}'`,
        `max_connections = 100`,
        `shared_buffers = '128MB'`,
        // Evidence for a slow answer: a lock waited on for more than a second is logged.
        `log_lock_waits = on`,
        `deadlock_timeout = '1s'`,
        '',
      ].join('\n'),
    );
    owner(join(this.dataDir, 'postgresql.auto.conf'));
  }

  async start(): Promise<void> {
    await asPostgresAsync(
      'pg_ctl',
      ['-D', this.dataDir, '-l', join(this.root, 'postgres.log'), '-w', '-t', '60', 'start'],
      'pg_ctl start',
    );
    this.running = true;
  }

  /** `fast`: a clean shutdown; `immediate`: no checkpoint, crash recovery at the next start. */
  async stop(mode: 'fast' | 'immediate'): Promise<void> {
    await asPostgresAsync(
      'pg_ctl',
      ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop'],
      'pg_ctl stop',
    );
    this.running = false;
  }

  version(): string {
    return run(join(PG_BIN, 'postgres'), ['--version'], 'postgres --version').trim();
  }

  createDatabase(): void {
    run(
      join(PG_BIN, 'psql'),
      ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-c', 'CREATE DATABASE drill'],
      'CREATE DATABASE',
    );
  }

  destroy(): void {
    // Stop whether or not a start is known to have finished (a start may be under way).
    try {
      asPostgres('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop');
    } catch {
      // already down
    }
    this.running = false;
  }
}

export class PrivateRedis {
  private child?: ChildProcess;

  /** `persistDir` set: append-only file on (as docker/compose.yaml runs it); unset: no persistence. */
  constructor(
    readonly port: number,
    readonly persistDir?: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        ...(this.persistDir
          ? ['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', this.persistDir]
          : ['--appendonly', 'no']),
        '--daemonize',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.child = child;
    for (let i = 0; i < 100; i++) {
      const res = spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' });
      if (res.stdout.trim() === 'PONG') return;
      if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode})`);
      await sleep(50);
    }
    throw new Error('redis-server did not answer PING');
  }

  /**
   * Stop the server. Without persistence it is killed and everything it held
   * is gone (a flushed Redis or a failover to an empty replica); with the
   * append-only file it is shut down cleanly (SIGTERM) and reloads its data.
   */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(this.persistDir ? 'SIGTERM' : 'SIGKILL');
    await exited;
    this.child = undefined;
  }

  version(): string {
    return run('redis-server', ['--version'], 'redis-server --version').trim();
  }

  destroy(): void {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

/** A built entry point (API or worker) run as a child process. */
export class NodeService {
  child?: ChildProcess;
  private exited?: Promise<ServiceExit>;
  private stderrTail = '';

  constructor(
    readonly name: string,
    readonly script: string,
    readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
  ) {}

  start(): void {
    const child = spawn(process.execPath, [this.script], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.stderrTail = '';
    const append = (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
      try {
        writeFileSync(this.logFile, chunk, { flag: 'a' });
      } catch {
        // the log is a convenience
      }
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  tail(): string {
    return this.stderrTail;
  }

  signal(sig: NodeJS.Signals): void {
    if (this.alive) this.child?.kill(sig);
  }

  /** Resolves when the process exits, or undefined after `ms`. */
  async waitExit(ms: number): Promise<ServiceExit | undefined> {
    if (!this.exited) return undefined;
    return Promise.race([this.exited, sleep(ms).then(() => undefined)]);
  }

  async kill9(): Promise<void> {
    if (!this.alive) return;
    this.child?.kill('SIGKILL');
    await this.waitExit(10_000);
  }
}

export function makeRoot(): string {
  return mkdtempSync(join(tmpdir(), 'crh-drill-'));
}

export function removeRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
