import {
  exactUtc,
  formatZonedDate,
  formatZonedDateTime,
  labelOf,
  relativeTime as relativeFrom,
  type VocabularyKind,
} from '@crh/vocabulary';

/**
 * Wire words (`in_review`, `le_liaison`) as people read them, from the
 * vocabulary the API shares (libs/domain/src/vocabulary); `kind` picks the
 * table where a value reads differently (a `card` rail and a `card` observable).
 */
export function label(word: string | null | undefined, kind?: VocabularyKind): string {
  return labelOf(word, kind);
}

/** The reader's own time zone, as the browser knows it. */
const zone = { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };

/** "7 Dec 2026, 18:05 CET": in the reader's time zone, with its abbreviation. */
export function formatDateTime(iso: string | null | undefined): string {
  return formatZonedDateTime(iso, zone);
}

export function formatDate(iso: string | null | undefined): string {
  return formatZonedDate(iso, zone);
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;

/** Text the hub wrote with instants in it (an alert's message): each instant in the reader's zone. */
export function withLocalTimes(text: string): string {
  return text.replace(ISO_INSTANT, (iso) => formatDateTime(iso));
}

/** The exact instant in UTC ("2026-12-07 17:05:09 UTC"), for a title attribute. */
export const utcTitle = exactUtc;

export function formatAmount(
  amount: { value: string | number; currency: string } | null | undefined,
): string {
  if (!amount) return '—';
  const value = Number(amount.value);
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency: amount.currency }).format(
      value,
    );
  } catch {
    return `${amount.value} ${amount.currency}`;
  }
}

/** "3 minutes ago", "in 2 days": for SLA deadlines and ages. */
export function relativeTime(iso: string, now = Date.now()): string {
  return relativeFrom(iso, now);
}
