import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { accessTokenVerifier, bearerToken } from './access-token';

const SECRET = 'access-token-spec-secret-0123456789abcdef';
const jwt = new JwtService({ secret: SECRET });
/** The verifier the API makes, with "now" fixed when `nowMs` is given. */
const verifyHs256 = (token: string, nowMs?: number) => accessTokenVerifier(SECRET, nowMs)(token);
const claims = { sub: 'u1', org: 'o1', role: 'member_reporter', sid: 's1', typ: 'access' };

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A token with any header and payload, signed with HMAC-SHA256 whatever its header says. */
function forged(header: object, payload: unknown, secret = SECRET): string {
  const head = `${encode(header)}.${encode(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('verifyHs256', () => {
  it('should accept a token the API signs (HS256, with expiry) and answer its claims', () => {
    const token = jwt.sign(claims, { expiresIn: 60 });
    expect(verifyHs256(token)).toMatchObject(claims);
  });

  it('should refuse a token signed with another key', () => {
    const token = new JwtService({ secret: 'another-key-0123456789abcdefghijkl' }).sign(claims);
    expect(verifyHs256(token)).toBeUndefined();
  });

  it('should refuse an expired token from the second it expires', () => {
    const now = Date.now();
    const exp = Math.floor(now / 1000) + 60;
    const token = forged({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp });
    expect(verifyHs256(token, (exp - 1) * 1000)).toBeDefined();
    expect(verifyHs256(token, exp * 1000)).toBeUndefined();
  });

  it('should refuse a token not yet valid (nbf) and non-numeric exp or nbf', () => {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'HS256', typ: 'JWT' };
    expect(verifyHs256(forged(header, { ...claims, nbf: now + 30 }))).toBeUndefined();
    expect(verifyHs256(forged(header, { ...claims, nbf: now }))).toBeDefined();
    expect(verifyHs256(forged(header, { ...claims, exp: String(now + 60) }))).toBeUndefined();
    expect(verifyHs256(forged(header, { ...claims, exp: null }))).toBeUndefined();
    expect(verifyHs256(forged(header, { ...claims, nbf: 'now' }))).toBeUndefined();
  });

  it('should refuse every algorithm but HS256, "none" included, even correctly signed', () => {
    for (const alg of ['none', 'HS384', 'HS512', 'RS256', 'hs256', undefined]) {
      expect(verifyHs256(forged({ alg, typ: 'JWT' }, claims))).toBeUndefined();
    }
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
    expect(verifyHs256(unsigned)).toBeUndefined();
  });

  it('should refuse a tampered payload, a missing signature and malformed tokens', () => {
    const [head, , signature] = jwt.sign(claims).split('.');
    const tampered = `${head}.${encode({ ...claims, role: 'platform_admin' })}.${signature}`;
    expect(verifyHs256(tampered)).toBeUndefined();
    expect(verifyHs256(`${head}.${encode(claims)}.`)).toBeUndefined();
    for (const bad of ['', 'not.a.jwt', 'a.b', 'a.b.c.d', `${jwt.sign(claims)}=`, '..']) {
      expect(verifyHs256(bad)).toBeUndefined();
    }
  });

  it('should refuse a payload that is not a JSON object, and a header that is not one', () => {
    expect(verifyHs256(forged({ alg: 'HS256' }, 'a string'))).toBeUndefined();
    expect(verifyHs256(forged({ alg: 'HS256' }, [claims]))).toBeUndefined();
    const head = Buffer.from('not json').toString('base64url');
    const body = encode(claims);
    const sig = createHmac('sha256', SECRET).update(`${head}.${body}`).digest('base64url');
    expect(verifyHs256(`${head}.${body}.${sig}`)).toBeUndefined();
  });
});

describe('bearerToken', () => {
  it('should read the token of a Bearer header in any case, and nothing else', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer   abc.def.ghi  ')).toBe('abc.def.ghi');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
