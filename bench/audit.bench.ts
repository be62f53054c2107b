import {
  AuditWriter,
  publicKeyFingerprint,
  signCheckpoint,
  verifyAuditTrail,
  type AuditActor,
  type SigningKey,
} from '@app/audit';
import { AppConfig, type Environment } from '@app/common';
import {
  AuditChainRepository,
  ReferralEntity,
  UnitOfWork,
  dataSourceOptions,
  inTransaction,
  nextReference,
  type StoredMerchant,
} from '@app/persistence';
import { OutboxWriter, QueueName } from '@app/queues';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditSealer } from '../apps/worker/src/audit/audit-sealer';
import {
  createThrowawayDatabase,
  loadAverage,
  seedReporter,
  since,
} from './lib/synthetic-database';
import { formatSpread, median, quantile, round, sleep, spread } from './lib/stats';
import type { Bench, BenchOptions, BenchReport, TargetCheck } from './lib/types';
import { txOf } from '@app/persistence/unit-of-work/tx';

/**
 * Benchmark 6, audit.
 * (a) Verification rate: audit events are inserted server-side, chained by the
 *     worker's own AuditSealer (run in-process), then the product's verifier
 *     (`verifyAuditTrail`, what `npm run audit:verify` runs) recomputes the whole
 *     chain from the database, end to end.
 *     Then incremental verification: the head is signed, a full pass remembers
 *     that checkpoint, 1 % more events are written and sealed, and the default
 *     (incremental) verification recomputes only those: the same chain, the
 *     same run, so the two figures compare directly. The event count is
 *     1,000,000 (20,000 in smoke mode) unless BENCH_AUDIT_EVENTS says otherwise.
 * (b) Cost of auditing a filing: the same filing transaction (reference,
 *     referral insert, outbox row) with and without the AuditWriter's insert,
 *     at concurrency 8, phases interleaved in one run.
 */

const VERIFY_TARGET_PER_SECOND = 50_000;
const AUDIT_COST_LIMIT = 0.15;
const INSERT_BATCH = 100_000;
const CONCURRENCY = 8;

/** Inserts `count` realistic events (ids after `from`) with one statement per batch. */
async function insertEvents(client: Client, from: number, count: number): Promise<void> {
  for (let start = from; start < from + count; start += INSERT_BATCH) {
    const end = Math.min(from + count, start + INSERT_BATCH) - 1;
    await client.query(
      `INSERT INTO audit_events (occurred_at, actor_user_id, actor_organization_id, actor_role,
                                 action, target_type, target_id, outcome, request_id, ip,
                                 details, details_digest)
       SELECT timestamptz '2026-01-01 00:00:00+00' + g * interval '25.123 ms',
              CASE WHEN g % 10 = 0 THEN NULL
                   ELSE ('00000000-0000-4000-a000-' || lpad(to_hex(g % 500), 12, '0'))::uuid END,
              CASE WHEN g % 10 = 0 THEN NULL
                   ELSE ('00000000-0000-4000-b000-' || lpad(to_hex(g % 40), 12, '0'))::uuid END,
              CASE WHEN g % 10 = 0 THEN NULL
                   ELSE (ARRAY['member_reporter', 'coordinator', 'lead_coordinator',
                               'le_liaison', 'auditor'])[1 + g % 5] END,
              (ARRAY['referral.create', 'referral.submit', 'referral.read', 'case.read',
                     'case.open', 'referral.intake', 'dispatch.accept', 'auth.login'])[1 + (g * 7) % 8],
              CASE WHEN g % 3 = 0 THEN 'case' ELSE 'referral' END,
              md5(g::text)::uuid::text,
              CASE WHEN g % 50 = 0 THEN 'denied' ELSE 'success' END,
              CASE WHEN g % 10 = 0 THEN NULL ELSE md5('req' || g) END,
              CASE WHEN g % 10 = 0 THEN NULL
                   ELSE '10.' || (g % 256) || '.' || ((g / 256) % 256) || '.' || (g % 7) END,
              d.canonical::jsonb,
              encode(sha256(convert_to(d.canonical, 'UTF8')), 'hex')
         FROM generate_series($1::bigint, $2::bigint) AS g,
              LATERAL (SELECT '{"reference":"FCR-2026-' || lpad(g::text, 7, '0') || '"}'
                                AS canonical) AS d`,
      [start, end],
    );
  }
}

interface VerificationResult {
  events: number;
  insertMs: number;
  sealMs: number;
  verifyMs: number[];
  /** Events written after the remembered checkpoint, which an incremental pass recomputes. */
  tailEvents: number;
  incrementalMs: number[];
  valid: boolean;
  load1: string;
}

