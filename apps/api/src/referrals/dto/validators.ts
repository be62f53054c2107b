import { asciiHostname } from '@app/domain';
import {
  isEmail,
  isIP,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';

/**
 * Field rules of the referral DTOs that class-validator does not have built in.
 * Each rule is a pure function returning null when the value is acceptable,
 * else a message that never repeats the value (values can be sensitive).
 */

// ---------------------------------------------------------------------------
// Transforms (class-transformer @Transform callbacks; they run before validation
// and leave a value they cannot convert as sent, for the validators to refuse)
// ---------------------------------------------------------------------------

type TransformInput = { value: unknown };

export const trim = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? value.trim() : value;

export const upper = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** Trims every string of an array. */
export const trimEach = ({ value }: TransformInput): unknown =>
  Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item))
    : value;

/** Trims and upper-cases every string of an array (country lists). */
export const upperEach = ({ value }: TransformInput): unknown =>
  Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === 'string' ? item.trim().toUpperCase() : item))
    : value;

const ISO_DATE_TIME_WITH_ZONE =
  /^([0-9]{4}-[0-9]{2}-[0-9]{2})T([01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$/i;

/**
 * An ISO 8601 date-time with a time zone, on a real calendar date (a local time
 * would mean different instants to different readers).
 */
export function isZonedDateTime(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 40 &&
    ISO_DATE_TIME_WITH_ZONE.test(value) &&
    isCalendarDate(value.slice(0, 10)) &&
    !Number.isNaN(Date.parse(value))
  );
}

/** A well-formed amount becomes its canonical string: `1250` and `'1250.0'` → `'1250.00'`. */
export const toCanonicalAmount = ({ value }: TransformInput): unknown =>
  canonicalAmount(value) ?? value;

/** A valid date-time becomes UTC ISO 8601 with milliseconds: `2026-01-02T03:04:05.000Z`. */
export const toUtcDateTime = ({ value }: TransformInput): unknown => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return dateTimeProblem(text) === null ? new Date(text).toISOString() : text;
};

// ---------------------------------------------------------------------------
// Presence
// ---------------------------------------------------------------------------

/**
 * May be left out, but when sent it must be valid. Unlike IsOptional, null is
 * not "left out": it is checked, so it cannot reach a NOT NULL column.
 */
export const IsAbsentOrValid = () =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

// ---------------------------------------------------------------------------
// Decorators built from pure checks
// ---------------------------------------------------------------------------

type Problem = (value: unknown, object: Record<string, unknown>, property: string) => string | null;

/**
 * A property decorator from a pure check that receives the value and the
 * object being validated. The error is reported on the decorated property;
 * its message is `<property> <problem>` (or the problem alone when
 * `prefixProperty` is false).
 */
export function Check(name: string, problem: Problem, prefixProperty = true): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          problem(value, args.object as Record<string, unknown>, args.property) === null,
        defaultMessage: (args?: ValidationArguments) => {
          if (!args) return 'is invalid';
          const message =
            problem(args.value, args.object as Record<string, unknown>, args.property) ??
            'is invalid';
          return prefixProperty ? `${args.property} ${message}` : message;
        },
      },
    });
  };
}

const MAX_LISTED_ITEMS = 10;

/**
 * Checks every item of a list of strings and names the bad items by index in
 * the message (`websites[2] must be ...`): for a list of plain strings the
 * validation pipe can only give the path of the list itself, so the index is
 * in the message. A value that is not an array is left to IsArray.
 */
/**
 * A list of objects validated item by item (`@ValidateNested({ each: true })`)
 * lets a nested list through unchecked (`principals: [[]]`): name such items.
 * Other non-objects (null, a number) are already refused by the nested check.
 */
export function NoListItems(): PropertyDecorator {
  return Check(
    'noListItems',
    (value, _object, property) => {
      if (!Array.isArray(value)) return null;
      const nested = value.flatMap((item: unknown, index) =>
        Array.isArray(item) ? [`${property}[${index}]`] : [],
      );
      if (nested.length === 0) return null;
      return `${nested.slice(0, MAX_LISTED_ITEMS).join(', ')} must be an object, not a list`;
    },
    false,
  );
}

export function EachString(
  name: string,
  problem: (item: string) => string | null,
): PropertyDecorator {
  return Check(
    name,
    (value, _object, property) => {
      if (!Array.isArray(value)) return null;
      const byMessage = new Map<string, number[]>();
      value.forEach((item: unknown, index) => {
        const message = typeof item === 'string' ? problem(item) : 'must be a string';
        if (message !== null) byMessage.set(message, [...(byMessage.get(message) ?? []), index]);
      });
      if (byMessage.size === 0) return null;
      return [...byMessage.entries()]
        .map(([message, indexes]) => {
          const listed = indexes.slice(0, MAX_LISTED_ITEMS).map((index) => `${property}[${index}]`);
          const more =
            indexes.length > MAX_LISTED_ITEMS
              ? ` and ${indexes.length - MAX_LISTED_ITEMS} more`
              : '';
          return `${listed.join(', ')}${more} ${message}`;
        })
        .join('; ');
    },
    false,
  );
}

