// Over 400 lines on purpose: this is the one declaration of every configuration
// variable, each with its validation, default and meaning, so that docs/deployment.md,
// the startup check and the tests read a single list; splitting it by topic would
// scatter the list an operator reads top to bottom.
import { parseSlaClocks, RETENTION_RULES, ROLES, type RetentionPolicy } from '@app/domain';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
    : value;

/** A sentinel's address: host (name, IPv4, or [IPv6]) and port. */
export const SENTINEL_ADDRESS = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
/** Where documents' bytes are kept (see BLOB_STORE). */
export const BLOB_STORES = ['fs', 's3'] as const;
export type BlobStoreKind = (typeof BLOB_STORES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** The highest ATTACHMENT_MAX_BYTES any deployment may set (the API description states it). */
export const ATTACHMENT_MAX_BYTES_CEILING = 100 * 1024 * 1024;

/**
 * Every environment variable the processes read, with its default. What operators
 * need beyond this class (secrets, settings every replica must share, rotation) is
 * in docs/deployment.md#configuration; keep them together.
 */
export class Environment {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  /** PostgreSQL connection URL. Absent: the single-machine start serves an embedded database. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /**
   * A streaming replica of DATABASE_URL (postgres:// URL), optional. Lists,
   * search and statistics read from it; every write, every transaction and
   * every single-record read stays on DATABASE_URL. Lists may lag the primary
   * by the replication delay (docs/deployment.md#read-replica-and-redis-sentinel).
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'READ_DATABASE_URL must be a postgres:// URL' })
  READ_DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  /**
   * Keep the large hot reads (the case detail) prepared on each connection, so
   * they are planned once per connection rather than per request. Off where a
   * connection is not its own session: the embedded database (the
   * single-machine start turns it off) or a transaction-pooling PgBouncer
   * older than 1.21.
   */
  @Transform(toBool)
  @IsBoolean()
  DATABASE_PREPARED_STATEMENTS = true;

  /** Apply pending migrations when a process starts (under a lock; safe with replicas). */
  @Transform(toBool)
  @IsBoolean()
  DATABASE_MIGRATIONS_RUN = true;

  /** One Redis server (the default). The alternative, REDIS_SENTINELS, follows failovers. */
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /**
   * Redis through Sentinel instead of REDIS_URL: the sentinels, `host:port[,host:port…]`.
   * Every connection asks them for the current primary and, after a failover,
   * reconnects to the promoted one without a restart.
   */
  @Transform(toList)
  @IsOptional()
  @Matches(SENTINEL_ADDRESS, {
    each: true,
    message: 'REDIS_SENTINELS must be a comma-separated list of host:port',
  })
  REDIS_SENTINELS?: string[];

  /** The name the sentinels monitor the primary under (`sentinel monitor <name> …`). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, {
    message: 'REDIS_SENTINEL_NAME may hold letters, digits, ".", "_" and "-" (at most 64)',
  })
  REDIS_SENTINEL_NAME?: string;

  /** Password of the sentinels themselves (their `requirepass`). Secret. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  REDIS_SENTINEL_PASSWORD?: string;

  /** Password of the Redis servers behind the sentinels. Secret. (REDIS_URL carries its own.) */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  REDIS_PASSWORD?: string;

  /** Prefix of every Redis key this deployment writes (queues included). */
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, {
    message: 'QUEUE_PREFIX may hold letters, digits, ":", "_" and "-" (at most 64)',
  })
  QUEUE_PREFIX = 'crh';

  /**
   * The built web console (npm run build:web), served by the API at /. When the
   * folder has no index.html the API runs without the console and says so.
   */
  @IsString()
  @MinLength(1)
  WEB_CONSOLE_DIR = './dist/web';

  /** Where the embedded database and the demo's generated secrets live. */
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  /**
   * HMAC key of access tokens. Secret. Required by the API (the worker neither
   * signs nor checks tokens); the single-machine start generates one when absent.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /**
   * Keys for sensitive fields (tax ids, national ids): `id:base64key[,…]`, 32-byte
   * keys, the first one current. Secret. Required by the API; the single-machine
   * start generates one when absent.
   */
  @IsOptional()
  @IsString()
  FIELD_ENCRYPTION_KEYS?: string;

  /**
   * Keys of the keyed hash (HMAC-SHA-256) kept instead of a merchant id that is
   * also shaped like a card number: `id:base64key[,…]`, 32-byte keys, the first
   * one current, older ones still matched. Secret, kept apart from the data and
   * from FIELD_ENCRYPTION_KEYS. Without it such a merchant id is refused.
   */
  @IsOptional()
  @IsString()
  CARD_HASH_KEYS?: string;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(90 * 24 * 3600)
  REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

  /** Failed logins for one account name before it is locked. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  /** Window over which failures are counted, and the lock's length. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  LOGIN_LOCKOUT_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Largest document that can be attached to a referral (PDF, CSV or plain text). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(ATTACHMENT_MAX_BYTES_CEILING)
  ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

  /**
   * Where documents' bytes are kept (their SHA-256 stays in PostgreSQL):
   * `fs`, files under BLOB_DIR; `s3`, an S3-compatible object store (S3_*).
   * See docs/attachments.md.
   */
  @IsIn(BLOB_STORES)
  BLOB_STORE: BlobStoreKind = 'fs';

  /** Folder of the `fs` blob store (default: DATA_DIR/blobs). Every API and worker must see the same one. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  BLOB_DIR?: string;

  /** The S3-compatible endpoint (http(s)://host[:port]); absent: AWS S3 of S3_REGION. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, {
    message: 'S3_ENDPOINT must be an http:// or https:// URL',
  })
  S3_ENDPOINT?: string;

  @IsString()
  @Matches(/^[a-z0-9-]{1,32}$/, { message: 'S3_REGION must be a region name like eu-west-1' })
  S3_REGION = 'us-east-1';

  /** The bucket of the `s3` blob store, which must exist. Required when BLOB_STORE=s3. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be a bucket name (3-63 lower-case letters, digits, dots, hyphens)',
  })
  S3_BUCKET?: string;

  /** Access key of the `s3` store. Absent (with the secret): the SDK's usual credential chain. */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  S3_ACCESS_KEY_ID?: string;

  /** Secret of S3_ACCESS_KEY_ID. Secret. */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  S3_SECRET_ACCESS_KEY?: string;

  /** Address buckets as endpoint/bucket rather than bucket.endpoint (most self-hosted stores). */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** Origins allowed to call the API from a browser. Empty: cross-origin calls refused. */
  @Transform(toList)
  @IsString({ each: true })
  CORS_ORIGINS: string[] = [];

  /** Honour X-Forwarded-For from this many proxy hops (0: none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Password of every demo user when the demo data is seeded. Secret. */
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'DEMO_PASSWORD must be at least 12 characters long' })
  @MaxLength(128)
  DEMO_PASSWORD?: string;

  /** Port of the worker's health endpoint (0 picks a free port). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 3001;

  /** Outbox relay: pause between passes when the last pass found nothing more to publish. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60000)
  OUTBOX_POLL_MS = 250;

  /**
   * Outbox relay: also wake at each committed outbox insert, told by PostgreSQL
   * (LISTEN on one extra connection per worker), so the poll above is only the
   * fallback. Off where LISTEN cannot work, e.g. behind a transaction-pooling PgBouncer.
   */
  @Transform(toBool)
  @IsBoolean()
  OUTBOX_LISTEN = true;

  /**
   * Service-level clocks: `name=duration` pairs, durations in s, m, h, d or bd
   * (business days, Monday to Friday, UTC). Clocks left out keep their default.
   */
  @IsString()
  @Matches(/^\s*([a-z_]+\s*=\s*\d+\s*(s|m|h|d|bd)\s*)(,\s*[a-z_]+\s*=\s*\d+\s*(s|m|h|d|bd)\s*)*$/, {
    message: 'SLA_CLOCKS must be a list like "triage=2bd,le_acknowledgement=5d,info_request=7d"',
  })
  SLA_CLOCKS = 'triage=2bd,le_acknowledgement=5d,info_request=7d';

  /** Delivery attempts of a webhook dispatch before it is marked failed and coordinators alerted. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** First retry delay of a webhook delivery; doubles each attempt, with random jitter. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(24 * 3600 * 1000)
  WEBHOOK_BACKOFF_MS = 30_000;

  /** Time allowed for an agency's receiver to answer one delivery. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * Outgoing mail server, e.g. smtp://user:pass@mail.example:587 (STARTTLS when
   * offered) or smtps://… (TLS from the start). Secret when it carries a
   * password. Absent: the worker writes each mail as an .eml file into
   * MAIL_OUTBOX_DIR instead and says so at start (see docs/notifications.md).
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of notification mail: an address, optionally with a name ("Hub <hub@x.example>"). */
  @IsString()
  @MaxLength(254)
  @Matches(/^[^\r\n]*@[^\r\n]+$/, { message: 'MAIL_FROM must be an e-mail address' })
  MAIL_FROM = 'Coalition Referral Hub <no-reply@localhost>';

  /** Where mails go as .eml files when no SMTP_URL is set (default: DATA_DIR/mail-outbox). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  MAIL_OUTBOX_DIR?: string;

  /** Sending attempts of one mail before it is left unsent (the row says why). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS = 8;

  /** First retry delay of a refused mail; doubles each attempt, with random jitter. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(24 * 3600 * 1000)
  MAIL_BACKOFF_MS = 30_000;

  /**
   * The console's address as people open it, for the links in mail
   * (https://hub.example). Mail links to `<CONSOLE_BASE_URL>/cases/…` and so on.
   */
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, {
    message: 'CONSOLE_BASE_URL must be an http:// or https:// URL',
  })
  CONSOLE_BASE_URL = 'http://localhost:3000';

  /**
   * The redirect URI registered at every organization's OpenID Connect
   * provider: where the provider sends people back after single sign-on.
   * Default: `<CONSOLE_BASE_URL>/api/v1/auth/sso/callback` (the console and
   * the API served from one origin). See docs/sso.md.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+\/[^\s?#]*$/, {
    message: 'SSO_CALLBACK_URL must be an http:// or https:// URL without query or fragment',
  })
  SSO_CALLBACK_URL?: string;

  /**
   * Accept http:// provider addresses (issuers) for single sign-on. Off by
   * default: an identity provider is reached over https only. For development
   * and tests against a provider on loopback.
   */
  @Transform(toBool)
  @IsBoolean()
  SSO_ALLOW_HTTP_ISSUERS = false;

  /**
   * Ed25519 private key that signs audit checkpoints: PKCS#8 PEM, or its DER in
   * base64. Secret. Required by the worker; the single-machine start generates one.
   */
  @IsOptional()
  @IsString()
  @MinLength(40, {
    message: 'AUDIT_SIGNING_KEY must be an Ed25519 private key (PKCS#8 PEM or base64 DER)',
  })
  AUDIT_SIGNING_KEY?: string;

  /** How often the worker signs the audit chain's head (and on demand). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(7 * 24 * 3600)
  AUDIT_CHECKPOINT_INTERVAL_SECONDS = 3600;

  /** Pause of the audit sealer between passes when it found nothing to chain. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  AUDIT_SEAL_INTERVAL_MS = 200;

  /** Roles that must pass a second factor (TOTP) at sign-in; `none`: nobody. */
  @Transform(({ value }: { value: unknown }) => {
    const list = toList({ value });
    return Array.isArray(list) && list.length === 1 && list[0] === 'none' ? [] : list;
  })
  @IsIn(ROLES, {
    each: true,
    message: `each MFA_REQUIRED_ROLES entry must be one of ${ROLES.join(', ')}`,
  })
  MFA_REQUIRED_ROLES: string[] = [
    'coordinator',
    'lead_coordinator',
    'le_liaison',
    'platform_admin',
    'auditor',
  ];

  /** Name shown in authenticator apps next to the account. */
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  MFA_ISSUER = 'Coalition Referral Hub';

  /** Sign-in attempts per client address per minute (429 with Retry-After beyond). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_LOGIN_PER_MINUTE = 20;

  /** Token refreshes per client address per minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_REFRESH_PER_MINUTE = 60;

  /** Referral creations and submissions per user or API key per minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_FILING_PER_MINUTE = 120;

  /** Requests per API key per minute, every route. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_API_KEY_PER_MINUTE = 600;

  /**
   * Requests per signed-in user per minute, every route (API keys have their
   * own limit). Generous: it stops a runaway script, not a busy person.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_USER_PER_MINUTE = 600;

  /** Exports (of the audit trail, of the transparency report) per user per hour, counted together. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  RATE_LIMIT_EXPORT_PER_HOUR = 30;

  /**
   * Retention, in whole days (docs/retention.md): how long each kind of record
   * is kept once nobody works on it any more; the worker's daily purge removes
   * what has outlived its period, never a record of an open case or under an
   * active hold. Referral records: five years after their case closed.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36_500)
  RETENTION_CASE_DAYS = RETENTION_RULES.closed_cases.defaultDays;

  /** Referrals withdrawn before any case held them, from their withdrawal. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36_500)
  RETENTION_WITHDRAWN_REFERRAL_DAYS = RETENTION_RULES.withdrawn_referrals.defaultDays;

  /** Drafts never submitted, from their last change. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36_500)
  RETENTION_DRAFT_DAYS = RETENTION_RULES.drafts.defaultDays;

  /** Webhook delivery attempts of closed or rejected cases, from the attempt. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36_500)
  RETENTION_WEBHOOK_DELIVERY_DAYS = RETENTION_RULES.webhook_deliveries.defaultDays;

  /** In-app notifications, from their creation. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36_500)
  RETENTION_NOTIFICATION_DAYS = RETENTION_RULES.notifications.defaultDays;

  /** Notification mails sent or given up, from when they were queued. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36_500)
  RETENTION_MAIL_DELIVERY_DAYS = RETENTION_RULES.mail_deliveries.defaultDays;

  /** Stored answers of Idempotency-Key requests, from the first answer. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36_500)
  RETENTION_IDEMPOTENCY_DAYS = RETENTION_RULES.idempotency_records.defaultDays;

  /**
   * Audit events, from the end of their calendar month (UTC). Never shorter
   * than RETENTION_CASE_DAYS: the trail outlives the records it speaks of.
   * Expired months are archived as signed files in ARCHIVE_DIR before removal.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36_500)
  RETENTION_AUDIT_DAYS = RETENTION_RULES.audit_events.defaultDays;

  /** Records removed per purge transaction. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  RETENTION_PURGE_BATCH = 500;

  /** Run the daily purge (03:30 UTC) in the worker. Off: only `npm run retention:purge` purges. */
  @Transform(toBool)
  @IsBoolean()
  RETENTION_PURGE_ENABLED = true;

  /** Where archived audit months are written as signed files (default: DATA_DIR/audit-archives). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  ARCHIVE_DIR?: string;

  /** Accept http:// webhook URLs (always accepted when NODE_ENV=development). */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_HTTP = false;

  /**
   * Accept webhook URLs on loopback, private, link-local and other non-public
   * addresses. Off by default: such URLs let a caller reach internal services.
   */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_NETWORKS = false;

  /**
   * Bearer token a Prometheus scraper sends to GET /metrics (docs/statistics.md).
   * Secret. Absent: the endpoint does not exist (404).
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters long' })
  @MaxLength(512)
  METRICS_TOKEN?: string;

  /**
   * The transparency report withholds every count from 1 to this value minus
   * one (shown as "<5" with the default), so that no member can be picked out.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(100)
  TRANSPARENCY_MIN_COUNT = 5;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * Parse and check the environment. Throws a ConfigurationError naming every bad
 * variable; callers print its message and exit.
 */
