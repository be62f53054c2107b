import { MAX_CURSOR_LENGTH } from '@app/common';
import { LEGAL_NAME_MAX_LENGTH } from '../../organizations/dto/organization.dto';
import { AGENCY_LIMITS } from '../../reference-data/dto/agency.dto';
import { JURISDICTION_LIMITS } from '../../reference-data/dto/jurisdiction.dto';
import { DISPLAY_NAME_MAX_LENGTH } from '../../users/dto/user.dto';

/**
 * Bounds of what the coordinators' routes answer that are not an input
 * limit of their own: each is derived from where the value comes from.
 */

/**
 * `CASE-2026-000012`, `FCR-…`, `DSP-…`: the kind, the year and a yearly
 * counter of at most 10 digits (an integer column), so at most 20 characters.
 */
export const REFERENCE_MAX = 20;

/** A UUID in its text form (where a reference can fall back to the record's id). */
export const UUID_LENGTH = 36;

/** A user's display name (the users' input limit and database check). */
export const DISPLAY_NAME_MAX = DISPLAY_NAME_MAX_LENGTH;

/** An organization's legal name (the organizations' input limit and database check). */
export const ORGANIZATION_NAME_MAX = LEGAL_NAME_MAX_LENGTH;

/** An agency's name (the agencies' input limit). */
export const AGENCY_NAME_MAX = AGENCY_LIMITS.name;

/** A jurisdiction's name (the jurisdictions' input limit). */
export const JURISDICTION_NAME_MAX = JURISDICTION_LIMITS.name;

/** ISO 3166-1 alpha-2. */
export const COUNTRY_CODE_LENGTH = 2;

/** A country or jurisdiction code as stored: upper case (inputs are upper-cased, the routing engine reads `[A-Z]{2}`). */
export const COUNTRY_CODE_PATTERN = '^[A-Z]{2}$';

/** Every two-letter code: the routing engine takes jurisdictions as `[A-Z]{2}`. */
export const JURISDICTION_CODES_MAX = 26 * 26;

/** A cursor this API issues, as the list routes accept it back (`cursor`). */
export const CURSOR_MAX = MAX_CURSOR_LENGTH;

/** A fixed phrase the system writes (why a key links referrals, why a case is suggested). */
export const SYSTEM_PHRASE_MAX = 100;

/** The longest error kept on a dispatch (the delivery worker cuts longer ones). */
export const DISPATCH_ERROR_MAX = 300;

/**
 * An alert's message, written by the system: references, an agency name
 * (200), a delivery error (300) and times; well under this.
 */
export const ALERT_MESSAGE_MAX = 1000;

/**
 * Why one jurisdiction made the routing engine propose one agency: up to four
 * source phrases (about 105 characters with a 10-digit count of principals),
 * why no agency covers it (57), and an agency name (200) with its linking
 * words (under 50); well under this.
 */
export const ROUTING_BASIS_EXPLANATION_MAX = 500;

/** The action of an audit event (`case.assign`), as the audit trail filters it. */
export const AUDIT_ACTION_MAX = 100;
/** The kind of record an audit event is about (`case`, `dispatch`…), as the audit trail filters it. */
export const AUDIT_TARGET_TYPE_MAX = 64;
/** The id of the record an audit event is about, as the audit trail filters it. */
export const AUDIT_TARGET_ID_MAX = 200;

/** The timeline of a case is read up to this many events (oldest first). */
export const TIMELINE_MAX = 1000;

/** A count the database keeps as an integer. */
export const count = {
  type: 'integer',
  format: 'int32',
  minimum: 0,
  maximum: 2147483647,
} as const;
