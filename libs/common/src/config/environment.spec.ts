import {
  archiveDirOf,
  ConfigurationError,
  databaseSettingsFrom,
  retentionPolicyOf,
  validateEnvironment,
} from './environment';

const SECRET = 'k'.repeat(32);

/** Run validateEnvironment expecting a refusal, and hand back the error. */
function refusal(
  raw: Record<string, unknown>,
  options?: Parameters<typeof validateEnvironment>[1],
): ConfigurationError {
  try {
    validateEnvironment(raw, options);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('validateEnvironment accepted the configuration');
}

/** Problems that name the given variable. */
function problemsFor(error: ConfigurationError, variable: string): string[] {
  return error.problems.filter((p) => p.startsWith(`${variable} `) || p.startsWith(`${variable}:`));
}

describe('validateEnvironment', () => {
  describe('defaults', () => {
    it('should apply every default when only JWT_SECRET is given', () => {
      const env = validateEnvironment({ JWT_SECRET: SECRET });

      expect(env).toMatchObject({
        NODE_ENV: 'development',
        PORT: 3000,
        HOST: '127.0.0.1',
        DATABASE_POOL_SIZE: 10,
        DATABASE_MIGRATIONS_RUN: true,
        REDIS_URL: 'redis://127.0.0.1:6379',
        QUEUE_PREFIX: 'crh',
        DATA_DIR: './data',
        JWT_SECRET: SECRET,
        ACCESS_TOKEN_TTL_SECONDS: 900,
        REFRESH_TOKEN_TTL_SECONDS: 7 * 24 * 3600,
        LOGIN_MAX_FAILURES: 5,
        LOGIN_LOCKOUT_SECONDS: 900,
        BODY_LIMIT_BYTES: 1024 * 1024,
        CORS_ORIGINS: [],
        TRUST_PROXY_HOPS: 0,
        LOG_LEVEL: 'info',
        WORKER_HEALTH_PORT: 3001,
        OUTBOX_POLL_MS: 250,
      });
      expect(env.DATABASE_URL).toBeUndefined();
      expect(env.DEMO_PASSWORD).toBeUndefined();
    });

    it('should treat empty strings as unset so the default applies', () => {
      const env = validateEnvironment({
        JWT_SECRET: SECRET,
        PORT: '',
        LOG_LEVEL: '',
        REDIS_URL: '',
        DATABASE_MIGRATIONS_RUN: '',
        CORS_ORIGINS: '',
        DATABASE_URL: '',
        DEMO_PASSWORD: '',
      });

      expect(env.PORT).toBe(3000);
      expect(env.LOG_LEVEL).toBe('info');
      expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
      expect(env.DATABASE_MIGRATIONS_RUN).toBe(true);
      expect(env.CORS_ORIGINS).toEqual([]);
      expect(env.DATABASE_URL).toBeUndefined();
      expect(env.DEMO_PASSWORD).toBeUndefined();
    });

    it('should treat undefined values as unset', () => {
      const env = validateEnvironment({ JWT_SECRET: SECRET, PORT: undefined });
      expect(env.PORT).toBe(3000);
    });

    it('should not share the default CORS list between two results', () => {
      const first = validateEnvironment({ JWT_SECRET: SECRET });
      first.CORS_ORIGINS.push('https://mutated.example');
      const second = validateEnvironment({ JWT_SECRET: SECRET });
      expect(second.CORS_ORIGINS).toEqual([]);
    });
  });

  describe('SLA clocks and webhooks', () => {
    it('should accept clock lists and keep defaults for clocks left out', () => {
      const env = validateEnvironment({ JWT_SECRET: SECRET, SLA_CLOCKS: 'triage=4h' });
      expect(env.SLA_CLOCKS).toBe('triage=4h');
      expect(env.WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(false);
      expect(env.WEBHOOK_ALLOW_HTTP).toBe(false);
    });

    it.each([
      ['triage=2weeks', 'a bad unit'],
      ['triage', 'no duration'],
      ['coffee_break=5m', 'an unknown clock'],
    ])('should refuse SLA_CLOCKS=%s (%s), naming the variable', (value) => {
      expect(
        problemsFor(refusal({ JWT_SECRET: SECRET, SLA_CLOCKS: value }), 'SLA_CLOCKS'),
      ).not.toEqual([]);
    });

    it('should refuse zero webhook attempts and a non-boolean private-network switch', () => {
      const error = refusal({
        JWT_SECRET: SECRET,
        WEBHOOK_MAX_ATTEMPTS: '0',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'perhaps',
      });
      expect(problemsFor(error, 'WEBHOOK_MAX_ATTEMPTS')).not.toEqual([]);
      expect(problemsFor(error, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS')).not.toEqual([]);
    });
  });

  describe('retention', () => {
    it('should keep referral records five years and the audit trail seven by default', () => {
      const env = validateEnvironment({ JWT_SECRET: SECRET, DATA_DIR: '/var/lib/crh/' });
      expect(retentionPolicyOf(env)).toMatchObject({ closed_cases: 1826, audit_events: 2557 });
      expect(archiveDirOf(env)).toBe('/var/lib/crh/audit-archives');
      expect(archiveDirOf({ ...env, ARCHIVE_DIR: '/archive' })).toBe('/archive');
    });

    it('should read each period from its own setting', () => {
      const env = validateEnvironment({ JWT_SECRET: SECRET, RETENTION_DRAFT_DAYS: '30' });
      expect(retentionPolicyOf(env).drafts).toBe(30);
    });

    it('should name the setting of a period that is not a whole number of days', () => {
      const error = refusal({
        JWT_SECRET: SECRET,
        RETENTION_CASE_DAYS: '0',
        RETENTION_NOTIFICATION_DAYS: 'a year',
        RETENTION_PURGE_BATCH: '100000',
      });
      expect(problemsFor(error, 'RETENTION_CASE_DAYS')).toHaveLength(1);
      expect(problemsFor(error, 'RETENTION_NOTIFICATION_DAYS').length).toBeGreaterThan(0);
      expect(problemsFor(error, 'RETENTION_PURGE_BATCH')).toHaveLength(1);
    });

    it('should refuse an audit trail kept shorter than the records it speaks of', () => {
      const error = refusal({
        JWT_SECRET: SECRET,
        RETENTION_CASE_DAYS: '2000',
        RETENTION_AUDIT_DAYS: '1000',
      });
      expect(problemsFor(error, 'RETENTION_AUDIT_DAYS')).toEqual([
        'RETENTION_AUDIT_DAYS must be at least RETENTION_CASE_DAYS (the trail outlives the records it speaks of)',
      ]);
    });
  });

  describe('conversion from strings', () => {
    it('should turn integer strings into numbers', () => {
      const env = validateEnvironment({
        JWT_SECRET: SECRET,
        PORT: '8080',
        DATABASE_POOL_SIZE: '25',
        ACCESS_TOKEN_TTL_SECONDS: '600',
        REFRESH_TOKEN_TTL_SECONDS: '86400',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_LOCKOUT_SECONDS: '60',
        BODY_LIMIT_BYTES: '2048',
        TRUST_PROXY_HOPS: '2',
        WORKER_HEALTH_PORT: '0',
        OUTBOX_POLL_MS: '1000',
      });

      expect(env).toMatchObject({
        PORT: 8080,
        DATABASE_POOL_SIZE: 25,
        ACCESS_TOKEN_TTL_SECONDS: 600,
        REFRESH_TOKEN_TTL_SECONDS: 86400,
        LOGIN_MAX_FAILURES: 3,
        LOGIN_LOCKOUT_SECONDS: 60,
        BODY_LIMIT_BYTES: 2048,
        TRUST_PROXY_HOPS: 2,
        WORKER_HEALTH_PORT: 0,
        OUTBOX_POLL_MS: 1000,
      });
      expect(typeof env.PORT).toBe('number');
    });

    it('should ignore white space around an integer', () => {
      expect(validateEnvironment({ JWT_SECRET: SECRET, PORT: ' 8080 ' }).PORT).toBe(8080);
    });

    it.each(['1.5', '3e3', '0x10', '80 80', 'abc'])(
      'should refuse PORT=%s, which is not a plain integer',
      (port) => {
        const error = refusal({ JWT_SECRET: SECRET, PORT: port });
        expect(problemsFor(error, 'PORT')).toContain('PORT must be an integer number');
      },
    );

    it.each([
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['on', true],
      ['false', false],
      ['False', false],
      ['0', false],
      ['no', false],
      [' off ', false],
    ])('should read DATABASE_MIGRATIONS_RUN=%j as %s', (raw, expected) => {
      const env = validateEnvironment({ JWT_SECRET: SECRET, DATABASE_MIGRATIONS_RUN: raw });
      expect(env.DATABASE_MIGRATIONS_RUN).toBe(expected);
    });

    it('should refuse a boolean it cannot read', () => {
      const error = refusal({ JWT_SECRET: SECRET, DATABASE_MIGRATIONS_RUN: 'maybe' });
      expect(error.problems).toEqual(['DATABASE_MIGRATIONS_RUN must be a boolean value']);
    });

    it('should split CORS_ORIGINS on commas, trimming and dropping empty entries', () => {
      const env = validateEnvironment({
        JWT_SECRET: SECRET,
        CORS_ORIGINS: ' https://a.example ,https://b.example,, ,https://c.example',
      });
      expect(env.CORS_ORIGINS).toEqual([
        'https://a.example',
        'https://b.example',
        'https://c.example',
      ]);
    });

    it('should read a single CORS origin as a one-item list', () => {
      const env = validateEnvironment({ JWT_SECRET: SECRET, CORS_ORIGINS: 'https://a.example' });
      expect(env.CORS_ORIGINS).toEqual(['https://a.example']);
    });

    it('should accept the values it documents', () => {
      const env = validateEnvironment({
        JWT_SECRET: SECRET,
        NODE_ENV: 'test',
        DATABASE_URL: 'postgresql://crh:pw@db.internal:5432/crh',
        REDIS_URL: 'rediss://cache.internal:6380/2',
        QUEUE_PREFIX: 'crh:staging_eu-1',
        LOG_LEVEL: 'debug',
        DEMO_PASSWORD: 'a long demo passphrase',
      });
      expect(env).toMatchObject({
        NODE_ENV: 'test',
        DATABASE_URL: 'postgresql://crh:pw@db.internal:5432/crh',
        REDIS_URL: 'rediss://cache.internal:6380/2',
        QUEUE_PREFIX: 'crh:staging_eu-1',
        LOG_LEVEL: 'debug',
        DEMO_PASSWORD: 'a long demo passphrase',
      });
    });
  });

  describe('refusals', () => {
    it('should throw a ConfigurationError', () => {
      expect(() => validateEnvironment({ JWT_SECRET: SECRET, PORT: 'abc' })).toThrow(
        ConfigurationError,
      );
      const error = refusal({ JWT_SECRET: SECRET, PORT: 'abc' });
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('ConfigurationError');
    });

    it('should name PORT when it is not a number', () => {
      const error = refusal({ JWT_SECRET: SECRET, PORT: 'abc' });
      expect(problemsFor(error, 'PORT')).toContain('PORT must be an integer number');
      expect(problemsFor(error, 'PORT')).toHaveLength(error.problems.length);
      expect(error.message).toContain('PORT must be an integer number');
    });

    it.each(['-1', '65536'])('should refuse PORT=%s, outside 0..65535', (port) => {
      const error = refusal({ JWT_SECRET: SECRET, PORT: port });
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatch(/^PORT must not be (less than 0|greater than 65535)$/);
    });

    it.each(['0', '65535'])('should accept PORT=%s, at the edge of the range', (port) => {
      expect(validateEnvironment({ JWT_SECRET: SECRET, PORT: port }).PORT).toBe(Number(port));
    });

    it.each(['http://x', 'redis:/x', 'redis://', 'redis://host with space'])(
      'should refuse REDIS_URL=%s',
      (url) => {
        const error = refusal({ JWT_SECRET: SECRET, REDIS_URL: url });
        expect(error.problems).toEqual(['REDIS_URL must be a redis:// or rediss:// URL']);
        expect(error.message).toContain('REDIS_URL');
      },
    );

    it('should leave JWT_SECRET optional for processes that do not use it (the worker)', () => {
      expect(validateEnvironment({}).JWT_SECRET).toBeUndefined();
    });

    it('should refuse a missing JWT_SECRET when the process requires it', () => {
      const error = refusal({}, { require: ['JWT_SECRET'] });
      expect(error.problems).toEqual(['JWT_SECRET is required']);
      expect(error.message).toContain('JWT_SECRET is required');
    });

    it('should refuse an empty JWT_SECRET as missing when the process requires it', () => {
      const error = refusal({ JWT_SECRET: '' }, { require: ['JWT_SECRET'] });
      expect(error.problems).toEqual(['JWT_SECRET is required']);
    });

    it('should report every required variable that is missing', () => {
      const error = refusal({}, { require: ['JWT_SECRET', 'DATABASE_URL'] });
      expect(error.problems).toEqual(['JWT_SECRET is required', 'DATABASE_URL is required']);
    });

    it('should refuse a JWT_SECRET shorter than 32 characters without echoing it', () => {
      const short = 'shortButSecretValue-31-chars!!!';
      expect(short).toHaveLength(31);
      const error = refusal({ JWT_SECRET: short });
      expect(error.problems).toEqual(['JWT_SECRET must be at least 32 characters long']);
      expect(error.message).not.toContain(short);
    });

    it('should accept a JWT_SECRET of exactly 32 characters', () => {
      expect(validateEnvironment({ JWT_SECRET: SECRET }).JWT_SECRET).toBe(SECRET);
    });

    it.each(['crh staging', 'crh/prod', 'x'.repeat(65), 'préfixe'])(
      'should refuse QUEUE_PREFIX=%j',
      (prefix) => {
        const error = refusal({ JWT_SECRET: SECRET, QUEUE_PREFIX: prefix });
        expect(error.problems).toHaveLength(1);
        expect(error.problems[0]).toMatch(/^QUEUE_PREFIX may hold letters, digits/);
      },
    );

    it('should refuse LOG_LEVEL=loud and list the allowed levels', () => {
      const error = refusal({ JWT_SECRET: SECRET, LOG_LEVEL: 'loud' });
      expect(error.problems).toEqual([
        'LOG_LEVEL must be one of the following values: fatal, error, warn, info, debug, trace, silent',
      ]);
    });

    it('should refuse an unknown NODE_ENV', () => {
      const error = refusal({ JWT_SECRET: SECRET, NODE_ENV: 'staging' });
      expect(problemsFor(error, 'NODE_ENV')).toHaveLength(1);
      expect(error.problems).toHaveLength(1);
    });

    it('should refuse a DATABASE_URL that is not a postgres URL', () => {
      const error = refusal({ JWT_SECRET: SECRET, DATABASE_URL: 'mysql://db/crh' });
      expect(error.problems).toEqual(['DATABASE_URL must be a postgres:// URL']);
    });

    it('should take mail settings: SMTP_URL optional, a sender and a console address by default', () => {
      const env = validateEnvironment({ JWT_SECRET: SECRET });
      expect(env.SMTP_URL).toBeUndefined();
      expect(env).toMatchObject({
        MAIL_FROM: 'Coalition Referral Hub <no-reply@localhost>',
        CONSOLE_BASE_URL: 'http://localhost:3000',
        MAIL_MAX_ATTEMPTS: 8,
        MAIL_BACKOFF_MS: 30_000,
      });
      const set = validateEnvironment({
        JWT_SECRET: SECRET,
        SMTP_URL: 'smtps://hub:pw@mail.example:465',
        CONSOLE_BASE_URL: 'https://hub.example',
      });
      expect(set.SMTP_URL).toBe('smtps://hub:pw@mail.example:465');
    });

    it('should refuse a mail server that is not smtp(s) and a console address that is not http(s)', () => {
      const error = refusal({
        JWT_SECRET: SECRET,
        SMTP_URL: 'http://mail.example',
        CONSOLE_BASE_URL: 'hub.example',
      });
      expect(error.problems).toEqual([
        'SMTP_URL must be an smtp:// or smtps:// URL',
        'CONSOLE_BASE_URL must be an http:// or https:// URL',
      ]);
    });

    it('should refuse a DEMO_PASSWORD shorter than 12 characters without echoing it', () => {
      const error = refusal({ JWT_SECRET: SECRET, DEMO_PASSWORD: 'hunter2' });
      expect(error.problems).toEqual(['DEMO_PASSWORD must be at least 12 characters long']);
      expect(error.message).not.toContain('hunter2');
    });

    it('should refuse a BODY_LIMIT_BYTES below 1 KiB', () => {
      const error = refusal({ JWT_SECRET: SECRET, BODY_LIMIT_BYTES: '1023' });
      expect(error.problems).toEqual(['BODY_LIMIT_BYTES must not be less than 1024']);
    });

    it('should refuse an ACCESS_TOKEN_TTL_SECONDS above one hour', () => {
      const error = refusal({ JWT_SECRET: SECRET, ACCESS_TOKEN_TTL_SECONDS: '3601' });
      expect(error.problems).toEqual(['ACCESS_TOKEN_TTL_SECONDS must not be greater than 3600']);
    });

    it('should prefix with the variable name a message that does not start with it', () => {
      const error = refusal({ JWT_SECRET: SECRET, CORS_ORIGINS: 5 });
      expect(error.problems).toEqual(['CORS_ORIGINS: each value in CORS_ORIGINS must be a string']);
    });

    it('should name every bad variable at once', () => {
      const error = refusal({
        PORT: 'abc',
        REDIS_URL: 'http://x',
        JWT_SECRET: 'too-short',
        QUEUE_PREFIX: 'has spaces in it',
        LOG_LEVEL: 'loud',
        DATABASE_MIGRATIONS_RUN: 'maybe',
      });

      for (const variable of [
        'PORT',
        'REDIS_URL',
        'JWT_SECRET',
        'QUEUE_PREFIX',
        'LOG_LEVEL',
        'DATABASE_MIGRATIONS_RUN',
      ]) {
        expect(problemsFor(error, variable).length).toBeGreaterThan(0);
        expect(error.message).toContain(`  - ${variable}`);
      }
      // Nothing else was wrong, so nothing else is named.
      const named = new Set(error.problems.map((p) => /^[A-Z_]+/.exec(p)?.[0]));
      expect([...named].sort()).toEqual(
        [
          'DATABASE_MIGRATIONS_RUN',
          'JWT_SECRET',
          'LOG_LEVEL',
          'PORT',
          'QUEUE_PREFIX',
          'REDIS_URL',
        ].sort(),
      );
    });

    it('should put one problem per line in the message', () => {
      const error = refusal({ JWT_SECRET: SECRET, LOG_LEVEL: 'loud', REDIS_URL: 'http://x' });
      expect(error.message).toBe(
        ['Invalid configuration:', ...error.problems.map((p) => `  - ${p}`)].join('\n'),
      );
      expect(error.problems).toHaveLength(2);
    });
  });

  describe('blob store', () => {
    it('should keep documents on the file system by default', () => {
      const env = validateEnvironment({ JWT_SECRET: SECRET });
      expect(env).toMatchObject({
        BLOB_STORE: 'fs',
        S3_REGION: 'us-east-1',
        S3_FORCE_PATH_STYLE: false,
      });
      expect(env.BLOB_DIR).toBeUndefined();
    });

    it('should take an S3-compatible store with its bucket, endpoint and key pair', () => {
      const env = validateEnvironment({
        JWT_SECRET: SECRET,
        BLOB_STORE: 's3',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_BUCKET: 'crh-documents',
        S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        S3_SECRET_ACCESS_KEY: 'not-so-secret',
        S3_FORCE_PATH_STYLE: 'true',
      });
      expect(env).toMatchObject({
        BLOB_STORE: 's3',
        S3_BUCKET: 'crh-documents',
        S3_FORCE_PATH_STYLE: true,
      });
    });

    it('should refuse an s3 store without a bucket, and a key without its secret, never echoing it', () => {
      const error = refusal({
        JWT_SECRET: SECRET,
        BLOB_STORE: 's3',
        S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      });
      expect(error.problems).toEqual([
        'S3_BUCKET is required when BLOB_STORE=s3',
        'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together or not at all',
      ]);
      expect(error.message).not.toContain('AKIAEXAMPLE');
    });

    it('should refuse an unknown store and an endpoint that is not http(s)', () => {
      const error = refusal({ JWT_SECRET: SECRET, BLOB_STORE: 'ftp', S3_ENDPOINT: 'ftp://x' });
      expect(problemsFor(error, 'BLOB_STORE')).toHaveLength(1);
      expect(problemsFor(error, 'S3_ENDPOINT')).toEqual([
        'S3_ENDPOINT must be an http:// or https:// URL',
      ]);
    });
  });

  describe('production', () => {
    it('should refuse NODE_ENV=production without DATABASE_URL', () => {
      const error = refusal({ JWT_SECRET: SECRET, NODE_ENV: 'production' });
      expect(error.problems).toEqual(['DATABASE_URL is required when NODE_ENV=production']);
    });

    it('should refuse NODE_ENV=production with an empty DATABASE_URL', () => {
      const error = refusal({ JWT_SECRET: SECRET, NODE_ENV: 'production', DATABASE_URL: '' });
      expect(error.problems).toEqual(['DATABASE_URL is required when NODE_ENV=production']);
    });

    it('should report the missing DATABASE_URL alongside the other problems', () => {
      const error = refusal({ NODE_ENV: 'production', PORT: 'abc' }, { require: ['JWT_SECRET'] });
      expect(error.problems).toContain('DATABASE_URL is required when NODE_ENV=production');
      expect(problemsFor(error, 'PORT').length).toBeGreaterThan(0);
      expect(problemsFor(error, 'JWT_SECRET').length).toBeGreaterThan(0);
    });

    it('should accept NODE_ENV=production with a postgres DATABASE_URL', () => {
      const env = validateEnvironment({
        JWT_SECRET: SECRET,
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://crh@db:5432/crh',
      });
      expect(env.NODE_ENV).toBe('production');
      expect(env.DATABASE_URL).toBe('postgres://crh@db:5432/crh');
    });

    it('should not require DATABASE_URL outside production', () => {
      expect(() => validateEnvironment({ JWT_SECRET: SECRET, NODE_ENV: 'test' })).not.toThrow();
      expect(() =>
        validateEnvironment({ JWT_SECRET: SECRET, NODE_ENV: 'development' }),
      ).not.toThrow();
    });
  });
});

describe('databaseSettingsFrom', () => {
  it('should return the URL and a pool of two for the migration commands', () => {
    expect(databaseSettingsFrom({ DATABASE_URL: 'postgresql://crh@db/crh' })).toEqual({
      url: 'postgresql://crh@db/crh',
      poolSize: 2,
    });
  });

  it('should accept the postgres:// scheme as well', () => {
    expect(databaseSettingsFrom({ DATABASE_URL: 'postgres://crh@db/crh' }).url).toBe(
      'postgres://crh@db/crh',
    );
  });

  it('should need no JWT_SECRET or any other variable', () => {
    expect(() => databaseSettingsFrom({ DATABASE_URL: 'postgres://db/crh' })).not.toThrow();
  });

  it('should ignore DATABASE_POOL_SIZE', () => {
    expect(
      databaseSettingsFrom({ DATABASE_URL: 'postgres://db/crh', DATABASE_POOL_SIZE: '50' })
        .poolSize,
    ).toBe(2);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['not postgres', 'mysql://db/crh'],
    ['not a string', 42],
    ['containing a space', 'postgres://db /crh'],
  ])('should refuse a DATABASE_URL that is %s', (_label, url) => {
    let caught: unknown;
    try {
      databaseSettingsFrom({ DATABASE_URL: url });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as ConfigurationError).problems).toEqual([
      'DATABASE_URL must be set to a postgres:// URL for the migration commands',
    ]);
  });
});
