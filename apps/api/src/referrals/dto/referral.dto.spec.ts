import { createValidationPipe, ValidationProblem } from '@app/common';
import { INDICATOR_CODES, maskedCardProblem } from '@app/domain';
import { Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import {
  CreateReferralDto,
  ListReferralsQueryDto,
  REFERRAL_LIMITS,
  ReferralAmountDto,
  ReferralBodyDto,
  ReferralDraftMerchantDto,
  ReferralMerchantDto,
  ReferralObservableDto,
  ReferralPageResponse,
  ReferralResponse,
  ReferralTransactionDto,
  REPORTING_DUTY_MESSAGE,
  referralCompletenessProblems,
  referralConsistencyProblems,
  UpdateReferralDto,
  type ReferralCheckInput,
} from './referral.dto';
import { amountProblem, dateProblem, latestToday, websiteProblem } from '../../shared/validation';

type Body = Record<string, unknown>;

const UNMASKED_CARD = '4111111111111111';
const SHA256 = 'AB'.repeat(32);

/** A complete referral, as a member would send it (dates fixed in the past). */
function validBody(): Body {
  return {
    category: 'commercial_csam_sale',
    indicators: ['descriptor_mismatch', 'keyword_match'],
    priority: 'P2',
    tlp: 'AMBER',
    observedFrom: '2025-11-03',
    observedTo: '2026-01-20',
    totalAmount: { value: 1250, currency: 'eur' },
    narrative: '  Card payments to a merchant whose descriptors do not match its website.  ',
    merchant: {
      legalName: ' Example Trading Ltd ',
      tradingNames: ['Example Shop'],
      descriptors: ['EXSHOP*DIGITAL 555-0100'],
      country: 'gb',
      mcc: '5815',
      acquirer: { name: 'Example Acquiring', country: 'nl', bin: '412345', ica: '12345' },
      merchantIds: [{ acquirerId: '412345', mid: '000123456789' }],
      websites: ['https://shop.example/offer', 'mirror.example', 'http://192.0.2.10/pay'],
      emails: ['sales@shop.example'],
      phones: ['+44 20 7946 0000'],
      registrationNumber: '01234567',
      taxId: 'GB123456789',
      principals: [
        {
          name: 'A. Person',
          countryOfResidence: 'cy',
          dateOfBirth: '1980-04-30',
          nationalId: 'X1',
        },
      ],
    },
    observables: [
      { type: 'url', value: 'https://shop.example/offer', publiclyAvailable: true },
      { type: 'file_hash', value: SHA256, algorithm: 'sha256', viewedByReporter: false },
      { type: 'ip', value: '192.0.2.44', event: 'purchase', seenAt: '2026-01-31T15:05:00+01:00' },
      { type: 'card', value: '411111******1111' },
    ],
    transactions: [
      { date: '2026-01-15', amount: '49.9', currency: 'EUR', rail: 'card', direction: 'inbound' },
      {
        date: '2026-01-16',
        amount: 120,
        currency: 'usd',
        rail: 'crypto',
        direction: 'outbound',
        counterparty: 'EXSHOP*DIGITAL',
      },
    ],
    acknowledgeReportingDuty: true,
  };
}

/** validBody() with `patch` applied: `{ 'merchant.country': 'XX' }`; undefined deletes the key. */
function withChanges(patch: Record<string, unknown>, base: Body = validBody()): Body {
  for (const [path, value] of Object.entries(patch)) {
    const keys = path.split('.');
    let target = base as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
    const last = keys[keys.length - 1];
    if (value === undefined) delete target[last];
    else target[last] = value;
  }
  return base;
}

async function transform<T>(body: unknown, metatype: Type<T>, type: 'body' | 'query' = 'body') {
  return (await createValidationPipe().transform(body, { type, metatype })) as T;
}

async function rejection(
  body: unknown,
  metatype: Type<unknown> = CreateReferralDto,
  type: 'body' | 'query' = 'body',
): Promise<ValidationProblem> {
  let caught: unknown;
  try {
    await transform(body, metatype, type);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ValidationProblem);
  return caught as ValidationProblem;
}

function fieldsOf(problem: ValidationProblem): string[] {
  return (problem.fieldErrors ?? []).map((error) => error.field).sort();
}

function messagesFor(problem: ValidationProblem, field: string): string[] | undefined {
  return problem.fieldErrors?.find((error) => error.field === field)?.messages;
}

/** A YYYY-MM-DD date `days` after today in the earliest time zone. */
function daysAfterLatestToday(days: number): string {
  const date = new Date(`${latestToday()}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

describe('CreateReferralDto through the validation pipe', () => {
  describe('a valid body', () => {
    it('passes a complete referral and hands back DTO instances at every level', async () => {
      const dto = await transform(validBody(), CreateReferralDto);
      expect(dto).toBeInstanceOf(CreateReferralDto);
      expect(dto.merchant).toBeInstanceOf(ReferralDraftMerchantDto);
      expect(dto.totalAmount).toBeInstanceOf(ReferralAmountDto);
      expect(dto.observables?.[0]).toBeInstanceOf(ReferralObservableDto);
      expect(dto.transactions?.[1]).toBeInstanceOf(ReferralTransactionDto);
    });

    it('converts amounts to canonical 2-decimal strings and upper-cases currency and country codes', async () => {
      const dto = await transform(validBody(), CreateReferralDto);
      expect(dto.totalAmount).toEqual({ value: '1250.00', currency: 'EUR' });
      expect(dto.transactions?.map((t) => [t.amount, t.currency])).toEqual([
        ['49.90', 'EUR'],
        ['120.00', 'USD'],
      ]);
      expect(dto.merchant?.country).toBe('GB');
      expect(dto.merchant?.acquirer?.country).toBe('NL');
      expect(dto.merchant?.principals?.[0].countryOfResidence).toBe('CY');
    });

    it('keeps dates as YYYY-MM-DD strings and converts seenAt to UTC ISO 8601', async () => {
      const dto = await transform(validBody(), CreateReferralDto);
      expect(dto.observedFrom).toBe('2025-11-03');
      expect(dto.observedTo).toBe('2026-01-20');
      expect(dto.transactions?.[0].date).toBe('2026-01-15');
      expect(dto.merchant?.principals?.[0].dateOfBirth).toBe('1980-04-30');
      expect(dto.observables?.[2].seenAt).toBe('2026-01-31T14:05:00.000Z');
    });

    it('trims text and lower-cases hexadecimal hashes', async () => {
      const dto = await transform(validBody(), CreateReferralDto);
      expect(dto.narrative).toBe(
        'Card payments to a merchant whose descriptors do not match its website.',
      );
      expect(dto.merchant?.legalName).toBe('Example Trading Ltd');
      expect(dto.observables?.[1].value).toBe(SHA256.toLowerCase());
    });

    it('passes a draft with nothing in it, and a merchant without legal name or country', async () => {
      await expect(transform({}, CreateReferralDto)).resolves.toBeInstanceOf(CreateReferralDto);
      const dto = await transform({ merchant: { websites: ['shop.example'] } }, CreateReferralDto);
      expect(dto.merchant?.websites).toEqual(['shop.example']);
    });

    it('accepts null as "unknown" for totalAmount and as "not given" for observed dates and escalation reason', async () => {
      const dto = await transform(
        withChanges({
          totalAmount: null,
          observedFrom: null,
          observedTo: null,
          escalationReason: null,
        }),
        CreateReferralDto,
      );
      expect(dto.totalAmount).toBeNull();
      expect(dto.observedFrom).toBeNull();
    });

    it('passes a P1 referral that gives its escalation reason', async () => {
      const dto = await transform(
        withChanges({
          priority: 'P1',
          escalationReason: 'Live-streamed abuse announced for tonight.',
        }),
        CreateReferralDto,
      );
      expect(dto.priority).toBe('P1');
    });

    it('accepts the largest lists and texts the limits allow', async () => {
      const body = withChanges({
        narrative: 'n'.repeat(REFERRAL_LIMITS.narrative),
        indicators: INDICATOR_CODES.slice(0, REFERRAL_LIMITS.indicators),
        observables: Array.from({ length: REFERRAL_LIMITS.observables }, (_, i) => ({
          type: 'keyword',
          value: `keyword ${i}`,
        })),
        transactions: Array.from({ length: REFERRAL_LIMITS.transactions }, () => ({
          date: '2026-01-15',
          amount: '1000000000000.00',
          currency: 'EUR',
          rail: 'wire',
          direction: 'outbound',
        })),
        'merchant.principals': Array.from({ length: 5 }, (_, i) => ({ name: `P ${i}` })),
        'merchant.websites': Array.from({ length: 50 }, (_, i) => `shop${i}.example`),
      });
      await expect(transform(body, CreateReferralDto)).resolves.toBeInstanceOf(CreateReferralDto);
    });
  });

  describe('mass assignment and hard rules', () => {
    it('refuses fields the filer must not set: status, organizationId, caseId, reference', async () => {
      const problem = await rejection(
        withChanges({ status: 'accepted', organizationId: 'x', caseId: 'y', reference: 'FCR-1' }),
      );
      expect(problem.fieldErrors).toEqual(
        [
          ['status', 'Status'],
          ['organizationId', 'Organization'],
          ['caseId', 'Case id'],
          ['reference', 'Reference'],
        ].map(([field, name]) => ({
          field,
          messages: [`${name} is not a known field`],
        })),
      );
    });

    it('refuses an item of a list of objects that is not an object (found by the fuzzer)', async () => {
      const problem = await rejection(
        withChanges({
          'merchant.principals': [[]],
          'merchant.merchantIds': [[{ acquirerId: 'A', mid: '1' }]],
          observables: [[]],
          transactions: [[], []],
        }),
      );
      expect(fieldsOf(problem)).toEqual(
        ['merchant.merchantIds', 'merchant.principals', 'observables', 'transactions'].sort(),
      );
      expect(messagesFor(problem, 'merchant.principals')).toEqual([
        'Principal 1 must be an object, not a list',
      ]);
      expect(messagesFor(problem, 'transactions')).toEqual([
        'Transaction 1, Transaction 2 must be an object, not a list',
      ]);
    });

    it('refuses an unknown field inside the merchant (merchant.status)', async () => {
      const problem = await rejection(withChanges({ 'merchant.status': 'terminated' }));
      expect(problem.fieldErrors).toEqual([
        { field: 'merchant.status', messages: ['Status is not a known field'] },
      ]);
    });

    it('has no field for a suspicious activity report (hard rule 3)', async () => {
      const problem = await rejection(withChanges({ sarFiled: true, 'merchant.sarFiled': true }));
      expect(fieldsOf(problem)).toEqual(['merchant.sarFiled', 'sarFiled']);
    });

    it('refuses an attachment-like field on an observable (hard rule 1: metadata only)', async () => {
      const body = withChanges({
        observables: [{ type: 'url', value: 'https://x.example', content: 'base64...' }],
      });
      expect(fieldsOf(await rejection(body))).toEqual(['observables[0].content']);
    });

    it('refuses an unmasked card number on observables[0].value with the masked-card message', async () => {
      const problem = await rejection(
        withChanges({ observables: [{ type: 'card', value: UNMASKED_CARD }] }),
      );
      expect(problem.fieldErrors).toEqual([
        {
          field: 'observables[0].value',
          messages: [`Observable 1 value ${maskedCardProblem(UNMASKED_CARD)}`],
        },
      ]);
      expect(JSON.stringify(problem.getResponse())).not.toContain(UNMASKED_CARD);
    });

    it.each([['4111 1111 1111 1111'], ['4111111111'], ['411111-****-1111'], ['card ending 1111']])(
      'refuses the card observable %j that is not in masked form',
      async (value) => {
        const problem = await rejection(withChanges({ observables: [{ type: 'card', value }] }));
        expect(fieldsOf(problem)).toEqual(['observables[0].value']);
      },
    );

    it('refuses acknowledgeReportingDuty: false with the legal-duty reminder', async () => {
      const problem = await rejection(withChanges({ acknowledgeReportingDuty: false }));
      expect(problem.fieldErrors).toEqual([
        {
          field: 'acknowledgeReportingDuty',
          messages: [`Acknowledgement of the reporting duty ${REPORTING_DUTY_MESSAGE}`],
        },
      ]);
    });

    it('refuses acknowledgeReportingDuty: "true" (a string is not the literal true)', async () => {
      const problem = await rejection(withChanges({ acknowledgeReportingDuty: 'true' }));
      expect(fieldsOf(problem)).toEqual(['acknowledgeReportingDuty']);
    });
  });

  describe('referral fields', () => {
    it('requires escalationReason when priority is P1, reported on escalationReason', async () => {
      const problem = await rejection(withChanges({ priority: 'P1' }));
      expect(problem.fieldErrors).toEqual([
        { field: 'escalationReason', messages: ['Escalation reason is required'] },
      ]);
    });

    it('refuses a blank escalationReason for P1', async () => {
      const problem = await rejection(withChanges({ priority: 'P1', escalationReason: '   ' }));
      expect(fieldsOf(problem)).toEqual(['escalationReason']);
    });

    it('refuses observedTo before observedFrom, reported on observedTo', async () => {
      const problem = await rejection(
        withChanges({ observedFrom: '2026-01-20', observedTo: '2026-01-19' }),
      );
      expect(problem.fieldErrors).toEqual([
        { field: 'observedTo', messages: ['Observed to must not be before observed from'] },
      ]);
    });

    it('accepts observedTo equal to observedFrom', async () => {
      const body = withChanges({ observedFrom: '2026-01-20', observedTo: '2026-01-20' });
      await expect(transform(body, CreateReferralDto)).resolves.toBeDefined();
    });

    it('refuses observation dates in the future, and accepts today everywhere on Earth', async () => {
      const problem = await rejection(
        withChanges({ observedFrom: daysAfterLatestToday(1), observedTo: daysAfterLatestToday(2) }),
      );
      expect(problem.fieldErrors).toEqual([
        { field: 'observedFrom', messages: ['Observed from must not be in the future'] },
        { field: 'observedTo', messages: ['Observed to must not be in the future'] },
      ]);
      const today = withChanges({ observedFrom: latestToday(), observedTo: latestToday() });
      await expect(transform(today, CreateReferralDto)).resolves.toBeDefined();
    });

    it.each([
      ['2026-02-30'],
      ['2026-1-5'],
      ['05/01/2026'],
      ['2026-01-05T00:00:00Z'],
      ['1899-12-31'],
    ])('refuses the observation date %j', async (date) => {
      const problem = await rejection(withChanges({ observedFrom: date, observedTo: undefined }));
      expect(fieldsOf(problem)).toEqual(['observedFrom']);
    });

    it('refuses a narrative of 20001 characters and a blank one', async () => {
      const long = await rejection(withChanges({ narrative: 'n'.repeat(20001) }));
      expect(long.fieldErrors).toEqual([
        {
          field: 'narrative',
          messages: ['Narrative must be shorter than or equal to 20000 characters'],
        },
      ]);
      expect(fieldsOf(await rejection(withChanges({ narrative: '   ' })))).toEqual(['narrative']);
    });

    it('refuses an unknown category, priority and TLP marking', async () => {
      const problem = await rejection(
        withChanges({ category: 'spam', priority: 'P0', tlp: 'WHITE' }),
      );
      expect(fieldsOf(problem)).toEqual(['category', 'priority', 'tlp']);
    });

    it('names an unknown indicator code by index, and refuses repeats and more than 30', async () => {
      const unknown = await rejection(withChanges({ indicators: ['keyword_match', 'sar_filed'] }));
      expect(unknown.fieldErrors).toEqual([
        {
          field: 'indicators',
          messages: ['Indicator 2 is not a known red-flag indicator code'],
        },
      ]);
      const repeated = await rejection(
        withChanges({ indicators: ['keyword_match', 'keyword_match'] }),
      );
      expect(messagesFor(repeated, 'indicators')).toEqual([
        'Indicators must not name the same indicator twice',
      ]);
      const tooMany = await rejection(
        withChanges({ indicators: Array.from({ length: 31 }, (_, i) => INDICATOR_CODES[i % 20]) }),
      );
      expect(messagesFor(tooMany, 'indicators')).toEqual(
        expect.arrayContaining(['Indicators must contain no more than 30 elements']),
      );
    });

    it.each([
      ['three decimals', '10.005'],
      ['zero', 0],
      ['a negative number', -5],
      ['more than one trillion', '1000000000000.01'],
      ['thousands separators', '1,000.00'],
      ['exponent notation', 1e21],
      ['a number with float noise', 0.1 + 0.2],
      ['an empty string', ''],
    ])('refuses a total amount with %s', async (_label, value) => {
      const problem = await rejection(withChanges({ totalAmount: { value, currency: 'EUR' } }));
      expect(fieldsOf(problem)).toEqual(['totalAmount.value']);
    });

    it('refuses an unknown currency and a totalAmount that is not an object', async () => {
      const problem = await rejection(
        withChanges({ totalAmount: { value: '5', currency: 'EURO' } }),
      );
      expect(problem.fieldErrors).toEqual([
        {
          field: 'totalAmount.currency',
          messages: [
            'Currency of the total must be a three-letter currency code, such as EUR',
            'Currency of the total must be at most 3 characters',
          ],
        },
      ]);
      const notObject = await rejection(withChanges({ totalAmount: '1250 EUR' }));
      expect(fieldsOf(notObject)).toEqual(['totalAmount']);
    });
  });

  describe('merchant', () => {
    it('takes null for an optional field inside the merchant, observables and transactions as left out', async () => {
      // Responses send every field, null when not known: a client may send such an object back.
      const body = withChanges({
        'merchant.mcc': null,
        'merchant.acquirer': { name: null, country: null, bin: null, ica: null },
        'merchant.registrationNumber': null,
        'merchant.principals': [{ name: 'A. Person', countryOfResidence: null, dateOfBirth: null }],
        observables: [
          {
            type: 'url',
            value: 'https://shop.example/offer',
            algorithm: null,
            event: null,
            seenAt: null,
            viewedByReporter: null,
            publiclyAvailable: null,
          },
        ],
        transactions: [
          {
            date: '2026-01-15',
            amount: '49.90',
            currency: 'EUR',
            rail: 'card',
            direction: 'inbound',
            counterparty: null,
          },
        ],
      });
      const dto = await transform(body, UpdateReferralDto);
      const stored = JSON.parse(JSON.stringify(dto)) as Body;
      const merchant = stored.merchant as Record<string, unknown>;
      expect(merchant).not.toHaveProperty('mcc');
      expect(merchant).not.toHaveProperty('registrationNumber');
      expect(merchant.acquirer).toEqual({});
      expect(merchant.principals).toEqual([{ name: 'A. Person' }]);
      expect(stored.observables).toEqual([{ type: 'url', value: 'https://shop.example/offer' }]);
      expect(stored.transactions).toEqual([
        {
          date: '2026-01-15',
          amount: '49.90',
          currency: 'EUR',
          rail: 'card',
          direction: 'inbound',
        },
      ]);
      const draft = await transform(
        { merchant: { legalName: null, country: null, websites: [] } },
        CreateReferralDto,
      );
      expect(JSON.parse(JSON.stringify(draft))).toEqual({ merchant: { websites: [] } });
    });

    it('still refuses null for a required field: the legal name and country of a complete referral', async () => {
      const problem = await rejection(
        withChanges({ 'merchant.legalName': null, 'merchant.country': null }),
        ReferralBodyDto,
      );
      expect(fieldsOf(problem)).toEqual(['merchant.country', 'merchant.legalName']);
    });

    it('refuses a country that is not ISO 3166-1 alpha-2, reported on merchant.country', async () => {
      const problem = await rejection(withChanges({ 'merchant.country': 'GBR' }));
      expect(problem.fieldErrors).toEqual([
        {
          field: 'merchant.country',
          messages: [
            'Country must be a two-letter country code, such as GB',
            'Country must be at most 2 characters',
          ],
        },
      ]);
    });

    it('refuses more than 5 principals, reported on merchant.principals', async () => {
      const problem = await rejection(
        withChanges({
          'merchant.principals': Array.from({ length: 6 }, (_, i) => ({ name: `P ${i}` })),
        }),
      );
      expect(problem.fieldErrors).toEqual([
        {
          field: 'merchant.principals',
          messages: ['Principals must contain no more than 5 elements'],
        },
      ]);
    });

    it('names the bad part of a principal: a date of birth that is not in the past', async () => {
      const problem = await rejection(
        withChanges({
          'merchant.principals': [
            { name: 'A', dateOfBirth: daysAfterLatestToday(0) },
            { name: '' },
          ],
        }),
      );
      expect(problem.fieldErrors).toEqual([
        {
          field: 'merchant.principals[0].dateOfBirth',
          messages: ['Principal 1 date of birth must be in the past'],
        },
        {
          field: 'merchant.principals[1].name',
          messages: ['Principal 2 name must be longer than or equal to 1 characters'],
        },
      ]);
    });

    it('refuses javascript: in websites and names the item by index', async () => {
      const problem = await rejection(
        withChanges({ 'merchant.websites': ['shop.example', 'javascript:alert(1)'] }),
      );
      expect(problem.fieldErrors).toEqual([
        {
          field: 'merchant.websites',
          messages: [`Website 2 ${websiteProblem('javascript:alert(1)')}`],
        },
      ]);
    });

    it.each([
      ['data:text/html,<script>alert(1)</script>'],
      ['ftp://files.example/x'],
      ['file:///etc/passwd'],
      ['vbscript:msgbox(1)'],
      ['https://user:secret@shop.example/'],
      ['//shop.example'],
      ['localhost'],
      ['https://localhost/'],
      ['localhost/admin'],
      ['not a url'],
      ['not a url/with a path'],
      ['https://shop.example/ followed by 2048 characters'],
    ])('refuses the website %j', async (label) => {
      const website = label.replace(' followed by 2048 characters', 'a'.repeat(2048));
      const problem = await rejection(withChanges({ 'merchant.websites': [website] }));
      expect(fieldsOf(problem)).toEqual(['merchant.websites']);
      expect(messagesFor(problem, 'merchant.websites')?.[0]).toMatch(/^Website 1 must/);
    });

    it.each([
      ['https://shop.example'],
      ['HTTP://Shop.Example:8080/a?b=c#d'],
      ['bücher.example'],
      ['http://[2001:db8::1]/'],
      ['www.shop.co.uk'],
    ])('accepts the website %j', async (website) => {
      const body = withChanges({ 'merchant.websites': [website] });
      await expect(transform(body, CreateReferralDto)).resolves.toBeDefined();
    });

    it('stores a scheme-less address with a path with https://, before every check', async () => {
      const body = withChanges({
        'merchant.websites': ['shop.example/offer', ' shop.example:8443/pay?x=1 ', 'shop.example'],
      });
      const dto = await transform(body, CreateReferralDto);
      expect(dto.merchant?.websites).toEqual([
        'https://shop.example/offer',
        'https://shop.example:8443/pay?x=1',
        'shop.example',
      ]);
    });

    it('names every bad e-mail and phone by index', async () => {
      const problem = await rejection(
        withChanges({
          'merchant.emails': ['ok@shop.example', 'not-an-email', 'x@'],
          'merchant.phones': ['+44 20 7946 0000', '12', 'call me', 42],
        }),
      );
      expect(fieldsOf(problem)).toEqual(['merchant.emails', 'merchant.phones']);
      expect(messagesFor(problem, 'merchant.emails')?.[0]).toMatch(
        /^E-mail address 2, E-mail address 3 must be an e-mail address/,
      );
      expect(messagesFor(problem, 'merchant.phones')?.[0]).toMatch(
        /^Phone number 2, Phone number 3 must be a phone number.*; Phone number 4 must be a string$/,
      );
    });

    it('bounds every merchant list and string', async () => {
      const problem = await rejection(
        withChanges({
          'merchant.legalName': 'x'.repeat(201),
          'merchant.tradingNames': Array.from({ length: 21 }, () => 'name'),
          'merchant.descriptors': ['d'.repeat(101)],
          'merchant.websites': Array.from({ length: 51 }, () => 'shop.example'),
          'merchant.emails': Array.from({ length: 51 }, () => 'a@shop.example'),
          'merchant.phones': Array.from({ length: 51 }, () => '+44 20 7946 0000'),
          'merchant.merchantIds': Array.from({ length: 21 }, () => ({ acquirerId: '1', mid: '2' })),
          'merchant.registrationNumber': 'r'.repeat(65),
          'merchant.taxId': 't'.repeat(65),
          'merchant.acquirer': { name: 'a'.repeat(201) },
        }),
      );
      expect(fieldsOf(problem)).toEqual(
        [
          'merchant.legalName',
          'merchant.tradingNames',
          'merchant.descriptors',
          'merchant.websites',
          'merchant.emails',
          'merchant.phones',
          'merchant.merchantIds',
          'merchant.registrationNumber',
          'merchant.taxId',
          'merchant.acquirer.name',
        ].sort(),
      );
    });

    it('checks the card-network identifiers: mcc, acquirer bin and ica, merchant ids', async () => {
      const problem = await rejection(
        withChanges({
          'merchant.mcc': '581',
          'merchant.acquirer': { bin: '12345', ica: '123456789012', country: 'XX' },
          'merchant.merchantIds': [{ acquirerId: '', mid: 'm'.repeat(65) }],
        }),
      );
      expect(problem.fieldErrors).toEqual([
        { field: 'merchant.mcc', messages: ['Merchant category code (MCC) must be 4 digits'] },
        {
          field: 'merchant.acquirer.country',
          messages: ['Acquirer’s country must be a two-letter country code, such as GB'],
        },
        { field: 'merchant.acquirer.bin', messages: ['Card BIN must be 6 to 8 digits'] },
        {
          field: 'merchant.acquirer.ica',
          messages: [
            'ICA number must be 1 to 11 digits',
            'ICA number must be at most 11 characters',
          ],
        },
        {
          field: 'merchant.merchantIds[0].acquirerId',
          messages: ['Merchant ID 1 acquirer ID must be longer than or equal to 1 characters'],
        },
        {
          field: 'merchant.merchantIds[0].mid',
          messages: ['Merchant ID 1 MID must be shorter than or equal to 64 characters'],
        },
      ]);
    });

    it('refuses a merchant that is not an object', async () => {
      const problem = await rejection(withChanges({ merchant: 'Example Trading Ltd' }));
      expect(fieldsOf(problem)).toEqual(['merchant']);
    });
  });

  describe('observables', () => {
    it('refuses 501 observables, reported on observables', async () => {
      const problem = await rejection(
        withChanges({
          observables: Array.from({ length: 501 }, () => ({ type: 'keyword', value: 'k' })),
        }),
      );
      expect(problem.fieldErrors).toEqual([
        { field: 'observables', messages: ['Observables must contain no more than 500 elements'] },
      ]);
    });

    it('requires the algorithm of a file_hash, reported on observables[1].algorithm', async () => {
      const problem = await rejection(
        withChanges({
          observables: [
            { type: 'url', value: 'https://shop.example' },
            { type: 'file_hash', value: SHA256 },
          ],
        }),
      );
      expect(problem.fieldErrors).toEqual([
        { field: 'observables[1].algorithm', messages: ['Observable 2 algorithm is required'] },
      ]);
    });

    it('refuses an algorithm on an observable that is not a file_hash', async () => {
      const problem = await rejection(
        withChanges({
          observables: [{ type: 'url', value: 'https://x.example', algorithm: 'md5' }],
        }),
      );
      expect(problem.fieldErrors).toEqual([
        {
          field: 'observables[0].algorithm',
          messages: ['Observable 1 algorithm is only allowed when type is file_hash'],
        },
      ]);
    });

    it('refuses an event on an observable that is not an ip, and an unknown event', async () => {
      const problem = await rejection(
        withChanges({
          observables: [
            { type: 'email', value: 'a@shop.example', event: 'login' },
            { type: 'ip', value: '192.0.2.1', event: 'hack' },
          ],
        }),
      );
      expect(problem.fieldErrors).toEqual([
        {
          field: 'observables[0].event',
          messages: ['Observable 1 event is only allowed when type is ip'],
        },
        {
          field: 'observables[1].event',
          messages: [
            expect.stringMatching(
              /^Observable 2 event must be one of the following values/,
            ) as string,
          ],
        },
      ]);
    });

    it.each([
      ['md5', 32, '31 hex digits', 'a'.repeat(31)],
      ['sha1', 40, '41 hex digits', 'a'.repeat(41)],
      ['sha256', 64, 'non-hex letters', 'g'.repeat(64)],
      ['pdq', 64, '63 hex digits', 'a'.repeat(63)],
    ])(
      'refuses a %s hash that is not %i hexadecimal digits (%s)',
      async (algorithm, length, _label, value) => {
        const problem = await rejection(
          withChanges({ observables: [{ type: 'file_hash', algorithm, value }] }),
        );
        expect(problem.fieldErrors).toEqual([
          {
            field: 'observables[0].value',
            messages: [
              `Observable 1 value must be ${length} hexadecimal characters for a ${algorithm} hash`,
            ],
          },
        ]);
      },
    );

    it('accepts a photodna_ref of any form and an md5 hash in upper case', async () => {
      const dto = await transform(
        withChanges({
          observables: [
            { type: 'file_hash', algorithm: 'photodna_ref', value: 'PDNA-REF:2026/0001' },
            { type: 'file_hash', algorithm: 'md5', value: 'D41D8CD98F00B204E9800998ECF8427E' },
          ],
        }),
        CreateReferralDto,
      );
      expect(dto.observables?.map((o) => o.value)).toEqual([
        'PDNA-REF:2026/0001',
        'd41d8cd98f00b204e9800998ecf8427e',
      ]);
    });

    it('refuses an unknown type, an empty or over-long value and non-boolean flags', async () => {
      const problem = await rejection(
        withChanges({
          observables: [
            { type: 'image', value: 'x' },
            { type: 'keyword', value: '' },
            { type: 'url', value: `https://x.example/${'a'.repeat(2048)}` },
            {
              type: 'url',
              value: 'https://x.example',
              viewedByReporter: 'no',
              publiclyAvailable: 1,
            },
          ],
        }),
      );
      expect(fieldsOf(problem)).toEqual([
        'observables[0].type',
        'observables[1].value',
        'observables[2].value',
        'observables[3].publiclyAvailable',
        'observables[3].viewedByReporter',
      ]);
    });

    it.each([
      ['without a time zone', '2026-01-31T14:05:00'],
      ['on a day that does not exist', '2026-02-30T14:05:00Z'],
      ['in the future', new Date(Date.now() + 24 * 3600 * 1000).toISOString()],
      ['as a date only', '2026-01-31'],
    ])('refuses seenAt %s', async (_label, seenAt) => {
      const problem = await rejection(
        withChanges({ observables: [{ type: 'ip', value: '192.0.2.1', seenAt }] }),
      );
      expect(fieldsOf(problem)).toEqual(['observables[0].seenAt']);
    });

    it('refuses an observable that is null', async () => {
      const problem = await rejection(withChanges({ observables: [null] }));
      expect(fieldsOf(problem)).toEqual(['observables[0]']);
    });
  });

  describe('transactions', () => {
    it('refuses an unknown currency, reported on transactions[0].currency', async () => {
      const problem = await rejection(
        withChanges({
          transactions: [
            {
              date: '2026-01-15',
              amount: '10',
              currency: 'ABC',
              rail: 'card',
              direction: 'inbound',
            },
          ],
        }),
      );
      expect(problem.fieldErrors).toEqual([
        {
          field: 'transactions[0].currency',
          messages: ['Transaction 1 currency must be a three-letter currency code, such as EUR'],
        },
      ]);
    });

    it('names every bad part of a transaction', async () => {
      const problem = await rejection(
        withChanges({
          transactions: [
            {
              date: daysAfterLatestToday(1),
              amount: '-1',
              currency: 'EUR',
              rail: 'cash',
              direction: 'sideways',
              counterparty: 'c'.repeat(201),
            },
            {},
          ],
        }),
      );
      expect(fieldsOf(problem)).toEqual([
        'transactions[0].amount',
        'transactions[0].counterparty',
        'transactions[0].date',
        'transactions[0].direction',
        'transactions[0].rail',
        'transactions[1].amount',
        'transactions[1].currency',
        'transactions[1].date',
        'transactions[1].direction',
        'transactions[1].rail',
      ]);
      expect(messagesFor(problem, 'transactions[1].date')).toEqual([
        'Transaction 2 date is required',
      ]);
    });

    it('refuses 1001 transactions', async () => {
      const transaction = {
        date: '2026-01-15',
        amount: '1',
        currency: 'EUR',
        rail: 'card',
        direction: 'inbound',
      };
      const problem = await rejection(
        withChanges({ transactions: Array.from({ length: 1001 }, () => ({ ...transaction })) }),
      );
      expect(problem.fieldErrors).toEqual([
        {
          field: 'transactions',
          messages: ['Transactions must contain no more than 1000 elements'],
        },
      ]);
    });
  });

  it('reports every bad field of one body at once', async () => {
    const problem = await rejection(
      withChanges({
        priority: 'P1',
        'merchant.country': 'XX',
        observables: [{ type: 'card', value: UNMASKED_CARD }],
        acknowledgeReportingDuty: false,
      }),
    );
    expect(fieldsOf(problem)).toEqual([
      'acknowledgeReportingDuty',
      'escalationReason',
      'merchant.country',
      'observables[0].value',
    ]);
  });
});

