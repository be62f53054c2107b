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

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
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

  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

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

  /** Audit exports per user per hour. */
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
  if (problems.length > 0) throw new ConfigurationError(problems);
  return env;
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
