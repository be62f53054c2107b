import type { FastifyRequest } from 'fastify';
import { acceptRequestId, requestMetaOf } from './request-meta';

describe('acceptRequestId', () => {
  it.each([
    'abcdefgh',
    'x'.repeat(64),
    '0b7c1e0e-1d1b-4e4e-9f0a-2b8f2c7e4a11',
    'trace.id:12_34-AB',
    '12345678',
  ])('should accept the plain id %j', (id) => {
    expect(acceptRequestId(id)).toBe(id);
  });

  it.each([
    ['seven characters', 'abcdefg'],
    ['65 characters', 'x'.repeat(65)],
    ['the empty string', ''],
    ['a space', 'abcd efgh'],
    ['a trailing newline', 'abcdefgh\n'],
    ['an embedded CR LF', 'abcd\r\nSet-Cookie: x=1'],
    ['a tab', 'abcd\tefgh'],
    ['non-ASCII letters', 'réquest-id-1'],
    ['an emoji', 'request-😀-id'],
    ['a slash', 'abcd/efgh'],
    ['an equals sign', 'Root=1-5759e988'],
    ['JSON', '{"a":"bcdefg"}'],
    ['an HTML tag', '<script>x</script>'],
  ])('should refuse an id with %s', (_label, id) => {
    expect(acceptRequestId(id)).toBeUndefined();
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an array of ids', ['abcdefgh', 'ijklmnop']],
    ['an array of one id', ['abcdefgh']],
    ['a number', 1234567890],
    ['an object', { toString: () => 'abcdefgh' }],
  ])('should refuse a header value that is %s', (_label, header) => {
    expect(acceptRequestId(header)).toBeUndefined();
  });
});

describe('requestMetaOf', () => {
  function request(init: {
    id: unknown;
    ip?: string;
    headers?: Record<string, string | string[]>;
  }): FastifyRequest {
    return { headers: {}, ...init } as unknown as FastifyRequest;
  }

  it('should carry the request id, ip and user agent', () => {
    expect(
      requestMetaOf(
        request({ id: 'req-1', ip: '203.0.113.9', headers: { 'user-agent': 'curl/8' } }),
      ),
    ).toEqual({
      requestId: 'req-1',
      ip: '203.0.113.9',
      userAgent: 'curl/8',
      clientRequestId: null,
    });
  });

  it("should keep a client's well-formed X-Request-Id apart from the request's own id", () => {
    expect(
      requestMetaOf(request({ id: 'server-id', headers: { 'x-request-id': 'client-id-0001' } })),
    ).toMatchObject({ requestId: 'server-id', clientRequestId: 'client-id-0001' });
    expect(
      requestMetaOf(request({ id: 'server-id', headers: { 'x-request-id': 'bad id\r\n' } }))
        .clientRequestId,
    ).toBeNull();
  });

  it('should turn a numeric request id into a string', () => {
    expect(requestMetaOf(request({ id: 17 })).requestId).toBe('17');
  });

  it('should give null for a missing ip and user agent', () => {
    expect(requestMetaOf(request({ id: 'req-1' }))).toEqual({
      requestId: 'req-1',
      ip: null,
      userAgent: null,
      clientRequestId: null,
    });
  });

  it('should cut a user agent to 256 characters', () => {
    const ua = 'A'.repeat(300);
    expect(requestMetaOf(request({ id: 'r', headers: { 'user-agent': ua } })).userAgent).toBe(
      'A'.repeat(256),
    );
  });

  it('should ignore a user agent that is not a single string', () => {
    expect(
      requestMetaOf(request({ id: 'r', headers: { 'user-agent': ['a', 'b'] } })).userAgent,
    ).toBeNull();
  });
});