describe('ReferralBodyDto (a complete referral)', () => {
  it('passes the complete body, with a merchant that has legal name and country', async () => {
    const dto = await transform(validBody(), ReferralBodyDto);
    expect(dto.merchant).toBeInstanceOf(ReferralMerchantDto);
  });

  it('requires category, indicators, narrative, merchant and the reporting-duty acknowledgement', async () => {
    const problem = await rejection({}, ReferralBodyDto);
    expect(problem.fieldErrors).toEqual(
      [
        ['category', 'Category'],
        ['indicators', 'Indicators'],
        ['narrative', 'Narrative'],
        ['merchant', 'Merchant'],
        ['acknowledgeReportingDuty', 'Acknowledgement of the reporting duty'],
      ].map(([field, name]) => ({ field, messages: [`${name} is required`] })),
    );
  });

  it("requires the merchant's legal name and country", async () => {
    const problem = await rejection(
      withChanges({ merchant: { tradingNames: [] } }),
      ReferralBodyDto,
    );
    expect(fieldsOf(problem)).toEqual(['merchant.country', 'merchant.legalName']);
  });

  it('still allows an empty indicator list (completeness is checked at submit)', async () => {
    await expect(
      transform(withChanges({ indicators: [] }), ReferralBodyDto),
    ).resolves.toBeDefined();
  });
});

