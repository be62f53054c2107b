import {
  ConfigurationError,
  describeRedisTarget,
  redisTargetOf,
  validateEnvironment,
} from './environment';

const SENTINELS = 's1.internal:26379, s2.internal:26379,10.0.0.3:26380';

function problems(raw: Record<string, unknown>): string[] {
  try {
    validateEnvironment(raw);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('validateEnvironment accepted the configuration');
}

describe('Redis through Sentinel', () => {
  it('should read the sentinels and the primary name as a sentinel target', () => {
    const env = validateEnvironment({
      REDIS_SENTINELS: SENTINELS,
      REDIS_SENTINEL_NAME: 'crh-primary',
      REDIS_PASSWORD: 'data-secret',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
    });

    expect(redisTargetOf(env)).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1.internal', port: 26379 },
        { host: 's2.internal', port: 26379 },
        { host: '10.0.0.3', port: 26380 },
      ],
      name: 'crh-primary',
      password: 'data-secret',
      sentinelPassword: 'sentinel-secret',
    });
  });

  it('should read a bracketed IPv6 sentinel without its brackets', () => {
    const env = validateEnvironment({ REDIS_SENTINELS: '[::1]:26379', REDIS_SENTINEL_NAME: 'm' });
    const target = redisTargetOf(env);
    expect(target.kind === 'sentinel' && target.sentinels).toEqual([{ host: '::1', port: 26379 }]);
  });

  it('should keep REDIS_URL (its default included) when no sentinel is set', () => {
    expect(redisTargetOf(validateEnvironment({}))).toEqual({
      kind: 'url',
      url: 'redis://127.0.0.1:6379',
    });
    expect(redisTargetOf(validateEnvironment({ REDIS_URL: 'redis://cache:6380/1' }))).toEqual({
      kind: 'url',
      url: 'redis://cache:6380/1',
    });
  });

  it('should take an empty REDIS_SENTINELS as unset (REDIS_URL then applies)', () => {
    const env = validateEnvironment({ REDIS_SENTINELS: '', REDIS_URL: 'redis://cache:6379' });
    expect(redisTargetOf(env).kind).toBe('url');
  });

  it('should refuse REDIS_URL and REDIS_SENTINELS together', () => {
    expect(
      problems({
        REDIS_URL: 'redis://cache:6379',
        REDIS_SENTINELS: SENTINELS,
        REDIS_SENTINEL_NAME: 'crh-primary',
      }),
    ).toEqual([
      'REDIS_URL and REDIS_SENTINELS are two ways to reach Redis: set one of them, not both',
    ]);
  });

  it('should require REDIS_SENTINEL_NAME with REDIS_SENTINELS', () => {
    expect(problems({ REDIS_SENTINELS: SENTINELS })).toEqual([
      'REDIS_SENTINEL_NAME is required with REDIS_SENTINELS (the name the sentinels monitor the primary under)',
    ]);
  });

  it.each(['s1.internal', 's1.internal:', ':26379', 's1 internal:26379', 'redis://s1:26379'])(
    'should refuse the sentinel address %s, naming REDIS_SENTINELS',
    (entry) => {
      expect(
        problems({ REDIS_SENTINELS: `s0.internal:26379,${entry}`, REDIS_SENTINEL_NAME: 'm' }),
      ).toEqual(['REDIS_SENTINELS must be a comma-separated list of host:port']);
    },
  );

  it.each(['0', '65536', '99999'])('should refuse the sentinel port %s', (port) => {
    expect(problems({ REDIS_SENTINELS: `s1:${port}`, REDIS_SENTINEL_NAME: 'm' })).toEqual([
      `REDIS_SENTINELS: s1:${port} has a port outside 1..65535`,
    ]);
  });

  it('should refuse a list of nothing but commas', () => {
    expect(problems({ REDIS_SENTINELS: ' , ', REDIS_SENTINEL_NAME: 'm' })).toEqual([
      'REDIS_SENTINELS must list at least one host:port',
    ]);
  });

  it('should refuse a primary name with a space', () => {
    expect(problems({ REDIS_SENTINELS: SENTINELS, REDIS_SENTINEL_NAME: 'my primary' })).toEqual([
      'REDIS_SENTINEL_NAME may hold letters, digits, ".", "_" and "-" (at most 64)',
    ]);
  });

  it.each(['REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD'])(
    'should refuse %s without REDIS_SENTINELS rather than ignore it',
    (key) => {
      expect(problems({ [key]: 'value' })).toEqual([
        `${key} is read only with REDIS_SENTINELS, which is not set`,
      ]);
    },
  );

  it('should send a REDIS_PASSWORD without sentinels to the URL', () => {
    expect(problems({ REDIS_PASSWORD: 'secret' })).toEqual([
      'REDIS_PASSWORD is read only with REDIS_SENTINELS; with REDIS_URL, put the password in the URL (redis://:password@host:6379)',
    ]);
  });

  it('should describe a target without its passwords', () => {
    const sentinel = redisTargetOf(
      validateEnvironment({
        REDIS_SENTINELS: 's1:26379,s2:26379',
        REDIS_SENTINEL_NAME: 'crh-primary',
        REDIS_PASSWORD: 'data-secret',
      }),
    );
    expect(describeRedisTarget(sentinel)).toBe(
      'primary "crh-primary" through the sentinels s1:26379,s2:26379',
    );
    const url = redisTargetOf(validateEnvironment({ REDIS_URL: 'redis://:pw-secret@cache:6379' }));
    expect(describeRedisTarget(url)).toBe('redis://:***@cache:6379');
  });
});

describe('READ_DATABASE_URL', () => {
  const PRIMARY = 'postgres://crh@db-primary:5432/crh';

  it('should accept a replica URL beside DATABASE_URL', () => {
    const env = validateEnvironment({
      DATABASE_URL: PRIMARY,
      READ_DATABASE_URL: 'postgresql://crh_read@db-replica:5432/crh',
    });
    expect(env.READ_DATABASE_URL).toBe('postgresql://crh_read@db-replica:5432/crh');
  });

  it('should leave it unset by default', () => {
    expect(validateEnvironment({ DATABASE_URL: PRIMARY }).READ_DATABASE_URL).toBeUndefined();
  });

  it('should refuse a URL that is not postgres://', () => {
    expect(problems({ DATABASE_URL: PRIMARY, READ_DATABASE_URL: 'mysql://db/crh' })).toEqual([
      'READ_DATABASE_URL must be a postgres:// URL',
    ]);
  });

  it('should refuse a replica without a primary (the embedded database has none)', () => {
    expect(problems({ READ_DATABASE_URL: 'postgres://db-replica/crh' })).toEqual([
      'READ_DATABASE_URL needs DATABASE_URL (the embedded database has no replica)',
    ]);
  });
});
