import type { CaseDetailRow, CaseSummaryRow } from '@app/persistence';
import type { CaseDetailView, CaseSummaryView } from '../dto/case-responses.dto';
import { ISO, ISO_SET } from './case-read-dates';

/** The inbox line of a case. */
export function summaryView(r: CaseSummaryRow): CaseSummaryView {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    priority: r.priority,
    assignee: r.assignee_id ? { id: r.assignee_id, displayName: r.assignee_name ?? '' } : null,
    tlp: r.tlp,
    overdue: r.overdue,
    slaDueAt: ISO(r.sla_due_at),
    referralCount: r.referral_count,
    filingMembers: r.filing_members,
    merchantNames: r.merchant_names ?? [],
    createdAt: ISO_SET(r.created_at),
    updatedAt: ISO_SET(r.updated_at),
  };
}

type CaseHeader = CaseSummaryView &
  Pick<CaseDetailView, 'statusReason' | 'outcome' | 'mergedIntoId' | 'closedAt'>;

/** The head of the case: its inbox line, then where its status stands and why. */
export function headerView(c: CaseDetailRow): CaseHeader {
  return {
    ...summaryView(c),
    statusReason: c.status_reason,
    outcome: c.outcome,
    mergedIntoId: c.merged_into_id,
    closedAt: ISO(c.closed_at),
  };
}
