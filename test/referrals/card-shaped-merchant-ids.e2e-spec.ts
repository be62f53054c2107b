import type { INestApplicationContext } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { cardDigitsAtRest } from '../support/card-sweep';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { signedInUser, type Session } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { startTestApi, type TestApi } from '../support/test-app';

/** Completes a prefix to a Luhn-valid number of `length` digits with random digits. */
function luhnNumber(prefix: string, length: number): string {
  let body = prefix;
  while (body.length < length - 1) body += String(randomInt(10));
  for (let check = 0; check <= 9; check += 1) {
    const candidate = `${body}${check}`;
    const sum = [...candidate].reverse().reduce((total, char, index) => {
      const doubled = Number(char) * (index % 2 === 1 ? 2 : 1);
      return total + (doubled > 9 ? doubled - 9 : doubled);
    }, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

/**
 * Merchant ids are what cross-member matching runs on, so a valid one is never
 * refused as a card number: a Luhn-valid one without a card-brand prefix is
 * stored and matched as it is; one that is also a card number in shape (a
 * 15-digit MID beginning 37 that passes Luhn is an American Express number) is
 * stored masked with its keyed hash, matched by the hash, and never held in clear.
 */
describe('Card-shaped merchant ids (e2e)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    const prefix = `${process.env.TEST_QUEUE_PREFIX}-mids`;
    api = await startTestApi({ QUEUE_PREFIX: prefix });
    worker = await createWorkerApp(testEnvironment({ QUEUE_PREFIX: prefix }), {
      shutdownHooks: false,
    });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  /** A referral about a merchant known only by this merchant id (no shared site, name or contact). */
  function bodyWithMid(acquirerId: string, mid: string) {
    const domain = `shop-${randomUUID().slice(0, 8)}.example`;
    const base = referralBody({ domain, legalName: `Trading ${randomUUID().slice(0, 8)}` });
    return { ...base, merchant: { ...base.merchant, merchantIds: [{ acquirerId, mid }] } };
  }

  async function fileAndSubmit(session: Session, body: object): Promise<string> {
    const created = await api.http.post('/api/v1/referrals').set(session.auth).send(body);
    expect(created.status).toBe(201);
    await api.http
      .post(`/api/v1/referrals/${created.body.id}/submit`)
      .set(session.auth)
      .expect(200);
    return created.body.id as string;
  }

  const caseOf = (session: Session, id: string) =>
    eventually('the referral to reach a case', async () => {
      const res = await api.http.get(`/api/v1/referrals/${id}`).set(session.auth);
      if (res.body.status !== 'in_review') return undefined;
      const rows: { case_id: string }[] = await api.dataSource.query(
        'SELECT case_id FROM referrals WHERE id = $1',
        [id],
      );
      return rows[0].case_id;
    });

  it('should file, submit and match by a Luhn-valid 15-digit merchant id that has no card-brand prefix', async () => {
    const mid = luhnNumber('10', 15);
    const north = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const south = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const a = await fileAndSubmit(north.session, bodyWithMid('412345', mid));
    const spaced = `${mid.slice(0, 5)} ${mid.slice(5, 10)} ${mid.slice(10)}`;
    const b = await fileAndSubmit(south.session, bodyWithMid('0412345', spaced));
    const caseA = await caseOf(north.session, a);
    expect(await caseOf(south.session, b)).toBe(caseA);
    const read = await api.http.get(`/api/v1/referrals/${a}`).set(north.session.auth);
    expect(read.body.merchant.merchantIds).toEqual([{ acquirerId: '412345', mid }]);
    expect(read.body.otherMembersFlagging).toBe(1);
  });

  it('should file an Amex-shaped merchant id masked, match it by its keyed hash and never hold it in clear', async () => {
    const mid = luhnNumber('37', 15);
    const masked = `${mid.slice(0, 6)}*****${mid.slice(-4)}`;
    const north = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const south = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const created = await api.http
      .post('/api/v1/referrals')
      .set(north.session.auth)
      .send(bodyWithMid('412345', mid));
    expect(created.status).toBe(201);
    expect(created.body.merchant.merchantIds).toEqual([{ acquirerId: '412345', mid: masked }]);
    expect(JSON.stringify(created.body)).not.toContain(mid);

    // Editing other fields sends the masked form back: the stored hash is kept.
    const edited = await api.http
      .patch(`/api/v1/referrals/${created.body.id}`)
      .set(north.session.auth)
      .send({ merchant: { ...bodyWithMid('412345', masked).merchant } });
    expect(edited.status).toBe(200);
    await api.http
      .post(`/api/v1/referrals/${created.body.id}/submit`)
      .set(north.session.auth)
      .expect(200);

    const dashed = `${mid.slice(0, 4)}-${mid.slice(4, 10)}-${mid.slice(10)}`;
    const b = await fileAndSubmit(south.session, bodyWithMid('412345', dashed));
    const caseA = await caseOf(north.session, created.body.id);
    expect(await caseOf(south.session, b)).toBe(caseA);

    const keys: { key: string }[] = await api.dataSource.query(
      `SELECT kind || ':' || value AS key FROM referral_match_keys WHERE referral_id = $1 AND kind = 'merchant_id'`,
      [b],
    );
    expect(keys.map((k) => k.key)).toEqual([
      expect.stringMatching(/^merchant_id:412345:#test1:[0-9a-f]{64}$/),
    ]);
    expect(await cardDigitsAtRest(api.dataSource, [mid])).toEqual([]);
  });

  it('should refuse an Amex-shaped merchant id naming the field when no hash key is configured', async () => {
    const keyless = await startTestApi({
      CARD_HASH_KEYS: '',
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-mids-keyless`,
    });
    try {
      const { session } = await signedInUser(keyless.dataSource, keyless.http, 'member_reporter');
      const mid = luhnNumber('34', 15);
      const res = await keyless.http
        .post('/api/v1/referrals')
        .set(session.auth)
        .send(bodyWithMid('412345', mid));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        {
          field: 'merchant.merchantIds[0].mid',
          messages: [expect.stringMatching(/^looks like a American Express card number/)],
        },
      ]);
      expect(res.text).not.toContain(mid);
      expect(await cardDigitsAtRest(keyless.dataSource, [mid])).toEqual([]);
    } finally {
      await keyless.close();
    }
  });
});
