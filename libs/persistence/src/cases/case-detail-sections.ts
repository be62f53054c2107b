/**
 * The sections of one case (alias `c`), each a correlated subquery answering a
 * JSON array of rows, so the whole case is read in one statement: one round
 * trip and one snapshot instead of a query per section. Each array is ordered
 * inside its aggregate (an ordered subquery would not guarantee the order) and
 * its rows carry the keys of the row types in case-read-rows.ts.
 */

/**
 * A timestamp as the ISO text `Date#toISOString` gives: UTC, milliseconds
 * truncated, as node-postgres truncates them when it parses a column.
 */
export const isoSql = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** `json_agg` of `object` in `order`, an empty array rather than null when there is no row. */
const agg = (object: string, order: string): string =>
  `coalesce(json_agg(${object} ORDER BY ${order}), '[]'::json)`;

const REFERRALS = `
  (SELECT ${agg(
    `json_build_object('id', r.id, 'reference', r.reference, 'status', r.status,
       'organization_id', r.organization_id, 'legal_name', o.legal_name, 'category', r.category,
       'priority', r.priority, 'tlp', r.tlp, 'merchant', r.merchant,
       'submitted_at', ${isoSql('r.submitted_at')})`,
    'r.submitted_at NULLS LAST, r.reference',
  )}
     FROM referrals r JOIN organizations o ON o.id = r.organization_id
    WHERE r.case_id = c.id)`;

/** By the day done, then by when recorded, newest first; the day as text, never through a Date. */
const MEMBER_ACTIONS = `
  (SELECT ${agg(
    `json_build_object('id', ma.id, 'referral_id', ma.referral_id, 'reference', r.reference,
       'action', ma.action, 'done_on', to_char(ma.done_on, 'YYYY-MM-DD'), 'note', ma.note,
       'recorded_by', ma.recorded_by, 'display_name', u.display_name, 'api_key_id', ma.api_key_id,
       'api_key_name', k.name, 'created_at', ${isoSql('ma.created_at')})`,
    'ma.done_on DESC, ma.created_at DESC, ma.id DESC',
  )}
     FROM member_actions ma
     JOIN referrals r ON r.id = ma.referral_id
     JOIN users u ON u.id = ma.recorded_by
     LEFT JOIN api_keys k ON k.id = ma.api_key_id
    WHERE r.case_id = c.id)`;

/** Matching keys two or more of the case's referrals share. */
const MATCHES = `
  (SELECT ${agg(
    `json_build_object('kind', m.kind, 'value', m.value, 'referral_ids', m.referral_ids)`,
    'm.kind, m.value',
  )}
     FROM (SELECT k.kind, k.value, array_agg(k.referral_id ORDER BY k.referral_id) AS referral_ids
             FROM referral_match_keys k WHERE k.case_id = c.id
            GROUP BY k.kind, k.value HAVING count(*) > 1) m)`;

const SUGGESTIONS = `
  (SELECT ${agg(
    `json_build_object('referral_id', s.referral_id, 'reference', r.reference,
       'case_id', r.case_id, 'case_reference', oc.reference, 'similarity', s.similarity,
       'reason', s.reason, 'status', s.status, 'created_at', ${isoSql('s.created_at')})`,
    's.status, s.similarity DESC, r.reference',
  )}
     FROM match_suggestions s
     JOIN referrals r ON r.id = s.referral_id
     LEFT JOIN cases oc ON oc.id = r.case_id
    WHERE s.case_id = c.id)`;

const NOTES = `
  (SELECT ${agg(
    `json_build_object('id', n.id, 'body', n.body, 'author_id', n.author_id,
       'display_name', u.display_name, 'created_at', ${isoSql('n.created_at')})`,
    'n.created_at, n.id',
  )}
     FROM case_notes n JOIN users u ON u.id = n.author_id
    WHERE n.case_id = c.id)`;

const INFO_REQUESTS = `
  (SELECT ${agg(
    `json_build_object('id', i.id, 'case_id', i.case_id, 'referral_id', i.referral_id,
       'reference', r.reference, 'question', i.question, 'status', i.status, 'answer', i.answer,
       'asked_by', i.asked_by, 'asker', ua.display_name, 'answered_by', i.answered_by,
       'answerer', ub.display_name, 'created_at', ${isoSql('i.created_at')},
       'answered_at', ${isoSql('i.answered_at')})`,
    'i.created_at, i.id',
  )}
     FROM info_requests i
     JOIN referrals r ON r.id = i.referral_id
     JOIN users ua ON ua.id = i.asked_by
     LEFT JOIN users ub ON ub.id = i.answered_by
    WHERE i.case_id = c.id)`;