// ---------------------------------------------------------------------------
// Dates and times
// ---------------------------------------------------------------------------

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
  if (typeof value !== 'string' || value.length > 40) return expected;
  const match = ISO_DATE_TIME.exec(value);
  if (!match || !isCalendarDate(match[1])) return expected;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return expected;
  if (time < Date.parse(`${EARLIEST_DATE}T00:00:00Z`)) return `must not be before ${EARLIEST_DATE}`;
  if (time > now.getTime() + FUTURE_TOLERANCE_MS) return 'must not be in the future';
  return null;
}

export const IsReferralDate = (bound: DateBound = 'not_future') =>
  Check(bound === 'past' ? 'isPastDate' : 'isReferralDate', (value) => dateProblem(value, bound));

export const IsReferralDateTime = () =>
  Check('isReferralDateTime', (value) => dateTimeProblem(value));

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

// ---------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------

/** Upper bound of any amount (one trillion in the currency's major unit). */
export const MAX_AMOUNT = '1000000000000.00';
const AMOUNT = /^([0-9]{1,20})(?:\.([0-9]{1,2}))?$/;

/**
 * The canonical form of an amount sent as a JSON number or a decimal string
 * (digits, optionally `.` and one or two decimals; no sign, exponent, spaces
 * or thousands separators): integer part without leading zeros, `.`, exactly
 * two decimals. Null when the input is not such an amount. Range is not checked.
 */
export function canonicalAmount(value: unknown): string | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value); // exponent notation and more than 2 decimals fail the pattern
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const match = AMOUNT.exec(text);
  if (!match) return null;
  const integer = match[1].replace(/^0+(?=[0-9])/, '');
  return `${integer}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/** Greater than 0, at most MAX_AMOUNT, at most 2 decimals. */
export function amountProblem(value: unknown): string | null {
  const canonical = canonicalAmount(value);
  const expected = `must be an amount greater than 0 and at most ${MAX_AMOUNT.slice(0, -3)}, with at most 2 decimals, e.g. 1250.00`;
  if (canonical === null || canonical === '0.00') return expected;
  const tooLarge =
    canonical.length > MAX_AMOUNT.length ||
    (canonical.length === MAX_AMOUNT.length && canonical > MAX_AMOUNT);
  return tooLarge ? expected : null;
}

export const IsReferralAmount = () => Check('isReferralAmount', amountProblem);

// ---------------------------------------------------------------------------
// Merchant contact details
// ---------------------------------------------------------------------------

export const MAX_URL_LENGTH = 2048;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * A website of a merchant: an `http`/`https` URL with a host name or IP
 * address and no user name or password, or a bare domain name
 * (`shop.example`). Every other scheme (`javascript:`, `data:`, `ftp:`,
 * `mailto:`...) is refused, so a stored website is always safe to show as a link.
 */
export function websiteProblem(value: string): string | null {
  const expected =
    'must be an http or https URL or a bare domain name, e.g. https://shop.example/offer or shop.example';
  if (value.length === 0 || value.length > MAX_URL_LENGTH) {
    return `must be 1 to ${MAX_URL_LENGTH} characters long`;
  }
  const scheme = SCHEME.exec(value);
  if (!scheme) {
    return asciiHostname(value) !== null && !/[/?#\\:@\s]/.test(value) ? null : expected;
  }
  const name = scheme[1].toLowerCase();
  if (name !== 'http' && name !== 'https') return expected;
  if (!value.slice(scheme[0].length).startsWith('//')) return expected;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return expected;
  }
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return asciiHostname(host) !== null || isIP(host) ? null : expected;
}

export const MAX_EMAIL_LENGTH = 254;

export function emailProblem(value: string): string | null {
  return value.length <= MAX_EMAIL_LENGTH && isEmail(value)
    ? null
    : `must be an e-mail address of at most ${MAX_EMAIL_LENGTH} characters`;
}

const PHONE = /^[0-9 +\-().]{5,32}$/;

/** 5 to 32 characters of digits, spaces and `+ - ( ) .`, at least 5 of them digits. */
export function phoneProblem(value: string): string | null {
  return PHONE.test(value) && (value.match(/[0-9]/g) ?? []).length >= 5
    ? null
    : 'must be a phone number: 5 to 32 characters of digits, spaces and + - ( ) ., with at least 5 digits';
}
