import { PDF_PRODUCERS, textPdf } from '../../../../bench/lib/pdf-samples';
import {
  ARN_SPELLINGS,
  IBAN_SPELLINGS,
  PHONE_SPELLINGS,
  randomArn,
  randomIban,
  randomPhone,
  seeded,
} from '../../../../bench/lib/pan-samples';
import { screenDocument } from './document-screening';

/**
 * The upload route's decision on PDFs whose text is split into runs the way
 * real producers write it: the extracted runs must join back into the number.
 */
describe('screenDocument on text-only PDFs', () => {
  const random = seeded(7);

  it.each(PDF_PRODUCERS)(
    'should refuse a card number written across lines, in groups, with %s',
    async (producer) => {
      const text = 'Statement extract\nCard used:\t4111 1111\n1111 1111\nthen refunded';
      expect(await screenDocument(textPdf(random, producer, text), 'statement.pdf')).toEqual({
        accepted: false,
        cardBrand: 'Visa',
      });
    },
  );

  it.each(PDF_PRODUCERS)(
    'should refuse a card number in full-width digits, shown by a CID font, with %s',
    async (producer) => {
      const text =
        'Card: \uff15\uff15\uff15\uff15 \uff15\uff15\uff15\uff15 \uff15\uff15\uff15\uff15 \uff14\uff14\uff14\uff14';
      expect(await screenDocument(textPdf(random, producer, text), 'statement.pdf')).toEqual({
        accepted: false,
        cardBrand: 'Mastercard',
      });
    },
  );

  it.each(PDF_PRODUCERS)(
    'should store a statement of ARNs, IBANs, phones and amounts written with %s',
    async (producer) => {
      const text = [
        `Chargeback, ARN ${ARN_SPELLINGS['1-6-4-11-1'](randomArn(random))}.`,
        `Wire to ${IBAN_SPELLINGS['groups of 4'](randomIban(random))} on 2024-03-01.`,
        `Call ${PHONE_SPELLINGS['E.164 spaced'](randomPhone(random, 'GB'), 'GB')} about 1,234.56 EUR.`,
      ].join('\n');
      expect(await screenDocument(textPdf(random, producer, text), 'statement.pdf')).toEqual({
        accepted: true,
        type: 'application/pdf',
      });
    },
  );
});