export function validateEnvironment(
  raw: Record<string, unknown>,
  options: { require?: (keyof Environment)[] } = {},
): Environment {
  // Empty strings mean "not set" so a blank line in an env file falls back to the default.
  const present = Object.fromEntries(
    Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''),
  );
  const env = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) ? m : `${e.property}: ${m}`,
    ),
  );
  for (const key of options.require ?? []) {
    if (env[key] === undefined) problems.push(`${key} is required`);
  }
  if (typeof env.SLA_CLOCKS === 'string' && !problems.some((p) => p.startsWith('SLA_CLOCKS'))) {
    try {
      parseSlaClocks(env.SLA_CLOCKS);
    } catch (error) {
      problems.push(`SLA_CLOCKS: ${(error as Error).message}`);
    }
  }
  if (env.BLOB_STORE === 's3' && !env.S3_BUCKET) {
    problems.push('S3_BUCKET is required when BLOB_STORE=s3');
  }
  if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together or not at all');
  }
  if (
    Number.isInteger(env.RETENTION_AUDIT_DAYS) &&
    Number.isInteger(env.RETENTION_CASE_DAYS) &&
    env.RETENTION_AUDIT_DAYS < env.RETENTION_CASE_DAYS
  ) {
    problems.push(
      'RETENTION_AUDIT_DAYS must be at least RETENTION_CASE_DAYS (the trail outlives the records it speaks of)',
    );
  }
  if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
    problems.push('DATABASE_URL is required when NODE_ENV=production');
  }
  if (env.READ_DATABASE_URL && !env.DATABASE_URL) {
    problems.push('READ_DATABASE_URL needs DATABASE_URL (the embedded database has no replica)');
  }
  problems.push(...redisModeProblems(env, 'REDIS_URL' in present));
  if (problems.length > 0) throw new ConfigurationError(problems);
  return env;
}

