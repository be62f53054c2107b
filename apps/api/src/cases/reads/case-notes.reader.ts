import type { CaseNoteRow } from '@app/persistence';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { ISO_SET } from './case-read-dates';

/** The coordinators' notes on the case, oldest first. */
export function noteViews(rows: CaseNoteRow[]): CaseDetailView['notes'] {
  return rows.map((n) => ({
    id: n.id,
    body: n.body,
    author: { id: n.author_id, displayName: n.display_name },
    createdAt: ISO_SET(n.created_at),
  }));
}
