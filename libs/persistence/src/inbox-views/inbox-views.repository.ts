import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** The inbox's filter set as saved (the inbox's own address parameters). */
export interface InboxViewFilters {
  /** A case status, or `all`; absent: every open status. */
  status?: string;
  /** `me`, `none` or a user id; absent: anyone. */
  assignee?: string;
  priority?: string;
  overdue?: boolean;
}

export interface InboxViewRow {
  readonly id: string;
  readonly name: string;
  readonly filters: InboxViewFilters;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

interface Row {
  id: string;
  name: string;
  filters: InboxViewFilters;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, filters, created_at, updated_at';

function view(r: Row): InboxViewRow {
  return {
    id: r.id,
    name: r.name,
    filters: r.filters,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Saved inbox views. The owner is part of every lookup key: another person's
 * view is simply not there (ghostfolio's habit), so no separate access check
 * can be forgotten.
 */
@Injectable()
export class InboxViewsRepository {
  async list(tx: Tx, ownerId: string): Promise<InboxViewRow[]> {
    const rows: Row[] = await managerOf(tx).query(
      `SELECT ${COLUMNS} FROM saved_inbox_views WHERE owner_id = $1 ORDER BY lower(name), id`,
      [ownerId],
    );
    return rows.map(view);
  }

  async count(tx: Tx, ownerId: string): Promise<number> {
    const [row] = await managerOf(tx).query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM saved_inbox_views WHERE owner_id = $1`,
      [ownerId],
    );
    return row.n;
  }

  /** Whether the owner has another view of this name (case aside). */
  async nameTaken(tx: Tx, ownerId: string, name: string, exceptId?: string): Promise<boolean> {
    const rows: unknown[] = await managerOf(tx).query(
      `SELECT 1 FROM saved_inbox_views
        WHERE owner_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3::uuid`,
      [ownerId, name, exceptId ?? null],
    );
    return rows.length > 0;
  }

  async create(
    tx: Tx,
    ownerId: string,
    v: { id: string; name: string; filters: InboxViewFilters },
  ): Promise<InboxViewRow> {
    const [row] = await managerOf(tx).query<Row[]>(
      `INSERT INTO saved_inbox_views (id, owner_id, name, filters) VALUES ($1, $2, $3, $4)
       RETURNING ${COLUMNS}`,
      [v.id, ownerId, v.name, JSON.stringify(v.filters)],
    );
    return view(row);
  }

  /** The changed view, or null when the owner has no such view. */
  async update(
    tx: Tx,
    ownerId: string,
    id: string,
    changes: { name?: string; filters?: InboxViewFilters },
  ): Promise<InboxViewRow | null> {
    const [rows] = await managerOf(tx).query<[Row[], number]>(
      `UPDATE saved_inbox_views
          SET name = COALESCE($3, name), filters = COALESCE($4::jsonb, filters), updated_at = now()
        WHERE owner_id = $1 AND id = $2
        RETURNING ${COLUMNS}`,
      [ownerId, id, changes.name ?? null, changes.filters ? JSON.stringify(changes.filters) : null],
    );
    return rows.length > 0 ? view(rows[0]) : null;
  }

  /** False when the owner has no such view. */
  async delete(tx: Tx, ownerId: string, id: string): Promise<boolean> {
    const [, count] = await managerOf(tx).query<[unknown[], number]>(
      `DELETE FROM saved_inbox_views WHERE owner_id = $1 AND id = $2`,
      [ownerId, id],
    );
    return count > 0;
  }
}
