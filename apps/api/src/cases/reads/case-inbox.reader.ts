import { decodeCursor, toPage, ValidationProblem, type Page } from '@app/common';
import { PRIORITIES, type RecordScope } from '@app/domain';
import type { CaseInboxQuery, CaseReadsRepository, Tx } from '@app/persistence';
import { isUUID } from 'class-validator';
import type { CaseSummaryView } from '../dto/case-responses.dto';
import { summaryView } from './case-summary.reader';

/** Filters of the coordinators' inbox, already validated. */
export interface InboxFilter {
  statuses?: string[];
  /** A user id, or null for unassigned cases. */
  assigneeId?: string | null;
  priority?: string;
  overdue?: boolean;
  cursor?: string;
  limit?: number;
}

/** The keyset position a cursor of this API carries; anything else is a 400 on `cursor`. */
export function decodeInboxCursor(cursor: string | undefined): CaseInboxQuery['after'] {
  const position = decodeCursor(cursor);
  if (!position) return undefined;
  const [priority, createdAt] = position.sortValue.split('|');
  const valid =
    (PRIORITIES as readonly string[]).includes(priority) &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(createdAt ?? '') &&
    !Number.isNaN(Date.parse(createdAt)) &&
    isUUID(position.id);
  if (!valid) throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
  return { priority, createdAt, id: position.id };
}

/** One page of the inbox: the most urgent first, then the oldest. */
export async function readInbox(
  reads: Pick<CaseReadsRepository, 'inbox'>,
  tx: Tx,
  scope: RecordScope,
  filter: InboxFilter,
  limit: number,
): Promise<Page<CaseSummaryView>> {
  const rows = await reads.inbox(tx, scope, {
    statuses: filter.statuses,
    assigneeId: filter.assigneeId,
    priority: filter.priority,
    overdue: filter.overdue,
    after: decodeInboxCursor(filter.cursor),
    limit,
  });
  const page = toPage(rows, limit, (r) => ({
    sortValue: `${r.priority}|${r.created_key}`,
    id: r.id,
  }));
  return { items: page.items.map(summaryView), nextCursor: page.nextCursor };
}
