import type { StoredRoutingPlan } from '../entities';

/** Rows the case read repositories answer with, as PostgreSQL returns them. */

/**
 * A timestamp: a Date where a column holds it, its ISO text (UTC,
 * milliseconds) where a section of the whole case carries it as JSON.
 */
export type Timestamp = Date | string;

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
  submitted_at: Timestamp | null;
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
  created_at: Timestamp;
}

export interface CaseNoteRow {
  id: string;
  body: string;
  author_id: string;
  display_name: string;
  created_at: Timestamp;
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
  created_at: Timestamp;
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
  created_at: Timestamp;
  answered_at: Timestamp | null;
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
  created_at: Timestamp;
  delivered_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  accepted_at: Timestamp | null;
  declined_at: Timestamp | null;
  decline_reason: string | null;
  failed_at: Timestamp | null;
}

export interface CaseHoldRow {
  id: string;
  dispatch_id: string;
  agency_name: string;
  scope: string;
  reason: string;
  document_ref: string;
  expires_at: Timestamp;
  status: string;
  created_at: Timestamp;
}

export interface CaseClockRow {
  id: string;
  clock: string;
  status: string;
  started_at: Timestamp;
  due_at: Timestamp;
  breached_at: Timestamp | null;
  stopped_at: Timestamp | null;
}

export interface CaseAlertRow {
  id: string;
  kind: string;
  message: string;
  dispatch_id: string | null;
  created_at: Timestamp;
  acknowledged_at: Timestamp | null;
}

export interface CaseTimelineRow {
  occurred_at: Timestamp;
  action: string;
  outcome: string;
  actor_user_id: string | null;
  actor_role: string | null;
  display_name: string | null;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
}

/**
 * The whole case: its inbox line, the fields of its own row the detail shows,
 * and each section's rows in the order the detail lists them.
 */
export interface CaseDetailRow extends CaseSummaryRow {
  status_reason: string | null;
  outcome: string | null;
  merged_into_id: string | null;
  closed_at: Date | null;
  routing_plan: StoredRoutingPlan | null;
  proposed_by: string | null;
  proposer_name: string | null;
  proposed_at: Date | null;
  approved_by: string | null;
  approver_name: string | null;
  approved_at: Date | null;
  /** Names of the agencies the routing plan names, by id; null when it names none. */
  agency_names: Record<string, string> | null;
  referrals: CaseReferralRow[];
  member_actions: CaseMemberActionRow[];
  matches: CaseMatchRow[];
  suggestions: CaseSuggestionRow[];
  notes: CaseNoteRow[];
  info_requests: CaseInfoRequestRow[];
  dispatches: CaseDispatchRow[];
  holds: CaseHoldRow[];
  clocks: CaseClockRow[];
  alerts: CaseAlertRow[];
  timeline: CaseTimelineRow[];
}