describe('UpdateReferralDto (PATCH of a draft)', () => {
  it('passes an empty change and a change of one field', async () => {
    await expect(transform({}, UpdateReferralDto)).resolves.toBeInstanceOf(UpdateReferralDto);
    const dto = await transform({ tlp: 'RED' }, UpdateReferralDto);
    expect(dto).toEqual(Object.assign(new UpdateReferralDto(), { tlp: 'RED' }));
  });

  it('applies the same field rules as create', async () => {
    const problem = await rejection(
      { acknowledgeReportingDuty: false, merchant: { status: 'x' }, priority: 'P1' },
      UpdateReferralDto,
    );
    expect(fieldsOf(problem)).toEqual([
      'acknowledgeReportingDuty',
      'escalationReason',
      'merchant.status',
    ]);
  });

  it('refuses null for a field that cannot be cleared (category)', async () => {
    const problem = await rejection({ category: null }, UpdateReferralDto);
    expect(fieldsOf(problem)).toEqual(['category']);
  });
});

describe('ListReferralsQueryDto', () => {
  it('accepts a known status with paging', async () => {
    const query = await transform(
      { status: 'submitted', limit: '20' },
      ListReferralsQueryDto,
      'query',
    );
    expect(query).toEqual(
      Object.assign(new ListReferralsQueryDto(), { status: 'submitted', limit: 20 }),
    );
  });

  it('refuses an unknown status', async () => {
    const problem = await rejection({ status: 'triage' }, ListReferralsQueryDto, 'query');
    expect(fieldsOf(problem)).toEqual(['status']);
  });
});

