import { accountEmailKey, emailAddressProblems, emailDomainOf } from '@app/domain';
import { UserEntity } from '@app/persistence';
import { dictionary } from '@zxcvbn-ts/language-common';
import fc from 'fast-check';
import { randomInt } from 'node:crypto';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  TEST_PASSWORD,
  type Session,
} from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Property-based fuzzing, through HTTP, of the inputs that identify an
 * account: the address of a new account, the spelling used to sign in, and a
 * new password. Never a 5xx; a refusal names its field, echoes nothing and
 * changes nothing; every spelling that reaches an account meets its lockout.
 * The seed is not fixed: on a failure fast-check prints it and the shrunk input.
 */

const V1 = '/api/v1';
const PROPERTY_TIMEOUT_MS = 120_000;
const PASSWORD = 'a-fresh-long-passphrase';

/** Characters that have fooled address checks: look-alikes, invisibles, wide forms. */
const TRICKY = [
  'İ',
  'ı',
  'і',
  'а',
  'е',
  'ο',
  'ß',
  'ẞ',
  'ς',
  'Σ',
  'K',
  'ſ',
  '\u0307',
  '\u200b',
  '\u200d',
  '\u202e',
  '\u00ad',
  'ａ',
  '＠',
  '．',
  '٣',
  ' ',
];

const respell = (address: string, edits: [number, string][]): string => {
  const chars = [...address];
  for (const [at, ch] of edits) chars.splice(at % (chars.length + 1), 0, ch);
  return chars.join('');
};

const addresses = fc.oneof(
  fc.emailAddress(),
  fc
    .tuple(
      fc.emailAddress(),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TRICKY)), { minLength: 1, maxLength: 3 }),
    )
    .map(([address, edits]) => respell(address, edits)),
  fc
    .tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'grapheme' }))
    .map(([local, domain]) => `${local}@${domain}.example`),
);

