import type { AuthUser } from '@app/auth';
import { ConflictProblem, RecordNotFound } from '@app/common';
import {
  InboxViewsRepository,
  UnitOfWork,
  type InboxViewFilters,
  type InboxViewRow,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  INBOX_VIEWS_MAX,
  type CreateInboxViewDto,
  type InboxViewFiltersDto,
  type InboxViewListResponse,
  type InboxViewResponse,
  type UpdateInboxViewDto,
} from './dto/inbox-view.dto';

/** Only the filters the inbox knows, none of them empty. */
function stored(filters: InboxViewFiltersDto): InboxViewFilters {
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.assignee ? { assignee: filters.assignee } : {}),
    ...(filters.priority ? { priority: filters.priority } : {}),
    ...(filters.overdue ? { overdue: true } : {}),
  };
}

function response(v: InboxViewRow): InboxViewResponse {
  return {
    id: v.id,
    name: v.name,
    filters: {
      status: v.filters.status ?? null,
      assignee: v.filters.assignee ?? null,
      priority: v.filters.priority ?? null,
      overdue: v.filters.overdue === true,
    },
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

const taken = () =>
  new ConflictProblem('inbox_view_name_taken', 'You already have a saved view with this name.');

/**
 * A coordinator's saved inbox views, each the person's own: another person's
 * view answers 404 like any record out of reach. They hold filters, never
 * case material, so they are not audited.
 */
@Injectable()
export class InboxViewsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly views: InboxViewsRepository,
  ) {}

  async list(user: AuthUser): Promise<InboxViewListResponse> {
    const rows = await this.views.list(this.uow.autocommit, user.id);
    return { items: rows.map(response) };
  }

  async create(user: AuthUser, body: CreateInboxViewDto): Promise<InboxViewResponse> {
    return this.uow.run(async (tx) => {
      if ((await this.views.count(tx, user.id)) >= INBOX_VIEWS_MAX) {
        throw new ConflictProblem(
          'inbox_views_full',
          `You keep at most ${INBOX_VIEWS_MAX} saved views: delete one first.`,
        );
      }
      if (await this.views.nameTaken(tx, user.id, body.name)) throw taken();
      const row = await this.views.create(tx, user.id, {
        id: randomUUID(),
        name: body.name,
        filters: stored(body.filters),
      });
      return response(row);
    });
  }

  async update(user: AuthUser, id: string, body: UpdateInboxViewDto): Promise<InboxViewResponse> {
    return this.uow.run(async (tx) => {
      if (body.name !== undefined && (await this.views.nameTaken(tx, user.id, body.name, id))) {
        throw taken();
      }
      const row = await this.views.update(tx, user.id, id, {
        name: body.name,
        filters: body.filters ? stored(body.filters) : undefined,
      });
      if (!row) throw new RecordNotFound('saved view');
      return response(row);
    });
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    const deleted = await this.uow.run((tx) => this.views.delete(tx, user.id, id));
    if (!deleted) throw new RecordNotFound('saved view');
  }
}