/**
 * Redis is reached one way: REDIS_URL (one server) or REDIS_SENTINELS with
 * REDIS_SENTINEL_NAME (the primary the sentinels name). Settings of the other
 * way are refused rather than ignored, so a half-done switch is seen at start.
 */
function redisModeProblems(env: Environment, urlGiven: boolean): string[] {
  const sentinels = env.REDIS_SENTINELS;
  if (sentinels === undefined) {
    return (['REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD', 'REDIS_PASSWORD'] as const)
      .filter((key) => env[key] !== undefined)
      .map((key) =>
        key === 'REDIS_PASSWORD'
          ? 'REDIS_PASSWORD is read only with REDIS_SENTINELS; with REDIS_URL, put the password in the URL (redis://:password@host:6379)'
          : `${key} is read only with REDIS_SENTINELS, which is not set`,
      );
  }
  const problems: string[] = [];
  if (!Array.isArray(sentinels) || sentinels.length === 0) {
    problems.push('REDIS_SENTINELS must list at least one host:port');
  } else {
    for (const entry of sentinels) {
      const port = Number(SENTINEL_ADDRESS.exec(String(entry))?.[2] ?? 0);
      if (SENTINEL_ADDRESS.test(String(entry)) && (port < 1 || port > 65535)) {
        problems.push(`REDIS_SENTINELS: ${entry} has a port outside 1..65535`);
      }
    }
  }
  if (urlGiven) {
    problems.push(
      'REDIS_URL and REDIS_SENTINELS are two ways to reach Redis: set one of them, not both',
    );
  }
  if (!env.REDIS_SENTINEL_NAME) {
    problems.push(
      'REDIS_SENTINEL_NAME is required with REDIS_SENTINELS (the name the sentinels monitor the primary under)',
    );
  }
  return problems;
}

