import { dictionary } from '@zxcvbn-ts/language-common';
import { authenticator } from 'otplib';
import { authKit, META, PASSWORD, problemOf } from './auth-test-kit';
import { LoginThrottle } from './login-throttle.service';
import { TokenService } from './token.service';

describe('AuthService', () => {
  describe('login', () => {
    it('should give an unknown address and a wrong password the same answer, both audited', async () => {
      const kit = authKit();
      const user = kit.addUser();
      const unknown = await problemOf(
        kit.auth.login({ email: 'nobody@example.org', password: PASSWORD }, META),
      );
      const wrong = await problemOf(kit.auth.login({ email: user.email, password: 'nope' }, META));
      expect(unknown.code).toBe('invalid_credentials');
      expect(wrong.code).toBe('invalid_credentials');
      expect(kit.audited.map((a) => [a.action, a.outcome, a.targetId])).toEqual([
        ['auth.login', 'failure', undefined],
        ['auth.login', 'failure', user.id],
      ]);
      expect(kit.audited[1].details).toEqual({
        reason: 'bad_credentials',
        emailDigest: LoginThrottle.keyOf(user.email),
      });
      expect(kit.sessions.tokens.size).toBe(0);
    });

    it("should refuse the password of a person whose organization requires single sign-on, but not a platform administrator's", async () => {
      const kit = authKit();
      const user = kit.addUser();
      const admin = kit.addUser({ role: 'platform_admin' });
      kit.ssoRequired.add(kit.org.id);
      const refused = await problemOf(
        kit.auth.login({ email: user.email, password: PASSWORD }, META),
      );
      expect([refused.getStatus(), refused.code]).toEqual([401, 'sso_required']);
      expect(kit.audited.at(-1)).toMatchObject({
        action: 'auth.login',
        outcome: 'denied',
        details: { reason: 'sso_required' },
      });
      expect(kit.sessions.tokens.size).toBe(0);
      await kit.auth.login({ email: admin.email, password: PASSWORD }, META);
      expect(kit.sessions.tokens.size).toBe(1);
    });

    it('should lock the account on the last allowed failure and then refuse even the right password', async () => {
      const kit = authKit(3);
      const user = kit.addUser();
      await problemOf(kit.auth.login({ email: user.email, password: 'x1' }, META));
      await problemOf(kit.auth.login({ email: user.email, password: 'x2' }, META));
      const locked = await problemOf(kit.auth.login({ email: user.email, password: 'x3' }, META));
      expect([locked.getStatus(), locked.code]).toEqual([429, 'login_locked']);
      expect(kit.audited.filter((a) => a.action === 'auth.lockout')).toHaveLength(1);
      const still = await problemOf(
        kit.auth.login({ email: user.email, password: PASSWORD }, META),
      );
      expect(still.code).toBe('login_locked');
      expect(kit.audited.at(-1)).toMatchObject({
        outcome: 'denied',
        details: { reason: 'locked' },
      });
      expect(kit.sessions.tokens.size).toBe(0);
    });

    it('should clear the failure count on a successful sign-in', async () => {
      const kit = authKit(3);
      const user = kit.addUser();
      await problemOf(kit.auth.login({ email: user.email, password: 'x1' }, META));
      await problemOf(kit.auth.login({ email: user.email, password: 'x2' }, META));
      await kit.auth.login({ email: user.email, password: PASSWORD }, META);
      await problemOf(kit.auth.login({ email: user.email, password: 'x3' }, META));
      const again = await problemOf(kit.auth.login({ email: user.email, password: 'x4' }, META));
      expect(again.code).toBe('invalid_credentials');
    });

    it('should refuse a suspended user or organization with the right password', async () => {
      const kit = authKit();
      const suspended = kit.addUser({ status: 'suspended' });
      const refused = await problemOf(
        kit.auth.login({ email: suspended.email, password: PASSWORD }, META),
      );
      expect(refused.code).toBe('account_inactive');
      expect(kit.audited.at(-1)?.details).toEqual({ reason: 'user_suspended' });
      const member = kit.addUser();
      kit.org.status = 'suspended';
      await problemOf(kit.auth.login({ email: member.email, password: PASSWORD }, META));
      expect(kit.audited.at(-1)?.details).toEqual({ reason: 'organization_suspended' });
      expect(kit.sessions.tokens.size).toBe(0);
    });

    it('should open a session, audit it and flag a pending enrolment for a role that needs a factor', async () => {
      const kit = authKit();
      const coordinator = kit.addUser({ role: 'coordinator' });
      const pair = await kit.auth.login({ email: coordinator.email, password: PASSWORD }, META);
      expect(pair.user).toMatchObject({ id: coordinator.id, mfaRequired: true, mfaEnabled: false });
      expect(kit.audited.at(-1)).toMatchObject({
        action: 'auth.login',
        outcome: 'success',
        targetType: 'session',
        details: { secondFactor: 'none', mfaEnrolmentPending: true },
      });
      expect(kit.directory.users.get(coordinator.id)?.lastLoginAt).not.toBeNull();
    });

    it('should ask an enrolled account for its code, count a wrong one, and accept a recovery code once', async () => {
      const kit = authKit(3);
      const secret = kit.factor.newSecret();
      const user = kit.addUser({ mfaEnabled: true });
      user.mfaSecret = kit.factor.seal(user.id, secret);
      const codes = await kit.factor.replaceRecoveryCodes(kit.tx, user.id);
      const login = (otp?: string) =>
        kit.auth.login({ email: user.email, password: PASSWORD, otp }, META);

      expect((await problemOf(login())).code).toBe('mfa_required');
      const wrongCode = authenticator.generate(kit.factor.newSecret());
      expect((await problemOf(login(wrongCode))).code).toBe('mfa_invalid');
      expect(kit.audited.at(-1)).toMatchObject({
        action: 'auth.mfa_failed',
        details: { context: 'login', reason: 'invalid' },
      });

      const pair = await login(codes[0]);
      expect(pair.accessToken).toBeTruthy();
      expect(kit.audited.map((a) => a.action)).toContain('auth.mfa_recovery_used');
      expect(kit.audited.find((a) => a.action === 'auth.mfa_recovery_used')?.details).toEqual({
        context: 'login',
        remaining: codes.length - 1,
      });
      expect((await problemOf(login(codes[0]))).code).toBe('mfa_invalid');
    });
  });

  describe('refresh', () => {
    it('should rotate a refresh token within its session', async () => {
      const kit = authKit();
      const user = kit.addUser();
      const first = await kit.auth.login({ email: user.email, password: PASSWORD }, META);
      const second = await kit.auth.refresh(first.refreshToken, META);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      const families = new Set([...kit.sessions.tokens.values()].map((t) => t.familyId));
      expect(families.size).toBe(1);
      expect(kit.audited.at(-1)).toMatchObject({ action: 'auth.refresh', outcome: 'success' });
    });

    it('should end the whole session when a used refresh token comes back', async () => {
      const kit = authKit();
      const user = kit.addUser();
      const first = await kit.auth.login({ email: user.email, password: PASSWORD }, META);
      const second = await kit.auth.refresh(first.refreshToken, META);
      const reused = await problemOf(kit.auth.refresh(first.refreshToken, META));
      expect(reused.code).toBe('refresh_token_reused');
      expect(kit.audited.at(-1)).toMatchObject({
        action: 'auth.refresh_reuse',
        outcome: 'denied',
        // The used token and the one that replaced it.
        details: { revokedTokens: 2, previouslyRevoked: false },
      });
      // The thief's fresh token dies with the session.
      expect((await problemOf(kit.auth.refresh(second.refreshToken, META))).code).toBe(
        'refresh_token_reused',
      );
    });

    it('should refuse and end the session of a user suspended since', async () => {
      const kit = authKit();
      const user = kit.addUser();
      const pair = await kit.auth.login({ email: user.email, password: PASSWORD }, META);
      user.status = 'suspended';
      expect((await problemOf(kit.auth.refresh(pair.refreshToken, META))).code).toBe(
        'invalid_refresh_token',
      );
      expect(kit.audited.at(-1)?.details).toEqual({ reason: 'account_inactive' });
      expect([...kit.sessions.tokens.values()].every((t) => t.revokedAt)).toBe(true);
    });

    it('should refuse an unknown token without auditing a session', async () => {
      const kit = authKit();
      expect((await problemOf(kit.auth.refresh('no-such-token', META))).code).toBe(
        'invalid_refresh_token',
      );
      expect(kit.audited).toHaveLength(0);
    });
  });

  describe('changePassword', () => {
    const leaked = dictionary['passwords-common'].find((p) => p.length >= 12) as string;

    it('should refuse a leaked password and change nothing', async () => {
      const kit = authKit();
      const user = kit.addUser();
      const refused = await problemOf(
        kit.auth.changePassword(
          kit.actorOf(user, 's1'),
          { currentPassword: PASSWORD, newPassword: leaked },
          META,
        ),
      );
      expect(refused.code).toBe('validation_failed');
      expect(kit.directory.users.get(user.id)?.passwordHash).toBe(`hashed:${PASSWORD}`);
      expect(kit.audited).toHaveLength(0);
    });

    it('should refuse a wrong current password', async () => {
      const kit = authKit();
      const user = kit.addUser();
      const refused = await problemOf(
        kit.auth.changePassword(
          kit.actorOf(user, 's1'),
          { currentPassword: 'not it', newPassword: 'a much newer passphrase' },
          META,
        ),
      );
      expect(refused.code).toBe('validation_failed');
      expect(kit.directory.users.get(user.id)?.passwordHash).toBe(`hashed:${PASSWORD}`);
    });

    it('should end every other session and keep the one that changed it', async () => {
      const kit = authKit();
      const user = kit.addUser();
      const here = await kit.auth.login({ email: user.email, password: PASSWORD }, META);
      await kit.auth.login({ email: user.email, password: PASSWORD }, META);
      const sessionId = [...kit.sessions.tokens.values()].find(
        (t) => t.tokenHash === TokenService.hashRefreshToken(here.refreshToken),
      )?.familyId as string;
      await kit.auth.changePassword(
        kit.actorOf(user, sessionId),
        { currentPassword: PASSWORD, newPassword: 'a much newer passphrase' },
        META,
      );
      const live = [...kit.sessions.tokens.values()].filter((t) => !t.revokedAt);
      expect(live.map((t) => t.familyId)).toEqual([sessionId]);
      expect(kit.directory.users.get(user.id)?.passwordHash).toBe('hashed:a much newer passphrase');
      expect(kit.audited.at(-1)).toMatchObject({
        action: 'auth.password_change',
        targetId: user.id,
      });
    });
  });
});
