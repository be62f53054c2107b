import { authenticator } from 'otplib';
import { authKit, META, PASSWORD, problemOf } from './auth-test-kit';
import { TokenService } from './token.service';

/** A user with two open sessions; `actor` speaks for the first. */
async function signedIn(kit: ReturnType<typeof authKit>, role: 'member_admin' | 'coordinator') {
  const user = kit.addUser({ role });
  const first = await kit.auth.login({ email: user.email, password: PASSWORD }, META);
  await kit.auth.login({ email: user.email, password: PASSWORD }, META);
  const sessionId = [...kit.sessions.tokens.values()].find(
    (t) => t.tokenHash === TokenService.hashRefreshToken(first.refreshToken),
  )?.familyId as string;
  kit.audited.length = 0;
  return { user, sessionId, actor: kit.actorOf(user, sessionId) };
}

describe('MfaService', () => {
  it('should enable the factor on a current code, hand out recovery codes and end the other sessions', async () => {
    const kit = authKit();
    const { user, sessionId, actor } = await signedIn(kit, 'member_admin');
    const { secret } = await kit.mfa.enrol(actor, META);
    expect(kit.directory.users.get(user.id)?.mfaEnabled).toBe(false);

    const { recoveryCodes } = await kit.mfa.confirm(actor, authenticator.generate(secret), META);
    expect(recoveryCodes).toHaveLength(10);
    expect(kit.directory.users.get(user.id)?.mfaEnabled).toBe(true);
    const live = [...kit.sessions.tokens.values()].filter((t) => !t.revokedAt);
    expect(live.map((t) => t.familyId)).toEqual([sessionId]);
    expect(kit.audited.map((a) => a.action)).toEqual(['auth.mfa_enrol', 'auth.mfa_confirm']);
    expect(kit.audited[1].details).toEqual({ recoveryCodes: 10, endedSessionTokens: 1 });
    // Neither the secret nor any code reaches the audit trail.
    expect(JSON.stringify(kit.audited)).not.toContain(secret);
    expect(JSON.stringify(kit.audited)).not.toContain(recoveryCodes[0]);
  });

  it('should refuse a wrong code, keep the factor off and the sessions open, and count it toward lockout', async () => {
    const kit = authKit(2);
    const { user, actor } = await signedIn(kit, 'member_admin');
    await kit.mfa.enrol(actor, META);
    const wrong = authenticator.generate(kit.factor.newSecret());

    expect((await problemOf(kit.mfa.confirm(actor, wrong, META))).code).toBe('otp_invalid');
    expect(kit.directory.users.get(user.id)?.mfaEnabled).toBe(false);
    expect([...kit.sessions.tokens.values()].every((t) => !t.revokedAt)).toBe(true);
    expect(kit.audited.at(-1)).toMatchObject({
      action: 'auth.mfa_failed',
      outcome: 'failure',
      details: { context: 'confirm', reason: 'invalid' },
    });

    const locked = await problemOf(kit.mfa.confirm(actor, wrong, META));
    expect(locked.code).toBe('login_locked');
    expect(kit.audited.at(-1)?.action).toBe('auth.lockout');
    const refused = await problemOf(kit.mfa.confirm(actor, wrong, META));
    expect(refused.code).toBe('login_locked');
    expect(kit.audited.at(-1)).toMatchObject({
      action: 'auth.mfa_failed',
      outcome: 'denied',
      details: { context: 'confirm', reason: 'locked' },
    });
  });

  it('should not accept the same code twice', async () => {
    const kit = authKit();
    const { actor } = await signedIn(kit, 'member_admin');
    const { secret } = await kit.mfa.enrol(actor, META);
    const code = authenticator.generate(secret);
    await kit.mfa.confirm(actor, code, META);
    const replayed = await problemOf(kit.mfa.regenerateRecoveryCodes(actor, code, META));
    expect(replayed.code).toBe('otp_invalid');
    expect(kit.audited.at(-1)?.details).toEqual({ context: 'recovery_codes', reason: 'replayed' });
  });

  it('should refuse a second enrolment while a factor is enabled', async () => {
    const kit = authKit();
    const { actor } = await signedIn(kit, 'member_admin');
    const { secret } = await kit.mfa.enrol(actor, META);
    await kit.mfa.confirm(actor, authenticator.generate(secret), META);
    expect((await problemOf(kit.mfa.enrol(actor, META))).code).toBe('mfa_already_enabled');
    expect(kit.audited.at(-1)).toMatchObject({
      action: 'auth.mfa_enrol',
      outcome: 'denied',
      details: { reason: 'already_enabled' },
    });
  });

  it('should not let a role that must use a factor disable it', async () => {
    const kit = authKit();
    const { user, actor } = await signedIn(kit, 'coordinator');
    const { secret } = await kit.mfa.enrol(actor, META);
    await kit.mfa.confirm(actor, authenticator.generate(secret), META);
    const refused = await problemOf(kit.mfa.disable(actor, '123456', META));
    expect([refused.getStatus(), refused.code]).toEqual([403, 'mfa_required_for_role']);
    expect(kit.directory.users.get(user.id)?.mfaEnabled).toBe(true);
    expect(kit.audited.at(-1)).toMatchObject({
      action: 'auth.mfa_disable',
      outcome: 'denied',
      details: { reason: 'required_for_role' },
    });
  });

  it('should disable the factor with a recovery code and drop every code', async () => {
    const kit = authKit();
    const { user, actor } = await signedIn(kit, 'member_admin');
    const { secret } = await kit.mfa.enrol(actor, META);
    const { recoveryCodes } = await kit.mfa.confirm(actor, authenticator.generate(secret), META);
    await kit.mfa.disable(actor, recoveryCodes[3], META);
    expect(kit.directory.users.get(user.id)).toMatchObject({ mfaEnabled: false, mfaSecret: null });
    expect(kit.factors.recoveryCodes.size).toBe(0);
    expect(kit.audited.slice(-2).map((a) => [a.action, a.details])).toEqual([
      ['auth.mfa_recovery_used', { context: 'disable', remaining: 9 }],
      ['auth.mfa_disable', { method: 'recovery_code' }],
    ]);
  });
});
