import { AuditEventEntity, type OrganizationEntity } from '@app/persistence';
import { authenticator } from 'otplib';
import {
  createOrganization,
  createUser,
  login,
  orgEmailDomain,
  signedInUser,
  TEST_PASSWORD,
  uniqueSuffix,
  type Session,
} from '../support/factories';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { startTestApi, type TestApi } from '../support/test-app';

const CALLBACK = 'http://console.test/api/v1/auth/sso/callback';
const STEP_MS = 30_000;

describe('Single sign-on through an organization’s OpenID provider (e2e)', () => {
  let api: TestApi;
  let provider: TestOidcProvider;

  beforeAll(async () => {
    provider = await startOidcProvider({ redirectUri: CALLBACK });
    api = await startTestApi({ SSO_ALLOW_HTTP_ISSUERS: 'true' });
  });
  afterAll(async () => {
    await api?.close();
    await provider?.stop();
  });

  /** A member organization with its administrator, its provider set by that administrator. */
  async function organizationWithSso(
    settings: Partial<{ issuer: string; required: boolean; mfaAcrValues: string[] }> = {},
  ): Promise<{ org: OrganizationEntity; admin: Session; domain: string }> {
    const { org, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    const res = await api.http
      .put(`/api/v1/organizations/${org.id}/sso`)
      .set(session.auth)
      .send({
        issuer: provider.issuer,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        required: false,
        ...settings,
      });
    expect(res.status).toBe(200);
    return { org, admin: session, domain: orgEmailDomain(org) };
  }

  /** Sign in at the provider as the account of the hint; the callback's redirect to the console. */
  async function throughProvider(email: string): Promise<{ callback: URL; console: URL }> {
    const start = await api.http.post('/api/v1/auth/sso/start').send({ email });
    expect(start.status).toBe(200);
    const callback = await provider.authorize(start.body.authorizationUrl as string);
    return { callback, console: await followCallback(callback) };
  }

  async function followCallback(callback: URL): Promise<URL> {
    const res = await api.http.get(callback.pathname + callback.search);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.location);
    expect(location.origin + location.pathname).toBe('http://console.test/sign-in');
    return location;
  }

  function errorOf(location: URL): string | null {
    return location.searchParams.get('sso_error');
  }

  function codeOf(location: URL): string {
    const code = new URLSearchParams(location.hash.slice(1)).get('sso_code');
    if (!code) throw new Error(`No code in ${location.href}`);
    return code;
  }

  async function refusalReasons(): Promise<string[]> {
    const rows = await api.dataSource.manager.find(AuditEventEntity, {
      where: { action: 'auth.sso_refused' },
    });
    return rows.map((r) => String((r.details as { reason?: string }).reason));
  }

  function account(
    email: string,
    extra: Partial<{
      sub: string;
      amr: string[];
      acr: string;
      email_verified: boolean;
      claimed: string;
    }> = {},
  ) {
    return {
      sub: extra.sub ?? `sub-${uniqueSuffix()}`,
      email: extra.claimed ?? email,
      email_verified: extra.email_verified ?? true,
      name: 'Pat Example',
      ...(extra.amr ? { amr: extra.amr } : {}),
      ...(extra.acr ? { acr: extra.acr } : {}),
    };
  }

  it('should create an unknown person of an allowed domain in that organization only, awaiting a role, and let them in once the administrator grants one', async () => {
    const { org, admin, domain } = await organizationWithSso();
    const email = `new.person.${uniqueSuffix()}@${domain}`;
    await provider.setAccounts({ [email]: account(email) });

    const first = await throughProvider(email);
    expect(errorOf(first.console)).toBe('account_pending');
    const users = await api.http
      .get(`/api/v1/organizations/${org.id}/users`)
      .set(admin.auth)
      .expect(200);
    const created = (
      users.body.items as { id: string; email: string; status: string; role: string }[]
    ).find((u) => u.email === email);
    expect(created).toMatchObject({ status: 'pending', role: 'member_reporter' });
    // No password works for it.
    await api.http.post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(401);

    // Activating needs a role named by the administrator.
    const noRole = await api.http
      .patch(`/api/v1/users/${created?.id}`)
      .set(admin.auth)
      .send({ status: 'active' });
    expect(noRole.status).toBe(400);
    expect(JSON.stringify(noRole.body)).toContain('role');
    await api.http
      .patch(`/api/v1/users/${created?.id}`)
      .set(admin.auth)
      .send({ status: 'active', role: 'member_admin' })
      .expect(200);

    const second = await throughProvider(email);
    const session = await api.http
      .post('/api/v1/auth/sso/session')
      .send({ code: codeOf(second.console) });
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({
      id: created?.id,
      role: 'member_admin',
      organization: { id: org.id },
    });
    await api.http
      .get('/api/v1/auth/me')
      .set({ Authorization: `Bearer ${session.body.accessToken}` })
      .expect(200);
    // The handoff code works once.
    const again = await api.http
      .post('/api/v1/auth/sso/session')
      .send({ code: codeOf(second.console) });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('sso_code_invalid');

    const audit = await api.dataSource.manager.find(AuditEventEntity, {
      where: { targetId: created?.id },
    });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['auth.sso_account_created', 'user.update']),
    );
    const logins = await api.dataSource.manager.find(AuditEventEntity, {
      where: { action: 'auth.sso_login', actorUserId: created?.id },
    });
    expect(logins).toHaveLength(1);
  });

  it('should keep signing in the linked account by issuer and subject when the e-mail at the provider changes', async () => {
    const { domain } = await organizationWithSso();
    const email = `linked.${uniqueSuffix()}@${domain}`;
    const other = `renamed.${uniqueSuffix()}@${domain}`;
    const sub = `sub-${uniqueSuffix()}`;
    await provider.setAccounts({ [email]: account(email, { sub }) });
    expect(errorOf((await throughProvider(email)).console)).toBe('account_pending');
    // Another subject now claims the first person's address: not theirs to take.
    await provider.setAccounts({ [email]: account(email) });
    expect(errorOf((await throughProvider(email)).console)).toBe('identity_mismatch');
    // The first subject with another address still reaches its own (pending) account.
    await provider.setAccounts({ [other]: account(other, { sub, claimed: other }) });
    expect(errorOf((await throughProvider(other)).console)).toBe('account_pending');
  });

  it('should refuse a provider whose discovery names another issuer than the one configured', async () => {
    const { domain } = await organizationWithSso({
      issuer: provider.issuer.replace('127.0.0.1', 'localhost'),
    });
    const res = await api.http.post('/api/v1/auth/sso/start').send({ email: `someone@${domain}` });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('sso_provider_error');
    expect(await refusalReasons()).toContain('provider_error');
  });

  it('should refuse an answer that names another issuer (RFC 9207 iss)', async () => {
    const { domain } = await organizationWithSso();
    const email = `mixup.${uniqueSuffix()}@${domain}`;
    await provider.setAccounts({ [email]: account(email) });
    const start = await api.http.post('/api/v1/auth/sso/start').send({ email }).expect(200);
    const callback = await provider.authorize(start.body.authorizationUrl as string);
    expect(callback.searchParams.get('iss')).toBe(provider.issuer);
    callback.searchParams.set('iss', 'https://attacker.example');
    expect(errorOf(await followCallback(callback))).toBe('token_invalid');
  });

  it('should refuse an e-mail the provider has not verified', async () => {
    const { domain } = await organizationWithSso();
    const email = `unverified.${uniqueSuffix()}@${domain}`;
    await provider.setAccounts({ [email]: account(email, { email_verified: false }) });
    expect(errorOf((await throughProvider(email)).console)).toBe('email_unverified');
  });

  it('should refuse an address at a domain the organization has not registered', async () => {
    const { domain } = await organizationWithSso();
    const hint = `elsewhere.${uniqueSuffix()}@${domain}`;
    await provider.setAccounts({
      [hint]: account(hint, { claimed: `someone.${uniqueSuffix()}@elsewhere.example` }),
    });
    expect(errorOf((await throughProvider(hint)).console)).toBe('email_domain_not_allowed');
  });

  it('should refuse an address held by an account of another organization (no takeover across organizations)', async () => {
    const { domain } = await organizationWithSso();
    const otherOrg = await createOrganization(api.dataSource, 'member');
    const email = `taken.${uniqueSuffix()}@${domain}`;
    const holder = await createUser(api.dataSource, otherOrg, 'member_admin', { email });
    await provider.setAccounts({ [email]: account(email) });
    expect(errorOf((await throughProvider(email)).console)).toBe('email_in_other_organization');
    const linked: unknown[] = await api.dataSource.query(
      `SELECT 1 FROM user_identities WHERE user_id = $1`,
      [holder.id],
    );
    expect(linked).toHaveLength(0);
  });

  it('should refuse a replayed state', async () => {
    const { domain } = await organizationWithSso();
    const email = `replay.${uniqueSuffix()}@${domain}`;
    await provider.setAccounts({ [email]: account(email) });
    const first = await throughProvider(email);
    expect(errorOf(first.console)).toBe('account_pending');
    expect(errorOf(await followCallback(first.callback))).toBe('state_invalid');
  });

  describe('second factor', () => {
    /** An active member of an SSO organization with a confirmed TOTP factor (confirmed with step -1). */
    async function enrolledMember(settings: { mfaAcrValues?: string[] } = {}) {
      const { org, domain } = await organizationWithSso(settings);
      const user = await createUser(api.dataSource, org, 'member_reporter', {
        email: `factor.${uniqueSuffix()}@${domain}`,
      });
      const session = await login(api.http, user.email);
      const enrol = await api.http.post('/api/v1/auth/mfa/enrol').set(session.auth).expect(200);
      const secret = enrol.body.secret as string;
      await api.http
        .post('/api/v1/auth/mfa/confirm')
        .set(session.auth)
        .send({ otp: authenticator.clone({ epoch: Date.now() - STEP_MS }).generate(secret) })
        .expect(200);
      return { user, secret };
    }

    it('should skip the second factor when the provider asserts one in amr', async () => {
      const { user } = await enrolledMember();
      await provider.setAccounts({ [user.email]: account(user.email, { amr: ['pwd', 'mfa'] }) });
      const res = await api.http
        .post('/api/v1/auth/sso/session')
        .send({ code: codeOf((await throughProvider(user.email)).console) });
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(user.id);
      const [event] = await api.dataSource.manager.find(AuditEventEntity, {
        where: { action: 'auth.sso_login', actorUserId: user.id },
      });
      expect(event.details).toMatchObject({ secondFactor: 'provider' });
    });

    it('should skip the second factor for an acr the organization accepts', async () => {
      const { user } = await enrolledMember({ mfaAcrValues: ['urn:test:loa:mfa'] });
      await provider.setAccounts({
        [user.email]: account(user.email, { amr: ['pwd'], acr: 'urn:test:loa:mfa' }),
      });
      const res = await api.http
        .post('/api/v1/auth/sso/session')
        .send({ code: codeOf((await throughProvider(user.email)).console) });
      expect(res.status).toBe(200);
    });

    it('should require the second factor when the provider does not assert one', async () => {
      const { user, secret } = await enrolledMember();
      await provider.setAccounts({ [user.email]: account(user.email, { amr: ['pwd'] }) });
      const code = codeOf((await throughProvider(user.email)).console);
      const bare = await api.http.post('/api/v1/auth/sso/session').send({ code });
      expect(bare.status).toBe(401);
      expect(bare.body.code).toBe('mfa_required');
      const withOtp = await api.http.post('/api/v1/auth/sso/session').send({
        code,
        otp: authenticator.clone({ epoch: Date.now() + STEP_MS }).generate(secret),
      });
      expect(withOtp.status).toBe(200);
      const [event] = await api.dataSource.manager.find(AuditEventEntity, {
        where: { action: 'auth.sso_login', actorUserId: user.id },
      });
      expect(event.details).toMatchObject({ secondFactor: 'totp' });
    });
  });

  describe('settings', () => {
    it("should answer 404 for another organization's settings, to read, change or remove", async () => {
      const { org } = await organizationWithSso();
      const { session } = await signedInUser(api.dataSource, api.http, 'member_admin');
      const path = `/api/v1/organizations/${org.id}/sso`;
      await api.http.get(path).set(session.auth).expect(404);
      await api.http
        .put(path)
        .set(session.auth)
        .send({ issuer: provider.issuer, clientId: 'x', clientSecret: 'y', required: true })
        .expect(404);
      await api.http.delete(path).set(session.auth).expect(404);
      const stored: { issuer: string; required: boolean }[] = await api.dataSource.query(
        `SELECT issuer, required FROM organization_sso WHERE organization_id = $1`,
        [org.id],
      );
      expect(stored).toEqual([{ issuer: provider.issuer, required: false }]);
    });

    it('should never return the client secret and keep it sealed at rest', async () => {
      const { org, admin } = await organizationWithSso();
      const res = await api.http
        .get(`/api/v1/organizations/${org.id}/sso`)
        .set(admin.auth)
        .expect(200);
      expect(res.body).toMatchObject({
        configured: true,
        clientSecretSet: true,
        redirectUri: CALLBACK,
        emailDomains: [orgEmailDomain(org)],
      });
      expect(JSON.stringify(res.body)).not.toContain(provider.clientSecret);
      const [row]: { client_secret: unknown }[] = await api.dataSource.query(
        `SELECT client_secret FROM organization_sso WHERE organization_id = $1`,
        [org.id],
      );
      expect(JSON.stringify(row.client_secret)).not.toContain(provider.clientSecret);
      const audit = await api.dataSource.manager.find(AuditEventEntity, {
        where: { action: 'organization.sso_update', targetId: org.id },
      });
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit[0].details)).not.toContain(provider.clientSecret);
    });

    it('should refuse passwords of the organization’s people once single sign-on is required', async () => {
      const { org } = await organizationWithSso({ required: true });
      const user = await createUser(api.dataSource, org, 'member_reporter');
      const res = await api.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: TEST_PASSWORD });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('sso_required');
    });
  });
});
