import type { CaseDetailView } from '../dto/case-responses.dto';
import { ISO_SET, type CaseReadContext } from './case-read-context';

/** The coordinators' notes on the case, oldest first. */
export async function readNotes(ctx: CaseReadContext): Promise<CaseDetailView['notes']> {
  const rows = await ctx.reads.notes(ctx.tx, ctx.scope, ctx.caseId);
  return rows.map((n) => ({
    id: n.id,
    body: n.body,
    author: { id: n.author_id, displayName: n.display_name },
    createdAt: ISO_SET(n.created_at),
  }));
}
