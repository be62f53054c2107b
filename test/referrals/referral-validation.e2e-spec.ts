import type { Role } from '@app/domain';
import { signedInUser, type Session } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { startTestApi, type TestApi } from '../support/test-app';

interface FieldProblem {
  field: string;
  messages: string[];
}

/**
 * POST /referrals/validation: the console checks a referral body as the filer
 * types, with the API's own rules and messages, and nothing is filed.
 */
describe('Referral validation (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-referral-validation`,
      // Small, so a test can show that validating does not use up the filing budget.
      RATE_LIMIT_FILING_PER_MINUTE: '2',
    });
  });
  afterAll(() => api.close());

  const validate = (s: Session, body: unknown, stage?: string) => {
    const req = api.http.post('/api/v1/referrals/validation').set(s.auth);
    return (stage ? req.query({ stage }) : req).send(body as object);
  };
  const fields = (body: { errors?: FieldProblem[] }) =>
    Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.messages]));
  const officer = () => signedInUser(api.dataSource, api.http, 'member_reporter');

  /** Rows the call could have written: the caller's referrals, idempotency records, audit events. */
  const footprint = async (userId: string) => {
    const rows: { n: number }[][] = await Promise.all([
      api.dataSource.query('SELECT count(*)::int AS n FROM referrals WHERE created_by = $1', [
        userId,
      ]),
      api.dataSource.query(
        'SELECT count(*)::int AS n FROM idempotency_records WHERE user_id = $1',
        [userId],
      ),
      api.dataSource.query('SELECT count(*)::int AS n FROM audit_events WHERE actor_user_id = $1', [
        userId,
      ]),
    ]);
    return rows.map((r) => r[0].n);
  };

  it('should answer 204 for a valid complete body, and for an empty draft', async () => {
    const { session } = await officer();
    const complete = await validate(session, referralBody());
    expect(complete.status).toBe(204);
    expect(complete.text).toBe('');
    await validate(session, {}).expect(204);
    await validate(session, referralBody(), 'submit').expect(204);
  });

  it('should name every bad field with the messages the create route gives', async () => {
    const { session } = await officer();
    const body = referralBody({
      priority: 'P9',
      observedFrom: '2026-02-30',
      merchant: {
        legalName: 'Example Ltd',
        country: 'Britain',
        mcc: '58',
        websites: ['https://ok.example', 'javascript:alert(1)'],
        acquirer: { bin: '12' },
      },
      observables: [
        { type: 'url', value: 'https://ok.example/x' },
        { type: 'file_hash', value: 'abc', algorithm: 'sha256' },
      ],
      transactions: [{ date: '2026-01-02', amount: '-5', currency: 'EURO', rail: 'card' }],
    });
    const res = await validate(session, body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    const problems = fields(res.body);
    expect(Object.keys(problems).sort()).toEqual(
      [
        'priority',
        'observedFrom',
        'merchant.country',
        'merchant.mcc',
        'merchant.websites',
        'merchant.acquirer.bin',
        'observables[1].value',
        'transactions[0].amount',
        'transactions[0].currency',
        'transactions[0].direction',
      ].sort(),
    );
    expect(problems['merchant.country']).toEqual([
      'Country must be a two-letter country code, such as GB',
      'Country must be at most 2 characters',
    ]);
    expect(problems['merchant.mcc']).toEqual(['Merchant category code (MCC) must be 4 digits']);
    expect(problems['merchant.websites'][0]).toMatch(
      /^Website 2 must be a web address such as shop.example/,
    );
    expect(problems['observables[1].value']).toEqual([
      'Observable 2 value must be 64 hexadecimal characters for a sha256 hash',
    ]);
    expect(problems['transactions[0].direction']).toEqual(['Transaction 1 direction is required']);

    // The create route refuses the same body with the same problem.
    const created = await api.http.post('/api/v1/referrals').set(session.auth).send(body);
    expect(created.status).toBe(400);
    expect(fields(created.body)).toEqual(problems);
  });

  it('should name each field by its label in the message, and keep the machine pointer in field', async () => {
    const { session } = await officer();
    const res = await validate(
      session,
      referralBody({
        merchant: {
          legalName: 'Example Ltd',
          country: 'Britain',
          websites: ['javascript:alert(1)'],
          acquirer: { country: 'XX' },
        },
      }),
    );
    expect(res.status).toBe(400);
    const errors = res.body.errors as FieldProblem[];
    expect(errors).toEqual(
      expect.arrayContaining([
        {
          field: 'merchant.websites',
          messages: [
            'Website 1 must be a web address such as shop.example or https://shop.example/offer',
          ],
        },
        {
          field: 'merchant.country',
          messages: expect.arrayContaining([
            'Country must be a two-letter country code, such as GB',
          ]) as string[],
        },
        {
          field: 'merchant.acquirer.country',
          messages: ['Acquirer’s country must be a two-letter country code, such as GB'],
        },
      ]),
    );
    // No message speaks in pointers or standards' numbers.
    const words = errors.flatMap((e) => e.messages).join(' ');
    expect(words).not.toMatch(/websites\[0\]|ISO 3166|merchant\./);
  });

  it('should refuse a full card number with the message asking for the masked form', async () => {
    const { session } = await officer();
    const res = await validate(
      session,
      referralBody({ observables: [{ type: 'card', value: '4111 1111 1111 1111' }] }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        field: 'observables[0].value',
        messages: [
          'looks like a Visa card number in Observable 1 value; send only the BIN (first 6) and last 4 digits with asterisks between, e.g. 411111******1111',
        ],
      },
    ]);
    expect(res.text).not.toContain('4111 1111 1111 1111');
  });

  it('should run the submit checks only for stage=submit', async () => {
    const { session } = await officer();
    const draft = {
      priority: 'P1',
      escalationReason: 'Payments are continuing today.',
      merchant: { tradingNames: ['Shop'] },
    };
    await validate(session, draft).expect(204);
    await validate(session, draft, 'draft').expect(204);
    const res = await validate(session, draft, 'submit');
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('The referral is not complete enough to submit; see errors.');
    expect(fields(res.body)).toEqual({
      category: ['Category is required before the referral can be submitted'],
      indicators: [
        'Indicators must name at least one red-flag indicator before the referral can be submitted',
      ],
      narrative: ['Narrative is required before the referral can be submitted'],
      'merchant.legalName': ['Legal name is required before the referral can be submitted'],
      'merchant.country': ['Country is required before the referral can be submitted'],
      acknowledgeReportingDuty: [
        'Acknowledgement of the reporting duty must be true: a referral does not replace your own legal duty to report',
      ],
    });
  });

  it('should refuse an acknowledgement that is not true, and an unknown stage', async () => {
    const { session } = await officer();
    const ack = await validate(session, { acknowledgeReportingDuty: false });
    expect(ack.status).toBe(400);
    expect(fields(ack.body)).toEqual({
      acknowledgeReportingDuty: [
        'Acknowledgement of the reporting duty must be true: a referral does not replace your own legal duty to report',
      ],
    });
    const stage = await validate(session, {}, 'final');
    expect(stage.status).toBe(400);
    expect(fields(stage.body)).toEqual({ stage: ["Stage must be 'draft' or 'submit'"] });
  });

  it('should store nothing and write no audit event, valid or not', async () => {
    const { user, session } = await officer();
    const before = await footprint(user.id);
    await validate(session, referralBody()).expect(204);
    await validate(session, referralBody(), 'submit').expect(204);
    await validate(session, { narrative: '' }).expect(400);
    await validate(session, {}, 'submit').expect(400);
    await validate(session, { narrative: 'Card 4111111111111111 used' }).expect(400);
    expect(await footprint(user.id)).toEqual(before);
  });

  it.each<Role>(['coordinator', 'lead_coordinator', 'le_liaison', 'auditor', 'platform_admin'])(
    'should refuse the %s role (403): only those who may file may validate',
    async (role) => {
      const { session } = await signedInUser(api.dataSource, api.http, role);
      const res = await validate(session, referralBody());
      expect(res.status).toBe(403);
    },
  );

  it('should let a member administrator validate, and refuse an anonymous caller (401)', async () => {
    const { session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    await validate(session, referralBody()).expect(204);
    await api.http.post('/api/v1/referrals/validation').send(referralBody()).expect(401);
  });

  it('should not count against the filing rate limit', async () => {
    const { session } = await officer();
    for (let i = 0; i < 6; i += 1) await validate(session, referralBody()).expect(204);
    const create = () => api.http.post('/api/v1/referrals').set(session.auth).send({});
    await create().expect(201);
    await create().expect(201);
    // The filing budget (2 a minute here) was all there for the two drafts; the next is over it.
    await create().expect(429);
    await validate(session, referralBody()).expect(204);
  });
});
