/**
 * SQL select list that reads an event in the shape the chain hash covers
 * (alias `e`; ChainEventFields in libs/audit). The time is PostgreSQL's own
 * microsecond UTC text, so the hash never depends on how a driver or a
 * language rounds timestamps.
 */
export const CHAIN_EVENT_COLUMNS = `
  to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
  e.actor_user_id::text AS "actorUserId",
  e.actor_organization_id::text AS "actorOrganizationId",
  e.actor_role AS "actorRole",
  e.action AS "action",
  e.target_type AS "targetType",
  e.target_id AS "targetId",
  e.outcome AS "outcome",
  e.request_id AS "requestId",
  e.ip AS "ip",
  e.details_digest AS "detailsDigest",
  e.chain_format AS "chainFormat"`;

/** What the verifier reads of a sealed event: the chain fields, the chain columns and the details. */
export const VERIFY_EVENT_COLUMNS = `
  e.chain_seq::text AS seq, e.prev_hash AS "prevHash", e.hash AS "hash", e.details AS "details",
  ${CHAIN_EVENT_COLUMNS}`;

/** An event as CHAIN_EVENT_COLUMNS reads it. */
export interface ChainEventRow {
  occurredAt: string;
  actorUserId: string | null;
  actorOrganizationId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  requestId: string | null;
  ip: string | null;
  detailsDigest: string;
  /** 1 or 2 (ChainFormat in libs/audit). */
  chainFormat: 1 | 2;
}
