import { decimalDigitValue, stripFormatCharacters, toAsciiDigits } from './unicode-text';

describe('decimalDigitValue', () => {
  it('should read ASCII digits', () => {
    expect([...'0123456789'].map(decimalDigitValue)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('should read full-width digits that look like ASCII digits', () => {
    expect([...'０１２３４５６７８９'].map(decimalDigitValue)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('should read Arabic-Indic, Eastern Arabic-Indic and Devanagari digits', () => {
    expect([...'٠١٢٣٤٥٦٧٨٩'].map(decimalDigitValue)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(decimalDigitValue('۷')).toBe(7);
    expect(decimalDigitValue('४')).toBe(4);
  });

  it('should read mathematical digits outside the basic plane (surrogate pairs)', () => {
    expect(decimalDigitValue('𝟕')).toBe(7); // MATHEMATICAL BOLD DIGIT SEVEN
    expect(decimalDigitValue('𝟿')).toBe(9); // MATHEMATICAL MONOSPACE DIGIT NINE
    expect(decimalDigitValue('𝟬')).toBe(0); // MATHEMATICAL SANS-SERIF BOLD DIGIT ZERO
  });

  it('should refuse numerals that are not decimal digits and all other characters', () => {
    for (const char of ['a', 'Ⅶ', '⑦', '½', '²', ' ', '-', '*', '']) {
      expect(decimalDigitValue(char)).toBeNull();
    }
  });

  it('should refuse a string of more than one character', () => {
    expect(decimalDigitValue('12')).toBeNull();
    expect(decimalDigitValue('𝟕𝟕')).toBeNull();
  });
});

describe('toAsciiDigits', () => {
  it('should convert digits of any script and keep every other character', () => {
    expect(toAsciiDigits('+٤٤ ２０ 7946-०९५८ x')).toBe('+44 20 7946-0958 x');
  });

  it('should leave ASCII text unchanged', () => {
    expect(toAsciiDigits('')).toBe('');
    expect(toAsciiDigits('Shop 42, Example Street')).toBe('Shop 42, Example Street');
  });
});

describe('stripFormatCharacters', () => {
  it('should remove zero-width spaces, joiners, soft hyphens, BOMs and direction marks', () => {
    expect(stripFormatCharacters('4\u200b1\u200c1\u200d1\u00ad1\ufeff1\u200e1\u202e1')).toBe(
      '41111111',
    );
  });

  it('should keep visible characters and ordinary spaces', () => {
    expect(stripFormatCharacters('shop example - 1')).toBe('shop example - 1');
  });
});
