import { verifyAuditTrail } from '@app/audit';
import { OPEN_CASE_STATUSES } from '@app/domain';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  checkChainShape,
  checkSla,
  checkWebhooks,
  type ChainReport,
  type SlaReport,
  type WebhookExpectations,
  type WebhookReport,
} from './checks';
import { sleep } from './infra';
import type { Stack } from './stack';

/** The queues whose jobs carry work (maintenance is housekeeping on a schedule). */
const WORK_QUEUES = ['intake', 'dispatch', 'sla'] as const;
const ALL_QUEUES = ['maintenance', ...WORK_QUEUES] as const;

export interface QueueState {
  queue: string;
  active: number;
  waiting: number;
  prioritized: number;
  delayed: number;
  failed: number;
  stalledSet: number;
}

export interface CheckReport {
  ok: boolean;
  problems: string[];
  referralsChecked: number;
  casesApprovedChecked: number;
  dispatches: number;
  outboxUnpublishedDue: number;
  outboxFutureRows: number;
  queues: QueueState[];
  audit: { valid: boolean; checked: number; pending: number; checkpointsValid: boolean };
  /** One chain: no gap, one start, no fork. */
  chain?: ChainReport;
  /** Receiver against hub, when a drill delivers by webhook. */
  webhooks?: WebhookReport;
  /** One alert per breach, when a drill breaches SLA clocks. */
  sla?: SlaReport;
}

export interface Expectations {
  /** Referrals whose submit answered 2xx. */
  submitted: string[];
  /** Cases whose approval answered 2xx. */
  approved: string[];
  /** Look for stuck referrals only among those created from then on (an earlier drill's are its own). */
  since?: Date;
  /** Webhook dispatches to check against what the agencies' receiver accepted. */
  webhooks?: WebhookExpectations;
  /** Check SLA breaches against their alerts and audit events; hold out for at least `minBreaches`. */
  sla?: { minBreaches: number };
}

const listed = (ids: string[], max = 10): string =>
  ids.slice(0, max).join(', ') + (ids.length > max ? ` … (+${ids.length - max})` : '');

