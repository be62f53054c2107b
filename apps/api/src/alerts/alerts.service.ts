import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import {
  DEFAULT_PAGE_SIZE,
  RecordNotFound,
  ValidationProblem,
  decodeCursor,
  toPage,
  type Page,
  type RequestMeta,
} from '@app/common';
import { inTransaction } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import type { AlertResponse } from '../cases/dto/case-responses.dto';

interface AlertRow {
  id: string;
  kind: string;
  message: string;
  case_id: string;
  case_reference: string;
  dispatch_id: string | null;
  created_at: Date;
  created_key: string;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledger: string | null;
}

const SELECT = `
  SELECT a.id, a.kind, a.message, a.case_id, c.reference AS case_reference, a.dispatch_id,
         a.created_at, a.acknowledged_at, a.acknowledged_by, u.display_name AS acknowledger,
         to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key
    FROM alerts a JOIN cases c ON c.id = a.case_id LEFT JOIN users u ON u.id = a.acknowledged_by`;

function view(r: AlertRow): AlertResponse {
  return {
    id: r.id,
    kind: r.kind,
    message: r.message,
    caseId: r.case_id,
    caseReference: r.case_reference,
    dispatchId: r.dispatch_id,
    createdAt: r.created_at.toISOString(),
    acknowledgedAt: r.acknowledged_at ? r.acknowledged_at.toISOString() : null,
    acknowledgedBy: r.acknowledged_by
      ? { id: r.acknowledged_by, displayName: r.acknowledger ?? '' }
      : null,
  };
}

/**
 * What the worker tells coordinators (SLA breaches, failed deliveries, expired
 * holds), newest first. Acknowledging one records who saw it; the condition
 * behind it (an overdue case, a failed dispatch) is dealt with on the case.
 */
@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  async list(query: {
    open?: 'true' | 'false';
    caseId?: string;
    cursor?: string;
    limit?: number;
  }): Promise<Page<AlertResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (query.open !== 'false') where.push('a.acknowledged_at IS NULL');
    if (query.caseId) where.push(`a.case_id = ${param(query.caseId)}::uuid`);
    const after = decodeCursor(query.cursor);
    if (after) {
      if (!isUUID(after.id) || Number.isNaN(Date.parse(after.sortValue))) {
        throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
      }
      where.push(
        `(a.created_at, a.id) < (${param(after.sortValue)}::timestamptz, ${param(after.id)}::uuid)`,
      );
    }
    const rows: AlertRow[] = await this.dataSource.query(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.created_at DESC, a.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = toPage(rows, limit, (r) => ({ sortValue: r.created_key, id: r.id }));
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async acknowledge(user: AuthUser, id: string, meta: RequestMeta): Promise<AlertResponse> {
    return inTransaction(this.dataSource, async (m) => {
      const [updated] = await m.query<[unknown[], number]>(
        `UPDATE alerts SET acknowledged_at = now(), acknowledged_by = $2
          WHERE id = $1 AND acknowledged_at IS NULL RETURNING id`,
        [id, user.id],
      );
      const current = await this.one(m, id);
      if (updated.length > 0) {
        await this.audit.record(m, {
          actor: actorOf(user),
          origin: meta,
          action: 'alert.acknowledge',
          outcome: 'success',
          targetType: 'alert',
          targetId: id,
          details: { caseId: current.caseId, kind: current.kind },
        });
      }
      return current;
    });
  }

  private async one(m: EntityManager, id: string): Promise<AlertResponse> {
    const rows: AlertRow[] = await m.query(`${SELECT} WHERE a.id = $1`, [id]);
    if (!rows[0]) throw new RecordNotFound('alert');
    return view(rows[0]);
  }
}
