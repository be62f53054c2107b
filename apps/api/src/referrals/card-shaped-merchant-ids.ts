import {
  type AppConfig,
  CardNumberHasher,
  parseCardHashKeys,
  ValidationProblem,
} from '@app/common';
import { cardShapedBrand, maskCardShaped, normalizeMerchantId } from '@app/domain';
import type { StoredMerchant } from '@app/persistence';
import type { MerchantInput } from './referral-input';

type StoredIds = NonNullable<StoredMerchant['merchantIds']>;

/**
 * Merchant ids that are also shaped like a card number are accepted (a MID is
 * what matching runs on) but stored only masked, with their keyed hashes
 * (card-shaped-identifiers.ts in the domain library). The clear value lives
 * only in the request being handled.
 */
export class CardShapedMerchantIds {
  private readonly hasher: CardNumberHasher | null;

  constructor(config: AppConfig) {
    const keys = config.get('CARD_HASH_KEYS');
    this.hasher = keys ? new CardNumberHasher(parseCardHashKeys(keys)) : null;
  }

  /**
   * The merchant ids as stored. A masked id sent back unchanged (a client
   * editing other fields returns what it was shown) keeps its stored hashes.
   */
  protect(ids: MerchantInput['merchantIds'], stored: StoredIds | undefined): StoredIds | undefined {
    if (ids === undefined) return undefined;
    return ids.map((id, index) => {
      const kept = stored?.find(
        (old) => old.midHashes && old.acquirerId === id.acquirerId && old.mid === id.mid,
      );
      if (kept) return kept;
      const brand = cardShapedBrand(id.mid);
      if (brand === null) return { acquirerId: id.acquirerId, mid: id.mid };
      // Hashed without separators, so `3712-345678-90123` and `371234567890123` still match.
      const key = normalizeMerchantId(id.acquirerId, id.mid.replace(/[^\p{L}\p{N}]/gu, ''));
      if (this.hasher === null || key === null) {
        throw ValidationProblem.field(
          `merchant.merchantIds[${index}].mid`,
          `looks like a ${brand} card number and cannot be kept masked here; send the merchant id as the acquirer issued it, or its masked form ${maskCardShaped(id.mid)}`,
        );
      }
      return {
        acquirerId: id.acquirerId,
        mid: maskCardShaped(id.mid),
        midHashes: this.hasher.hashes(key),
      };
    });
  }
}
