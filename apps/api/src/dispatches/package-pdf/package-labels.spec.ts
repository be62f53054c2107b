import {
  INDICATOR_CODES,
  OBSERVABLE_TYPES,
  REFERRAL_CATEGORIES,
  ROUTING_SOURCES,
  TRANSACTION_RAILS,
} from '@app/domain';
import {
  CATEGORY_LABELS,
  indicatorText,
  INDICATOR_LABELS,
  labelOf,
  OBSERVABLE_TYPE_LABELS,
  RAIL_LABELS,
  ROUTING_SOURCE_LABELS,
  yesNoUnknown,
} from './package-labels';
import { printableText } from './pdf-fonts';

describe('package labels', () => {
  it.each([
    ['categories', REFERRAL_CATEGORIES, CATEGORY_LABELS],
    ['indicators', INDICATOR_CODES, INDICATOR_LABELS],
    ['observable types', OBSERVABLE_TYPES, OBSERVABLE_TYPE_LABELS],
    ['rails', TRANSACTION_RAILS, RAIL_LABELS],
    ['routing sources', ROUTING_SOURCES, ROUTING_SOURCE_LABELS],
  ] as const)('should give every one of the domain’s %s a label in words', (_, codes, table) => {
    for (const code of codes) {
      const label = labelOf(table, code);
      expect(label).not.toContain('_');
      expect(label).not.toBe(code);
    }
  });

  it('should spell out a code it does not know rather than print it raw', () => {
    expect(labelOf(CATEGORY_LABELS, 'new_kind_of_case')).toBe('New kind of case');
    expect(indicatorText('future_indicator')).toEqual({
      label: 'Future indicator',
      description: null,
    });
    expect(labelOf(CATEGORY_LABELS, null)).toBe('Not given');
  });

  it('should never read a missing "viewed by the reporter" as "no"', () => {
    expect([true, false, undefined].map(yesNoUnknown)).toEqual(['yes', 'no', 'unknown']);
  });
});

describe('printableText', () => {
  const latinAndCyrillic = (cp: number) => cp < 0x0530;

  it('should keep what the font draws and name each other character by its code point', () => {
    expect(printableText('Zoë – 東京', (cp) => cp !== 0x6771 && cp !== 0x4eac)).toBe(
      'Zoë – [U+6771][U+4EAC]',
    );
    expect(printableText('Москва', latinAndCyrillic)).toBe('Москва');
  });

  it('should compose combining marks and show invisible controls', () => {
    expect(printableText('Zoe\u0308', latinAndCyrillic)).toBe('Zoë');
    expect(printableText('a\u202Eb\u0007c\r\nd\te', latinAndCyrillic)).toBe(
      'a[U+202E]b[U+0007]c\nd e',
    );
  });
});
