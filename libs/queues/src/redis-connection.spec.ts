import { reconnectOnReadOnly, redisOptions } from './redis-connection';

const SENTINEL = {
  kind: 'sentinel',
  sentinels: [
    { host: 's1', port: 26379 },
    { host: 's2', port: 26380 },
  ],
  name: 'crh-primary',
  password: 'data-secret',
  sentinelPassword: 'sentinel-secret',
} as const;

describe('redisOptions', () => {
  it('should ask the sentinels for the named primary, with both passwords', () => {
    const options = redisOptions(SENTINEL, 'worker');
    expect(options).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      name: 'crh-primary',
      role: 'master',
      password: 'data-secret',
      sentinelPassword: 'sentinel-secret',
    });
    expect(options.host).toBeUndefined();
  });

  it('should keep asking the sentinels while none answers, never giving up', () => {
    const retry = redisOptions(SENTINEL, 'client').sentinelRetryStrategy;
    expect([1, 5, 100].map((n) => retry?.(n))).toEqual([200, 1000, 2000]);
  });

  it.each([
    ['worker', null, true, false],
    ['client', 1, false, true],
  ] as const)(
    'should give a %s connection maxRetriesPerRequest %s and offline queue %s, in both modes',
    (purpose, retries, offlineQueue, lazy) => {
      for (const target of [SENTINEL, { kind: 'url', url: 'redis://cache:6379' } as const]) {
        expect(redisOptions(target, purpose)).toMatchObject({
          maxRetriesPerRequest: retries,
          enableOfflineQueue: offlineQueue,
          lazyConnect: lazy,
        });
      }
    },
  );

  it('should read a single server from its URL', () => {
    expect(redisOptions({ kind: 'url', url: 'rediss://u:p%40ss@cache:6380/2' }, 'client')).toEqual(
      expect.objectContaining({
        host: 'cache',
        port: 6380,
        username: 'u',
        password: 'p@ss',
        db: 2,
        tls: {},
      }),
    );
  });
});

describe('reconnectOnReadOnly', () => {
  it('should reconnect and resend after a READONLY answer (a demoted primary)', () => {
    expect(
      reconnectOnReadOnly(new Error("READONLY You can't write against a read only replica.")),
    ).toBe(2);
  });

  it('should leave every other error to the caller', () => {
    expect(reconnectOnReadOnly(new Error('ERR unknown command'))).toBe(false);
    expect(reconnectOnReadOnly(new Error('NOSCRIPT No matching script'))).toBe(false);
  });
});