const DISPATCHES = `
  (SELECT ${agg(
    `json_build_object('id', d.id, 'reference', d.reference, 'agency_id', d.agency_id,
       'agency_name', a.name, 'status', d.status, 'tlp', d.tlp, 'routing_round', d.routing_round,
       'delivery_attempts', d.delivery_attempts, 'last_error', d.last_error,
       'le_case_number', d.le_case_number, 'outcome', d.outcome,
       'created_at', ${isoSql('d.created_at')}, 'delivered_at', ${isoSql('d.delivered_at')},
       'acknowledged_at', ${isoSql('d.acknowledged_at')}, 'accepted_at', ${isoSql('d.accepted_at')},
       'declined_at', ${isoSql('d.declined_at')}, 'decline_reason', d.decline_reason,
       'failed_at', ${isoSql('d.failed_at')})`,
    'd.routing_round, a.name',
  )}
     FROM dispatches d JOIN agencies a ON a.id = d.agency_id
    WHERE d.case_id = c.id)`;

const HOLDS = `
  (SELECT ${agg(
    `json_build_object('id', h.id, 'dispatch_id', h.dispatch_id, 'agency_name', a.name,
       'scope', h.scope, 'reason', h.reason, 'document_ref', h.document_ref,
       'expires_at', ${isoSql('h.expires_at')}, 'status', h.status,
       'created_at', ${isoSql('h.created_at')})`,
    'h.created_at DESC',
  )}
     FROM holds h JOIN agencies a ON a.id = h.agency_id
    WHERE h.case_id = c.id)`;

const CLOCKS = `
  (SELECT ${agg(
    `json_build_object('id', k.id, 'clock', k.clock, 'status', k.status,
       'started_at', ${isoSql('k.started_at')}, 'due_at', ${isoSql('k.due_at')},
       'breached_at', ${isoSql('k.breached_at')}, 'stopped_at', ${isoSql('k.stopped_at')})`,
    'k.started_at, k.id',
  )}
     FROM sla_clocks k WHERE k.case_id = c.id)`;

const ALERTS = `
  (SELECT ${agg(
    `json_build_object('id', al.id, 'kind', al.kind, 'message', al.message,
       'dispatch_id', al.dispatch_id, 'created_at', ${isoSql('al.created_at')},
       'acknowledged_at', ${isoSql('al.acknowledged_at')})`,
    'al.created_at DESC',
  )}
     FROM alerts al WHERE al.case_id = c.id)`;

/**
 * Audit events about the case and its records (referrals, dispatches, holds,
 * information requests), oldest first, reads left out; at most a thousand.
 * `NOT LIKE '%.read'` is written as the partial index audit_events_timeline_idx
 * states it, so the planner can use that index.
 */
const TIMELINE = `
  (SELECT ${agg(
    `json_build_object('occurred_at', ${isoSql('e.occurred_at')}, 'action', e.action,
       'outcome', e.outcome, 'actor_user_id', e.actor_user_id, 'actor_role', e.actor_role,
       'display_name', u.display_name, 'target_type', e.target_type, 'target_id', e.target_id,
       'details', e.details)`,
    'e.occurred_at, e.id',
  )}
     FROM (SELECT e.* FROM audit_events e
            WHERE e.target_id = ANY(ARRAY(
                    SELECT c.id::text
                    UNION ALL SELECT r.id::text FROM referrals r WHERE r.case_id = c.id
                    UNION ALL SELECT d.id::text FROM dispatches d WHERE d.case_id = c.id
                    UNION ALL SELECT h.id::text FROM holds h WHERE h.case_id = c.id
                    UNION ALL SELECT i.id::text FROM info_requests i WHERE i.case_id = c.id))
              AND e.action NOT LIKE '%.read'
            ORDER BY e.occurred_at, e.id
            LIMIT 1000) e
     LEFT JOIN users u ON u.id = e.actor_user_id)`;

/**
 * Who proposed and approved the routing (users joined as `pu` and `au`), and
 * the names of the agencies its plan names, by id.
 */
const ROUTING = `
  pu.display_name AS proposer_name, au.display_name AS approver_name,
  (SELECT json_object_agg(a.id, a.name) FROM agencies a
    WHERE a.id = ANY(ARRAY(SELECT (p->>'agencyId')::uuid
                             FROM jsonb_array_elements(c.routing_plan->'agencies') p))) AS agency_names`;

/** Every section, as columns of the case's row. */
export const CASE_DETAIL_SECTIONS = `
  c.status_reason, c.outcome, c.merged_into_id, c.closed_at, c.routing_plan,
  c.proposed_by, c.proposed_at, c.approved_by, c.approved_at, ${ROUTING},
  ${REFERRALS} AS referrals,
  ${MEMBER_ACTIONS} AS member_actions,
  ${MATCHES} AS matches,
  ${SUGGESTIONS} AS suggestions,
  ${NOTES} AS notes,
  ${INFO_REQUESTS} AS info_requests,
  ${DISPATCHES} AS dispatches,
  ${HOLDS} AS holds,
  ${CLOCKS} AS clocks,
  ${ALERTS} AS alerts,
  ${TIMELINE} AS timeline`;

/** The joins ROUTING reads. */
export const CASE_DETAIL_JOINS = `
  LEFT JOIN users pu ON pu.id = c.proposed_by
  LEFT JOIN users au ON au.id = c.approved_by`;
