import { accountEmailKey } from '@app/domain';
import { AuditEventEntity, MIGRATIONS, UserEntity } from '@app/persistence';
import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type supertest from 'supertest';
import type { QueryRunner } from 'typeorm';
import { EMAIL_REFUSALS_PER_DAY } from '../../apps/api/src/users/users.service';
import {
  createOrganization,
  createUser,
  login,
  orgEmailDomain,
  signedInUser,
  TEST_PASSWORD,
  uniqueSuffix,
} from '../support/factories';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';
const NEW_PASSWORD = 'a-fresh-long-passphrase';

/** Digits only, so a suffix adds no letters (and no second script) to an address. */
const digits = (): string => String(randomInt(1e9)).padStart(9, '0');

/**
 * What identifies an account: one normalised e-mail key for sign-in, the
 * lockout and uniqueness; which addresses a new account may have; and what a
 * member administrator learns from an address that is already in use.
 */
describe('Account identity (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    // A lock long enough that no test can outlive it.
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-identity`,
      LOGIN_MAX_FAILURES: '3',
      LOGIN_LOCKOUT_SECONDS: '3600',
      RATE_LIMIT_LOGIN_PER_MINUTE: '10000',
    });
  });
  afterAll(() => api.close());

  const signIn = (email: string, password = TEST_PASSWORD): supertest.Test =>
    api.http.post(`${V1}/auth/login`).send({ email, password });
  const createVia = (auth: { Authorization: string }, orgId: string, body: object) =>
    api.http.post(`${V1}/organizations/${orgId}/users`).set(auth).send(body);
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    email: `new.${uniqueSuffix()}@test.example`,
    displayName: 'New Person',
    role: 'member_reporter',
    password: NEW_PASSWORD,
    ...overrides,
  });
  const usersWithKey = (email: string) =>
    api.dataSource.manager.countBy(UserEntity, { emailNormalized: accountEmailKey(email) });

  describe('sign-in and lockout share one key', () => {
    it('should keep a locked account locked under every spelling, the dotted capital İ included', async () => {
      const org = await createOrganization(api.dataSource, 'member');
      const local = `victim${digits()}`;
      const victim = await createUser(api.dataSource, org, 'member_reporter', {
        email: `${local}@test.example`,
      });
      for (let i = 0; i < 3; i++) await signIn(victim.email, 'not-the-password');
      expect((await signIn(victim.email)).status).toBe(429);

      const wide = [...local].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));
      const spellings = [
        victim.email.toUpperCase(),
        `${wide.join('')}@test.example`,
        victim.email.replace('i', 'ı'),
      ];
      for (const email of spellings) {
        const res = await signIn(email);
        expect([email, res.status, res.body.code]).toEqual([email, 429, 'login_locked']);
      }
      // İ folds to i + a combining dot: another name, which has no account.
      const dotted = await signIn(victim.email.replace('i', 'İ'));
      expect([dotted.status, dotted.body.code]).toEqual([401, 'invalid_credentials']);
    });
  });

  describe('addresses a new account may have', () => {
    it('should refuse confusable and mixed-script addresses naming email, without echoing them, and create nothing', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const suffix = digits();
      const forged = [
        `vİctim${suffix}@test.example`,
        `vıctim${suffix}@test.example`,
        `vіctim${suffix}@test.example`, // Cyrillic і
        `victim${suffix}@tеst.example`, // Cyrillic е in the domain
        `victim${suffix}@xn--tst-olc.example`, // the same, as punycode
        `аррӏе${suffix}@test.example`, // wholly Cyrillic, reads as Latin
        `vic\u200btim${suffix}@test.example`,
        `vic\u202etim${suffix}@test.example`,
        `ｖｉｃｔｉｍ${suffix}@test.example`,
      ];
      for (const email of forged) {
        const res = await createVia(admin.session.auth, admin.org.id, newUser({ email }));
        expect([email, res.status]).toEqual([email, 400]);
        expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['email']);
        expect(JSON.stringify(res.body)).not.toContain(email.split('@')[0]);
        expect(await usersWithKey(email)).toBe(0);
      }
      const plain = await createVia(
        admin.session.auth,
        admin.org.id,
        newUser({ email: `иван.${suffix}@${orgEmailDomain(admin.org)}` }),
      );
      expect(plain.status).toBe(201);
    });

    it('should keep addresses unique by their normalised key: ß and ss are one address', async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const suffix = digits();
      const first = await createVia(
        admin.session.auth,
        admin.org.id,
        newUser({ email: `straße.${suffix}@${orgEmailDomain(admin.org)}` }),
      );
      expect(first.status).toBe(201);
      const second = await createVia(
        admin.session.auth,
        admin.org.id,
        newUser({ email: `STRASSE.${suffix}@${orgEmailDomain(admin.org)}` }),
      );
      expect([second.status, second.body.code]).toEqual([409, 'email_taken']);
      expect(await usersWithKey(`strasse.${suffix}@${orgEmailDomain(admin.org)}`)).toBe(1);
      await login(api.http, `Strasse.${suffix}@${orgEmailDomain(admin.org)}`, NEW_PASSWORD);
    });
  });

  describe('an address already in use', () => {
    // Changed with registered e-mail domains: another organization's address is
    // now refused for its domain (400, see test/organizations/email-domains.e2e-spec.ts), so
    // only an own-domain address can be "taken".
    it("should answer 409 for a taken address at the organization's own domain, audit the holder, cap the refusals, and refuse another organization's address for its domain", async () => {
      const admin = await signedInUser(api.dataSource, api.http, 'member_admin');
      const mine = await createUser(api.dataSource, admin.org, 'member_reporter');
      const elsewhere = await createOrganization(api.dataSource, 'member');
      const theirs = await createUser(api.dataSource, elsewhere, 'member_reporter');

      const ownAnswer = await createVia(
        admin.session.auth,
        admin.org.id,
        newUser({ email: mine.email }),
      );
      expect([ownAnswer.status, ownAnswer.body.code]).toEqual([409, 'email_taken']);
      const theirAnswer = await createVia(
        admin.session.auth,
        admin.org.id,
        newUser({ email: theirs.email.toUpperCase() }),
      );
      expect([theirAnswer.status, theirAnswer.body.code]).toEqual([400, 'validation_failed']);
      expect(JSON.stringify(theirAnswer.body)).not.toContain(elsewhere.id);
      expect(await usersWithKey(theirs.email)).toBe(1);

      const refusals = await api.dataSource.manager.find(AuditEventEntity, {
        where: { actorUserId: admin.user.id, action: 'user.create', outcome: 'denied' },
        order: { id: 'ASC' },
      });
      expect(refusals.map((e) => e.details)).toEqual([
        { reason: 'email_taken', organizationId: admin.org.id, heldByOrganizationId: admin.org.id },
      ]);

      // Enumeration is slow: after the daily allowance of refusals, every creation waits.
      for (let i = 1; i < EMAIL_REFUSALS_PER_DAY; i++) {
        const again = await createVia(
          admin.session.auth,
          admin.org.id,
          newUser({ email: mine.email }),
        );
        expect(again.status).toBe(409);
      }
      const fresh = newUser({ email: `fresh.${digits()}@${orgEmailDomain(admin.org)}` });
      const capped = await createVia(admin.session.auth, admin.org.id, fresh);
      expect([capped.status, capped.body.code]).toEqual([429, 'too_many_refusals']);
      expect(Number(capped.headers['retry-after'])).toBeGreaterThan(0);
      expect(await usersWithKey(fresh.email)).toBe(0);

      // A platform administrator, who sees every organization anyway, is not capped.
      const platform = await signedInUser(api.dataSource, api.http, 'platform_admin');
      for (let i = 0; i <= EMAIL_REFUSALS_PER_DAY; i++) {
        const res = await createVia(
          platform.session.auth,
          admin.org.id,
          newUser({ email: mine.email }),
        );
        expect(res.status).toBe(409);
      }
    });
  });

  describe('migration', () => {
    it('should fill email_normalized for existing rows and stop, naming them, at addresses that fold together', async () => {
      const Migration = MIGRATIONS.find((m) => m.name.startsWith('EmailNormalized'));
      if (!Migration) throw new Error('The e-mail migration is not registered');
      const step = new Migration();
      // A database of its own: the test drops and re-adds a column of users.
      const scratch = await createScratchDatabase();
      const client = new Client({ connectionString: scratch.url });
      await client.connect();
      const q = {
        query: async (sql: string, params?: unknown[]): Promise<unknown[]> =>
          (await client.query<Record<string, unknown>>(sql, params)).rows,
      } as unknown as QueryRunner;
      try {
        const orgId = randomUUID();
        await client.query(
          `INSERT INTO organizations (id, kind, legal_name, country, status)
           VALUES ($1, 'coalition', 'Old Coalition', 'GB', 'active')`,
          [orgId],
        );
        await step.down(q);
        const insert = async (email: string) => {
          const id = randomUUID();
          await client.query(
            `INSERT INTO users (id, organization_id, role, email, display_name, password_hash, status)
             VALUES ($1, $2, 'member_reporter', $3, 'Old Row', 'x', 'active')`,
            [id, orgId, email],
          );
          return id;
        };
        const first = await insert('Straße.Old@Test.Example');
        await step.up(q);
        const rows = await client.query<{ email_normalized: string }>(
          'SELECT email_normalized FROM users WHERE id = $1',
          [first],
        );
        expect(rows.rows[0].email_normalized).toBe('strasse.old@test.example');

        await step.down(q);
        const twin = await insert('STRASSE.old@test.example');
        await expect(step.up(q)).rejects.toThrow(`${first} and ${twin}`);
      } finally {
        await client.end();
        await scratch.drop();
      }
    });
  });
});
