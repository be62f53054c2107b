import { ReferralEntity } from '@app/persistence';
import { signedInUser } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { startTestApi, type TestApi } from '../support/test-app';

interface FieldProblem {
  field: string;
  messages: string[];
}

const NOT_A_WEBSITE = 'must be a web address such as shop.example or https://shop.example/offer';

/**
 * A merchant's websites as member systems and the console send them: an
 * address without its scheme but with a path (`shop.example/offer`) is stored
 * with `https://`; a bare domain name as sent; what is not a web address is
 * still refused, naming the field, and every other rule (the card-number
 * scanner among them) applies to the value that is stored.
 */
describe('Referral websites (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-referral-websites`,
    });
  });
  afterAll(() => api.close());

  const officer = () => signedInUser(api.dataSource, api.http, 'member_reporter');
  const withWebsites = (websites: string[]) =>
    referralBody({ merchant: { ...referralBody().merchant, websites } });
  const stored = (id: string) =>
    api.dataSource.manager
      .findOneByOrFail(ReferralEntity, { id })
      .then((r) => r.merchant?.websites);
  const countOf = (userId: string) =>
    api.dataSource.manager.countBy(ReferralEntity, { createdBy: userId });

  it('should store a scheme-less address with a path as https://, and keep a bare domain as sent', async () => {
    const { session } = await officer();
    const res = await api.http
      .post('/api/v1/referrals')
      .set(session.auth)
      .send(withWebsites(['shop.example/offer', 'mirror.example', 'Shop.Example:8443/pay?x=1']))
      .expect(201);
    const expected = [
      'https://shop.example/offer',
      'mirror.example',
      'https://Shop.Example:8443/pay?x=1',
    ];
    expect(res.body.merchant.websites).toEqual(expected);
    await expect(stored(res.body.id as string)).resolves.toEqual(expected);

    // A change to the draft is stored the same way.
    const patched = await api.http
      .patch(`/api/v1/referrals/${res.body.id}`)
      .set(session.auth)
      .send({ merchant: { ...withWebsites([]).merchant, websites: ['  shop.example/new  '] } })
      .expect(200);
    expect(patched.body.merchant.websites).toEqual(['https://shop.example/new']);
    await expect(stored(res.body.id as string)).resolves.toEqual(['https://shop.example/new']);

    // The console's check as the officer types accepts it too.
    await api.http
      .post('/api/v1/referrals/validation')
      .set(session.auth)
      .send(withWebsites(['shop.example/offer']))
      .expect(204);
  });

  it.each([
    ['javascript:alert(1)'],
    ['localhost/admin'],
    ['user@shop.example/offer'],
    ['not a website/at all'],
    ['ftp://shop.example/file'],
  ])(
    'should still refuse %p with problem+json naming the field, and store nothing',
    async (typed) => {
      const { user, session } = await officer();
      const res = await api.http
        .post('/api/v1/referrals')
        .set(session.auth)
        .send(withWebsites(['shop.example/offer', typed]))
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const errors = res.body.errors as FieldProblem[];
      expect(errors).toEqual([
        { field: 'merchant.websites', messages: [`Website 2 ${NOT_A_WEBSITE}`] },
      ]);
      await expect(countOf(user.id)).resolves.toBe(0);
    },
  );

  it('should refuse a full card number in a scheme-less address, without repeating it', async () => {
    const { user, session } = await officer();
    const res = await api.http
      .post('/api/v1/referrals')
      .set(session.auth)
      .send(withWebsites(['shop.example/pay/4111111111111111']))
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const errors = res.body.errors as FieldProblem[];
    expect(errors.map((e) => e.field)).toEqual(['merchant.websites[0]']);
    expect(errors[0].messages[0]).toMatch(/looks like a Visa card number/);
    expect(res.text).not.toContain('4111111111111111');
    await expect(countOf(user.id)).resolves.toBe(0);
  });
});
