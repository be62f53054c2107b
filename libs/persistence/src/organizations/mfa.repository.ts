import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { MfaRecoveryCodeEntity, UserEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A user's second factor as the checks need it (secret and last step are never selected otherwise). */
export interface FactorState {
  id: string;
  email: string;
  mfaEnabled: boolean;
  mfaSecret: string | null;
  mfaLastStep: number | null;
}

export type NewRecoveryCode = Pick<MfaRecoveryCodeEntity, 'id' | 'userId' | 'salt' | 'codeHash'>;

/**
 * The TOTP second factor and recovery codes of a user. Not read through a
 * scope: every method acts on the caller's own account (the user signing in,
 * or the signed-in user managing their factor).
 */
@Injectable()
export class MfaRepository {
  /** The user's factor, the row locked for update; null when there is no such user. */
  async lockFactor(tx: Tx, userId: string): Promise<FactorState | null> {
    const user = await managerOf(tx)
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .addSelect(['u.mfaSecret', 'u.mfaLastStep'])
      .where('u.id = :id', { id: userId })
      .getOne();
    return user
      ? {
          id: user.id,
          email: user.email,
          mfaEnabled: user.mfaEnabled,
          mfaSecret: user.mfaSecret,
          mfaLastStep: user.mfaLastStep ?? null,
        }
      : null;
  }

  /** A new secret awaiting confirmation; the previous one and its step are gone. */
  async setPendingSecret(tx: Tx, userId: string, sealedSecret: string): Promise<void> {
    await managerOf(tx).update(
      UserEntity,
      { id: userId },
      { mfaSecret: sealedSecret, mfaLastStep: null },
    );
  }

  async enable(tx: Tx, userId: string): Promise<void> {
    await managerOf(tx).update(UserEntity, { id: userId }, { mfaEnabled: true });
  }

  /** Factor off: secret, last step and recovery codes are gone. */
  async disable(tx: Tx, userId: string): Promise<void> {
    const m = managerOf(tx);
    await m.update(
      UserEntity,
      { id: userId },
      { mfaEnabled: false, mfaSecret: null, mfaLastStep: null },
    );
    await m.delete(MfaRecoveryCodeEntity, { userId });
  }

  /** The step of the code just accepted: no code of it or earlier works again. */
  async setLastStep(tx: Tx, userId: string, step: number): Promise<void> {
    await managerOf(tx).update(UserEntity, { id: userId }, { mfaLastStep: step });
  }

  async deleteRecoveryCodes(tx: Tx, userId: string): Promise<void> {
    await managerOf(tx).delete(MfaRecoveryCodeEntity, { userId });
  }

  async insertRecoveryCodes(tx: Tx, codes: NewRecoveryCode[]): Promise<void> {
    await managerOf(tx).insert(
      MfaRecoveryCodeEntity,
      codes.map((c) => ({ ...c, usedAt: null })),
    );
  }

  /** The user's unused recovery codes, locked so that one cannot be spent twice. */
  unusedRecoveryCodes(tx: Tx, userId: string): Promise<MfaRecoveryCodeEntity[]> {
    return managerOf(tx).find(MfaRecoveryCodeEntity, {
      where: { userId, usedAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async spendRecoveryCode(tx: Tx, codeId: string): Promise<void> {
    await managerOf(tx).update(MfaRecoveryCodeEntity, { id: codeId }, { usedAt: new Date() });
  }
}
