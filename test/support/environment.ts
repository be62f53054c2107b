import { validateEnvironment, type Environment } from '@app/common';
import { generateKeyPairSync } from 'node:crypto';

/** This test process's audit checkpoint key (every app a spec starts shares it). */
export const TEST_AUDIT_SIGNING_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();

/**
 * The configuration a test app runs with: the run's own database and Redis
 * prefix (from the global setup), quiet logs, and any overrides a test needs.
 */
export function testEnvironment(overrides: Record<string, string> = {}): Environment {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const prefix = process.env.TEST_QUEUE_PREFIX;
  if (!databaseUrl || !prefix) throw new Error('The e2e global setup did not run');
  return validateEnvironment({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix,
    JWT_SECRET: 'test-only-secret-0123456789abcdefghijklmnopqrstuvwxyz',
    FIELD_ENCRYPTION_KEYS: 'test1:dGVzdC1vbmx5LWZpZWxkLWtleS0wMTIzNDU2Nzg5YWI=',
    CARD_HASH_KEYS: 'test1:dGVzdC1vbmx5LWNhcmQtaGFzaC1rZXktMDEyMzQ1Njc=',
    LOG_LEVEL: 'silent',
    OUTBOX_POLL_MS: '50',
    AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY,
    // Notification mail goes to the run's mail server (global setup); refusals are retried soon.
    SMTP_URL: process.env.TEST_SMTP_URL ?? '',
    MAIL_BACKOFF_MS: '100',
    // Documents go to the run's own folder, not ./data.
    BLOB_DIR: process.env.TEST_BLOB_DIR ?? '',
    CONSOLE_BASE_URL: 'http://console.test',
    // Specs sign in with passwords alone unless they test second factors.
    MFA_REQUIRED_ROLES: 'none',
    // Every spec calls from 127.0.0.1: limits per address and per user are
    // effectively off unless a spec tests them with its own small values.
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_REFRESH_PER_MINUTE: '100000',
    RATE_LIMIT_FILING_PER_MINUTE: '100000',
    RATE_LIMIT_API_KEY_PER_MINUTE: '100000',
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    RATE_LIMIT_EXPORT_PER_HOUR: '10000',
    ...overrides,
  });
}