export async function queueStates(stack: Stack): Promise<QueueState[]> {
  const states: QueueState[] = [];
  const redis = new Redis({ host: '127.0.0.1', port: stack.redis.port, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    for (const name of ALL_QUEUES) {
      const queue = new Queue(name, {
        connection: { host: '127.0.0.1', port: stack.redis.port, maxRetriesPerRequest: 1 },
        prefix: stack.prefix,
      });
      queue.on('error', () => undefined);
      try {
        const counts = await queue.getJobCounts(
          'active',
          'waiting',
          'prioritized',
          'delayed',
          'failed',
        );
        const stalledSet = await redis.scard(`${stack.prefix}:${name}:stalled`);
        states.push({
          queue: name,
          active: counts.active ?? 0,
          waiting: counts.waiting ?? 0,
          prioritized: counts.prioritized ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          stalledSet,
        });
      } finally {
        await queue.close().catch(() => undefined);
      }
    }
  } finally {
    redis.disconnect();
  }
  return states;
}

/** One reading of PostgreSQL and Redis against what the clients were told. */
export async function check(stack: Stack, expected: Expectations): Promise<CheckReport> {
  const problems: string[] = [];

  // 1. Every referral whose submit got a 2xx was taken in, onto a case that exists.
  const refs = await stack.query<{ id: string; status: string; case_id: string | null }>(
    `SELECT r.id, r.status, r.case_id FROM referrals r WHERE r.id = ANY($1::uuid[])`,
    [expected.submitted],
  );
  const byId = new Map(refs.map((r) => [r.id, r]));
  const missing = expected.submitted.filter((id) => !byId.has(id));
  if (missing.length) problems.push(`referrals acknowledged but missing: ${listed(missing)}`);
  const notTaken = refs.filter((r) => r.status === 'submitted' || r.status === 'draft');
  if (notTaken.length) {
    problems.push(
      `referrals submitted (2xx) but not taken in (still ${notTaken[0].status}): ${listed(notTaken.map((r) => r.id))}`,
    );
  }
  const noCase = refs.filter((r) => r.status !== 'submitted' && r.status !== 'draft' && !r.case_id);
  if (noCase.length)
    problems.push(`referrals taken in without a case: ${listed(noCase.map((r) => r.id))}`);

  // Any referral at all left in `submitted` (submits that timed out included) is stuck work.
  const stuck = await stack.query<{ id: string }>(
    `SELECT id FROM referrals WHERE status = 'submitted' AND created_at >= $1`,
    [expected.since ?? new Date(0)],
  );
  const stuckOther = stuck.map((r) => r.id).filter((id) => !expected.submitted.includes(id));
  if (stuckOther.length) {
    problems.push(`referrals left in submitted (submit not acknowledged): ${listed(stuckOther)}`);
  }

  // Exactly one case: the referral's keys all point at its case, and no case is an orphan.
  const split = await stack.query<{ referral_id: string; cases: number }>(
    `SELECT k.referral_id, count(DISTINCT k.case_id)::int AS cases
       FROM referral_match_keys k JOIN referrals r ON r.id = k.referral_id
      GROUP BY k.referral_id HAVING count(DISTINCT k.case_id) > 1
          OR bool_or(k.case_id IS DISTINCT FROM r.case_id AND r.status <> 'rejected')`,
  );
  if (split.length) {
    problems.push(
      `referrals matched to more than one case: ${listed(split.map((s) => s.referral_id))}`,
    );
  }
  const orphans = await stack.query<{ id: string }>(
    `SELECT c.id FROM cases c
      WHERE c.merged_into_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id)`,
  );
  if (orphans.length) {
    problems.push(
      `cases with no referral (a duplicate intake): ${listed(orphans.map((o) => o.id))}`,
    );
  }
  // Two open cases sharing an exact key were opened by racing intakes.
  const twins = await stack.query<{ kind: string; value: string; cases: number }>(
    `SELECT k.kind, k.value, count(DISTINCT k.case_id)::int AS cases
       FROM referral_match_keys k JOIN cases c ON c.id = k.case_id
      WHERE c.status = ANY($1::text[])
      GROUP BY k.kind, k.value HAVING count(DISTINCT k.case_id) > 1`,
    [[...OPEN_CASE_STATUSES]],
  );
  if (twins.length) {
    problems.push(
      `open cases sharing an exact key (intake opened a second case): ${twins
        .slice(0, 5)
        .map((t) => `${t.kind}=${t.value} ×${t.cases}`)
        .join(', ')}`,
    );
  }

  // 2. Every approved case: exactly one dispatch per planned agency, none left pending.
  const cases = await stack.query<{
    id: string;
    status: string;
    routing_round: number;
    planned: string[] | null;
  }>(
    `SELECT c.id, c.status, c.routing_round,
            (SELECT array_agg(a->>'agencyId') FROM jsonb_array_elements(c.routing_plan->'agencies') a) AS planned
       FROM cases c WHERE c.id = ANY($1::uuid[])`,
    [expected.approved],
  );
  const dispatchRows = await stack.query<{
    id: string;
    case_id: string;
    agency_id: string;
    routing_round: number;
    status: string;
  }>(
    `SELECT id, case_id, agency_id, routing_round, status FROM dispatches WHERE case_id = ANY($1::uuid[])`,
    [expected.approved],
  );
  for (const c of cases) {
    if (!['approved', 'routed', 'closed'].includes(c.status)) {
      problems.push(`approved case ${c.id} is ${c.status}`);
    }
    const planned = new Set(c.planned ?? []);
    const mine = dispatchRows.filter((d) => d.case_id === c.id);
    const perAgency = new Map<string, number>();
    for (const d of mine) perAgency.set(d.agency_id, (perAgency.get(d.agency_id) ?? 0) + 1);
    for (const agency of planned) {
      const n = perAgency.get(agency) ?? 0;
      if (n !== 1) problems.push(`case ${c.id}: ${n} dispatches to planned agency ${agency}`);
    }
    for (const agency of perAgency.keys()) {
      if (!planned.has(agency))
        problems.push(`case ${c.id}: dispatch to unplanned agency ${agency}`);
    }
    const pending = mine.filter((d) => d.status === 'pending');
    if (pending.length) {
      problems.push(`case ${c.id}: dispatches still pending: ${listed(pending.map((d) => d.id))}`);
    }
  }
  const missingCases = expected.approved.filter((id) => !cases.some((c) => c.id === id));
  if (missingCases.length) problems.push(`approved cases missing: ${listed(missingCases)}`);

  // 3. The outbox: nothing due is left unpublished.
  const [outbox] = await stack.query<{ due: number; future: number }>(
    `SELECT count(*) FILTER (WHERE available_at <= now())::int AS due,
            count(*) FILTER (WHERE available_at > now())::int AS future
       FROM outbox WHERE published_at IS NULL`,
  );
  if (outbox.due > 0) problems.push(`outbox rows due but unpublished: ${outbox.due}`);

  // 4. No job stuck in Redis.
  const queues = await queueStates(stack);
  for (const q of queues) {
    if (q.active > 0) problems.push(`queue ${q.queue}: ${q.active} active jobs`);
    if (q.waiting + q.prioritized > 0) {
      problems.push(`queue ${q.queue}: ${q.waiting + q.prioritized} waiting jobs`);
    }
    if (q.stalledSet > 0) problems.push(`queue ${q.queue}: ${q.stalledSet} stalled jobs`);
    if ((WORK_QUEUES as readonly string[]).includes(q.queue) && q.failed > 0) {
      problems.push(`queue ${q.queue}: ${q.failed} failed jobs`);
    }
  }

  // 5. The audit chain verifies, and the sealer has chained everything.
  const report = await verifyAuditTrail((sql, params) => stack.query(sql, params ?? []));
  if (!report.valid) problems.push(`audit chain broken at seq ${report.firstBrokenSeq}`);
  if (!report.checkpoints.valid) problems.push('an audit checkpoint does not verify');
  if (report.pending > 0) problems.push(`audit events not chained yet: ${report.pending}`);
  const chain = await checkChainShape(stack, problems);

  // 6. Webhooks as the receiver saw them, and one alert per SLA breach (when asked).
  const webhooks = expected.webhooks
    ? await checkWebhooks(stack, expected.approved, expected.webhooks, problems)
    : undefined;
  const sla = expected.sla ? await checkSla(stack, expected.sla.minBreaches, problems) : undefined;

  return {
    ok: problems.length === 0,
    problems,
    referralsChecked: refs.length,
    casesApprovedChecked: cases.length,
    dispatches: dispatchRows.length,
    outboxUnpublishedDue: outbox.due,
    outboxFutureRows: outbox.future,
    queues,
    audit: {
      valid: report.valid,
      checked: report.checked,
      pending: report.pending,
      checkpointsValid: report.checkpoints.valid,
    },
    chain,
    webhooks,
    sla,
  };
}

/** Check until everything holds or the deadline passes; the last reading is returned. */
export async function checkUntil(
  stack: Stack,
  expected: Expectations,
  deadline: number,
): Promise<{ report: CheckReport; convergedAt?: number }> {
  for (;;) {
    let report: CheckReport;
    try {
      report = await check(stack, expected);
    } catch (error) {
      report = {
        ok: false,
        problems: [
          `checker could not read: ${error instanceof Error ? error.message : String(error)}`,
        ],
        referralsChecked: 0,
        casesApprovedChecked: 0,
        dispatches: 0,
        outboxUnpublishedDue: -1,
        outboxFutureRows: -1,
        queues: [],
        audit: { valid: false, checked: 0, pending: -1, checkpointsValid: false },
      };
    }
    if (report.ok) return { report, convergedAt: Date.now() };
    if (Date.now() >= deadline) return { report };
    await sleep(1000);
  }
}
