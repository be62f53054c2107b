import { applyDecorators } from '@nestjs/common';
import { MaxLength } from 'class-validator';
import { Check } from './checks';

/** `YYYY-MM-DD`. */
export const DATE_LENGTH = 10;
/**
 * The longest date-time with a time zone accepted
 * (`2026-01-31T14:05:00.123456789+01:00` is 35 characters; a little room is left).
 */
export const MAX_DATE_TIME_INPUT_LENGTH = 40;

const ISO_DATE_TIME_WITH_ZONE =
  /^([0-9]{4}-[0-9]{2}-[0-9]{2})T([01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$/i;

/**
 * An ISO 8601 date-time with a time zone, on a real calendar date (a local time
 * would mean different instants to different readers).
 */
export function isZonedDateTime(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_DATE_TIME_INPUT_LENGTH &&
    ISO_DATE_TIME_WITH_ZONE.test(value) &&
    isCalendarDate(value.slice(0, 10)) &&
    !Number.isNaN(Date.parse(value))
  );
}

/** No referral date (observation, transaction, birth) is older than this. */
export const EARLIEST_DATE = '1900-01-01';
/** Clock skew allowed for a date-time "not in the future". */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
/** UTC+14 (Line Islands) is the first time zone to reach a new calendar day. */
const EARLIEST_TIME_ZONE_OFFSET_MS = 14 * 60 * 60 * 1000;

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const ISO_DATE_TIME =
  /^([0-9]{4}-[0-9]{2}-[0-9]{2})T([01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$/i;

/** True for an existing calendar day written `YYYY-MM-DD` (`2026-02-30` is false). */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * The latest date that is "today" somewhere on Earth (today in UTC+14). A
 * filer anywhere may record an event of their own today without being told it
 * is in the future.
 */
export function latestToday(now: Date = new Date()): string {
  return new Date(now.getTime() + EARLIEST_TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10);
}

export type DateBound = 'not_future' | 'past';

/** A `YYYY-MM-DD` date, from EARLIEST_DATE, not in the future (`not_future`) or before today (`past`). */
export function dateProblem(
  value: unknown,
  bound: DateBound,
  now: Date = new Date(),
): string | null {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    return 'must be a calendar date written YYYY-MM-DD';
  }
  if (value < EARLIEST_DATE) return `must not be before ${EARLIEST_DATE}`;
  const today = latestToday(now);
  if (bound === 'not_future' && value > today) return 'must not be in the future';
  if (bound === 'past' && value >= today) return 'must be in the past';
  return null;
}

/**
 * An ISO 8601 date-time with seconds optional and an explicit offset (`Z` or
 * `+02:00`), a real calendar day, from EARLIEST_DATE, and not in the future
 * (a few minutes of clock skew allowed).
 */
export function dateTimeProblem(value: unknown, now: Date = new Date()): string | null {
  const expected = 'must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T14:05:00Z';
  if (typeof value !== 'string' || value.length > MAX_DATE_TIME_INPUT_LENGTH) return expected;
  const match = ISO_DATE_TIME.exec(value);
  if (!match || !isCalendarDate(match[1])) return expected;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return expected;
  if (time < Date.parse(`${EARLIEST_DATE}T00:00:00Z`)) return `must not be before ${EARLIEST_DATE}`;
  if (time > now.getTime() + FUTURE_TOLERANCE_MS) return 'must not be in the future';
  return null;
}

/** A `YYYY-MM-DD` date (dateProblem); its length is also a MaxLength, which the OpenAPI document reads. */
export const IsReferralDate = (bound: DateBound = 'not_future') =>
  applyDecorators(
    Check(bound === 'past' ? 'isPastDate' : 'isReferralDate', (value) => dateProblem(value, bound)),
    MaxLength(DATE_LENGTH, { message: `$property must be at most ${DATE_LENGTH} characters` }),
  );

/** A date-time with a time zone (dateTimeProblem); its longest length is also a MaxLength. */
export const IsReferralDateTime = () =>
  applyDecorators(
    Check('isReferralDateTime', (value) => dateTimeProblem(value)),
    MaxLength(MAX_DATE_TIME_INPUT_LENGTH, {
      message: `$property must be at most ${MAX_DATE_TIME_INPUT_LENGTH} characters`,
    }),
  );

/**
 * The decorated date must not be before the date in `otherProperty` (both
 * `YYYY-MM-DD`). Passes when either is missing or malformed: those are
 * reported by their own rules.
 */
export const IsNotBefore = (otherProperty: string) =>
  Check('isNotBefore', (value, object) => {
    const other = object[otherProperty];
    if (typeof value !== 'string' || typeof other !== 'string') return null;
    if (!isCalendarDate(value) || !isCalendarDate(other)) return null;
    return value < other ? `must not be before ${otherProperty}` : null;
  });
