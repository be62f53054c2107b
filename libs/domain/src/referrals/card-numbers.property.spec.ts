import fc from 'fast-check';
import {
  ARN_SPELLINGS,
  CARD_CONTEXTS,
  CARD_KINDS,
  CARD_SPELLINGS,
  IBAN_SPELLINGS,
  PHONE_COUNTRIES,
  PHONE_SPELLINGS,
  randomArn,
  randomCard,
  randomIban,
  randomMid,
  randomPhone,
  seeded,
} from '../../../../bench/lib/pan-samples';
import { locateCardNumbers } from './card-fields';
import { findCardNumbers } from './card-numbers';
import { cardShapedBrand, isValidMerchantIdField, maskCardShaped } from './card-shaped-identifiers';
import { toAsciiDigits } from './unicode-text';

/**
 * The two invariants of the card-number rule (`npm run pan:eval` measures the
 * same on a fixed seed): no card number under any spelling is kept in clear,
 * and no valid structured identifier is refused.
 */
const RUNS = { numRuns: 2000 };
const seed = fc.integer({ min: 1, max: 2 ** 31 - 1 });

function midBody(mid: string) {
  return { merchant: { merchantIds: [{ acquirerId: '412345', mid }] } };
}

describe('card numbers (property)', () => {
  it('should refuse every card number of every brand and length under every spelling and place', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CARD_KINDS),
        fc.constantFrom(...Object.keys(CARD_SPELLINGS)),
        fc.constantFrom(...Object.keys(CARD_CONTEXTS)),
        seed,
        (kind, spelling, place, s) => {
          const random = seeded(s);
          const card = randomCard(random, kind);
          const text = CARD_CONTEXTS[place](random, CARD_SPELLINGS[spelling](random, card));
          const found = findCardNumbers(text);
          expect(found.map((f) => f.digits)).toContain(card);
          expect(locateCardNumbers({ note: text })).toEqual([
            { path: 'note', brand: found[0].brand },
          ]);
        },
      ),
      RUNS,
    );
  });

  it('should never keep a card number sent as a merchant id in clear', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CARD_KINDS),
        fc.constantFrom(...Object.keys(CARD_SPELLINGS)),
        seed,
        (kind, spelling, s) => {
          const random = seeded(s);
          const card = randomCard(random, kind);
          const mid = CARD_SPELLINGS[spelling](random, card);
          if (locateCardNumbers(midBody(mid), isValidMerchantIdField).length > 0) return;
          // Accepted as a merchant id: what is stored is the masked form.
          expect(cardShapedBrand(mid)).not.toBeNull();
          expect(toAsciiDigits(maskCardShaped(mid)).replace(/[^0-9]/g, '')).not.toContain(card);
        },
      ),
      RUNS,
    );
  });

  it('should accept every valid merchant id in its field, ARN, phone number and IBAN', () => {
    fc.assert(
      fc.property(
        seed,
        fc.constantFrom(...Object.keys(ARN_SPELLINGS)),
        fc.constantFrom(...Object.keys(PHONE_SPELLINGS)),
        fc.constantFrom(...PHONE_COUNTRIES),
        fc.constantFrom(...Object.keys(IBAN_SPELLINGS)),
        (s, arnSpelling, phoneSpelling, country, ibanSpelling) => {
          const random = seeded(s);
          expect(locateCardNumbers(midBody(randomMid(random)), isValidMerchantIdField)).toEqual([]);
          const arn = ARN_SPELLINGS[arnSpelling](randomArn(random));
          const phone = PHONE_SPELLINGS[phoneSpelling](randomPhone(random, country), country);
          const iban = IBAN_SPELLINGS[ibanSpelling](randomIban(random));
          expect(findCardNumbers(`ARN ${arn}, call ${phone} or wire to ${iban}.`)).toEqual([]);
        },
      ),
      RUNS,
    );
  });
});