describe('Account identity fuzzing (e2e)', () => {
  let api: TestApi;
  let platform: Session;
  let orgId: string;

  beforeAll(async () => {
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-identity-fuzz`,
      LOGIN_MAX_FAILURES: '3',
      LOGIN_LOCKOUT_SECONDS: '3600',
      RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    });
    // A platform administrator: not capped on refused addresses.
    platform = (await signedInUser(api.dataSource, api.http, 'platform_admin')).session;
    orgId = (await createOrganization(api.dataSource, 'member')).id;
  });
  afterAll(() => api.close());

  const holders = (email: string) =>
    api.dataSource.manager.countBy(UserEntity, { emailNormalized: accountEmailKey(email) });

  it(
    'should create an account only for an address that passes the rules, stored under its key, and refuse the rest naming email alone',
    async () => {
      await fc.assert(
        fc.asyncProperty(addresses, async (email) => {
          // The organization has the address's domain registered, so the address rules decide.
          const domain = emailDomainOf(email.trim());
          if (domain !== null) {
            await api.dataSource.query(
              `INSERT INTO organization_email_domains (domain, organization_id) VALUES ($1, $2)
               ON CONFLICT DO NOTHING`,
              [domain, orgId],
            );
          }
          const before = await holders(email);
          const res = await api.http
            .post(`${V1}/organizations/${orgId}/users`)
            .set(platform.auth)
            .send({
              email,
              displayName: 'Fuzzed Person',
              role: 'member_reporter',
              password: PASSWORD,
            });
          expect([201, 400, 409]).toContain(res.status);
          if (res.status === 201) {
            expect(emailAddressProblems(email.trim())).toEqual([]);
            const row = await api.dataSource.manager.findOneByOrFail(UserEntity, {
              id: res.body.id as string,
            });
            expect(row.emailNormalized).toBe(accountEmailKey(email));
            expect(before).toBe(0);
            return;
          }
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          if (res.status === 400) {
            const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
            // A short local part may also be "in" the password, which is refused for that.
            const local = email.trim().split('@')[0].toLowerCase();
            const expected = [
              ...(emailAddressProblems(email.trim()).length > 0 || !fields.includes('password')
                ? ['email']
                : []),
              ...(fields.includes('password') && PASSWORD.includes(local) ? ['password'] : []),
            ];
            expect(fields).toEqual(expected);
          }
          // Never echoed: the address (JSON-escaped as the body would carry it) is not in it.
          const escaped = JSON.stringify(email.trim()).slice(1, -1);
          if (escaped.length >= 6) expect(JSON.stringify(res.body)).not.toContain(escaped);
          expect(await holders(email)).toBe(before);
        }),
        { numRuns: 120 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'should lock a locked account under every spelling that reaches it, and let no spelling in',
    async () => {
      const org = await createOrganization(api.dataSource, 'member');
      const victim = await createUser(api.dataSource, org, 'member_reporter', {
        email: `victim.${randomInt(1e9)}@bank.example`,
      });
      for (let i = 0; i < 3; i++) {
        await api.http
          .post(`${V1}/auth/login`)
          .send({ email: victim.email, password: 'not-the-password' });
      }
      const spellings = fc
        .tuple(
          fc.array(fc.constantFrom('upper', 'lower', 'wide', 'keep'), {
            minLength: 1,
            maxLength: 10,
          }),
          fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TRICKY)), { maxLength: 2 }),
        )
        .map(([styles, edits]) => {
          const styled = [...victim.email]
            .map((ch, i) => {
              const style = styles[i % styles.length];
              if (style === 'upper') return ch.toUpperCase();
              if (style === 'lower') return ch.toLowerCase();
              // Letters and digits only: sign-in's form check refuses a wide @ or dot (400).
              if (style === 'wide' && /^[0-9A-Za-z]$/.test(ch)) {
                return String.fromCodePoint(ch.codePointAt(0)! + 0xfee0);
              }
              return ch;
            })
            .join('');
          return respell(styled, edits);
        });
      let lockedOut = 0;
      await fc.assert(
        fc.asyncProperty(spellings, async (email) => {
          const res = await api.http
            .post(`${V1}/auth/login`)
            .send({ email, password: TEST_PASSWORD });
          expect(res.status).not.toBe(200);
          expect(res.status).toBeLessThan(500);
          if (accountEmailKey(email) === victim.emailNormalized) {
            // The same account: locked, unless the form check refuses the spelling first.
            expect([
              ['429', 'login_locked'],
              ['400', 'validation_failed'],
            ]).toContainEqual([String(res.status), res.body.code]);
            if (res.status === 429) lockedOut += 1;
          }
        }),
        { numRuns: 150 },
      );
      expect(lockedOut).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'should refuse leaked passwords and never fail on any new password',
    async () => {
      const leaked = dictionary['passwords-common'].filter((p) => p.length >= 12);
      const org = await createOrganization(api.dataSource, 'member');
      const user = await createUser(api.dataSource, org, 'member_reporter');
      const session = await login(api.http, user.email);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constantFrom(...leaked).map((p) => ({ password: p, leaked: true })),
            fc.string({ unit: 'grapheme', maxLength: 140 }).map((p) => ({
              password: p,
              leaked: false,
            })),
          ),
          async ({ password, leaked: isLeaked }) => {
            const res = await api.http
              .post(`${V1}/auth/password`)
              .set(session.auth)
              .send({ currentPassword: 'not-the-current-one', newPassword: password });
            expect(res.status).toBe(400);
            const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
            if (isLeaked) expect(fields).toContain('newPassword');
            if (password.length >= 6) expect(JSON.stringify(res.body)).not.toContain(password);
          },
        ),
        { numRuns: 100 },
      );
      // Nothing was changed by any of it.
      await login(api.http, user.email);
    },
    PROPERTY_TIMEOUT_MS,
  );
});
