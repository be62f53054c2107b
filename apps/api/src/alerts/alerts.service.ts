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
import { AlertsRepository, UnitOfWork, type AlertRow } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { AlertResponse } from '../cases/dto/case-responses.dto';

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
    private readonly uow: UnitOfWork,
    private readonly alerts: AlertsRepository,
    private readonly audit: AuditWriter,
  ) {}

  async list(query: {
    open?: 'true' | 'false';
    caseId?: string;
    cursor?: string;
    limit?: number;
  }): Promise<Page<AlertResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    if (after && (!isUUID(after.id) || Number.isNaN(Date.parse(after.sortValue)))) {
      throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
    }
    const rows = await this.alerts.list(
      this.uow.autocommit,
      {
        openOnly: query.open !== 'false',
        caseId: query.caseId || undefined,
        before: after ? { createdKey: after.sortValue, id: after.id } : undefined,
      },
      limit + 1,
    );
    const page = toPage(rows, limit, (r) => ({ sortValue: r.created_key, id: r.id }));
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async acknowledge(user: AuthUser, id: string, meta: RequestMeta): Promise<AlertResponse> {
    return this.uow.run(async (tx) => {
      const acknowledged = await this.alerts.acknowledge(tx, id, user.id);
      const row = await this.alerts.one(tx, id);
      if (!row) throw new RecordNotFound('alert');
      const current = view(row);
      if (acknowledged) {
        await this.audit.record(tx, {
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
}
