import { matchingKeys, OPEN_CASE_STATUSES, type MatchingKey } from '@app/domain';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { IntakeProcessor } from '../apps/worker/src/processors/intake.processor';
import { IntakeRepository } from '@app/persistence';
import { txOf } from '@app/persistence/unit-of-work/tx';
import {
  createThrowawayDatabase,
  loadAverage,
  seedReporter,
  since,
} from './lib/synthetic-database';
import { prng, syntheticMerchant, misspelledName, repeatReport } from './lib/synthetic-merchants';
import { formatSpread, median, quantile, round, spread } from './lib/stats';
import type { Bench, BenchOptions, BenchReport, TargetCheck } from './lib/types';

/**
 * Benchmark 5, matching at scale. Synthetic merchants (bench/lib/synthetic-merchants.ts)
 * are turned into matching keys by the product's own `matchingKeys` and loaded
 * into referral_match_keys (with the referral and case rows its foreign keys
 * need). At each size the intake processor's own lookup code runs against the
 * database: the exact-key query that joins a referral to an open case, and the
 * pg_trgm name suggestion (threshold 0.45, in a rolled-back transaction). An
 * EXPLAIN of both checks that the intended indexes are used.
 */

const SEED = 20_261_128;
const EXACT_TARGET_P99_MS = 5;
const FUZZY_TARGET_P95_MS = 50;
/** Near-flat growth: the median lookup at 1M may be at most this multiple of the one at 10k. */
const FLAT_GROWTH_LIMIT = 2;
const LOAD_BATCH = 10_000;
/**
 * A domain key that is a bare two-label public suffix (`com.cy`): what
 * registrableDomain answers for a host under a multi-part suffix missing from
 * MULTI_PART_PUBLIC_SUFFIXES. Thousands of unrelated merchants share it.
 */
const SUFFIX_ONLY = /^(?:com|co|net|org)\.[a-z]{2}$/;
/** The intake processor's SUGGESTION_THRESHOLD. */
const SUGGESTION_THRESHOLD = 0.45;
const LOOKUP_INDEX = 'referral_match_keys_lookup_idx';
const TRIGRAM_INDEX = 'referral_match_keys_name_country_trgm_idx';

/** The intake's matching statements, as the processor runs them (through the manager given). */
interface IntakeQueries {
  openCasesSharingKeys(m: EntityManager, keys: MatchingKey[]): Promise<string[]>;
  suggest(
    m: EntityManager,
    referralId: string,
    caseId: string,
    keys: MatchingKey[],
    otherExactCases: string[],
  ): Promise<number>;
}

/**
 * The processor's own suggestion routine over the real IntakeRepository: the
 * exact lookup is the repository's statement with the open statuses intake
 * uses, the suggestions are IntakeProcessor's private `suggest` (threshold and
 * all), bound to that repository.
 */
function intakeQueries(): IntakeQueries {
  const intakes = new IntakeRepository();
  const suggest = (IntakeProcessor.prototype as unknown as Record<string, unknown>).suggest;
  if (typeof suggest !== 'function') {
    throw new Error('IntakeProcessor no longer has suggest: update the bench');
  }
  return {
    openCasesSharingKeys: (m, keys) => intakes.casesSharingKeys(txOf(m), keys, OPEN_CASE_STATUSES),
    suggest: (m, referralId, caseId, keys, others) =>
      (suggest as (...args: unknown[]) => Promise<number>).call(
        { intakes },
        txOf(m),
        referralId,
        caseId,
        keys,
        others,
      ),
  };
}

interface Recorded {
  sql: string;
  params: unknown[];
}

/** The slice of EntityManager the processor's queries use, over a pg client; records the SQL. */
function managerOver(client: Client, record?: (q: Recorded) => void): EntityManager {
  const manager = {
    query: async (sql: string, params: unknown[] = []) => {
      record?.({ sql, params });
      return (await client.query(sql, params)).rows as unknown[];
    },
  };
  return manager as unknown as EntityManager;
}