/** Sign the chain's head as the worker's checkpointer does (a throwaway key). */
async function signHead(client: Client): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const key: SigningKey = {
    privateKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    fingerprint: publicKeyFingerprint(publicKey),
  };
  const { rows } = await client.query<{ seq: string; hash: string }>(
    `SELECT chain_seq::text AS seq, hash FROM audit_events
      WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`,
  );
  const signedAt = new Date().toISOString();
  const head = { seq: Number(rows[0].seq), hash: rows[0].hash, signedAt };
  await client.query(
    `INSERT INTO audit_checkpoints (chain_seq, hash, signed_at, algorithm, signature,
                                    public_key_pem, public_key_fingerprint)
     VALUES ($1, $2, $3, 'Ed25519', $4, $5, $6)`,
    [head.seq, head.hash, signedAt, signCheckpoint(head, key), key.publicKeyPem, key.fingerprint],
  );
}

async function sealAll(sealer: AuditSealer, events: number): Promise<void> {
  let sealed = 0;
  while (sealed < events) {
    const n = await sealer.sealPending();
    if (n === 0) throw new Error(`sealing stopped at ${sealed} of ${events} events`);
    sealed += n;
  }
}

async function verification(
  url: string,
  client: Client,
  sealer: AuditSealer,
  options: BenchOptions,
): Promise<VerificationResult> {
  const events = options.smoke ? 20_000 : Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
  const tailEvents = Math.max(1000, Math.round(events / 100));
  // The month the synthetic events fall in gets its partition, as the worker
  // would have made it ahead of time (otherwise they would all sit in the default one).
  await client.query(`SELECT create_month_partitions('audit_events', '2026-01-01', 1)`);
  const insertStart = performance.now();
  await insertEvents(client, 1, events);
  await client.query('ANALYZE audit_events');
  const insertMs = since(insertStart);

  const sealStart = performance.now();
  await sealAll(sealer, events);
  const sealMs = since(sealStart);
  await client.query('VACUUM ANALYZE audit_events');
  await signHead(client);

  // The verifier on its own connection, as `npm run audit:verify` runs it.
  const verifyMs: number[] = [];
  let valid = true;
  for (let run = 0; run < Math.max(1, options.runs); run++) {
    const reader = new Client({ connectionString: url, application_name: 'crh-bench-verify' });
    await reader.connect();
    try {
      const t = performance.now();
      const report = await verifyAuditTrail(
        async (sql, params) => (await reader.query(sql, params)).rows as Record<string, unknown>[],
        { mode: 'full', remember: true },
      );
      verifyMs.push(since(t));
      valid = valid && report.valid && report.checked === events && report.pending === 0;
    } finally {
      await reader.end();
    }
  }

  // What the default verification recomputes once the chain has grown past the checkpoint.
  await insertEvents(client, events + 1, tailEvents);
  await sealAll(sealer, tailEvents);
  await client.query('ANALYZE audit_events');
  const incrementalMs: number[] = [];
  for (let run = 0; run < Math.max(1, options.runs); run++) {
    const reader = new Client({ connectionString: url, application_name: 'crh-bench-verify' });
    await reader.connect();
    try {
      const t = performance.now();
      const report = await verifyAuditTrail(
        async (sql, params) => (await reader.query(sql, params)).rows as Record<string, unknown>[],
        { mode: 'incremental', remember: true },
      );
      incrementalMs.push(since(t));
      valid =
        valid &&
        report.valid &&
        report.start.kind === 'checkpoint' &&
        report.start.seq === events &&
        report.checked === tailEvents;
    } finally {
      await reader.end();
    }
  }
  return {
    events,
    insertMs,
    sealMs,
    verifyMs,
    tailEvents,
    incrementalMs,
    valid,
    load1: loadAverage(),
  };
}

type Mode = 'off' | 'on' | 'on+sealing';

