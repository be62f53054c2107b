import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes). A dummy hash
 * is verified for unknown accounts so response time does not reveal whether
 * an e-mail address has an account.
 */
@Injectable()
export class PasswordHasher {
  private static readonly options = {
    type: argon2.argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  } as const;
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, PasswordHasher.options);
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    // No hash, or an account without a password (single sign-on only): as slow as a real check.
    if (!hash || !hash.startsWith('$argon2')) {
      this.dummyHash ??= argon2.hash('no-such-account-placeholder', PasswordHasher.options);
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      return false;
    }
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
