import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * The one spelling of an e-mail address that identifies an account: stored in
 * `users.email_normalized` (unique), and the only thing sign-in looks up and
 * the failed-login throttle counts against, so no spelling can reach an
 * account while escaping its lockout.
 *
 * NFKC, then case folding. JavaScript has no full case fold; lower-, upper-
 * then lower-casing gives its identifications (ß and ẞ with ss, ς with σ,
 * ϐ with β, Kelvin and Ångström signs through NFKC) and a few more, such as
 * dotless ı with i. Identifying more spellings only makes look-alikes collide,
 * which is the safe direction for an identity. The dotted capital İ folds to
 * i + U+0307 (as in Unicode's full folding), so it is not the plain i.
 */
export function accountEmailKey(address: string): string {
  return address
    .trim()
    .normalize('NFKC')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .replace(/ς/gu, 'σ')
    .normalize('NFKC')
    .trim(); // again: NFKC can turn a spacing accent into a space and a combining mark
}

/** Scripts an address part may be written in, besides Latin. Mixed only as UTS 39 allows. */
const SCRIPTS = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Hebrew',
  'Arabic',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Thai',
  'Georgian',
  'Hangul',
  'Hiragana',
  'Katakana',
  'Han',
  'Ethiopic',
] as const;
type Script = (typeof SCRIPTS)[number];

const SCRIPT_PATTERNS: ReadonlyMap<Script, RegExp> = new Map(
  SCRIPTS.map((s) => [s, new RegExp(`^\\p{Script=${s}}$`, 'u')]),
);

/** The combinations of scripts a single word may use (UTS 39 "highly restrictive"). */
const ALLOWED_MIXES: readonly ReadonlySet<Script>[] = [
  new Set(['Han', 'Hiragana', 'Katakana']),
  new Set(['Han', 'Hangul']),
];

/**
 * Latin letters that pass for other letters (dotless ı and ȷ, the dotted capital
 * İ, clicks that look like l and !, kra, IPA and phonetic small capitals).
 */
const LATIN_LOOKALIKES = /[\u0130\u0131\u0138\u01C0-\u01C3\u0237\u0250-\u02AF\u1D00-\u1DBF]/u;

/**
 * Cyrillic and Greek letters that look like Latin ones: a part written wholly
 * in them (`аррӏе`) passes for a Latin word, so it is refused as a whole.
 */
const LATIN_LOOKING =
  /^[\p{N}\p{P}\p{S}аеорсухкмнтвіјѕһӏԁԛԝүаАВЕКМНОРСТУХІЈЅԀԚԜҮαβεικνορτυχΑΒΕΗΙΚΜΝΟΡΤΥΧΖ]+$/u;

/** Characters of the local part outside letters and marks: RFC 5322 atext and the dot. */
const ASCII_ALLOWED = /^[0-9.!#$%&'*+/=?^_`{|}~-]$/u;

function scriptOf(ch: string): Script | undefined {
  for (const [script, pattern] of SCRIPT_PATTERNS) if (pattern.test(ch)) return script;
  return undefined;
}

/** Why one part (the local part, or one domain label) is refused, or undefined. */
function partProblem(part: string, isDomainLabel: boolean): string | undefined {
  const scripts = new Set<Script>();
  for (const ch of part) {
    if (/^[\p{L}\p{M}]$/u.test(ch)) {
      // Marks of the Inherited script (a combining dot above, ...) attach to any letter.
      if (/^\p{Script=Inherited}$/u.test(ch)) return 'must not hold combining marks';
      if (LATIN_LOOKALIKES.test(ch)) return 'must not hold letters that imitate others';
      const script = scriptOf(ch);
      if (!script) return 'must be written in a supported script';
      scripts.add(script);
    } else if (isDomainLabel ? !/^[0-9-]$/u.test(ch) : !ASCII_ALLOWED.test(ch)) {
      return 'must hold only letters, ASCII digits and the usual punctuation';
    }
  }
  if (scripts.size > 1 && !ALLOWED_MIXES.some((mix) => [...scripts].every((s) => mix.has(s)))) {
    return 'must not mix letters of different scripts';
  }
  if ((scripts.has('Cyrillic') || scripts.has('Greek')) && LATIN_LOOKING.test(part)) {
    return 'must not be written in letters that imitate Latin ones';
  }
  return undefined;
}

/**
 * Why an address may not be given to a new account, as messages for the
 * `email` field (never echoing the address): not in NFKC form, characters
 * outside letters, ASCII digits and the usual punctuation, letters of several
 * scripts in one part, known look-alike letters, or a domain that is not a
 * valid internationalized domain name. Applied at creation; sign-in accepts
 * any spelling and simply finds no account for a refused one.
 */
export function emailAddressProblems(address: string): string[] {
  if (address !== address.normalize('NFKC')) {
    return ['must be written in its normal Unicode form (NFKC), without look-alike characters'];
  }
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (at <= 0 || local.includes('@') || domain === '') return ['must be an e-mail address'];
  const problems = new Set<string>();
  const localProblem = partProblem(local, false);
  if (localProblem) problems.add(`the part before @ ${localProblem}`);
  const ascii = domainToASCII(domain);
  if (ascii === '') {
    problems.add('the domain must be a valid internationalized domain name');
  } else {
    // As written (IDNA would silently drop a soft hyphen or a zero-width space)
    // and as displayed (so a punycode label, xn--, is judged by its letters).
    for (const label of [...domain.split('.'), ...domainToUnicode(ascii).split('.')]) {
      const labelProblem = partProblem(label, true);
      if (labelProblem) problems.add(`each part of the domain ${labelProblem}`);
    }
  }
  return [...problems];
}