describe('referralCompletenessProblems (before submit)', () => {
  const complete = (): ReferralCheckInput => ({
    category: 'other',
    indicators: ['keyword_match'],
    priority: 'P3',
    narrative: 'What was seen.',
    merchant: { legalName: 'Example Trading Ltd', country: 'GB' },
    acknowledgeReportingDuty: true,
  });

  it('finds nothing missing in a complete referral', () => {
    expect(referralCompletenessProblems(complete())).toEqual([]);
  });

  it('lists everything an empty draft lacks, in body order', () => {
    expect(referralCompletenessProblems({})).toEqual([
      { field: 'category', messages: ['is required before the referral can be submitted'] },
      {
        field: 'indicators',
        messages: [
          'must name at least one red-flag indicator before the referral can be submitted',
        ],
      },
      { field: 'narrative', messages: ['is required before the referral can be submitted'] },
      { field: 'merchant', messages: ['is required before the referral can be submitted'] },
      {
        field: 'acknowledgeReportingDuty',
        messages: [REPORTING_DUTY_MESSAGE],
      },
    ]);
  });

  it('treats stored nulls and blank text as missing', () => {
    const problems = referralCompletenessProblems({
      category: null,
      indicators: null,
      narrative: '  ',
      merchant: null,
      acknowledgeReportingDuty: null,
    });
    expect(problems.map((p) => p.field)).toEqual([
      'category',
      'indicators',
      'narrative',
      'merchant',
      'acknowledgeReportingDuty',
    ]);
  });

  it('requires at least one indicator', () => {
    expect(referralCompletenessProblems({ ...complete(), indicators: [] })).toEqual([
      {
        field: 'indicators',
        messages: [
          'must name at least one red-flag indicator before the referral can be submitted',
        ],
      },
    ]);
  });

  it("requires the merchant's legal name and country, by their body paths", () => {
    const problems = referralCompletenessProblems({
      ...complete(),
      merchant: { legalName: ' ', country: null },
    });
    expect(problems.map((p) => p.field)).toEqual(['merchant.legalName', 'merchant.country']);
  });

  it('requires escalationReason only when priority is P1', () => {
    expect(referralCompletenessProblems({ ...complete(), priority: 'P1' })).toEqual([
      { field: 'escalationReason', messages: ['is required when priority is P1'] },
    ]);
    expect(
      referralCompletenessProblems({ ...complete(), priority: 'P1', escalationReason: 'Urgent.' }),
    ).toEqual([]);
    expect(referralCompletenessProblems({ ...complete(), priority: 'P2' })).toEqual([]);
  });

  it('accepts only the literal true as the reporting-duty acknowledgement', () => {
    for (const value of [false, null, undefined]) {
      expect(
        referralCompletenessProblems({ ...complete(), acknowledgeReportingDuty: value }),
      ).toEqual([{ field: 'acknowledgeReportingDuty', messages: [REPORTING_DUTY_MESSAGE] }]);
    }
  });

  it('accepts a validated create body once it is complete', async () => {
    const dto = await transform(validBody(), CreateReferralDto);
    expect(referralCompletenessProblems(dto)).toEqual([]);
  });
});

