/**
 * `npm run bench` (full) and `npm run bench:smoke` (seconds-long, for CI).
 * Prints the machine, runs each benchmark (`--only=name[,name]`), prints a
 * results table and writes bench/results/<date>-<smoke|full>.json. Exits
 * non-zero only when a benchmark fails with an error: a missed target is a
 * result to report, not a failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { run as audit } from './audit.bench';
import { run as consoleLoad } from './console.bench';
import { run as filing } from './filing.bench';
import { run as framework } from './framework.bench';
import { ADMIN_DATABASE_URL, REDIS_URL, disposeAll } from './lib/infra';
import type { Bench, BenchOptions, BenchReport } from './lib/types';
import { run as matching } from './matching.bench';
import { run as memory } from './memory.bench';
import { run as outage } from './outage.bench';
import { run as pipeline } from './pipeline.bench';
import { run as reads } from './reads.bench';

const BENCHES: [string, Bench][] = [
  ['framework', framework],
  ['filing', filing],
  ['reads', reads],
  ['pipeline', pipeline],
  ['memory', memory],
  ['matching', matching],
  ['audit', audit],
  ['console', consoleLoad],
  ['outage', outage],
];

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
  loadBefore: number[];
  loadAfter: number[];
  report?: BenchReport;
  error?: string;
}

async function machine(): Promise<Record<string, string | number>> {
  let postgres = 'unknown';
  let redis = 'unknown';
  const pg = new Client({ connectionString: ADMIN_DATABASE_URL });
  try {
    await pg.connect();
    postgres = (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0]
      .server_version;
  } catch (error) {
    postgres = `unreachable (${String(error)})`;
  } finally {
    await pg.end().catch(() => undefined);
  }
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    redis = /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? 'unknown';
  } catch (error) {
    redis = `unreachable (${String(error)})`;
  } finally {
    client.disconnect();
  }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    freeMemoryMb: Math.round(freemem() / 1024 / 1024),
    node: process.version,
    postgres,
    redis,
    platform: `${process.platform} ${process.arch}`,
    commit,
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ')).join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',')
    .filter(Boolean);
  const runsArg = args.find((a) => a.startsWith('--runs='));
  const options: BenchOptions = {
    smoke,
    runs: smoke ? 1 : Math.max(3, Number(runsArg?.slice('--runs='.length) ?? 3)),
  };
  const unknown = (only ?? []).filter((n) => !BENCHES.some(([name]) => name === n));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.map(([n]) => n).join(', ')}\n`,
    );
    return 2;
  }

  const started = new Date();
  const host = await machine();
  process.stdout.write(
    `Coalition Referral Hub benchmarks (${smoke ? 'smoke' : 'full'} mode, ${options.runs} run(s) per measurement)\n`,
  );
  for (const [k, v] of Object.entries(host)) process.stdout.write(`  ${k}: ${v}\n`);

  const outcomes: Outcome[] = [];
  for (const [name, bench] of BENCHES) {
    if (only && !only.includes(name)) continue;
    process.stdout.write(
      `\n== ${name} ==  (load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})\n`,
    );
    const loadBefore = loadavg();
    const t0 = Date.now();
    try {
      const report = await bench(options);
      const seconds = (Date.now() - t0) / 1000;
      for (const line of report.summary) process.stdout.write(`  ${line}\n`);
      for (const t of report.targets) {
        process.stdout.write(
          `  target ${t.met ? 'MET   ' : 'MISSED'} ${t.name}: ${t.actual} (target ${t.target})\n`,
        );
      }
      outcomes.push({ name, ok: true, seconds, loadBefore, loadAfter: loadavg(), report });
    } catch (error) {
      const seconds = (Date.now() - t0) / 1000;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stdout.write(`  ERROR: ${message}\n`);
      outcomes.push({ name, ok: false, seconds, loadBefore, loadAfter: loadavg(), error: message });
    }
    process.stdout.write(
      `  (${((Date.now() - t0) / 1000).toFixed(0)} s; load average after ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})\n`,
    );
  }

  const rows: string[][] = [['bench', 'target', 'actual', 'required', 'result']];
  for (const o of outcomes) {
    if (!o.ok) {
      rows.push([o.name, '-', '-', '-', 'ERROR']);
      continue;
    }
    for (const t of o.report?.targets ?? []) {
      rows.push([o.name, t.name, t.actual, t.target, t.met ? 'met' : 'MISSED']);
    }
    if ((o.report?.targets ?? []).length === 0) rows.push([o.name, '-', '-', '-', 'ran']);
  }
  process.stdout.write(`\nResults\n${table(rows)}\n`);

  const dir = resolve(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(
    dir,
    `${started.toISOString().replace(/[:.]/g, '-')}-${smoke ? 'smoke' : 'full'}.json`,
  );
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        mode: smoke ? 'smoke' : 'full',
        runs: options.runs,
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        machine: host,
        results: outcomes.map((o) => ({
          name: o.name,
          ok: o.ok,
          seconds: Math.round(o.seconds),
          loadAverageBefore: o.loadBefore.map((l) => Number(l.toFixed(2))),
          loadAverageAfter: o.loadAfter.map((l) => Number(l.toFixed(2))),
          ...(o.report
            ? { summary: o.report.summary, figures: o.report.figures, targets: o.report.targets }
            : { error: o.error }),
        })),
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nWritten ${file}\n`);
  return outcomes.every((o) => o.ok) ? 0 : 1;
}

// Interrupted: stop the children and drop the throwaway databases first.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stdout.write(`\n${signal}: cleaning up...\n`);
    void disposeAll().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
