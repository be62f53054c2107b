import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import {
  DEFAULT_PAGE_SIZE,
  ValidationProblem,
  decodeCursor,
  toPage,
  type FieldProblem,
  type Page,
  type RequestMeta,
} from '@app/common';
import { DEFAULT_NOTIFICATION_MODE, NOTIFICATION_KINDS, isMandatoryKind } from '@app/domain';
import { NotificationsRepository, UnitOfWork, type NotificationRow } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type {
  MarkReadResponse,
  NotificationPreferenceDto,
  NotificationPreferencesResponse,
  NotificationResponse,
} from './dto/notification.dto';

function view(r: NotificationRow): NotificationResponse {
  return {
    id: r.id,
    kind: r.kind,
    reference: r.reference,
    path: r.path,
    tlp: r.tlp,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

/**
 * The signed-in person's notifications and mail choices. Every call reaches
 * the caller's own rows only. A notification holds a reference, a console
 * path and a marking, no case material: reading the list is not audited (the
 * page it links to audits its own read); changing one's choices is.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsRepository,
    private readonly audit: AuditWriter,
  ) {}

  async list(
    user: AuthUser,
    query: { unread?: 'true' | 'false'; cursor?: string; limit?: number },
  ): Promise<Page<NotificationResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    if (after && (!isUUID(after.id) || Number.isNaN(Date.parse(after.sortValue)))) {
      throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
    }
    const rows = await this.notifications.list(
      this.uow.autocommit,
      user.id,
      {
        unreadOnly: query.unread === 'true',
        before: after ? { createdKey: after.sortValue, id: after.id } : undefined,
      },
      limit + 1,
    );
    const page = toPage(rows, limit, (r) => ({ sortValue: r.created_key, id: r.id }));
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async unreadCount(user: AuthUser): Promise<{ unread: number }> {
    return { unread: await this.notifications.unreadCount(this.uow.autocommit, user.id) };
  }

  /** Mark the caller's notifications read: the ids given, or all of them. */
  markRead(user: AuthUser, ids: readonly string[] | null): Promise<MarkReadResponse> {
    return this.uow.run(async (tx) => {
      const marked = await this.notifications.markRead(
        tx,
        user.id,
        ids ? ids.map((id) => id.toLowerCase()) : null,
      );
      return { marked, unread: await this.notifications.unreadCount(tx, user.id) };
    });
  }

  async preferences(user: AuthUser): Promise<NotificationPreferencesResponse> {
    const chosen = await this.notifications.preferences(this.uow.autocommit, [user.id]);
    const modes = chosen.get(user.id);
    return {
      items: NOTIFICATION_KINDS.map((kind) => ({
        kind,
        mode: modes?.get(kind) ?? DEFAULT_NOTIFICATION_MODE,
        mandatory: isMandatoryKind(kind),
      })),
    };
  }

  /** Change the caller's choices; a mandatory kind set to `off` is refused (400), changing nothing. */
  async setPreferences(
    user: AuthUser,
    choices: readonly NotificationPreferenceDto[],
    meta: RequestMeta,
  ): Promise<NotificationPreferencesResponse> {
    const problems: FieldProblem[] = [];
    choices.forEach((choice, i) => {
      if (choice.mode === 'off' && isMandatoryKind(choice.kind)) {
        problems.push({
          field: `preferences[${i}].mode`,
          messages: [
            `${choice.kind} is mandatory and cannot be turned off (choose immediate or digest)`,
          ],
        });
      }
      if (choices.findIndex((c) => c.kind === choice.kind) !== i) {
        problems.push({ field: `preferences[${i}].kind`, messages: ['names a kind given before'] });
      }
    });
    if (problems.length > 0) throw new ValidationProblem(problems);
    await this.uow.run(async (tx) => {
      await this.notifications.setPreferences(tx, user.id, choices);
      await this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'notification.preferences',
        outcome: 'success',
        targetType: 'user',
        targetId: user.id,
        details: { preferences: choices.map((c) => ({ kind: c.kind, mode: c.mode })) },
      });
    });
    return this.preferences(user);
  }
}
