import { searchTerms } from './search-terms';

describe('search terms', () => {
  it('should read a reference, whole or begun, and nothing else', () => {
    expect(searchTerms(' fcr-2026-000123 ')).toEqual({
      text: 'fcr-2026-000123',
      reference: 'FCR-2026-000123',
      keys: [],
      merchantId: null,
      name: null,
    });
    expect(searchTerms('CASE-2026-00').reference).toBe('CASE-2026-00');
    expect(searchTerms('dsp-').reference).toBe('DSP-');
  });

  it('should read identifiers exactly as intake keys them', () => {
    expect(searchTerms('https://www.Shop.Example/offer').keys).toEqual([
      { kind: 'domain', value: 'shop.example' },
    ]);
    expect(searchTerms('Sales@Shop.Example').keys).toEqual([
      { kind: 'email', value: 'sales@shop.example' },
    ]);
    expect(searchTerms('+44 20 7946 0958').keys).toEqual([
      { kind: 'phone', value: '+442079460958' },
    ]);
    expect(searchTerms('0x52908400098527886E0F7030069857D2E4169EE7').keys).toContainEqual({
      kind: 'wallet',
      value: '0x52908400098527886e0f7030069857d2e4169ee7',
    });
    expect(searchTerms('00123:mid 42x'.replace(' ', '')).keys).toContainEqual({
      kind: 'merchant_id',
      value: '123:MID42X',
    });
  });

  it('should read a merchant id typed alone, for any acquirer', () => {
    expect(searchTerms('mid-778899').merchantId).toBe('MID-778899');
    expect(searchTerms('Pixel Harbor').merchantId).toBeNull();
  });

  it('should read a name as the legal-name key reads it (suffixes and case dropped)', () => {
    expect(searchTerms('Pixel Harbour Media Ltd').name).toBe('pixel harbour media');
    expect(searchTerms('ab').name).toBeNull();
    expect(searchTerms('Pixel Harbor').keys).toEqual([]);
  });
});