/** How the processes reach Redis, from validated settings. */
export type RedisTarget =
  | { readonly kind: 'url'; readonly url: string }
  | {
      readonly kind: 'sentinel';
      readonly sentinels: readonly { readonly host: string; readonly port: number }[];
      readonly name: string;
      readonly password?: string;
      readonly sentinelPassword?: string;
    };

export type RedisSettings = Pick<
  Environment,
  | 'REDIS_URL'
  | 'REDIS_SENTINELS'
  | 'REDIS_SENTINEL_NAME'
  | 'REDIS_SENTINEL_PASSWORD'
  | 'REDIS_PASSWORD'
>;

/** The Redis target of a validated configuration (validateEnvironment refused the rest). */
export function redisTargetOf(settings: RedisSettings): RedisTarget {
  const sentinels = settings.REDIS_SENTINELS;
  if (!sentinels || sentinels.length === 0) return { kind: 'url', url: settings.REDIS_URL };
  return {
    kind: 'sentinel',
    sentinels: sentinels.map((entry) => {
      const match = SENTINEL_ADDRESS.exec(entry);
      if (!match) throw new ConfigurationError([`REDIS_SENTINELS: ${entry} is not host:port`]);
      return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) };
    }),
    name: settings.REDIS_SENTINEL_NAME ?? '',
    password: settings.REDIS_PASSWORD,
    sentinelPassword: settings.REDIS_SENTINEL_PASSWORD,
  };
}

