import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  describe('fixed outputs', () => {
    it.each<[string, unknown, string]>([
      ['a small object', { b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
      ['an empty object', {}, '{}'],
      ['an empty array', [], '[]'],
      ['null', null, 'null'],
      ['true', true, 'true'],
      ['false', false, 'false'],
      ['a string', 'hello', '"hello"'],
      [
        'a nested structure',
        { z: { y: 1, x: [{ b: 1, a: 2 }] }, a: null },
        '{"a":null,"z":{"x":[{"a":2,"b":1}],"y":1}}',
      ],
    ])('should write %s exactly', (_label, value, expected) => {
      expect(canonicalJson(value)).toBe(expected);
    });
  });

  describe('object keys', () => {
    it('should give the same text whatever order the keys were written in', () => {
      const a = { caseId: 'c-1', amount: 12.5, currency: 'EUR', flags: ['x'] };
      const b = { flags: ['x'], currency: 'EUR', amount: 12.5, caseId: 'c-1' };
      const c = { currency: 'EUR', caseId: 'c-1', flags: ['x'], amount: 12.5 };
      expect(canonicalJson(a)).toBe(canonicalJson(b));
      expect(canonicalJson(a)).toBe(canonicalJson(c));
      expect(canonicalJson(a)).toBe(
        '{"amount":12.5,"caseId":"c-1","currency":"EUR","flags":["x"]}',
      );
    });

    it('should sort the keys of nested objects too, at every depth', () => {
      const value = { outer: { m: { z: 1, a: 2 }, b: [{ d: 1, c: 2 }] } };
      expect(canonicalJson(value)).toBe('{"outer":{"b":[{"c":2,"d":1}],"m":{"a":2,"z":1}}}');
    });

    it('should sort keys as strings, not as numbers', () => {
      expect(canonicalJson({ 2: 'b', 10: 'a', 1: 'c' })).toBe('{"1":"c","10":"a","2":"b"}');
    });

    it('should sort upper case before lower case, as code units do', () => {
      expect(canonicalJson({ b: 1, B: 2, a: 3, A: 4 })).toBe('{"A":4,"B":2,"a":3,"b":1}');
    });

    it('should sort keys by UTF-16 code units, as RFC 8785 asks', () => {
      // The RFC 8785 section 3.2.3 example: an astral character (a surrogate pair)
      // sorts before U+FB33 although its code point is higher.
      const value = {
        '\u20ac': 'Euro Sign',
        '\r': 'Carriage Return',
        '\ufb33': 'Hebrew Letter Dalet With Dagesh',
        '1': 'One',
        '\u{1F600}': 'Emoji: Grinning Face',
        '\u0080': 'Control',
        '\u00f6': 'Latin Small Letter O With Diaeresis',
      };
      expect(canonicalJson(value)).toBe(
        '{"\\r":"Carriage Return","1":"One","\u0080":"Control",' +
          '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
          '"\u{1F600}":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
      );
    });

    it('should escape keys as JSON strings', () => {
      expect(canonicalJson({ 'a"b': 1, 'c\\d': 2, 'e\nf': 3 })).toBe(
        '{"a\\"b":1,"c\\\\d":2,"e\\nf":3}',
      );
    });

    it('should skip properties whose value is undefined', () => {
      expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined } })).toBe('{"a":1,"c":{}}');
      expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    });

    it('should keep properties whose value is null', () => {
      expect(canonicalJson({ a: null })).toBe('{"a":null}');
      expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
    });
  });

  describe('arrays', () => {
    it('should keep the order of array items', () => {
      expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
      expect(canonicalJson(['b', 'a'])).not.toBe(canonicalJson(['a', 'b']));
    });

    it('should write nested arrays', () => {
      expect(canonicalJson([[], [1, [2, [3]]], {}])).toBe('[[],[1,[2,[3]]],{}]');
    });

    it('should refuse undefined inside an array rather than drop it', () => {
      expect(() => canonicalJson([1, undefined, 2])).toThrow(TypeError);
    });

    it('should refuse an array with holes rather than write invalid JSON', () => {
      // eslint-disable-next-line no-sparse-arrays
      expect(() => canonicalJson([1, , 2])).toThrow(TypeError);
      expect(() => canonicalJson(new Array(2))).toThrow(TypeError);
    });
  });

  describe('white space', () => {
    it('should write no white space between tokens', () => {
      const text = canonicalJson({ list: [1, 2, { k: 'v' }], nested: { a: true, b: null } });
      expect(text).toBe('{"list":[1,2,{"k":"v"}],"nested":{"a":true,"b":null}}');
      expect(text).not.toMatch(/\s/);
    });

    it('should keep white space that is inside a string', () => {
      expect(canonicalJson({ note: ' two  spaces ' })).toBe('{"note":" two  spaces "}');
    });
  });

  describe('strings', () => {
    it('should write non-ASCII characters as they are, not as escapes', () => {
      expect(canonicalJson('Zoë € 東京 😀')).toBe('"Zoë € 東京 😀"');
    });

    it('should escape quotes, backslashes and control characters', () => {
      expect(canonicalJson('a"b\\c\n\t\u0001\u001f')).toBe('"a\\"b\\\\c\\n\\t\\u0001\\u001f"');
    });

    it('should tell apart strings that differ only in Unicode normalization', () => {
      const composed = 'caf\u00e9';
      const decomposed = 'cafe\u0301';
      expect(canonicalJson(composed)).not.toBe(canonicalJson(decomposed));
    });
  });

  describe('numbers', () => {
    it.each<[number, string]>([
      [1.0, '1'],
      [0, '0'],
      [-0, '0'],
      [-1, '-1'],
      [0.1, '0.1'],
      [12.5, '12.5'],
      [1e21, '1e+21'],
      [1e20, '100000000000000000000'],
      [1e-7, '1e-7'],
      [0.000001, '0.000001'],
      [Number.MAX_SAFE_INTEGER, '9007199254740991'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
    ])('should write %p as %s', (value, expected) => {
      expect(canonicalJson(value)).toBe(expected);
    });

    it('should give 1.0 and 1 the same text', () => {
      expect(canonicalJson({ n: 1.0 })).toBe(canonicalJson({ n: 1 }));
    });

    it.each([NaN, Infinity, -Infinity])('should refuse %p', (value) => {
      expect(() => canonicalJson(value)).toThrow(TypeError);
      expect(() => canonicalJson({ amount: value })).toThrow(TypeError);
      expect(() => canonicalJson([value])).toThrow(TypeError);
    });

    it('should write a bigint as a decimal string', () => {
      expect(canonicalJson(12345678901234567890n)).toBe('"12345678901234567890"');
    });
  });

  describe('dates', () => {
    it('should write a Date as its ISO string', () => {
      expect(canonicalJson(new Date('2024-05-01T10:00:00Z'))).toBe('"2024-05-01T10:00:00.000Z"');
    });

    it('should write a Date inside an object the same as its ISO string', () => {
      const at = new Date(Date.UTC(2023, 11, 31, 23, 59, 59, 999));
      expect(canonicalJson({ at })).toBe('{"at":"2023-12-31T23:59:59.999Z"}');
      expect(canonicalJson({ at })).toBe(canonicalJson({ at: at.toISOString() }));
    });

    it('should refuse an invalid Date', () => {
      expect(() => canonicalJson(new Date('not a date'))).toThrow(RangeError);
    });
  });

  describe('values JSON cannot hold', () => {
    it.each<[string, unknown]>([
      ['undefined', undefined],
      ['a function', () => 1],
      ['a symbol', Symbol('s')],
    ])('should refuse %s at the top level', (_label, value) => {
      expect(() => canonicalJson(value)).toThrow(TypeError);
    });

    it('should refuse a function or symbol inside an object', () => {
      expect(() => canonicalJson({ a: 1, f: () => 1 })).toThrow(
        'canonical JSON cannot hold a function',
      );
      expect(() => canonicalJson({ nested: { s: Symbol('s') } })).toThrow(
        'canonical JSON cannot hold a symbol',
      );
    });

    it('should refuse a function inside an array', () => {
      expect(() => canonicalJson([function named() {}])).toThrow(TypeError);
    });
  });

  describe('agreement with JSON', () => {
    it('should parse back to an equal value', () => {
      const value = {
        referral: { id: 'r-1', amounts: [1, 2.5, -3], tags: ['a', 'é'], open: true },
        reviewer: null,
        note: 'line 1\nline 2',
      };
      expect(JSON.parse(canonicalJson(value))).toEqual(value);
    });

    it('should give JSON.stringify output for an object whose keys are already sorted', () => {
      const value = { a: [1, { b: 'x', c: null }], d: 'é', e: false };
      expect(canonicalJson(value)).toBe(JSON.stringify(value));
    });
  });
});
