/** Rows the case read repositories answer with, as PostgreSQL returns them. */

export interface CaseSummaryRow {
  id: string;
  reference: string;
  status: string;
  priority: string;
  assignee_id: string | null;
  assignee_name: string | null;
  tlp: string | null;
  created_key: string;
  created_at: Date;
  updated_at: Date;
  overdue: boolean;
  sla_due_at: Date | null;
  referral_count: number;
  filing_members: number;
  merchant_names: string[] | null;
}

/** The inbox's filters, validated, with the keyset position already decoded. */
export interface CaseInboxQuery {
  statuses?: string[];
  /** A user id, or null for unassigned cases. */
  assigneeId?: string | null;
  priority?: string;
  overdue?: boolean;
  after?: { priority: string; createdAt: string; id: string };
  /** Rows wanted; the repository reads one more to tell whether a next page exists. */
  limit: number;
}

export interface CaseAssigneeRow {
  id: string;
  display_name: string;
  role: string;
}

export interface CaseReferralRow {
  id: string;
  reference: string;
  status: string;
  organization_id: string;
  legal_name: string;
  category: string | null;
  priority: string;
  tlp: string;
  merchant: Record<string, unknown> | null;
  submitted_at: Date | null;
}

export interface CaseMatchRow {
  kind: string;
  value: string;
  referral_ids: string[];
}

export interface CaseSuggestionRow {
  referral_id: string;
  reference: string;
  case_id: string | null;
  case_reference: string | null;
  similarity: number;
  reason: string;
  status: string;
  created_at: Date;
}

export interface CaseNoteRow {
  id: string;
  body: string;
  author_id: string;
  display_name: string;
  created_at: Date;
}

export interface CaseMemberActionRow {
  id: string;
  referral_id: string;
  reference: string;
  action: string;
  /** The day done, as text (no time zone can shift it). */
  done_on: string;
  note: string | null;
  recorded_by: string;
  display_name: string;
  api_key_id: string | null;
  api_key_name: string | null;
  created_at: Date;
}

export interface CaseInfoRequestRow {
  id: string;
  case_id: string;
  referral_id: string;
  reference: string;
  question: string;
  status: string;
  answer: string | null;
  asked_by: string;
  asker: string;
  answered_by: string | null;
  answerer: string | null;
  created_at: Date;
  answered_at: Date | null;
}

export interface CaseDispatchRow {
  id: string;
  reference: string;
  agency_id: string;
  agency_name: string;
  status: string;
  tlp: string;
  routing_round: number;
  delivery_attempts: number;
  last_error: string | null;
  le_case_number: string | null;
  outcome: string | null;
  created_at: Date;
  delivered_at: Date | null;
  acknowledged_at: Date | null;
  accepted_at: Date | null;
  declined_at: Date | null;
  decline_reason: string | null;
  failed_at: Date | null;
}

export interface CaseHoldRow {
  id: string;
  dispatch_id: string;
  agency_name: string;
  scope: string;
  reason: string;
  document_ref: string;
  expires_at: Date;
  status: string;
  created_at: Date;
}

export interface CaseClockRow {
  id: string;
  clock: string;
  status: string;
  started_at: Date;
  due_at: Date;
  breached_at: Date | null;
  stopped_at: Date | null;
}

export interface CaseAlertRow {
  id: string;
  kind: string;
  message: string;
  dispatch_id: string | null;
  created_at: Date;
  acknowledged_at: Date | null;
}

export interface CaseTimelineRow {
  occurred_at: Date;
  action: string;
  outcome: string;
  actor_user_id: string | null;
  actor_role: string | null;
  display_name: string | null;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
}
