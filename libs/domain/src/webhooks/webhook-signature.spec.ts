import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook, WEBHOOK_TOLERANCE_SECONDS } from './webhook-signature';

const secret = 'whsec-test-0123456789abcdef';
const body = '{"type":"case.dispatched","dispatchId":"d1","package":{"tlp":"AMBER"}}';
const ts = 1_760_000_000;

describe('signWebhook', () => {
  it('should be v1= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(signWebhook(secret, ts, body)).toBe(`v1=${expected}`);
    expect(signWebhook(secret, ts, body)).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('should match a known vector', () => {
    // HMAC-SHA256(key "secret", "1700000000.{}"), computed independently with openssl.
    expect(signWebhook('secret', 1_700_000_000, '{}')).toBe(
      'v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163',
    );
  });

  it('should change with the secret, the timestamp and every byte of the body', () => {
    const base = signWebhook(secret, ts, body);
    expect(signWebhook(`${secret}x`, ts, body)).not.toBe(base);
    expect(signWebhook(secret, ts + 1, body)).not.toBe(base);
    expect(signWebhook(secret, ts, `${body} `)).not.toBe(base);
    expect(signWebhook(secret, ts, body.replace('AMBER', 'GREEN'))).not.toBe(base);
  });

  it('should sign non-ASCII bodies as UTF-8', () => {
    const text = '{"name":"Zoë – 東京"}';
    const expected = createHmac('sha256', secret)
      .update(Buffer.concat([Buffer.from(`${ts}.`), Buffer.from(text, 'utf8')]))
      .digest('hex');
    expect(signWebhook(secret, ts, text)).toBe(`v1=${expected}`);
  });

  it('should refuse a timestamp that is not whole unix seconds', () => {
    expect(() => signWebhook(secret, 1.5, body)).toThrow(/unix seconds/);
    expect(() => signWebhook(secret, -1, body)).toThrow(/unix seconds/);
    expect(() => signWebhook(secret, Number.NaN, body)).toThrow(/unix seconds/);
  });
});

describe('verifyWebhook', () => {
  const header = signWebhook(secret, ts, body);

  it('should accept an authentic, fresh delivery', () => {
    expect(verifyWebhook(secret, header, String(ts), body, ts)).toBe(true);
    expect(verifyWebhook(secret, header, String(ts), body, ts + 299)).toBe(true);
  });

  it('should accept at exactly the tolerance, either side, and refuse one second beyond', () => {
    expect(WEBHOOK_TOLERANCE_SECONDS).toBe(300);
    expect(verifyWebhook(secret, header, String(ts), body, ts + 300)).toBe(true);
    expect(verifyWebhook(secret, header, String(ts), body, ts - 300)).toBe(true);
    expect(verifyWebhook(secret, header, String(ts), body, ts + 301)).toBe(false);
    expect(verifyWebhook(secret, header, String(ts), body, ts - 301)).toBe(false);
  });

  it('should honour a custom tolerance', () => {
    expect(verifyWebhook(secret, header, String(ts), body, ts + 30, 10)).toBe(false);
    expect(verifyWebhook(secret, header, String(ts), body, ts + 10, 10)).toBe(true);
  });

  it('should refuse a wrong secret, a changed body or a changed timestamp', () => {
    expect(verifyWebhook('other-secret', header, String(ts), body, ts)).toBe(false);
    expect(verifyWebhook(secret, header, String(ts), `${body}\n`, ts)).toBe(false);
    expect(verifyWebhook(secret, header, String(ts + 1), body, ts)).toBe(false);
  });

  it('should refuse a replay whose timestamp was rewritten to look fresh', () => {
    const later = ts + 3600;
    expect(verifyWebhook(secret, header, String(later), body, later)).toBe(false);
  });

  it('should refuse missing or malformed headers', () => {
    expect(verifyWebhook(secret, undefined, String(ts), body, ts)).toBe(false);
    expect(verifyWebhook(secret, header, undefined, body, ts)).toBe(false);
    expect(verifyWebhook(secret, null, null, body, ts)).toBe(false);
    expect(verifyWebhook(secret, '', String(ts), body, ts)).toBe(false);
    expect(verifyWebhook(secret, header.slice(3), String(ts), body, ts)).toBe(false);
    expect(verifyWebhook(secret, header.replace('v1=', 'v0='), String(ts), body, ts)).toBe(false);
    expect(verifyWebhook(secret, header.slice(0, -2), String(ts), body, ts)).toBe(false);
    expect(verifyWebhook(secret, `${header}00`, String(ts), body, ts)).toBe(false);
    expect(verifyWebhook(secret, 'v1=zz', String(ts), body, ts)).toBe(false);
    expect(verifyWebhook(secret, header, `${ts}.5`, body, ts)).toBe(false);
    expect(verifyWebhook(secret, header, '1e9', body, 1e9)).toBe(false);
    expect(verifyWebhook(secret, header, 'now', body, ts)).toBe(false);
    expect(verifyWebhook(secret, header, '', body, ts)).toBe(false);
  });

  it('should accept uppercase hex and any one matching signature among several', () => {
    const upper = `v1=${header.slice(3).toUpperCase()}`;
    expect(verifyWebhook(secret, upper, String(ts), body, ts)).toBe(true);
    const rotated = `${signWebhook('old-secret', ts, body)}, ${header}`;
    expect(verifyWebhook(secret, rotated, String(ts), body, ts)).toBe(true);
    const none = `${signWebhook('old-secret', ts, body)},${signWebhook('x', ts, body)}`;
    expect(verifyWebhook(secret, none, String(ts), body, ts)).toBe(false);
  });
});