interface PhaseResult {
  mode: Mode;
  filings: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

const merchantFor = (n: number): StoredMerchant => ({
  legalName: `Bench Digital Goods ${n} Ltd`,
  tradingNames: [`bench${n} store`],
  descriptors: ['DIGITAL GOODS LTD'],
  country: 'GB',
  mcc: '5816',
  acquirer: { name: 'Example Acquiring', country: 'GB', bin: '411111' },
  merchantIds: [{ acquirerId: '41234', mid: `MID${n}` }],
  websites: [`https://www.bench-${n}.example/store`],
  emails: [`billing@bench-${n}.example`],
  phones: ['020 7946 0958'],
});

/**
 * One filing as the API commits it: a gap-free reference, the submitted
 * referral, the intake outbox row, and (audit on) the audit event.
 */
async function fileOne(
  ds: DataSource,
  owner: { organizationId: string; userId: string },
  outbox: OutboxWriter,
  audit: AuditWriter | null,
  n: number,
): Promise<void> {
  const actor: AuditActor = {
    userId: owner.userId,
    organizationId: owner.organizationId,
    role: 'member_reporter',
  };
  await inTransaction(ds, async (m) => {
    const id = randomUUID();
    const reference = await nextReference(m, 'FCR');
    await m.insert(ReferralEntity, {
      id,
      reference,
      organizationId: owner.organizationId,
      createdBy: owner.userId,
      status: 'submitted',
      category: 'commercial_csam_sale',
      indicators: ['descriptor_mismatch'],
      priority: 'P2',
      escalationReason: null,
      tlp: 'AMBER+STRICT',
      observedFrom: '2026-10-01',
      observedTo: '2026-10-20',
      totalAmount: '1520.50',
      totalCurrency: 'GBP',
      narrative:
        'Card payments to a merchant whose descriptor does not match its stated business. ' +
        'Several cardholders reported being redirected from a file-sharing forum.',
      merchant: merchantFor(n),
      observables: [{ type: 'url', value: `https://bench-${n}.example/checkout` }],
      transactions: [
        {
          date: '2026-10-02',
          amount: '49.99',
          currency: 'GBP',
          rail: 'card',
          direction: 'outbound',
        },
      ],
      acknowledgeReportingDuty: true,
      caseId: null,
      submittedAt: new Date(),
      withdrawnAt: null,
    });
    await outbox.enqueue(txOf(m), QueueName.Intake, 'referral-submitted', {
      organizationId: owner.organizationId,
      referralId: id,
    });
    if (audit) {
      await audit.record(txOf(m), {
        actor,
        origin: { requestId: randomUUID(), ip: '203.0.113.7' },
        action: 'referral.submit',
        outcome: 'success',
        targetType: 'referral',
        targetId: id,
        details: { reference },
      });
    }
  });
}

let filingCounter = 0;

async function phase(
  ds: DataSource,
  owner: { organizationId: string; userId: string },
  mode: Mode,
  durationMs: number,
  sealer: AuditSealer,
): Promise<PhaseResult> {
  const outbox = new OutboxWriter();
  const audit = mode === 'off' ? null : new AuditWriter();
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + durationMs;
  let sealing = mode === 'on+sealing';
  // The worker seals every AUDIT_SEAL_INTERVAL_MS (200 ms by default).
  const sealLoop = (async () => {
    while (sealing) {
      await sealer.sealPending();
      await sleep(200);
    }
  })();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await fileOne(ds, owner, outbox, audit, (filingCounter += 1));
          latencies.push(since(t));
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsed = since(start);
  sealing = false;
  await sealLoop;
  // Leave no unsealed backlog for the next phase.
  await sealer.sealPending();
  return {
    mode,
    filings: latencies.length,
    perSecond: latencies.length / (elapsed / 1000),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    errors,
  };
}

interface FilingResult {
  runs: PhaseResult[][];
  load1: string;
  durationMs: number;
}

async function filingCost(
  url: string,
  owner: { organizationId: string; userId: string },
  sealer: AuditSealer,
  options: BenchOptions,
): Promise<FilingResult> {
  const durationMs = options.smoke ? 1000 : 8000;
  const ds = new DataSource(
    dataSourceOptions({ url, poolSize: CONCURRENCY, applicationName: 'crh-bench-filing' }),
  );
  await ds.initialize();
  try {
    await phase(ds, owner, 'on', options.smoke ? 300 : 2000, sealer); // warm-up
    const runs: PhaseResult[][] = [];
    const orders: Mode[][] = [
      ['off', 'on', 'on+sealing'],
      ['on+sealing', 'on', 'off'],
      ['on', 'off', 'on+sealing'],
    ];
    for (let run = 0; run < Math.max(1, options.runs); run++) {
      const results: PhaseResult[] = [];
      for (const mode of orders[run % orders.length]) {
        results.push(await phase(ds, owner, mode, durationMs, sealer));
      }
      runs.push(results);
    }
    return { runs, load1: loadAverage(), durationMs };
  } finally {
    await ds.destroy();
  }
}

export const run: Bench = async (options): Promise<BenchReport> => {
  const db = await createThrowawayDatabase('audit');
  const client = new Client({ connectionString: db.url, application_name: 'crh-bench-audit' });
  const sealerSource = new DataSource(
    dataSourceOptions({ url: db.url, poolSize: 1, applicationName: 'crh-bench-sealer' }),
  );
  try {
    await client.connect();
    await sealerSource.initialize();
    const sealer = new AuditSealer(
      new UnitOfWork(sealerSource),
      new AuditChainRepository(),
      new AppConfig({ AUDIT_SEAL_INTERVAL_MS: 200 } as unknown as Environment),
    );
    const owner = await seedReporter(client);
    const verified = await verification(db.url, client, sealer, options);
    const filing = await filingCost(db.url, owner, sealer, options);
    return report(verified, filing);
  } finally {
    await sealerSource.destroy().catch(() => undefined);
    await client.end().catch(() => undefined);
    await db.drop();
  }
};

function report(v: VerificationResult, f: FilingResult): BenchReport {
  const rates = spread(v.verifyMs.map((ms) => v.events / (ms / 1000)));
  const sealRate = v.events / (v.sealMs / 1000);
  const rateOf = (mode: Mode) => f.runs.map((r) => r.find((p) => p.mode === mode)!);
  const off = rateOf('off');
  const on = rateOf('on');
  const sealing = rateOf('on+sealing');
  const ratioOn = spread(on.map((p, i) => p.perSecond / off[i].perSecond));
  const ratioSealing = spread(sealing.map((p, i) => p.perSecond / off[i].perSecond));
  const errors = f.runs.flat().reduce((sum, p) => sum + p.errors, 0);
  const line = (label: string, phases: PhaseResult[]) =>
    `  ${label}: ${formatSpread(spread(phases.map((p) => p.perSecond)), 0, ' filings/s')}; ` +
    `p50 ${round(median(phases.map((p) => p.p50)), 2)} ms, p99 ${round(median(phases.map((p) => p.p99)), 2)} ms`;

  const summary = [
    `verification: ${v.events} events inserted in ${round(v.insertMs / 1000, 1)} s, sealed by AuditSealer in ` +
      `${round(v.sealMs / 1000, 1)} s (${Math.round(sealRate)} events/s)`,
    `  verifyAuditTrail: ${formatSpread(rates, 0, ' events/s')} ` +
      `(${formatSpread(spread(v.verifyMs.map((ms) => ms / 1000)), 2, ' s')} per pass); chain valid: ${String(v.valid)}`,
    `  incremental verifyAuditTrail after ${v.tailEvents} more events: ` +
      `${formatSpread(spread(v.incrementalMs), 0, ' ms')} per pass ` +
      `(a full pass: ${round(median(v.verifyMs), 0)} ms over ${v.events} events)`,
    `  load average ${v.load1}`,
    `filing transaction at concurrency ${CONCURRENCY}, ${f.durationMs / 1000} s per phase, ${f.runs.length} run(s), ` +
      `phases interleaved:`,
    line('audit off (no AuditWriter insert)', off),
    line('audit on (AuditWriter insert)', on),
    line('audit on + sealer running', sealing),
    `  throughput ratio on/off ${formatSpread(ratioOn, 3)}, on+sealing/off ${formatSpread(ratioSealing, 3)}; ` +
      `errors ${errors}`,
    `  load average ${f.load1}`,
  ];
  const costOn = 1 - ratioOn.median;
  const costSealing = 1 - ratioSealing.median;
  const figures: Record<string, number | string> = {
    audit_events: v.events,
    audit_insert_s: round(v.insertMs / 1000, 2),
    audit_seal_events_per_s: Math.round(sealRate),
    audit_verify_events_per_s: Math.round(rates.median),
    audit_verify_events_per_s_min: Math.round(rates.min),
    audit_verify_events_per_s_max: Math.round(rates.max),
    audit_verify_full_ms: round(median(v.verifyMs), 0),
    audit_verify_incremental_events: v.tailEvents,
    audit_verify_incremental_ms: round(median(v.incrementalMs), 0),
    audit_verify_incremental_ms_min: round(Math.min(...v.incrementalMs), 0),
    audit_verify_incremental_ms_max: round(Math.max(...v.incrementalMs), 0),
    audit_chain_valid: String(v.valid),
    filing_off_per_s: round(median(off.map((p) => p.perSecond)), 1),
    filing_on_per_s: round(median(on.map((p) => p.perSecond)), 1),
    filing_on_sealing_per_s: round(median(sealing.map((p) => p.perSecond)), 1),
    filing_ratio_on_off: round(ratioOn.median, 3),
    filing_ratio_on_sealing_off: round(ratioSealing.median, 3),
    filing_errors: errors,
    load_average_verify: v.load1,
    load_average_filing: f.load1,
  };
  const targets: TargetCheck[] = [
    {
      name: `audit verification rate over ${v.events} events`,
      target: `>= ${VERIFY_TARGET_PER_SECOND} events/s`,
      actual: `${Math.round(rates.median)} events/s`,
      met: rates.median >= VERIFY_TARGET_PER_SECOND && v.valid,
    },
    {
      name: 'filing throughput cost of the audit write',
      target: `<= ${AUDIT_COST_LIMIT * 100} %`,
      actual: `${round(costOn * 100, 1)} % (with the sealer running: ${round(costSealing * 100, 1)} %)`,
      met: costOn <= AUDIT_COST_LIMIT && errors === 0,
    },
  ];
  return { name: 'audit', summary, figures, targets };
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
