/**
 * Countries for the country picker: the ISO 3166-1 alpha-2 codes the API
 * accepts (class-validator's IsISO31661Alpha2; countries.spec.ts keeps the two
 * lists equal), named in the person's language by Intl.DisplayNames. The API
 * offers no list of countries to filers, so the console carries the codes.
 */
export const COUNTRY_CODES: readonly string[] = [
  'AD',
  'AE',
  'AF',
  'AG',
  'AI',
  'AL',
  'AM',
  'AO',
  'AQ',
  'AR',
  'AS',
  'AT',
  'AU',
  'AW',
  'AX',
  'AZ',
  'BA',
  'BB',
  'BD',
  'BE',
  'BF',
  'BG',
  'BH',
  'BI',
  'BJ',
  'BL',
  'BM',
  'BN',
  'BO',
  'BQ',
  'BR',
  'BS',
  'BT',
  'BV',
  'BW',
  'BY',
  'BZ',
  'CA',
  'CC',
  'CD',
  'CF',
  'CG',
  'CH',
  'CI',
  'CK',
  'CL',
  'CM',
  'CN',
  'CO',
  'CR',
  'CU',
  'CV',
  'CW',
  'CX',
  'CY',
  'CZ',
  'DE',
  'DJ',
  'DK',
  'DM',
  'DO',
  'DZ',
  'EC',
  'EE',
  'EG',
  'EH',
  'ER',
  'ES',
  'ET',
  'FI',
  'FJ',
  'FK',
  'FM',
  'FO',
  'FR',
  'GA',
  'GB',
  'GD',
  'GE',
  'GF',
  'GG',
  'GH',
  'GI',
  'GL',
  'GM',
  'GN',
  'GP',
  'GQ',
  'GR',
  'GS',
  'GT',
  'GU',
  'GW',
  'GY',
  'HK',
  'HM',
  'HN',
  'HR',
  'HT',
  'HU',
  'ID',
  'IE',
  'IL',
  'IM',
  'IN',
  'IO',
  'IQ',
  'IR',
  'IS',
  'IT',
  'JE',
  'JM',
  'JO',
  'JP',
  'KE',
  'KG',
  'KH',
  'KI',
  'KM',
  'KN',
  'KP',
  'KR',
  'KW',
  'KY',
  'KZ',
  'LA',
  'LB',
  'LC',
  'LI',
  'LK',
  'LR',
  'LS',
  'LT',
  'LU',
  'LV',
  'LY',
  'MA',
  'MC',
  'MD',
  'ME',
  'MF',
  'MG',
  'MH',
  'MK',
  'ML',
  'MM',
  'MN',
  'MO',
  'MP',
  'MQ',
  'MR',
  'MS',
  'MT',
  'MU',
  'MV',
  'MW',
  'MX',
  'MY',
  'MZ',
  'NA',
  'NC',
  'NE',
  'NF',
  'NG',
  'NI',
  'NL',
  'NO',
  'NP',
  'NR',
  'NU',
  'NZ',
  'OM',
  'PA',
  'PE',
  'PF',
  'PG',
  'PH',
  'PK',
  'PL',
  'PM',
  'PN',
  'PR',
  'PS',
  'PT',
  'PW',
  'PY',
  'QA',
  'RE',
  'RO',
  'RS',
  'RU',
  'RW',
  'SA',
  'SB',
  'SC',
  'SD',
  'SE',
  'SG',
  'SH',
  'SI',
  'SJ',
  'SK',
  'SL',
  'SM',
  'SN',
  'SO',
  'SR',
  'SS',
  'ST',
  'SV',
  'SX',
  'SY',
  'SZ',
  'TC',
  'TD',
  'TF',
  'TG',
  'TH',
  'TJ',
  'TK',
  'TL',
  'TM',
  'TN',
  'TO',
  'TR',
  'TT',
  'TV',
  'TW',
  'TZ',
  'UA',
  'UG',
  'UM',
  'US',
  'UY',
  'UZ',
  'VA',
  'VC',
  'VE',
  'VG',
  'VI',
  'VN',
  'VU',
  'WF',
  'WS',
  'YE',
  'YT',
  'ZA',
  'ZM',
  'ZW',
];

const CODES = new Set(COUNTRY_CODES);

export interface Country {
  code: string;
  name: string;
}

/** Lower case without accents, for matching what is typed: "Türkiye" ~ "turkiye". */
export function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

const byLocale = new Map<string, Country[]>();

/** Every country, named in `locale` and sorted by name. */
export function countries(locale: string): Country[] {
  const known = byLocale.get(locale);
  if (known) return known;
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale, 'en'], { type: 'region', fallback: 'code' });
  } catch {
    names = null;
  }
  const list = COUNTRY_CODES.map((code) => ({ code, name: names?.of(code) ?? code })).sort((a, b) =>
    a.name.localeCompare(b.name, locale),
  );
  byLocale.set(locale, list);
  return list;
}

export function isCountryCode(value: string): boolean {
  return CODES.has(value);
}

/** The name of a country code in `locale`, or the value itself when it is not one. */
export function countryName(code: string, locale: string): string {
  return countries(locale).find((c) => c.code === code)?.name ?? code;
}

/**
 * The countries matching what is typed, best first: the code typed exactly
 * ("GB"), then names starting with it ("United" → United Arab Emirates,
 * United Kingdom, United States...), then names with a word starting with it
 * ("Kingdom"), then names containing it.
 */
export function matchCountries(typed: string, locale: string): Country[] {
  const query = folded(typed);
  const all = countries(locale);
  if (query === '') return all;
  const rank = (c: Country): number => {
    const name = folded(c.name);
    if (c.code.toLowerCase() === query) return 0;
    if (name.startsWith(query)) return 1;
    if (name.split(/[\s,()-]+/).some((word) => word.startsWith(query))) return 2;
    if (name.includes(query)) return 3;
    return 9;
  };
  return all
    .map((c) => [rank(c), c] as const)
    .filter(([r]) => r < 9)
    .sort((a, b) => a[0] - b[0])
    .map(([, c]) => c);
}

/** The country code a typed text stands for: its code ("gb") or its exact name; else null. */
export function countryOf(typed: string, locale: string): string | null {
  const query = folded(typed);
  if (query === '') return null;
  const code = query.toUpperCase();
  if (CODES.has(code)) return code;
  return countries(locale).find((c) => folded(c.name) === query)?.code ?? null;
}