/** Row ids from an index: the same function on both sides of the wire. */
const referralUuid = (i: number) => `00000000-0000-4000-9000-${i.toString(16).padStart(12, '0')}`;
const REFERRAL_UUID_SQL = `('00000000-0000-4000-9000-' || lpad(to_hex(r), 12, '0'))::uuid`;
const CASE_UUID_SQL = (col: string) =>
  `('00000000-0000-4000-8000-' || lpad(to_hex(${col}), 12, '0'))::uuid`;

const CASE_STATUSES = [...OPEN_CASE_STATUSES, 'closed', 'rejected'];
const OPEN: ReadonlySet<string> = new Set(OPEN_CASE_STATUSES);

function caseStatus(index: number): string {
  // About 85 % open, spread over the open statuses; the rest closed or rejected.
  const r = prng(index * 31 + 7)();
  return r < 0.85
    ? CASE_STATUSES[Math.floor((r / 0.85) * OPEN_CASE_STATUSES.length)]
    : CASE_STATUSES[OPEN_CASE_STATUSES.length + (r < 0.95 ? 0 : 1)];
}

function keysOf(index: number, seed = SEED): MatchingKey[] {
  const m = syntheticMerchant(seed, index);
  return matchingKeys(m.merchant, m.observables);
}

/**
 * The case a merchant's referral belongs to: a relative that shares an exact
 * key with the merchant it derives from joins that merchant's case, as intake
 * would; everything else opens its own.
 */
function caseIndexOf(index: number, keys: MatchingKey[]): number {
  const relative = syntheticMerchant(SEED, index).relativeOf;
  if (relative === undefined) return index;
  const mine = new Set(keys.map((k) => `${k.kind}:${k.value}`));
  const theirs = keysOf(relative);
  return theirs.some((k) => mine.has(`${k.kind}:${k.value}`))
    ? caseIndexOf(relative, theirs)
    : index;
}

interface LoadTiming {
  rows: number;
  keys: number;
  insertMs: number;
  indexMs: number;
  analyzeMs: number;
}