describe('referralConsistencyProblems (a draft merged with a PATCH)', () => {
  it('refuses observedTo before observedFrom on observedTo', () => {
    expect(
      referralConsistencyProblems({ observedFrom: '2026-01-20', observedTo: '2026-01-19' }),
    ).toEqual([{ field: 'observedTo', messages: ['observedTo must not be before observedFrom'] }]);
  });

  it('accepts ordered, equal or missing dates', () => {
    expect(
      referralConsistencyProblems({ observedFrom: '2026-01-19', observedTo: '2026-01-20' }),
    ).toEqual([]);
    expect(
      referralConsistencyProblems({ observedFrom: '2026-01-20', observedTo: '2026-01-20' }),
    ).toEqual([]);
    expect(referralConsistencyProblems({ observedFrom: null, observedTo: '2026-01-20' })).toEqual(
      [],
    );
  });
});

describe('field rules', () => {
  it('dateProblem: "today" is today in UTC+14, so a filer anywhere may give their own today', () => {
    const now = new Date('2026-03-10T12:00:00Z'); // already 2026-03-11 in UTC+14
    expect(dateProblem('2026-03-11', 'not_future', now)).toBeNull();
    expect(dateProblem('2026-03-12', 'not_future', now)).toBe('must not be in the future');
    expect(dateProblem('2026-03-11', 'past', now)).toBe('must be in the past');
    expect(dateProblem('2026-03-10', 'past', now)).toBeNull();
  });

  it('amountProblem: accepts exactly one trillion and refuses one cent more', () => {
    expect(amountProblem('1000000000000')).toBeNull();
    expect(amountProblem(1e12)).toBeNull();
    expect(amountProblem('1000000000000.01')).not.toBeNull();
    expect(amountProblem('0.01')).toBeNull();
    expect(amountProblem('0.00')).not.toBeNull();
  });
});

