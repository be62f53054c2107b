import { AppConfig, FieldCipher, parseFieldKeys, type Sealed } from '@app/common';
import { MfaRepository, type Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { authenticator } from 'otplib';
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';

/** TOTP parameters (RFC 6238 defaults every authenticator app understands). */
const STEP_SECONDS = 30;
/** Codes of the previous and next step are accepted too (clock drift). */
const WINDOW_STEPS = 1;
const SECRET_BYTES = 20;
/** The secret in base-32 (RFC 4648, no padding): 8 characters per 5 bytes. */
export const MFA_SECRET_LENGTH = Math.ceil((SECRET_BYTES * 8) / 5);

export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base-32 letters (no i, l, o, u): easy to read aloud and type. */
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const RECOVERY_GROUPS = 4;
const RECOVERY_GROUP_LENGTH = 4;

/** A 6-digit TOTP code, or a recovery code (`xxxx-xxxx-xxxx-xxxx`, hyphens optional). */
export const TOTP_CODE_PATTERN = /^\d{6}$/;
export const OTP_OR_RECOVERY_PATTERN = /^(\d{6}|[A-Za-z0-9]{4}(-?[A-Za-z0-9]{4}){3})$/;
export const TOTP_CODE_LENGTH = 6;
/** A recovery code as it is shown: four groups of four, joined by hyphens. */
export const RECOVERY_CODE_LENGTH = RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH + (RECOVERY_GROUPS - 1);
/** The recovery codes as they are shown (lower case, with hyphens). */
export const RECOVERY_CODE_SHOWN_PATTERN = '^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$';

export type SecondFactorCheck =
  | { ok: true; method: 'totp'; step: number }
  | { ok: true; method: 'recovery_code'; remaining: number }
  | { ok: false; reason: 'invalid' | 'replayed' | 'not_enrolled' | 'already_enabled' };

/**
 * The TOTP second factor and its recovery codes.
 *
 * - The secret is sealed at rest with the field cipher (AES-256-GCM), bound to
 *   `user:<id>:mfaSecret`, and stored without the cipher's clear-text hint.
 * - A code is accepted for the current step ±1, and only if its step is later
 *   than the last accepted one (users.mfa_last_step): no code works twice.
 * - Recovery codes carry 80 random bits each; they are stored as
 *   SHA-256(salt ‖ code) with a 16-byte random salt per code. A slow hash adds
 *   nothing against guessing at that entropy and would make each sign-in verify
 *   up to ten argon2 hashes.
 */
@Injectable()
export class SecondFactor {
  private readonly cipher: FieldCipher;
  private readonly issuer: string;

  constructor(
    config: AppConfig,
    private readonly factors: MfaRepository,
  ) {
    this.cipher = new FieldCipher(parseFieldKeys(config.require('FIELD_ENCRYPTION_KEYS')));
    this.issuer = config.get('MFA_ISSUER');
  }

  newSecret(): string {
    return authenticator.generateSecret(SECRET_BYTES);
  }

  otpauthUri(accountName: string, secret: string): string {
    return authenticator.keyuri(accountName, this.issuer, secret);
  }

  seal(userId: string, secret: string): string {
    const sealed = this.cipher.seal(secret, secretContext(userId));
    // The cipher keeps the last characters in clear as a display hint: not for a secret.
    return JSON.stringify({ ...sealed, hint: '' } satisfies Sealed);
  }

  open(userId: string, stored: string): string {
    return this.cipher.open(JSON.parse(stored) as Sealed, secretContext(userId));
  }

  /** The step a code belongs to when it is valid now (±1 step), else null. */
  stepOf(secret: string, code: string, now = Date.now()): number | null {
    if (!TOTP_CODE_PATTERN.test(code)) return null;
    const delta = authenticator
      .clone({ window: WINDOW_STEPS, step: STEP_SECONDS, epoch: now })
      .checkDelta(code, secret);
    return delta === null ? null : Math.floor(now / 1000 / STEP_SECONDS) + delta;
  }

  /**
   * Check a code for a user inside the caller's transaction: locks the user
   * row, accepts a TOTP code of a step later than the last one used (and
   * records the step), or, when allowed, an unused recovery code (and spends it).
   * `pending` checks the secret awaiting confirmation instead of an enabled one.
   */
  async check(
    tx: Tx,
    userId: string,
    code: string,
    options: { allowRecoveryCode: boolean; pending?: boolean },
  ): Promise<SecondFactorCheck> {
    const user = await this.factors.lockFactor(tx, userId);
    if (!user) return { ok: false, reason: 'not_enrolled' };
    if (options.pending && user.mfaEnabled) return { ok: false, reason: 'already_enabled' };
    if (!user.mfaSecret || (!options.pending && !user.mfaEnabled)) {
      return { ok: false, reason: 'not_enrolled' };
    }

    if (TOTP_CODE_PATTERN.test(code)) {
      const step = this.stepOf(this.open(user.id, user.mfaSecret), code);
      if (step === null) return { ok: false, reason: 'invalid' };
      if (user.mfaLastStep !== null && step <= user.mfaLastStep) {
        return { ok: false, reason: 'replayed' };
      }
      await this.factors.setLastStep(tx, user.id, step);
      return { ok: true, method: 'totp', step };
    }

    const normalised = normaliseRecoveryCode(code);
    if (!options.allowRecoveryCode || !normalised) return { ok: false, reason: 'invalid' };
    const unused = await this.factors.unusedRecoveryCodes(tx, user.id);
    const match = unused.find((row) => sameDigest(row.codeHash, digestOf(row.salt, normalised)));
    if (!match) return { ok: false, reason: 'invalid' };
    await this.factors.spendRecoveryCode(tx, match.id);
    return { ok: true, method: 'recovery_code', remaining: unused.length - 1 };
  }

  /** Replace the user's recovery codes with a fresh set; returns the codes to show once. */
  async replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
    await this.factors.deleteRecoveryCodes(tx, userId);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.factors.insertRecoveryCodes(
      tx,
      codes.map((code) => {
        const salt = randomBytes(16).toString('base64url');
        return {
          id: randomUUID(),
          userId,
          salt,
          codeHash: digestOf(salt, normaliseRecoveryCode(code) as string),
        };
      }),
    );
    return codes;
  }
}

function secretContext(userId: string): string {
  return `user:${userId}:mfaSecret`;
}

function newRecoveryCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < RECOVERY_GROUPS; g++) {
    let group = '';
    for (let i = 0; i < RECOVERY_GROUP_LENGTH; i++) {
      group += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    }
    groups.push(group);
  }
  return groups.join('-');
}

/** Lower case without hyphens or spaces, or null when it cannot be a recovery code. */
export function normaliseRecoveryCode(input: string): string | null {
  const compact = input.replace(/[\s-]/g, '').toLowerCase();
  const length = RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH;
  if (compact.length !== length) return null;
  for (const ch of compact) if (!RECOVERY_ALPHABET.includes(ch)) return null;
  return compact;
}

function digestOf(salt: string, normalisedCode: string): string {
  return createHash('sha256').update(salt, 'utf8').update(normalisedCode, 'utf8').digest('hex');
}

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
