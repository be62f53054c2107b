import { canonicalAmount } from './amounts';
import { websiteWithScheme } from './contact-details';
import { dateTimeProblem } from './dates';

/**
 * class-transformer @Transform callbacks. They run before validation and leave
 * a value they cannot convert as sent, for the validators to refuse.
 */

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

/** Trims every string of an array, and gives scheme-less web addresses with a path `https://`. */
export const toWebsites = ({ value }: TransformInput): unknown =>
  Array.isArray(value)
    ? value.map((item: unknown) =>
        typeof item === 'string' ? websiteWithScheme(item.trim()) : item,
      )
    : value;

/** Trims and upper-cases every string of an array (country lists). */
export const upperEach = ({ value }: TransformInput): unknown =>
  Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === 'string' ? item.trim().toUpperCase() : item))
    : value;

/** A well-formed amount becomes its canonical string: `1250` and `'1250.0'` → `'1250.00'`. */
export const toCanonicalAmount = ({ value }: TransformInput): unknown =>
  canonicalAmount(value) ?? value;

/** A valid date-time becomes UTC ISO 8601 with milliseconds: `2026-01-02T03:04:05.000Z`. */
export const toUtcDateTime = ({ value }: TransformInput): unknown => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return dateTimeProblem(text) === null ? new Date(text).toISOString() : text;
};

/**
 * `null` becomes "left out" (undefined). For optional fields that responses
 * send as null when not known: a client may send a response's object back
 * unchanged, and null there means what leaving the field out means.
 */
export const nullToAbsent = ({ value }: TransformInput): unknown =>
  value === null ? undefined : value;