describe('OpenAPI document', () => {
  @Module({})
  class EmptyModule {}

  let schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }>;

  beforeAll(async () => {
    const app = await NestFactory.create(EmptyModule, new FastifyAdapter(), { logger: false });
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build(), {
      extraModels: [
        ReferralBodyDto,
        CreateReferralDto,
        UpdateReferralDto,
        ListReferralsQueryDto,
        ReferralResponse,
        ReferralPageResponse,
      ],
    });
    schemas = document.components?.schemas as typeof schemas;
    await app.close();
  });

  it.each(
    [
      ReferralBodyDto,
      CreateReferralDto,
      UpdateReferralDto,
      ReferralMerchantDto,
      ReferralDraftMerchantDto,
      ReferralObservableDto,
      ReferralTransactionDto,
      ReferralAmountDto,
    ].map((dto: Type<unknown>) => [dto.name, dto] as const),
  )('documents every validated field of %s', (_name, dto) => {
    const validated = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, '', true, false)
        .map((metadata) => metadata.propertyName),
    );
    expect(Object.keys(schemas[dto.name].properties ?? {}).sort()).toEqual([...validated].sort());
  });

  it('documents exactly the fields of a referral response, and no case id', () => {
    expect(Object.keys(schemas.ReferralResponse.properties ?? {}).sort()).toEqual(
      [
        'id',
        'reference',
        'status',
        'organizationId',
        'createdBy',
        'category',
        'indicators',
        'priority',
        'escalationReason',
        'tlp',
        'observedFrom',
        'observedTo',
        'totalAmount',
        'narrative',
        'merchant',
        'observables',
        'transactions',
        'acknowledgeReportingDuty',
        'otherMembersFlagging',
        'holds',
        'agencyOutcomes',
        'submittedAt',
        'createdAt',
        'updatedAt',
      ].sort(),
    );
    expect(JSON.stringify(schemas)).not.toMatch(/caseId/);
  });

  it('marks the fields that can be null as nullable, and the merchant secrets as masked', () => {
    const referral = schemas.ReferralResponse.properties ?? {};
    for (const field of ['totalAmount', 'otherMembersFlagging', 'merchant', 'submittedAt']) {
      expect(referral[field].nullable).toBe(true);
    }
    expect(schemas.ReferralMerchantResponse.properties?.taxId.description).toMatch(/Masked/);
    expect(schemas.ReferralPrincipalResponse.properties?.nationalId.description).toMatch(/Masked/);
    expect(Object.keys(schemas.ReferralPageResponse.properties ?? {}).sort()).toEqual([
      'items',
      'nextCursor',
    ]);
  });
});
