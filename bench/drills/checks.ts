import { GENESIS_HASH } from '@app/audit';
import type { ReceivedRequest } from './receiver';
import type { Stack } from './stack';

/**
 * The checker's readings of webhook delivery, SLA alerts and the audit chain's
 * shape (checker.ts calls them). Each returns its figures and adds what it
 * objects to to `problems`.
 */

const listed = (ids: string[], max = 10): string =>
  ids.slice(0, max).join(', ') + (ids.length > max ? ` … (+${ids.length - max})` : '');

export interface WebhookExpectations {
  /** Every request the agencies' receiver got, with what it answered. */
  requests: ReceivedRequest[];
  /** Agencies whose channel is a webhook to that receiver. */
  agencies: string[];
  /** When a worker was killed -9 (ms since the epoch). */
  kills: number[];
}

export interface WebhookReport {
  dispatches: number;
  requests: number;
  acceptedRequests: number;
  refusedRequests: number;
  /** Dispatches the receiver accepted more than once, each after a worker died mid-delivery. */
  redeliveriesAfterKill: number;
}

/**
 * Webhook delivery, receiver against hub. An attempt is identified by its
 * dispatch and its `sentAt` (every attempt is signed anew). For every webhook
 * dispatch of an approved case:
 * - the hub holds it delivered (or later) with exactly one `delivered` attempt
 *   row and exactly one `dispatch.deliver` audit event;
 * - the receiver accepted (2xx) at least one attempt of it, and no attempt id
 *   twice (no request was replayed);
 * - the receiver accepted it more than once only if a worker was killed
 *   between the first acceptance and the hub's recording of the delivery (the
 *   killed worker sent it and died before writing it down: the at-least-once
 *   case the idempotency key absorbs); any other second acceptance is a
 *   duplicate delivery;
 * - the hub recorded no more failed attempts than the receiver refused;
 * and the receiver got no request with a bad signature or for a dispatch the
 * hub does not hold.
 */
export async function checkWebhooks(
  stack: Stack,
  approved: string[],
  w: WebhookExpectations,
  problems: string[],
): Promise<WebhookReport> {
  const rows = await stack.query<{
    id: string;
    status: string;
    delivered_at: Date | null;
    delivered_rows: number;
    failed_rows: number;
    deliver_events: number;
  }>(
    `SELECT d.id, d.status, d.delivered_at,
            (SELECT count(*) FROM dispatch_delivery_attempts a
              WHERE a.dispatch_id = d.id AND a.outcome = 'delivered')::int AS delivered_rows,
            (SELECT count(*) FROM dispatch_delivery_attempts a
              WHERE a.dispatch_id = d.id AND a.outcome = 'failed')::int AS failed_rows,
            (SELECT count(*) FROM audit_events e
              WHERE e.action = 'dispatch.deliver' AND e.target_type = 'dispatch'
                AND e.target_id = d.id::text)::int AS deliver_events
       FROM dispatches d
      WHERE d.case_id = ANY($1::uuid[]) AND d.agency_id = ANY($2::uuid[])`,
    [approved, w.agencies],
  );
  const byDispatch = new Map<string, ReceivedRequest[]>();
  for (const r of w.requests) {
    const list = byDispatch.get(r.dispatchId) ?? [];
    list.push(r);
    byDispatch.set(r.dispatchId, list);
  }
  const notDelivered: string[] = [];
  const neverAccepted: string[] = [];
  const duplicates: string[] = [];
  let redeliveries = 0;
  for (const d of rows) {
    const got = byDispatch.get(d.id) ?? [];
    const accepted = got.filter((r) => r.accepted);
    if (!['delivered', 'acknowledged', 'accepted', 'declined'].includes(d.status)) {
      notDelivered.push(`${d.id} (${d.status})`);
      continue;
    }
    if (d.delivered_rows !== 1) {
      problems.push(`dispatch ${d.id}: ${d.delivered_rows} delivered attempt rows`);
    }
    if (d.deliver_events !== 1) {
      problems.push(`dispatch ${d.id}: ${d.deliver_events} dispatch.deliver audit events`);
    }
    const refused = got.filter((r) => !r.accepted).length;
    if (d.failed_rows > refused) {
      problems.push(
        `dispatch ${d.id}: ${d.failed_rows} failed attempts recorded, the receiver refused ${refused}`,
      );
    }
    if (accepted.length === 0) {
      neverAccepted.push(d.id);
      continue;
    }
    const ids = new Set(accepted.map((r) => r.attemptId));
    if (ids.size !== accepted.length) {
      problems.push(`dispatch ${d.id}: an attempt id accepted more than once (a replayed request)`);
    }
    if (accepted.length > 1) {
      const first = Math.min(...accepted.map((r) => r.receivedAt));
      const recorded = d.delivered_at ? new Date(d.delivered_at).getTime() : Date.now();
      const killedBetween = w.kills.some((k) => k >= first - 50 && k <= recorded + 50);
      if (killedBetween) redeliveries += 1;
      else duplicates.push(`${d.id} ×${accepted.length}`);
    }
  }
  if (notDelivered.length) {
    problems.push(`webhook dispatches not delivered: ${listed(notDelivered)}`);
  }
  if (neverAccepted.length) {
    problems.push(
      `dispatches delivered that the receiver never accepted: ${listed(neverAccepted)}`,
    );
  }
  if (duplicates.length) {
    problems.push(`dispatches accepted more than once with no worker death: ${listed(duplicates)}`);
  }
  const badSignatures = w.requests.filter((r) => !r.signatureValid).length;
  if (badSignatures) problems.push(`webhook requests with a bad signature: ${badSignatures}`);
  const known = await stack.query<{ id: string }>(
    `SELECT id FROM dispatches WHERE id = ANY($1::uuid[])`,
    [[...byDispatch.keys()].filter((id) => /^[0-9a-f-]{36}$/.test(id))],
  );
  const knownIds = new Set(known.map((k) => k.id));
  const strangers = [...byDispatch.keys()].filter((id) => !knownIds.has(id));
  if (strangers.length) {
    problems.push(`webhook requests for dispatches the hub does not hold: ${listed(strangers)}`);
  }
  return {
    dispatches: rows.length,
    requests: w.requests.length,
    acceptedRequests: w.requests.filter((r) => r.accepted).length,
    refusedRequests: w.requests.filter((r) => !r.accepted).length,
    redeliveriesAfterKill: redeliveries,
  };
}

