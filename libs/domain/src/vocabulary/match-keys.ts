import { labelOf } from './labels';

const regionNames = new Intl.DisplayNames(['en-GB'], { type: 'region', fallback: 'code' });

/** "GB" → "United Kingdom"; a code Intl does not know stays as it is. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '—';
  if (!/^[A-Za-z]{2}$/.test(code)) return code;
  try {
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/**
 * A matching key's value in words: a name-and-country key
 * (`pixel harbor media|GB`) reads "pixel harbor media · United Kingdom";
 * other keys are the identifier itself.
 */
export function matchValueWords(kind: string, value: string): string {
  const cut = value.lastIndexOf('|');
  if (kind !== 'name_country' || cut <= 0) return value;
  return `${value.slice(0, cut)} · ${countryName(value.slice(cut + 1))}`;
}

/**
 * Why two referrals match, in words: the kind's label and the shared value
 * ("Same merchant name and country: pixel harbor media · United Kingdom").
 */
export function matchKeyWords(kind: string, value: string): string {
  return `${labelOf(kind, 'matchKind')}: ${matchValueWords(kind, value)}`;
}
