import { Injectable } from '@nestjs/common';
import { readRows } from '../unit-of-work/read-rows';
import type { Tx } from '../unit-of-work/tx';

/**
 * The operational figures the metrics endpoint exposes: counts only, no
 * identifier of a person or a record. Each group is one statement that an
 * index (partial where the rows of interest are few) serves, never a scan of
 * a table that grows with the coalition's history: the outbox's pending rows,
 * open alerts, the last 24 hours of delivery attempts, unsent mail.
 */

export interface OutboxFigures {
  unpublished: number;
  /** Seconds since the oldest unpublished row became due; 0 when none is due. */
  oldestDueAgeSeconds: number;
}

export interface AlertFigures {
  kind: string;
  open: number;
  raisedLast24h: number;
}

export interface ResultCount {
  result: string;
  count: number;
}

export interface OperationsFigures {
  outbox: OutboxFigures;
  alerts: AlertFigures[];
  /** `delivered`, `failed` (attempts), `given_up` (dispatches failed for good), last 24 hours. */
  webhookDeliveries: ResultCount[];
  /** `delivered` in the last 24 hours. */
  mailDelivered: number;
  /** Unsent mail: `pending` (not tried yet), `retrying`, `given_up`. */
  mailUnsent: ResultCount[];
}

const count = (rows: { count: number | string }[]): number => Number(rows[0]?.count ?? 0);

@Injectable()
export class OperationsFiguresRepository {
  async read(tx: Tx, mailMaxAttempts: number): Promise<OperationsFigures> {
    const [outbox] = await readRows<{ unpublished: number; oldest: number | string | null }>(
      tx,
      `SELECT count(*)::int AS unpublished,
              extract(epoch FROM now() - min(available_at) FILTER (WHERE available_at <= now())) AS oldest
         FROM outbox WHERE published_at IS NULL`,
      [],
    );
    const alerts = await readRows<{ kind: string; open: number; raised: number }>(
      tx,
      `SELECT kind, sum(open)::int AS open, sum(raised)::int AS raised FROM (
         SELECT kind, 1 AS open, 0 AS raised FROM alerts WHERE acknowledged_at IS NULL
         UNION ALL
         SELECT kind, 0, 1 FROM alerts WHERE created_at > now() - interval '24 hours'
       ) a GROUP BY kind ORDER BY kind`,
      [],
    );
    const webhook = await readRows<ResultCount>(
      tx,
      `SELECT outcome AS result, count(*)::int AS count FROM dispatch_delivery_attempts
        WHERE created_at > now() - interval '24 hours' GROUP BY outcome
       UNION ALL
       SELECT 'given_up', count(*)::int FROM dispatches
        WHERE status = 'failed' AND failed_at > now() - interval '24 hours'`,
      [],
    );
    const sent = await readRows<{ count: number }>(
      tx,
      `SELECT count(*)::int AS count FROM mail_deliveries
        WHERE sent_at > now() - interval '24 hours'`,
      [],
    );
    const unsent = await readRows<ResultCount>(
      tx,
      `SELECT CASE WHEN attempts >= $1 THEN 'given_up' WHEN attempts > 0 THEN 'retrying'
                   ELSE 'pending' END AS result, count(*)::int AS count
         FROM mail_deliveries WHERE sent_at IS NULL GROUP BY 1 ORDER BY 1`,
      [mailMaxAttempts],
    );
    return {
      outbox: {
        unpublished: Number(outbox?.unpublished ?? 0),
        oldestDueAgeSeconds: Math.max(0, Number(outbox?.oldest ?? 0)),
      },
      alerts: alerts.map((a) => ({
        kind: a.kind,
        open: Number(a.open),
        raisedLast24h: Number(a.raised),
      })),
      webhookDeliveries: webhook.map((r) => ({ result: r.result, count: Number(r.count) })),
      mailDelivered: count(sent),
      mailUnsent: unsent.map((r) => ({ result: r.result, count: Number(r.count) })),
    };
  }
}
