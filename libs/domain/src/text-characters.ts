/**
 * Characters no stored text may hold, in names and free text alike, because
 * they are invisible or change how the text around them is displayed: a
 * right-to-left override makes `gpj.exe` read as `exe.jpg`, a zero-width
 * space splits a word so that a search or a reviewer misses it, a control
 * character rewrites a terminal line. Ordinary line breaks (LF, CR) and tabs
 * stay allowed: free text has paragraphs.
 *
 * Refused:
 * - C0 controls except TAB, LF, CR; DEL; C1 controls (U+0080–U+009F);
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 *   U+2066–U+2069);
 * - invisible format characters that no script needs: soft hyphen, zero-width
 *   space, word joiner and the invisible operators (U+2060–U+2064), the
 *   deprecated format characters (U+206A–U+206F), the byte-order mark inside
 *   text (U+FEFF), interlinear annotation marks (U+FFF9–U+FFFB), the Mongolian
 *   vowel separator, the Hangul fillers, the shorthand format controls and the
 *   tag characters (U+E0000–U+E007F, used to smuggle invisible ASCII);
 * - line and paragraph separators (U+2028, U+2029): a line break is LF.
 *
 * Allowed on purpose, in names as in free text: the zero-width joiner and
 * non-joiner (spelling in Persian and the Indic scripts, emoji sequences),
 * variation selectors, and the direction marks LRM, RLM and ALM, which mark a
 * direction in mixed-script text but cannot reorder it. Names and free text
 * share one rule because a name in those scripts needs the same characters.
 */
const REFUSED =
  // Control characters are what this pattern is for.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u115F\u1160\u180E\u200B\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{1BCA0}-\u{1BCA3}\u{E0000}-\u{E007F}]/u;

/** The code point as `U+XXXX`. */
function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why `text` may not be stored (naming the first offending code point, never
 * the text), or null when every character is allowed.
 */
export function invisibleCharacterProblem(text: string): string | null {
  const found = REFUSED.exec(text);
  if (!found) return null;
  return (
    `must not contain invisible, control or text-direction characters (found ${codePointName(found[0])}); ` +
    'remove it and send the plain text'
  );
}
