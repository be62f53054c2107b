import { accountEmailKey } from '@app/domain';
import { AuditEventEntity, type OrganizationEntity, UserEntity } from '@app/persistence';
import fc from 'fast-check';
import type supertest from 'supertest';
import {
  createOrganization,
  createUser,
  orgEmailDomain,
  signedInUser,
  type Session,
} from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Property-based, through HTTP: a member administrator trying any address at
 * a domain that is not their organization's (another organization's, or none)
 * gets the same answer before and after an account is created at it, and
 * nothing is created. The seed is not fixed: on a failure fast-check prints
 * it and the shrunk input.
 */

const V1 = '/api/v1';
const PROPERTY_TIMEOUT_MS = 120_000;

describe('Organization e-mail domains fuzzing (e2e)', () => {
  let api: TestApi;
  let admin: { org: OrganizationEntity; user: UserEntity; session: Session };
  let other: OrganizationEntity;

  beforeAll(async () => {
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-email-domains-fuzz`,
    });
    admin = await signedInUser(api.dataSource, api.http, 'member_admin');
    other = await createOrganization(api.dataSource, 'member');
  });
  afterAll(() => api.close());

  const shape = (res: supertest.Response) => {
    const body = { ...(res.body as Record<string, unknown>) };
    delete body.instance;
    delete body.requestId;
    return { status: res.status, headers: res.headers['content-type'], body };
  };
  const holders = (email: string) =>
    api.dataSource.manager.countBy(UserEntity, { emailNormalized: accountEmailKey(email) });

  it(
    'should answer an address at a foreign domain identically whether or not an account holds it',
    async () => {
      const addresses = fc
        .tuple(
          fc.emailAddress(),
          fc.oneof(fc.constant(orgEmailDomain(other)), fc.domain()),
          fc.constantFrom('keep', 'upper'),
        )
        .map(([address, domain, style]) => {
          const email = `${address.slice(0, address.lastIndexOf('@'))}@${domain}`;
          return style === 'upper' ? email.toUpperCase() : email;
        })
        // Not the administrator's own domain (fc.domain() cannot make it; be sure).
        .filter((email) => !email.toLowerCase().endsWith(`@${orgEmailDomain(admin.org)}`));
      const send = (email: string) =>
        api.http.post(`${V1}/organizations/${admin.org.id}/users`).set(admin.session.auth).send({
          email,
          displayName: 'Probe',
          role: 'member_reporter',
          password: 'a-fresh-long-passphrase',
        });

      await fc.assert(
        fc.asyncProperty(addresses, async (email) => {
          if ((await holders(email)) > 0) return; // generated twice: already held
          const unheld = await send(email);
          await createUser(api.dataSource, other, 'member_reporter', { email });
          const held = await send(email);
          expect(shape(held)).toEqual(shape(unheld));
          expect(unheld.status).toBe(400);
          expect((unheld.body.errors as { field: string }[]).map((e) => e.field)).toContain(
            'email',
          );
          expect(JSON.stringify(held.body)).not.toContain(other.id);
          expect(await holders(email)).toBe(1);
        }),
        { numRuns: 60 },
      );
      // Nothing was created, and no refusal recorded that an address is taken.
      expect(
        await api.dataSource.manager.countBy(UserEntity, { organizationId: admin.org.id }),
      ).toBe(1);
      expect(
        await api.dataSource.manager.countBy(AuditEventEntity, {
          actorUserId: admin.user.id,
          action: 'user.create',
        }),
      ).toBe(0);
    },
    PROPERTY_TIMEOUT_MS,
  );
});
