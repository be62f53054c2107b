import { signedInUser } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { startTestApi, type TestApi } from '../support/test-app';

interface FieldProblem {
  field: string;
  messages: string[];
}

/** Merchant phone numbers are checked against their country's numbering plan. */
describe('Referral phone numbers (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-referral-phones` });
  });
  afterAll(() => api.close());

  const officer = () => signedInUser(api.dataSource, api.http, 'member_reporter');
  const bodyWith = (country: string | undefined, phones: string[]) => {
    const body = referralBody({ country: country ?? 'GB' });
    return { ...body, merchant: { ...body.merchant, country, phones } };
  };
  const phoneMessages = (body: { errors?: FieldProblem[] }) =>
    (body.errors ?? []).filter((e) => e.field === 'merchant.phones').flatMap((e) => e.messages);

  it("should accept national numbers of the merchant's country, any country, and store them as typed", async () => {
    const { session } = await officer();
    for (const [country, phone] of [
      ['ES', '912 345 678'],
      ['IT', '06 1234 5678'],
      ['JP', '03-1234-5678'],
      ['GB', '020 7946 0958'],
    ]) {
      const res = await api.http
        .post('/api/v1/referrals')
        .set(session.auth)
        .send(bodyWith(country, [phone, '+1 202 555 0143']));
      expect([country, res.status]).toEqual([country, 201]);
      expect(res.body.merchant.phones).toEqual([phone, '+1 202 555 0143']);
    }
  });

  it('should refuse numbers that do not exist, letters and extensions, naming each, and store nothing', async () => {
    const { session, user } = await officer();
    const body = bodyWith('ES', [
      '912 345 678',
      '+1 555 555 5555',
      '1-800-FLOWERS',
      '+44 20 7946 0958 ext. 12',
      '+999 1234 5678',
    ]);
    const res = await api.http.post('/api/v1/referrals').set(session.auth).send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const messages = phoneMessages(res.body);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^Phone number 2, Phone number 3, Phone number 4, Phone number 5 must be a phone number that exists in its country's numbering plan/,
    );
    expect(messages[0]).not.toMatch(/Phone number 1\b/);
    const stored: { n: number }[] = await api.dataSource.query(
      'SELECT count(*)::int AS n FROM referrals WHERE created_by = $1',
      [user.id],
    );
    expect(stored[0].n).toBe(0);
  });

  it('should ask for the international form when a draft has no country yet', async () => {
    const { session } = await officer();
    const res = await api.http
      .post('/api/v1/referrals/validation')
      .set(session.auth)
      .send({ merchant: { phones: ['912 345 678', '+34 912 345 678'] } });
    expect(res.status).toBe(400);
    const messages = phoneMessages(res.body);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/international form, starting with \+ and the country code/);
    // Read in Spain, the same national number is fine.
    await api.http
      .post('/api/v1/referrals/validation')
      .set(session.auth)
      .send({ merchant: { country: 'ES', phones: ['912 345 678'] } })
      .expect(204);
  });
});
