import fc from 'fast-check';
import { invisibleCharacterProblem } from './text-characters';

const REFUSED_SAMPLES = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000B',
  '\u000C',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009B',
  '\u00AD',
  '\u200B',
  '\u2060',
  '\u2063',
  '\u206A',
  '\uFEFF',
  '\uFFF9',
  '\u2028',
  '\u2029',
  '\u180E',
  '\u3164',
  '\u{E0041}',
  '\u{E007F}',
  '\u{1BCA1}',
];

describe('invisible and control characters in text', () => {
  it('should refuse bidirectional overrides and isolates, controls and invisible format characters, naming the code point', () => {
    for (const char of REFUSED_SAMPLES) {
      const problem = invisibleCharacterProblem(`Invoice ${char}gpj.exe`);
      const name = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      expect([name, problem]).toEqual([name, expect.stringContaining(`found ${name}`)]);
    }
  });

  it('should allow line breaks, tabs, joiners, direction marks, emoji and every script', () => {
    for (const text of [
      'First paragraph.\nSecond\tline.\r\nThird.',
      'می\u200Cخواهم', // Persian needs the zero-width non-joiner
      'क्\u200Dष', // Devanagari conjunct with a zero-width joiner
      '👩\u200D💻 ❤\uFE0F',
      'Order \u200Fאבג\u200E 123 \u061C',
      'Ünïcödé 日本語 Ελληνικά',
    ]) {
      expect([text, invisibleCharacterProblem(text)]).toEqual([text, null]);
    }
  });

  it('should refuse any text holding a refused character wherever it sits, and never echo the text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.constantFrom(...REFUSED_SAMPLES),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        (before, char, after) => {
          const problem = invisibleCharacterProblem(`${before}${char}${after}`);
          expect(problem).toMatch(
            /^must not contain invisible, control or text-direction characters \(found U\+[0-9A-F]{4,5}\)/,
          );
          if (before.length > 3) expect(problem).not.toContain(before);
        },
      ),
    );
  });
});
