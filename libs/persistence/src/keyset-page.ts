import {
  DEFAULT_PAGE_SIZE,
  ValidationProblem,
  decodeCursor,
  toPage,
  type CursorPosition,
  type Page,
} from '@app/common';
import { isUUID } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

const CURSOR_COLUMN = 'keyset_created_at';
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/**
 * created_at as a cursor carries it: PostgreSQL's own microsecond text, in UTC
 * (see keysetPageByCreatedAt).
 */
export function createdAtCursorSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * The position a (created_at, id) cursor resumes after; undefined for the
 * first page. A decoded cursor reaches SQL casts (::timestamptz, ::uuid):
 * anything but a real UTC timestamp and a UUID is the client's error, not the
 * database's.
 */
export function createdAtCursor(cursor: string | undefined): CursorPosition | undefined {
  const after = decodeCursor(cursor);
  if (after === undefined) return undefined;
  const ms = Date.parse(after.sortValue);
  const valid =
    ISO_UTC.test(after.sortValue) &&
    !Number.isNaN(ms) &&
    new Date(ms).toISOString().slice(0, 19) === after.sortValue.slice(0, 19) &&
    isUUID(after.id);
  if (!valid) throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
  return after;
}

/**
 * One page of a query in (created_at, id) order, resuming after the cursor.
 * The cursor carries PostgreSQL's own microsecond text of created_at: a JS Date
 * keeps only milliseconds, and a cursor built from it would sit just before the
 * row it came from, repeating that row on the next page.
 */
export async function keysetPageByCreatedAt<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  page: { cursor?: string; limit?: number },
): Promise<Page<T>> {
  const alias = qb.alias;
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  const after = createdAtCursor(page.cursor);
  if (after) {
    qb.andWhere(`(${alias}.created_at, ${alias}.id) > (:keysetTs::timestamptz, :keysetId::uuid)`, {
      keysetTs: after.sortValue,
      keysetId: after.id,
    });
  }
  const { entities, raw } = await qb
    .addSelect(createdAtCursorSql(`${alias}.created_at`), CURSOR_COLUMN)
    .orderBy(`${alias}.created_at`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .limit(limit + 1)
    .getRawAndEntities<Record<string, unknown>>();
  const createdAt = new Map(raw.map((r) => [String(r[`${alias}_id`]), String(r[CURSOR_COLUMN])]));
  return toPage(entities, limit, (row) => ({ sortValue: createdAt.get(row.id) ?? '', id: row.id }));
}
