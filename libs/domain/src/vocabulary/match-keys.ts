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
 * Why two referrals match, in words: the kind's label and the shared value,
 * with a name-and-country key (`pixel harbor media|GB`) split into the name
 * and the country's name ("Same merchant name and country: pixel harbor
 * media · United Kingdom").
 */
export function matchKeyWords(kind: string, value: string): string {
  const what = labelOf(kind, 'matchKind');
  if (kind === 'name_country') {
    const cut = value.lastIndexOf('|');
    if (cut > 0) return `${what}: ${value.slice(0, cut)} · ${countryName(value.slice(cut + 1))}`;
  }
  return `${what}: ${value}`;
}