/** The target for people and logs: where, never a password. */
export function describeRedisTarget(target: RedisTarget): string {
  if (target.kind === 'sentinel') {
    const list = target.sentinels.map((s) => `${s.host}:${s.port}`).join(',');
    return `primary "${target.name}" through the sentinels ${list}`;
  }
  const url = new URL(target.url);
  url.password = url.password ? '***' : '';
  return url.toString().replace(/\/$/, '');
}

/** The database settings alone, for the migration CLI (which needs no other secret). */
export function databaseSettingsFrom(raw: Record<string, unknown>): {
  url: string;
  poolSize: number;
} {
  const url = raw.DATABASE_URL;
  if (typeof url !== 'string' || !/^postgres(ql)?:\/\/\S+$/.test(url)) {
    throw new ConfigurationError([
      'DATABASE_URL must be set to a postgres:// URL for the migration commands',
    ]);
  }
  return { url, poolSize: 2 };
}

/** The retention period of each kind of record, as configured (days). */
export function retentionPolicyOf(
  env: Pick<Environment, `RETENTION_${string}_DAYS` & keyof Environment>,
): RetentionPolicy {
  return {
    closed_cases: env.RETENTION_CASE_DAYS,
    withdrawn_referrals: env.RETENTION_WITHDRAWN_REFERRAL_DAYS,
    drafts: env.RETENTION_DRAFT_DAYS,
    webhook_deliveries: env.RETENTION_WEBHOOK_DELIVERY_DAYS,
    notifications: env.RETENTION_NOTIFICATION_DAYS,
    mail_deliveries: env.RETENTION_MAIL_DELIVERY_DAYS,
    idempotency_records: env.RETENTION_IDEMPOTENCY_DAYS,
    audit_events: env.RETENTION_AUDIT_DAYS,
  };
}

/** Where audit archives are written: ARCHIVE_DIR, or audit-archives under DATA_DIR. */
export function archiveDirOf(env: Pick<Environment, 'ARCHIVE_DIR' | 'DATA_DIR'>): string {
  return env.ARCHIVE_DIR ?? `${env.DATA_DIR.replace(/\/+$/, '')}/audit-archives`;
}