export interface SlaReport {
  breaches: number;
  alerts: number;
  breachEvents: number;
}

/** How long past due a running clock may stay (its delayed job is about to run). */
const DUE_GRACE_SECONDS = 10;

/**
 * One SLA alert per breach: every breached clock (`breached`, or `met_late`
 * once the work was done) has exactly one `sla_breach` alert and exactly one
 * `sla.breach` audit event; no alert names a clock that was not breached; no
 * running clock is left more than a few seconds past due; and at least
 * `minBreaches` happened (a drill that breached nothing proved nothing).
 */
export async function checkSla(
  stack: Stack,
  minBreaches: number,
  problems: string[],
): Promise<SlaReport> {
  const clocks = await stack.query<{
    id: string;
    status: string;
    alerts: number;
    events: number;
  }>(
    `SELECT c.id, c.status,
            (SELECT count(*) FROM alerts a WHERE a.kind = 'sla_breach' AND a.clock_id = c.id)::int AS alerts,
            (SELECT count(*) FROM audit_events e
              WHERE e.action = 'sla.breach' AND e.details->>'clockId' = c.id::text)::int AS events
       FROM sla_clocks c
      WHERE c.status IN ('breached', 'met_late')
         OR EXISTS (SELECT 1 FROM alerts a WHERE a.kind = 'sla_breach' AND a.clock_id = c.id)`,
  );
  let breaches = 0;
  let alerts = 0;
  let events = 0;
  const wrongAlerts: string[] = [];
  const wrongEvents: string[] = [];
  const unbreached: string[] = [];
  for (const c of clocks) {
    alerts += c.alerts;
    events += c.events;
    if (c.status !== 'breached' && c.status !== 'met_late') {
      unbreached.push(`${c.id} (${c.status})`);
      continue;
    }
    breaches += 1;
    if (c.alerts !== 1) wrongAlerts.push(`${c.id} ×${c.alerts}`);
    if (c.events !== 1) wrongEvents.push(`${c.id} ×${c.events}`);
  }
  if (wrongAlerts.length)
    problems.push(`breaches without exactly one alert: ${listed(wrongAlerts)}`);
  if (wrongEvents.length) {
    problems.push(`breaches without exactly one sla.breach event: ${listed(wrongEvents)}`);
  }
  if (unbreached.length) problems.push(`SLA alerts for clocks not breached: ${listed(unbreached)}`);
  if (breaches < minBreaches) {
    problems.push(`${breaches} SLA clocks breached, fewer than the ${minBreaches} the drill needs`);
  }
  const overdue = await stack.query<{ id: string }>(
    `SELECT id FROM sla_clocks
      WHERE status = 'running' AND due_at < now() - make_interval(secs => $1)`,
    [DUE_GRACE_SECONDS],
  );
  if (overdue.length) {
    problems.push(
      `running SLA clocks more than ${DUE_GRACE_SECONDS} s past due: ${listed(overdue.map((o) => o.id))}`,
    );
  }
  return { breaches, alerts, breachEvents: events };
}

export interface ChainReport {
  events: number;
  chained: number;
  genesisLinks: number;
  forks: number;
}

/**
 * One audit chain: every event chained, positions 1…n with no gap, exactly one
 * event linked to the genesis hash, and no two events linked to the same
 * predecessor (a fork: two sealers appending to the same head). Whether each
 * link's hash is right is the verifier's part (checker.ts).
 */
export async function checkChainShape(stack: Stack, problems: string[]): Promise<ChainReport> {
  const [shape] = await stack.query<{
    events: number;
    chained: number;
    min_seq: number | null;
    max_seq: number | null;
    genesis: number;
  }>(
    `SELECT count(*)::int AS events, count(chain_seq)::int AS chained,
            min(chain_seq)::int AS min_seq, max(chain_seq)::int AS max_seq,
            count(*) FILTER (WHERE prev_hash = $1)::int AS genesis
       FROM audit_events`,
    [GENESIS_HASH],
  );
  const forks = await stack.query<{ prev_hash: string; n: number }>(
    `SELECT prev_hash, count(*)::int AS n FROM audit_events
      WHERE prev_hash IS NOT NULL GROUP BY prev_hash HAVING count(*) > 1`,
  );
  if (shape.chained > 0) {
    if (shape.min_seq !== 1 || shape.max_seq !== shape.chained) {
      problems.push(
        `audit chain positions ${shape.min_seq}…${shape.max_seq} for ${shape.chained} chained events (a gap)`,
      );
    }
    if (shape.genesis !== 1) problems.push(`${shape.genesis} audit events start a chain`);
  }
  if (forks.length) {
    problems.push(
      `audit chain forks (events sharing a predecessor): ${forks
        .slice(0, 5)
        .map((f) => `${f.prev_hash.slice(0, 12)}… ×${f.n}`)
        .join(', ')}`,
    );
  }
  return {
    events: shape.events,
    chained: shape.chained,
    genesisLinks: shape.genesis,
    forks: forks.length,
  };
}
