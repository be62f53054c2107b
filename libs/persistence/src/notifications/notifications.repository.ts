import type { NotificationKind, NotificationMode } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A notification to write: one per event and recipient. */
export interface NewNotification {
  eventId: string;
  userId: string;
  kind: NotificationKind;
  reference: string;
  path: string;
  tlp: string | null;
  mode: NotificationMode;
}

/** A notification as its recipient reads it. */
export interface NotificationRow {
  id: string;
  kind: string;
  reference: string;
  path: string;
  tlp: string | null;
  created_at: Date;
  read_at: Date | null;
  /** created_at as microsecond text: the listing's keyset. */
  created_key: string;
}

const CREATED_KEY = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Each person's notifications and their choices. Every read and write names
 * the person: a notification is reached by its recipient alone.
 */
@Injectable()
export class NotificationsRepository {
  /** Write the notification; null when this event already told this person. */
  async add(tx: Tx, n: NewNotification): Promise<string | null> {
    const rows = await managerOf(tx).query<{ id: string }[]>(
      `INSERT INTO notifications (id, event_id, user_id, kind, reference, path, tlp, mode)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (event_id, user_id) DO NOTHING
       RETURNING id`,
      [randomUUID(), n.eventId, n.userId, n.kind, n.reference, n.path, n.tlp, n.mode],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Record that the event was processed (in the transaction that writes its
   * notifications): the reconciler replays only events without this mark.
   */
  async markEventProcessed(tx: Tx, eventId: string): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO notification_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`,
      [eventId],
    );
  }

  /** The person's notifications, newest first, at most `take`. */
  list(
    tx: Tx,
    userId: string,
    filter: { unreadOnly: boolean; before?: { createdKey: string; id: string } },
    take: number,
  ): Promise<NotificationRow[]> {
    const params: unknown[] = [userId, take];
    const where = ['user_id = $1'];
    if (filter.unreadOnly) where.push('read_at IS NULL');
    if (filter.before) {
      params.push(filter.before.createdKey, filter.before.id);
      where.push(`(created_at, id) < ($3::timestamptz, $4::uuid)`);
    }
    return managerOf(tx).query(
      `SELECT id, kind, reference, path, tlp, created_at, read_at, ${CREATED_KEY} AS created_key
         FROM notifications WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
  }

  async unreadCount(tx: Tx, userId: string): Promise<number> {
    const [row] = await managerOf(tx).query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return row.count;
  }

  /** Mark the person's own notifications read (all when `ids` is null); how many changed. */
  async markRead(tx: Tx, userId: string, ids: readonly string[] | null): Promise<number> {
    const [, count] = await managerOf(tx).query<[unknown, number]>(
      `UPDATE notifications SET read_at = now()
        WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
      [userId, ids],
    );
    return count;
  }

  /** The person's chosen modes (kinds without a row keep the default). */
  async preferences(tx: Tx, userIds: readonly string[]): Promise<Map<string, Map<string, string>>> {
    const byUser = new Map<string, Map<string, string>>();
    if (userIds.length === 0) return byUser;
    const rows = await managerOf(tx).query<{ user_id: string; kind: string; mode: string }[]>(
      `SELECT user_id, kind, mode FROM notification_preferences WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    );
    for (const r of rows) {
      const modes = byUser.get(r.user_id) ?? new Map<string, string>();
      modes.set(r.kind, r.mode);
      byUser.set(r.user_id, modes);
    }
    return byUser;
  }

  async setPreferences(
    tx: Tx,
    userId: string,
    choices: readonly { kind: string; mode: string }[],
  ): Promise<void> {
    if (choices.length === 0) return;
    await managerOf(tx).query(
      `INSERT INTO notification_preferences (user_id, kind, mode)
       SELECT $1, c.kind, c.mode FROM unnest($2::text[], $3::text[]) AS c (kind, mode)
       ON CONFLICT (user_id, kind) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()`,
      [userId, choices.map((c) => c.kind), choices.map((c) => c.mode)],
    );
  }

  /** People with digest notifications no digest has taken yet. */
  async digestRecipients(tx: Tx, take: number): Promise<{ userId: string; email: string }[]> {
    const rows = await managerOf(tx).query<{ id: string; email: string }[]>(
      `SELECT u.id, u.email FROM users u
        WHERE u.status = 'active' AND EXISTS (
          SELECT 1 FROM notifications n
           WHERE n.user_id = u.id AND n.mode = 'digest' AND n.digested_at IS NULL)
        ORDER BY u.id LIMIT $1`,
      [take],
    );
    return rows.map((r) => ({ userId: r.id, email: r.email }));
  }

  /** Take the person's waiting digest notifications (locked, marked digested), oldest first. */
  async takeDigest(tx: Tx, userId: string): Promise<NotificationRow[]> {
    // For UPDATE ... RETURNING the driver answers [rows, affectedCount].
    const [rows] = await managerOf(tx).query<[NotificationRow[], number]>(
      `UPDATE notifications n SET digested_at = now()
         FROM (SELECT id FROM notifications
                WHERE user_id = $1 AND mode = 'digest' AND digested_at IS NULL
                ORDER BY created_at, id FOR UPDATE SKIP LOCKED) t
        WHERE n.id = t.id
        RETURNING n.id, n.kind, n.reference, n.path, n.tlp, n.created_at, n.read_at,
                  to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key`,
      [userId],
    );
    return [...rows].sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
  }
}