/** Loads merchants [from, to): keys built in batches, inserted while the next batch is built. */
async function load(
  client: Client,
  from: number,
  to: number,
  owner: { organizationId: string; userId: string },
): Promise<LoadTiming> {
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
      WHERE tablename = 'referral_match_keys' AND indexname <> 'referral_match_keys_pkey'`,
  );
  const started = performance.now();
  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET maintenance_work_mem = '256MB'`);
  // Bulk load: the secondary indexes are rebuilt afterwards with their own
  // definitions, and foreign keys hold by construction (triggers skipped).
  for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);
  await client.query(`SET session_replication_role = replica`);
  let keyCount = 0;
  let pending: Promise<unknown> = Promise.resolve();
  try {
    for (let start = from; start < to; start += LOAD_BATCH) {
      const end = Math.min(to, start + LOAD_BATCH);
      const caseIdx: number[] = [];
      const caseStatusList: string[] = [];
      const refIdx: number[] = [];
      const refCase: number[] = [];
      const keyRef: number[] = [];
      const keyCase: number[] = [];
      const keyKind: string[] = [];
      const keyValue: string[] = [];
      for (let i = start; i < end; i++) {
        const keys = keysOf(i);
        const c = caseIndexOf(i, keys);
        if (c === i) {
          caseIdx.push(i);
          caseStatusList.push(caseStatus(i));
        }
        refIdx.push(i);
        refCase.push(c);
        for (const k of keys) {
          keyRef.push(i);
          keyCase.push(c);
          keyKind.push(k.kind);
          keyValue.push(k.value);
        }
      }
      keyCount += keyKind.length;
      await pending;
      pending = (async () => {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO cases (id, reference, status, priority)
           SELECT ${CASE_UUID_SQL('c')}, 'CASE-B-' || c, s, 'P3'
             FROM unnest($1::int[], $2::text[]) AS v(c, s)`,
          [caseIdx, caseStatusList],
        );
        await client.query(
          `INSERT INTO referrals (id, reference, organization_id, created_by, status, case_id,
                                  submitted_at, priority, category)
           SELECT ${REFERRAL_UUID_SQL}, 'FCR-B-' || r, $3, $4, 'in_review', ${CASE_UUID_SQL('c')},
                  now(), 'P3', 'commercial_csam_sale'
             FROM unnest($1::int[], $2::int[]) AS v(r, c)`,
          [refIdx, refCase, owner.organizationId, owner.userId],
        );
        await client.query(
          `INSERT INTO referral_match_keys (referral_id, case_id, kind, value)
           SELECT ${REFERRAL_UUID_SQL}, ${CASE_UUID_SQL('c')}, k, v
             FROM unnest($1::int[], $2::int[], $3::text[], $4::text[]) AS x(r, c, k, v)`,
          [keyRef, keyCase, keyKind, keyValue],
        );
        await client.query('COMMIT');
      })();
    }
    await pending;
  } finally {
    await client.query(`RESET session_replication_role`);
  }
  const insertMs = since(started);
  const indexStart = performance.now();
  // A partitioned table's index definition reads `ON ONLY` (the parent alone):
  // rebuilt without it, it is built on every month partition too.
  for (const index of indexes) await client.query(index.indexdef.replace(' ON ONLY ', ' ON '));
  const indexMs = since(indexStart);
  const analyzeStart = performance.now();
  // What autovacuum would have done to tables of this size in service: hint
  // bits and visibility map set, statistics fresh; then a checkpoint, so the
  // probes do not run into the load's write-back.
  await client.query(`VACUUM ANALYZE referral_match_keys`);
  await client.query(`VACUUM ANALYZE cases`);
  await client.query(`VACUUM ANALYZE referrals`);
  await client.query(`CHECKPOINT`);
  const analyzeMs = since(analyzeStart);
  await client.query(`RESET synchronous_commit`);
  return { rows: to - from, keys: keyCount, insertMs, indexMs, analyzeMs };
}

/** Index names and a one-line summary of a JSON plan. */
function planSummary(plan: unknown): { indexes: string[]; summary: string } {
  const indexes: string[] = [];
  const parts: string[] = [];
  const walk = (node: Record<string, unknown>, depth: number) => {
    const index = node['Index Name'] as string | undefined;
    if (index) indexes.push(index);
    const relation = node['Relation Name'] as string | undefined;
    parts.push(
      `${'>'.repeat(depth)}${String(node['Node Type'])}${index ? `[${index}]` : relation ? `[${relation}]` : ''}`,
    );
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) {
      walk(child, depth + 1);
    }
  };
  const root = (plan as { Plan: Record<string, unknown> }[])[0].Plan;
  walk(root, 0);
  return { indexes, summary: parts.join(' ') };
}

async function explain(
  client: Client,
  q: Recorded,
): Promise<{ indexes: string[]; summary: string }> {
  const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(
    `EXPLAIN (FORMAT JSON) ${q.sql}`,
    q.params,
  );
  const plan = planSummary(rows[0]['QUERY PLAN']);
  // The match keys are partitioned by month: a plan names each partition's
  // index, which counts as the index of the parent table it belongs to.
  const { rows: parents } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE c.relname = ANY($1::text[]) AND p.relkind = 'I'`,
    [plan.indexes],
  );
  const parentOf = new Map(parents.map((r) => [r.child, r.parent]));
  return { ...plan, indexes: plan.indexes.map((i) => parentOf.get(i) ?? i) };
}

interface SizeResult {
  size: number;
  load: LoadTiming;
  exactP50: number[];
  exactP99: number[];
  fuzzyP50: number[];
  fuzzyP95: number[];
  exactFound: number;
  /** p99 of the probes without a suffix-only domain key, and how many had one. */
  cleanP99: number[];
  suffixOnlyProbes: number;
  /** Server-side execution time of the exact query (EXPLAIN ANALYZE), p50 and p99. */
  serverP50: number;
  serverP99: number;
  /** The slowest exact probes of the last run: time and key kinds. */
  slowest: string;
  exactExpected: number;
  fuzzyCandidates: number;
  tunedP50: number[];
  tunedP95: number[];
  tunedCandidates: number;
  exactPlan: { indexes: string[]; summary: string };
  fuzzyPlan: { indexes: string[]; summary: string };
  load1: string;
}

async function measure(
  client: Client,
  size: number,
  load: LoadTiming,
  options: BenchOptions,
): Promise<SizeResult> {
  const intake = intakeQueries();
  const plain = managerOver(client);
  const exactProbes = 1000;
  const fuzzyProbes = 200;
  const runs = Math.max(1, options.runs);
  const rand = prng(size);
  const result: SizeResult = {
    size,
    load,
    exactP50: [],
    exactP99: [],
    fuzzyP50: [],
    fuzzyP95: [],
    exactFound: 0,
    slowest: '',
    serverP50: 0,
    cleanP99: [],
    suffixOnlyProbes: 0,
    serverP99: 0,
    exactExpected: 0,
    fuzzyCandidates: 0,
    tunedP50: [],
    tunedP95: [],
    tunedCandidates: 0,
    exactPlan: { indexes: [], summary: '' },
    fuzzyPlan: { indexes: [], summary: '' },
    load1: '',
  };

  // Probes: 90 % later reports about a loaded merchant (written differently),
  // 10 % merchants never seen (another data set).
  const exact = Array.from({ length: exactProbes }, (_, n) => {
    const known = n % 10 !== 0;
    const index = Math.floor(rand() * size);
    const probe = known ? repeatReport(SEED, index, n + 1) : syntheticMerchant(SEED + 1, index);
    const keys = matchingKeys(probe.merchant, probe.observables);
    return {
      keys,
      expectOpen: known && OPEN.has(statusOfMerchant(index)),
      suffixOnly: keys.some((k) => k.kind === 'domain' && SUFFIX_ONLY.test(k.value)),
    };
  });
  const fuzzy = Array.from({ length: fuzzyProbes }, (_, n) => {
    const index = Math.floor(rand() * size);
    const probe = misspelledName(SEED, index, n + 1);
    return { index, keys: matchingKeys(probe.merchant, probe.observables) };
  });

  // Warm-up (not timed), then the plans.
  for (const p of exact.slice(0, 50)) await intake.openCasesSharingKeys(plain, p.keys);
  let exactQuery: Recorded | undefined;
  await intake.openCasesSharingKeys(
    managerOver(client, (q) => (exactQuery = q)),
    exact[1].keys,
  );
  let fuzzyQuery: Recorded | undefined;
  await client.query('BEGIN');
  try {
    await intake.suggest(
      managerOver(client, (q) => (fuzzyQuery = q)),
      referralUuid(fuzzy[0].index),
      randomUUID(),
      fuzzy[0].keys,
      [],
    );
  } finally {
    await client.query('ROLLBACK');
  }
  if (exactQuery) result.exactPlan = await explain(client, exactQuery);
  // The same probes timed inside the server: separates query cost from client
  // and scheduling delays on a shared, loaded machine.
  const serverTimes: number[] = [];
  for (const p of exact) {
    let q: Recorded | undefined;
    const recorder = managerOver(client, (r) => (q = r));
    await intake.openCasesSharingKeys(recorder, p.keys);
    if (!q) continue;
    const { rows } = await client.query<{ 'QUERY PLAN': { 'Execution Time': number }[] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${q.sql}`,
      q.params,
    );
    serverTimes.push(rows[0]['QUERY PLAN'][0]['Execution Time']);
  }
  result.serverP50 = quantile(serverTimes, 0.5);
  result.serverP99 = quantile(serverTimes, 0.99);
  if (fuzzyQuery) result.fuzzyPlan = await explain(client, fuzzyQuery);

  for (let run = 0; run < runs; run++) {
    const times: number[] = [];
    let found = 0;
    let expected = 0;
    for (const p of exact) {
      const t = performance.now();
      const cases = await intake.openCasesSharingKeys(plain, p.keys);
      times.push(since(t));
      if (p.expectOpen) {
        expected += 1;
        if (cases.length > 0) found += 1;
      }
    }
    result.exactP50.push(quantile(times, 0.5));
    result.exactP99.push(quantile(times, 0.99));
    result.cleanP99.push(
      quantile(
        times.filter((_, n) => !exact[n].suffixOnly),
        0.99,
      ),
    );
    result.suffixOnlyProbes = exact.filter((p) => p.suffixOnly).length;
    result.exactFound = found;
    result.slowest = times
      .map((ms, n) => ({ ms, n }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map(
        ({ ms, n }) =>
          `${round(ms, 1)} ms (${exact[n].keys.map((k) => (k.kind === 'domain' ? `domain ${k.value}` : k.kind)).join(',')})`,
      )
      .join('; ');
    result.exactExpected = expected;

    const plainRun = await fuzzyRun(client, intake, plain, fuzzy);
    result.fuzzyP50.push(quantile(plainRun.times, 0.5));
    result.fuzzyP95.push(quantile(plainRun.times, 0.95));
    result.fuzzyCandidates = plainRun.candidates / fuzzy.length;
  }
  // The same statement with pg_trgm's `%` threshold raised to the suggestion
  // threshold (the product leaves it at pg_trgm's default, 0.3): the index
  // then returns fewer rows to recheck. Same candidates expected. One run:
  // it is a comparison, not a target.
  await client.query(`SET pg_trgm.similarity_threshold = ${SUGGESTION_THRESHOLD}`);
  try {
    const tuned = await fuzzyRun(client, intake, plain, fuzzy);
    result.tunedP50.push(quantile(tuned.times, 0.5));
    result.tunedP95.push(quantile(tuned.times, 0.95));
    result.tunedCandidates = tuned.candidates / fuzzy.length;
  } finally {
    await client.query(`RESET pg_trgm.similarity_threshold`);
  }
  result.load1 = loadAverage();
  return result;
}

/** Runs the real suggestion statement for every probe, each in a rolled-back transaction. */
async function fuzzyRun(
  client: Client,
  intake: IntakeQueries,
  manager: EntityManager,
  probes: { index: number; keys: MatchingKey[] }[],
): Promise<{ times: number[]; candidates: number }> {
  const times: number[] = [];
  let candidates = 0;
  for (const p of probes) {
    await client.query('BEGIN');
    try {
      const t = performance.now();
      candidates += await intake.suggest(manager, referralUuid(p.index), randomUUID(), p.keys, []);
      times.push(since(t));
    } finally {
      await client.query('ROLLBACK');
    }
  }
  return { times, candidates };
}

/** The status the loader gave the case of merchant `index`. */
function statusOfMerchant(index: number): string {
  return caseStatus(caseIndexOf(index, keysOf(index)));
}

const label = (size: number) =>
  size >= 1_000_000 ? `${size / 1_000_000}M` : size >= 1000 ? `${size / 1000}k` : String(size);

export const run: Bench = async (options): Promise<BenchReport> => {
  const sizes = options.smoke ? [10_000] : [10_000, 100_000, 1_000_000];
  const db = await createThrowawayDatabase('matching');
  const client = new Client({ connectionString: db.url, application_name: 'crh-bench-matching' });
  const results: SizeResult[] = [];
  try {
    await client.connect();
    const owner = await seedReporter(client);
    let loaded = 0;
    for (const size of sizes) {
      const timing = await load(client, loaded, size, owner);
      loaded = size;
      results.push(await measure(client, size, timing, options));
    }
  } finally {
    await client.end().catch(() => undefined);
    await db.drop();
  }
  return report(results);
};

function report(results: SizeResult[]): BenchReport {
  const summary: string[] = [];
  const figures: Record<string, number | string> = {};
  const targets: TargetCheck[] = [];
  for (const r of results) {
    const l = label(r.size);
    const p99 = spread(r.exactP99);
    const p95 = spread(r.fuzzyP95);
    summary.push(
      `${l} merchants (${r.load.keys} keys added): load ${round(r.load.insertMs / 1000, 1)} s insert + ` +
        `${round(r.load.indexMs / 1000, 1)} s index build + ${round(r.load.analyzeMs / 1000, 1)} s vacuum analyze + checkpoint ` +
        `(${Math.round(r.load.rows / ((r.load.insertMs + r.load.indexMs) / 1000))} merchants/s)`,
      `  exact-key lookup: p50 ${formatSpread(spread(r.exactP50), 2, ' ms')}, p99 ${formatSpread(p99, 2, ' ms')}; ` +
        `open case found for ${r.exactFound}/${r.exactExpected} repeat reports`,
      `  fuzzy name candidates: p50 ${formatSpread(spread(r.fuzzyP50), 2, ' ms')}, p95 ${formatSpread(p95, 2, ' ms')}; ` +
        `${round(r.fuzzyCandidates, 2)} candidates per probe`,
      `  same, pg_trgm.similarity_threshold = ${SUGGESTION_THRESHOLD} (proposed): ` +
        `p50 ${formatSpread(spread(r.tunedP50), 2, ' ms')}, p95 ${formatSpread(spread(r.tunedP95), 2, ' ms')}; ` +
        `${round(r.tunedCandidates, 2)} candidates per probe`,
      `  exact-key query inside the server (EXPLAIN ANALYZE, same probes): p50 ${round(r.serverP50, 3)} ms, ` +
        `p99 ${round(r.serverP99, 3)} ms`,
      `  exact p99 without the ${r.suffixOnlyProbes} probes holding a suffix-only domain key ` +
        `(e.g. com.cy): ${formatSpread(spread(r.cleanP99), 2, ' ms')}`,
      `  slowest exact probes: ${r.slowest}`,
      `  EXPLAIN exact: ${r.exactPlan.summary}`,
      `  EXPLAIN fuzzy: ${r.fuzzyPlan.summary}`,
      `  load average ${r.load1}`,
    );
    figures[`exact_p50_ms_${l}`] = round(median(r.exactP50), 3);
    figures[`exact_p99_ms_${l}`] = round(p99.median, 3);
    figures[`exact_p99_ms_without_suffix_only_${l}`] = round(median(r.cleanP99), 3);
    figures[`exact_suffix_only_probes_${l}`] = r.suffixOnlyProbes;
    figures[`exact_server_p50_ms_${l}`] = round(r.serverP50, 3);
    figures[`exact_server_p99_ms_${l}`] = round(r.serverP99, 3);
    figures[`fuzzy_p50_ms_${l}`] = round(median(r.fuzzyP50), 3);
    figures[`fuzzy_p95_ms_${l}`] = round(p95.median, 3);
    figures[`fuzzy_candidates_per_probe_${l}`] = round(r.fuzzyCandidates, 2);
    figures[`fuzzy_tuned_p50_ms_${l}`] = round(median(r.tunedP50), 3);
    figures[`fuzzy_tuned_p95_ms_${l}`] = round(median(r.tunedP95), 3);
    figures[`fuzzy_tuned_candidates_per_probe_${l}`] = round(r.tunedCandidates, 2);
    figures[`load_insert_s_${l}`] = round(r.load.insertMs / 1000, 2);
    figures[`load_index_s_${l}`] = round(r.load.indexMs / 1000, 2);
    figures[`keys_added_${l}`] = r.load.keys;
    figures[`load_average_${l}`] = r.load1;
    targets.push(
      {
        name: `exact-key lookup p99 at ${l}`,
        target: `<= ${EXACT_TARGET_P99_MS} ms`,
        actual: `${round(p99.median, 2)} ms`,
        met: p99.median <= EXACT_TARGET_P99_MS,
      },
      {
        name: `fuzzy name candidates p95 at ${l}`,
        target: `<= ${FUZZY_TARGET_P95_MS} ms`,
        actual: `${round(p95.median, 2)} ms`,
        met: p95.median <= FUZZY_TARGET_P95_MS,
      },
      {
        name: `exact lookup plan uses ${LOOKUP_INDEX} at ${l}`,
        target: 'index used',
        actual: r.exactPlan.summary,
        met: r.exactPlan.indexes.includes(LOOKUP_INDEX),
      },
      {
        name: `fuzzy plan uses ${TRIGRAM_INDEX} at ${l}`,
        target: 'index used',
        actual: r.fuzzyPlan.summary,
        met: r.fuzzyPlan.indexes.includes(TRIGRAM_INDEX),
      },
      {
        name: `repeat reports find their open case at ${l}`,
        target: 'all',
        actual: `${r.exactFound}/${r.exactExpected}`,
        met: r.exactFound === r.exactExpected,
      },
    );
  }
  if (results.length > 1) {
    const first = results[0];
    const last = results[results.length - 1];
    const growth = (a: number[], b: number[]) => median(b) / median(a);
    const rows = results.map(
      (r) =>
        `${label(r.size)}: exact p50 ${round(median(r.exactP50), 3)} / p99 ${round(median(r.exactP99), 3)} ms, ` +
        `fuzzy p50 ${round(median(r.fuzzyP50), 2)} / p95 ${round(median(r.fuzzyP95), 2)} ms`,
    );
    summary.push(`growth: ${rows.join('; ')}`);
    const exactGrowth = growth(first.exactP50, last.exactP50);
    const fuzzyGrowth = growth(first.fuzzyP50, last.fuzzyP50);
    figures.exact_p50_growth_10k_to_1M = round(exactGrowth, 2);
    figures.exact_p99_growth_10k_to_1M = round(growth(first.exactP99, last.exactP99), 2);
    figures.fuzzy_p50_growth_10k_to_1M = round(fuzzyGrowth, 2);
    figures.fuzzy_p95_growth_10k_to_1M = round(growth(first.fuzzyP95, last.fuzzyP95), 2);
    targets.push(
      {
        name: `exact lookup growth ${label(first.size)} -> ${label(last.size)} (median p50)`,
        target: `near-flat (<= ${FLAT_GROWTH_LIMIT}x for 100x data)`,
        actual: `${round(exactGrowth, 2)}x`,
        met: exactGrowth <= FLAT_GROWTH_LIMIT,
      },
      {
        name: `fuzzy candidates growth ${label(first.size)} -> ${label(last.size)} (median p50)`,
        target: `near-flat (<= ${FLAT_GROWTH_LIMIT}x for 100x data)`,
        actual: `${round(fuzzyGrowth, 2)}x`,
        met: fuzzyGrowth <= FLAT_GROWTH_LIMIT,
      },
    );
  }
  return { name: 'matching', summary, figures, targets };
}

if (require.main === module) {
  const smoke = process.argv.includes('--smoke');
  run({ smoke, runs: smoke ? 1 : 3 })
    .then((r) => {
      console.log(r.summary.join('\n'));
      for (const t of r.targets) {
        console.log(`${t.met ? 'MET   ' : 'MISSED'} ${t.name}: ${t.actual} (target ${t.target})`);
      }
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
