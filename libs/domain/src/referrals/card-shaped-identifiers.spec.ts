import { cardShapedBrand, isValidMerchantIdField, maskCardShaped } from './card-shaped-identifiers';
import { matchingKeys } from './matching-keys';

describe('card-shaped identifiers', () => {
  it('should name the brand of a merchant id that is also a card number, however it is spaced', () => {
    expect(cardShapedBrand('378282246310005')).toBe('American Express');
    expect(cardShapedBrand('3782 822463 10005')).toBe('American Express');
    expect(cardShapedBrand('3782-822463-10005')).toBe('American Express');
    expect(cardShapedBrand('100000000000009')).toBeNull(); // Luhn-valid, no brand prefix
    expect(cardShapedBrand('000123456789')).toBeNull();
  });

  it('should mask to the first six and last four characters', () => {
    expect(maskCardShaped('378282246310005')).toBe('378282*****0005');
    expect(maskCardShaped('3782 822463 10005')).toBe('378282*****0005');
  });

  it('should treat only a valid merchant id in a merchant-id field as an identifier', () => {
    expect(isValidMerchantIdField('merchant.merchantIds[3].mid', '378282246310005')).toBe(true);
    expect(isValidMerchantIdField('merchant.merchantIds[3].acquirerId', '378282246310005')).toBe(
      false,
    );
    expect(isValidMerchantIdField('narrative', '378282246310005')).toBe(false);
    expect(isValidMerchantIdField('merchant.merchantIds[0].mid', 'not a mid!')).toBe(false);
  });

  it('should match a masked merchant id by its keyed hashes, not by the masked form', () => {
    const keys = matchingKeys({
      legalName: 'Shop',
      country: 'GB',
      merchantIds: [
        { acquirerId: '0412345', mid: '378282*****0005', midHashes: ['k2:aa11', 'k1:bb22'] },
      ],
    }).filter((key) => key.kind === 'merchant_id');
    expect(keys).toEqual([
      { kind: 'merchant_id', value: '412345:#k1:bb22' },
      { kind: 'merchant_id', value: '412345:#k2:aa11' },
    ]);
  });
});
