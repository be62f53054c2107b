import { accountEmailKey } from '@app/domain';
import {
  AuditEventEntity,
  OrganizationEmailDomainEntity,
  OrganizationEntity,
  UserEntity,
} from '@app/persistence';
import { domainToASCII } from 'node:url';
import type supertest from 'supertest';
import {
  createOrganization,
  createUser,
  login,
  orgEmailDomain,
  signedInUser,
  uniqueSuffix,
  type Session,
} from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';
const NEW_PASSWORD = 'a-fresh-long-passphrase';

/**
 * Organization-registered e-mail domains: a new account's address must be at
 * one of its organization's domains, so a member administrator can only try
 * addresses of their own organization and learns nothing of another's.
 */
describe('Organization e-mail domains (e2e)', () => {
  let api: TestApi;
  let platform: Session;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-email-domains` });
    platform = (await signedInUser(api.dataSource, api.http, 'platform_admin')).session;
  });
  afterAll(() => api.close());

  const createVia = (auth: { Authorization: string }, orgId: string, email: string) =>
    api.http.post(`${V1}/organizations/${orgId}/users`).set(auth).send({
      email,
      displayName: 'New Person',
      role: 'member_reporter',
      password: NEW_PASSWORD,
    });
  const holders = (email: string) =>
    api.dataSource.manager.countBy(UserEntity, { emailNormalized: accountEmailKey(email) });
  /** The answer without what differs on every request. */
  const shape = (res: supertest.Response) => {
    const body = { ...(res.body as Record<string, unknown>) };
    delete body.instance;
    delete body.requestId;
    return { status: res.status, body };
  };
  const errorsOf = (res: supertest.Response) =>
    res.body.errors as { field: string; messages: string[] }[];
  const domainsOf = async (organizationId: string) =>
    (
      await api.dataSource.manager.find(OrganizationEmailDomainEntity, {
        where: { organizationId },
        order: { domain: 'ASC' },
      })
    ).map((d) => d.domain);

  describe('a member administrator creating accounts', () => {
    it("should refuse an address at another organization's domain with the same 400 whether or not an account holds it, naming only its own domains, and create and audit nothing", async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const other = await createOrganization(api.dataSource, 'member');
      const held = await createUser(api.dataSource, other, 'member_reporter');
      const free = `free.${uniqueSuffix()}@${orgEmailDomain(other)}`;

      const heldAnswer = await createVia(admin.session.auth, admin.org.id, held.email);
      const freeAnswer = await createVia(admin.session.auth, admin.org.id, free);

      expect(shape(heldAnswer).status).toBe(400);
      expect(heldAnswer.body.code).toBe('validation_failed');
      expect(errorsOf(heldAnswer)).toEqual([
        {
          field: 'email',
          messages: [
            `E-mail address must be at one of this organization's registered domains: ${orgEmailDomain(admin.org)}`,
          ],
        },
      ]);
      // Same words for the held and the free address: nothing tells them apart.
      expect(shape(freeAnswer)).toEqual(shape(heldAnswer));
      expect(JSON.stringify(heldAnswer.body)).not.toContain(other.id);
      expect(JSON.stringify(heldAnswer.body)).not.toContain(orgEmailDomain(other));
      expect(await holders(held.email)).toBe(1);
      expect(await holders(free)).toBe(0);
      expect(
        await api.dataSource.manager.countBy(AuditEventEntity, {
          actorUserId: admin.user.id,
          action: 'user.create',
        }),
      ).toBe(0);
    });

    it('should create an account at its own domain, in any case, and answer 409 when that address is taken', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const email = `Kim.${uniqueSuffix()}@${orgEmailDomain(admin.org).toUpperCase()}`;
      const created = await createVia(admin.session.auth, admin.org.id, email);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ organizationId: admin.org.id, email });
      await login(api.http, email, NEW_PASSWORD);
      const again = await createVia(admin.session.auth, admin.org.id, email.toLowerCase());
      expect([again.status, again.body.code]).toEqual([409, 'email_taken']);
    });

    it('should not count a subdomain of a registered domain as registered', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const email = `sub.${uniqueSuffix()}@uk.${orgEmailDomain(admin.org)}`;
      const res = await createVia(admin.session.auth, admin.org.id, email);
      expect(res.status).toBe(400);
      expect(errorsOf(res).map((e) => e.field)).toEqual(['email']);
      expect(await holders(email)).toBe(0);
    });
  });

  describe('a platform administrator registering domains', () => {
    const newOrganization = (emailDomains: unknown) => ({
      kind: 'member',
      legalName: `Domain Bank ${uniqueSuffix()}`,
      country: 'GB',
      status: 'active',
      memberType: 'issuer',
      sharingRegistrationCurrent: true,
      emailDomains,
    });
    const post = (body: object) =>
      api.http.post(`${V1}/organizations`).set(platform.auth).send(body);
    const patch = (id: string, body: object) =>
      api.http.patch(`${V1}/organizations/${id}`).set(platform.auth).send(body);

    it('should store domains lower-case in ASCII, once each, answer them, and create accounts only at them', async () => {
      const suffix = uniqueSuffix();
      const ascii = domainToASCII(`mail.bücher-${suffix}.example`);
      expect(ascii).toMatch(/^mail\.xn--/);
      const res = await post(newOrganization([`Mail.Bücher-${suffix}.Example.`, ascii]));
      expect(res.status).toBe(201);
      expect(res.body.emailDomains).toEqual([ascii]);
      const id = res.body.id as string;
      expect(await domainsOf(id)).toEqual([ascii]);
      const fetched = await api.http.get(`${V1}/organizations/${id}`).set(platform.auth);
      expect(fetched.body.emailDomains).toEqual([ascii]);

      const created = await createVia(platform.auth, id, `anna@mail.bücher-${suffix}.example`);
      expect(created.status).toBe(201);
      const elsewhere = await createVia(platform.auth, id, `anna.${suffix}@elsewhere.example`);
      expect(errorsOf(elsewhere).map((e) => e.field)).toEqual(['email']);
    });

    it('should refuse a domain registered to another organization (409 naming emailDomains) on creation and on update, and change nothing', async () => {
      const holder = await createOrganization(api.dataSource, 'member');
      const taken = orgEmailDomain(holder);
      const legalName = `Domain Bank ${uniqueSuffix()}`;
      const created = await post({ ...newOrganization([taken.toUpperCase()]), legalName });
      expect([created.status, created.body.code]).toEqual([409, 'email_domain_taken']);
      expect(errorsOf(created)).toEqual([
        { field: 'emailDomains', messages: [`${taken} is registered to another organization`] },
      ]);
      expect(await api.dataSource.manager.countBy(OrganizationEntity, { legalName })).toBe(0);

      const other = await createOrganization(api.dataSource, 'member');
      const updated = await patch(other.id, {
        legalName: `Renamed ${uniqueSuffix()}`,
        emailDomains: [orgEmailDomain(other), taken],
      });
      expect([updated.status, updated.body.code]).toEqual([409, 'email_domain_taken']);
      expect(await domainsOf(other.id)).toEqual([orgEmailDomain(other)]);
      expect(await domainsOf(holder.id)).toEqual([taken]);
      const unchanged = await api.dataSource.manager.findOneByOrFail(OrganizationEntity, {
        id: other.id,
      });
      expect(unchanged.legalName).toBe(other.legalName);
    });

    it("should refuse a domain at which another organization's accounts have addresses", async () => {
      const org = await createOrganization(api.dataSource, 'member');
      const domain = `unregistered-${uniqueSuffix()}.example`;
      await createUser(api.dataSource, org, 'member_reporter', {
        email: `old.${uniqueSuffix()}@${domain}`,
      });
      const res = await post(newOrganization([domain]));
      expect([res.status, res.body.code]).toEqual([409, 'email_domain_taken']);
      expect(errorsOf(res)).toEqual([
        {
          field: 'emailDomains',
          messages: [`${domain} is the domain of accounts of another organization`],
        },
      ]);
      // The organization whose accounts are there may register it.
      const own = await patch(org.id, { emailDomains: [orgEmailDomain(org), domain] });
      expect(own.status).toBe(200);
      expect(own.body.emailDomains).toEqual([domain, orgEmailDomain(org)].sort());
    });

    it('should refuse what is not a mail host name, and public suffixes, naming emailDomains', async () => {
      for (const bad of [
        ['not a domain'],
        ['co.uk'],
        ['under_score.example'],
        ['localhost'],
        ['192.168.0.1'],
        ['аpple.example'], // Cyrillic а
        'northbank.example',
        [42],
      ]) {
        const legalName = `Domain Bank ${uniqueSuffix()}`;
        const res = await post({ ...newOrganization(bad), legalName });
        expect([JSON.stringify(bad), res.status]).toEqual([JSON.stringify(bad), 400]);
        expect(errorsOf(res).map((e) => e.field)).toEqual(['emailDomains']);
        expect(await api.dataSource.manager.countBy(OrganizationEntity, { legalName })).toBe(0);
      }
    });

    it('should replace the list on update, keep existing accounts, and refuse new accounts where no domain is left', async () => {
      const org = await createOrganization(api.dataSource, 'member');
      const user = await createUser(api.dataSource, org, 'member_reporter');
      const next = `next-${uniqueSuffix()}.example`;
      const res = await patch(org.id, { emailDomains: [next] });
      expect(res.status).toBe(200);
      expect(res.body.emailDomains).toEqual([next]);
      const audit = await api.dataSource.manager.findOneOrFail(AuditEventEntity, {
        where: { action: 'organization.update', targetId: org.id },
      });
      expect(audit.details).toMatchObject({ changed: ['emailDomains'], emailDomains: [next] });
      await login(api.http, user.email);
      const old = await createVia(
        platform.auth,
        org.id,
        `again.${uniqueSuffix()}@${orgEmailDomain(org)}`,
      );
      expect(errorsOf(old)[0].messages).toEqual([
        `E-mail address must be at one of this organization's registered domains: ${next}`,
      ]);

      const none = await patch(org.id, { emailDomains: [] });
      expect(none.body.emailDomains).toEqual([]);
      const refused = await createVia(platform.auth, org.id, `x.${uniqueSuffix()}@${next}`);
      expect(refused.status).toBe(400);
      expect(errorsOf(refused)[0].messages[0]).toMatch(/no registered e-mail domain/);
      // The freed domain can go to another organization.
      const other = await createOrganization(api.dataSource, 'member');
      const moved = await patch(other.id, { emailDomains: [next] });
      expect(moved.body.emailDomains).toEqual([next]);
    });

    it('should not let a member administrator change domains', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const res = await api.http
        .patch(`${V1}/organizations/${admin.org.id}`)
        .set(admin.session.auth)
        .send({ emailDomains: [orgEmailDomain(admin.org), 'gmail.com'] });
      expect(res.status).toBe(403);
      expect(await domainsOf(admin.org.id)).toEqual([orgEmailDomain(admin.org)]);
    });
  });
});
