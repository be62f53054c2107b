import { Injectable } from '@nestjs/common';
import { raiseAlert, type NewAlert } from '../alerts';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** An alert as coordinators read it, with its case's reference and the acknowledger's name. */
export interface AlertRow {
  id: string;
  kind: string;
  message: string;
  case_id: string;
  case_reference: string;
  dispatch_id: string | null;
  created_at: Date;
  /** created_at as microsecond text: the listing's keyset. */
  created_key: string;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledger: string | null;
}

export interface AlertFilter {
  /** Only alerts nobody acknowledged yet. */
  openOnly: boolean;
  caseId?: string;
  /** Keyset: alerts before (created_at text, id). */
  before?: { createdKey: string; id: string };
}

const SELECT = `
  SELECT a.id, a.kind, a.message, a.case_id, c.reference AS case_reference, a.dispatch_id,
         a.created_at, a.acknowledged_at, a.acknowledged_by, u.display_name AS acknowledger,
         to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key
    FROM alerts a JOIN cases c ON c.id = a.case_id LEFT JOIN users u ON u.id = a.acknowledged_by`;

/**
 * What coordinators are told. An alert is about a case, which the coalition
 * holds, and alerts.read is granted with reach 'any': no RecordScope.
 */
@Injectable()
export class AlertsRepository {
  /** Raise an alert; one per dedupe key (raising it again adds nothing). */
  raise(tx: Tx, alert: NewAlert): Promise<void> {
    return raiseAlert(managerOf(tx), alert);
  }

  /** Newest first, at most `take`. */
  list(tx: Tx, filter: AlertFilter, take: number): Promise<AlertRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.openOnly) where.push('a.acknowledged_at IS NULL');
    if (filter.caseId) where.push(`a.case_id = ${param(filter.caseId)}::uuid`);
    if (filter.before) {
      where.push(
        `(a.created_at, a.id) < (${param(filter.before.createdKey)}::timestamptz, ${param(filter.before.id)}::uuid)`,
      );
    }
    return managerOf(tx).query(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.created_at DESC, a.id DESC LIMIT ${param(take)}`,
      params,
    );
  }

  /** Mark an open alert acknowledged by `userId`; false when it was not open (or is missing). */
  async acknowledge(tx: Tx, id: string, userId: string): Promise<boolean> {
    const [updated] = await managerOf(tx).query<[unknown[], number]>(
      `UPDATE alerts SET acknowledged_at = now(), acknowledged_by = $2
        WHERE id = $1 AND acknowledged_at IS NULL RETURNING id`,
      [id, userId],
    );
    return updated.length > 0;
  }

  async one(tx: Tx, id: string): Promise<AlertRow | null> {
    const rows: AlertRow[] = await managerOf(tx).query(`${SELECT} WHERE a.id = $1`, [id]);
    return rows[0] ?? null;
  }
}
