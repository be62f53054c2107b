import { AgencyEntity, OrganizationEntity, UserEntity } from '@app/persistence';
import type { Locator, Page } from 'playwright-core';
import {
  createOrganization,
  createUser,
  login,
  orgEmailDomain,
  uniqueSuffix,
  type Session,
} from '../support/factories';
import { expectAccessible, saveScreenshot, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

const V1 = '/api/v1';
/** A public address (no DNS needed) for a webhook URL the API accepts. */
const PUBLIC_HOOK = 'https://93.184.215.14/hooks/referrals';
const PRIVATE_HOOK = 'https://10.0.0.8/hook';
const SLOW = 90_000;

/** The text of the elements that describe a control (its hint and the API's messages). */
function descriptionOf(control: Locator): Promise<string> {
  return control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

async function waitForDescription(control: Locator, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 10_000;
  let text = '';
  while (Date.now() < deadline) {
    text = await descriptionOf(control);
    if (pattern.test(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The description "${text}" never matched ${String(pattern)}`);
}

function region(page: Page, name: string | RegExp): Locator {
  return page.getByRole('region', { name });
}

/**
 * Platform administrator's and member administrator's pages. On a database of
 * the spec's own: the organization list pages through every organization, and
 * the other specs running alongside create hundreds.
 */
describe('Console administration (browser)', () => {
  const suite = useConsoleSuite({ scratch: 'admin' });

  async function platformAdmin(): Promise<{ user: UserEntity; session: Session }> {
    const org = await createOrganization(suite.server.api.dataSource, 'coalition');
    const user = await createUser(suite.server.api.dataSource, org, 'platform_admin');
    return { user, session: await login(suite.server.api.http, user.email) };
  }

  /** A jurisdiction code nobody has recorded yet in this run's database. */
  async function freeJurisdictionCode(session: Session): Promise<string> {
    for (const code of ['NZ', 'IE', 'PT', 'FI', 'DK', 'NO', 'SE', 'AT', 'BE', 'LU', 'IS', 'MT']) {
      const res = await suite.server.api.http.get(`${V1}/jurisdictions/${code}`).set(session.auth);
      if (res.status === 404) return code;
    }
    throw new Error('No free jurisdiction code left');
  }

  it(
    'should create an organization (with the API’s messages next to the fields), edit it, and manage its users',
    async () => {
      const { user: admin, session } = await platformAdmin();
      const { page } = suite.tab;
      await signIn(page, admin.email);
      await page.waitForURL('**/admin/organizations');
      await page.getByRole('heading', { level: 1, name: 'Organizations' }).waitFor();
      await expectAccessible(page, 'the organizations page');

      // A validation round: no legal name, a country that is not one, no member type.
      await page.getByRole('button', { name: 'New organization' }).click();
      const form = region(page, 'New organization');
      await form.getByLabel('Country').fill('ZZ');
      await form.getByRole('button', { name: 'Create organization' }).click();
      await page
        .getByRole('alert')
        .getByText('Some of what was entered needs correcting')
        .waitFor();
      expect(await waitForDescription(form.getByLabel('Legal name'), /is required/)).toMatch(
        /is required/,
      );
      expect(await descriptionOf(form.getByLabel('Country'))).toMatch(
        /two-letter country code, such as GB/,
      );
      await expectAccessible(page, 'the new-organization form with errors');
      await saveScreenshot(page, 'admin-organizations-errors');

      const legalName = `Harbour Bank ${uniqueSuffix()}`;
      const domain = `harbour-${uniqueSuffix()}.example`;
      await form.getByLabel('Legal name').fill(legalName);
      await form.getByLabel('E-mail domains').fill(domain);
      await form.getByLabel('Country').fill('ie');
      await form.getByLabel('Status').selectOption('active');
      await form.getByRole('button', { name: 'Create organization' }).click();
      // The member-only rules are checked once the fields themselves are valid.
      expect(
        await waitForDescription(form.getByLabel('Member type'), /required for a member/),
      ).toMatch(/is required for a member organization/);
      expect(await descriptionOf(form.getByLabel('Legal name'))).toBe('');
      await form.getByLabel('Member type').selectOption('acquirer');
      await form.getByLabel('Information-sharing registration is current').check();
      await form.getByRole('button', { name: 'Create organization' }).click();
      await page.getByRole('heading', { level: 1, name: legalName }).waitFor();
      await page.getByRole('status').getByText('The organization was created').waitFor();
      const org = await suite.server.api.dataSource.manager.findOneByOrFail(OrganizationEntity, {
        legalName,
      });
      expect(org).toMatchObject({
        kind: 'member',
        country: 'IE',
        status: 'active',
        memberType: 'acquirer',
        sharingRegistrationCurrent: true,
        namedInDispatches: false,
      });
      expect(new URL(page.url()).pathname).toBe(`/admin/organizations/${org.id}`);
      await expectAccessible(page, 'the organization page');

      // Edit: a new name and named in dispatches.
      await page.getByRole('button', { name: 'Edit organization' }).click();
      const edit = region(page, 'Edit organization');
      await edit.getByLabel('Legal name').fill(`${legalName} Ltd`);
      await edit.getByLabel('Name this organization in packages sent to law enforcement').check();
      await expectAccessible(page, 'the edit-organization form');
      await edit.getByRole('button', { name: 'Save organization' }).click();
      await page.getByRole('status').getByText('The organization was saved').waitFor();
      await page.getByRole('heading', { level: 1, name: `${legalName} Ltd` }).waitFor();
      await page.getByText('Yes, by name').waitFor();
      const edited = await suite.server.api.http
        .get(`${V1}/organizations/${org.id}`)
        .set(session.auth);
      expect(edited.body).toMatchObject({ legalName: `${legalName} Ltd`, namedInDispatches: true });

      // Add a user: a short password is refused next to its field, then a generated one.
      const users = region(page, 'Users');
      await users.getByText('No users yet').waitFor();
      await users.getByRole('button', { name: 'Add a user' }).click();
      const add = region(page, 'Add a user');
      const email = `ops.${uniqueSuffix()}@${domain}`;
      await add.getByLabel('Name').fill('Nia Ops');
      await add.getByLabel('E-mail address').fill(email);
      await add.getByLabel('Role').selectOption('member_reporter');
      await add.getByLabel('Initial password').fill('short');
      await add.getByRole('button', { name: 'Add user' }).click();
      expect(
        await waitForDescription(add.getByLabel('Initial password'), /Password must be longer/),
      ).toMatch(/longer than or equal to 12 characters/);
      // Only member roles are offered for a member organization.
      const offered = await add
        .getByLabel('Role')
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      expect(offered).toEqual(['member_reporter', 'member_admin']);
      await add.getByRole('button', { name: 'Generate a password' }).click();
      const password = await add.getByLabel('Initial password').inputValue();
      expect(password.length).toBeGreaterThanOrEqual(12);
      await add.getByRole('button', { name: 'Add user' }).click();
      const created = page.getByRole('status').filter({ hasText: 'not shown again' });
      await created.getByText(password).waitFor();
      await users.getByRole('cell', { name: email }).waitFor();
      // The person can sign in with the password they were given.
      await login(suite.server.api.http, email, password);

      // Change their role.
      await users.getByRole('button', { name: 'Edit Nia Ops' }).click();
      const editUser = region(page, 'Edit Nia Ops');
      await editUser.getByLabel('Role').selectOption('member_admin');
      await expectAccessible(page, 'the edit-user form');
      await editUser.getByRole('button', { name: 'Save user' }).click();
      await page.getByRole('status').getByText('Nia Ops was updated').waitFor();
      const row = users.getByRole('row').filter({ hasText: email });
      await row.getByRole('cell', { name: 'Member administrator' }).waitFor();

      // Suspend them.
      await row.getByRole('button', { name: 'Suspend Nia Ops' }).click();
      await page.getByRole('status').getByText('Nia Ops is suspended').waitFor();
      await row.getByRole('button', { name: 'Reactivate Nia Ops' }).waitFor();
      const listed = await suite.server.api.http
        .get(`${V1}/organizations/${org.id}/users`)
        .set(session.auth)
        .expect(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({ email, role: 'member_admin', status: 'suspended' }),
      ]);
      await saveScreenshot(page, 'admin-organization');
      await suite.server.api.http
        .post(`${V1}/auth/login`)
        .send({ email, password })
        .expect((res) => expect(res.status).not.toBe(200));

      // The list shows it, and the kind filter keeps only its kind.
      await page.getByRole('link', { name: 'Organizations', exact: true }).click();
      await page.getByRole('link', { name: `${legalName} Ltd` }).waitFor();
      await page
        .getByRole('form', { name: 'Filter organizations' })
        .getByLabel('Kind')
        .selectOption('coalition');
      await page.waitForURL('**/admin/organizations?kind=coalition');
      await page.getByRole('link', { name: `${legalName} Ltd` }).waitFor({ state: 'detached' });
      await page
        .getByRole('form', { name: 'Filter organizations' })
        .getByLabel('Kind')
        .selectOption('member');
      await page.getByRole('link', { name: `${legalName} Ltd` }).waitFor();
      await expectAccessible(page, 'the filtered organizations page');
      await saveScreenshot(page, 'admin-organizations');
    },
    SLOW,
  );

  it(
    'should refuse a webhook URL on a private address in words, then create and edit the agency',
    async () => {
      const { user: admin, session } = await platformAdmin();
      const code = await freeJurisdictionCode(session);
      await suite.server.api.http
        .post(`${V1}/jurisdictions`)
        .set(session.auth)
        .send({ code, name: `Country ${code}` })
        .expect(201);
      const le = await createOrganization(suite.server.api.dataSource, 'law_enforcement', {
        legalName: `Harbour Police ${uniqueSuffix()}`,
      });
      const { page } = suite.tab;
      await signIn(page, admin.email);
      await page.getByRole('link', { name: 'Agencies' }).click();
      await page.getByRole('heading', { level: 1, name: 'Agencies' }).waitFor();
      await expectAccessible(page, 'the agencies page');

      await page.getByRole('button', { name: 'New agency' }).click();
      const form = region(page, 'New agency');
      await form.getByLabel('Organization').selectOption({ label: `${le.legalName} (GB)` });
      await form.getByLabel('Agency name').fill('Harbour Cyber Unit');
      await form.getByLabel('Coverage').fill(code.toLowerCase());
      await form.getByLabel('Webhook', { exact: true }).check();
      await form.getByLabel('Webhook URL').fill(PRIVATE_HOOK);
      const secret = `test-only-webhook-secret-${uniqueSuffix()}-abcdefgh`;
      await form.getByLabel('Webhook secret').fill(secret);
      await form.getByLabel('Contact e-mail').fill('duty@harbour-cyber.example');
      await form.getByRole('button', { name: 'Create agency' }).click();
      expect(
        await waitForDescription(form.getByLabel('Webhook URL'), /private network address/),
      ).toMatch(/private network address/);
      expect(
        await suite.server.api.dataSource.manager.existsBy(AgencyEntity, { organizationId: le.id }),
      ).toBe(false);
      await expectAccessible(page, 'the new-agency form with errors');

      await form.getByLabel('Webhook URL').fill(PUBLIC_HOOK);
      await form.getByRole('button', { name: 'Create agency' }).click();
      await page.getByRole('status').getByText('Agency Harbour Cyber Unit was created').waitFor();
      const row = page.getByRole('row').filter({ hasText: 'Harbour Cyber Unit' });
      await row.getByText(PUBLIC_HOOK).waitFor();
      await row.getByText('Secret set').waitFor();
      expect(await page.content()).not.toContain(secret);
      const agency = await suite.server.api.dataSource.manager.findOneByOrFail(AgencyEntity, {
        organizationId: le.id,
      });
      const read = await suite.server.api.http.get(`${V1}/agencies/${agency.id}`).set(session.auth);
      expect(read.body).toMatchObject({
        name: 'Harbour Cyber Unit',
        coverage: [code],
        channels: ['portal', 'webhook'],
        webhookUrl: PUBLIC_HOOK,
        webhookSecretSet: true,
        contactEmail: 'duty@harbour-cyber.example',
        active: true,
      });

      // Edit: the secret is never shown back; a new contact phone and inactive.
      await row.getByRole('button', { name: 'Edit Harbour Cyber Unit' }).click();
      const edit = region(page, 'Edit Harbour Cyber Unit');
      expect(await edit.getByLabel('New webhook secret').inputValue()).toBe('');
      await edit.getByLabel('Contact phone').fill('+44 20 7946 0000');
      await edit.getByLabel('Active', { exact: true }).uncheck();
      await expectAccessible(page, 'the edit-agency form');
      await edit.getByRole('button', { name: 'Save agency' }).click();
      await page.getByRole('status').getByText('Agency Harbour Cyber Unit was saved').waitFor();
      await row.getByText('Inactive').waitFor();
      const after = await suite.server.api.http
        .get(`${V1}/agencies/${agency.id}`)
        .set(session.auth);
      expect(after.body).toMatchObject({
        contactPhone: '+44 20 7946 0000',
        active: false,
        webhookSecretSet: true,
        webhookUrl: PUBLIC_HOOK,
        version: read.body.version + 1,
      });
      await saveScreenshot(page, 'admin-agencies');
    },
    SLOW,
  );

  it(
    'should create a jurisdiction (a bad code refused next to its field) and edit its criteria',
    async () => {
      const { user: admin, session } = await platformAdmin();
      const code = await freeJurisdictionCode(session);
      const { page } = suite.tab;
      await signIn(page, admin.email);
      await page.getByRole('link', { name: 'Jurisdictions' }).click();
      await page.getByRole('heading', { level: 1, name: 'Jurisdictions' }).waitFor();
      await expectAccessible(page, 'the jurisdictions page');

      await page.getByRole('button', { name: 'New jurisdiction' }).click();
      const form = region(page, 'New jurisdiction');
      await form.getByLabel('Code').fill('Z9');
      await form.getByLabel('Name').fill(`Country ${code}`);
      await form.getByRole('button', { name: 'Create jurisdiction' }).click();
      expect(await waitForDescription(form.getByLabel('Code'), /two-letter country code/)).toMatch(
        /such as GB/,
      );
      await expectAccessible(page, 'the new-jurisdiction form with errors');

      await form.getByLabel('Code').fill(code.toLowerCase());
      await form.getByLabel('Legislation specific to CSAM').selectOption('yes');
      await form.getByLabel('Simple possession criminalised').selectOption('no');
      await form.getByLabel('Source edition').fill('Model legislation review, 10th edition');
      await form.getByLabel('Reviewed on').fill('2025-03-01');
      await form.getByLabel('A national hotline exists').check();
      await form.getByRole('button', { name: 'Create jurisdiction' }).click();
      await page
        .getByRole('status')
        .getByText(`Jurisdiction ${code} (Country ${code}) was created`)
        .waitFor();
      const row = page
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: code, exact: true }) });
      await row.getByText('Model legislation review, 10th edition').waitFor();
      const created = await suite.server.api.http
        .get(`${V1}/jurisdictions/${code}`)
        .set(session.auth);
      expect(created.body).toMatchObject({
        code,
        csamSpecificLaw: 'yes',
        csamDefined: 'unknown',
        simplePossessionCriminalised: 'no',
        reviewedOn: '2025-03-01',
        hotline: true,
      });

      await row.getByRole('button', { name: `Edit ${code}` }).click();
      const edit = region(page, `Edit ${code} (Country ${code})`);
      await edit.getByLabel('Internet service providers must report').selectOption('yes');
      await edit.getByLabel('Name').fill(`Republic of ${code}`);
      await expectAccessible(page, 'the edit-jurisdiction form');
      await edit.getByRole('button', { name: 'Save jurisdiction' }).click();
      await page
        .getByRole('status')
        .getByText(`Jurisdiction ${code} (Republic of ${code}) was saved`)
        .waitFor();
      const after = await suite.server.api.http
        .get(`${V1}/jurisdictions/${code}`)
        .set(session.auth);
      expect(after.body).toMatchObject({
        name: `Republic of ${code}`,
        ispReportingRequired: 'yes',
        csamSpecificLaw: 'yes',
        version: created.body.version + 1,
      });
      await saveScreenshot(page, 'admin-jurisdictions');
    },
    SLOW,
  );

  it(
    'should let a member administrator add a user and create and revoke an API key shown once',
    async () => {
      const org = await createOrganization(suite.server.api.dataSource, 'member');
      const memberAdmin = await createUser(suite.server.api.dataSource, org, 'member_admin', {
        displayName: 'Mara Admin',
      });
      const { page } = suite.tab;
      await signIn(page, memberAdmin.email);
      await page.getByRole('link', { name: 'My organization' }).click();
      await page.getByRole('heading', { level: 1, name: 'My organization' }).waitFor();
      await page.getByText(org.legalName).first().waitFor();
      await region(page, 'API keys').getByText('No API keys').waitFor();
      await expectAccessible(page, 'the my-organization page');
      // The platform administrator's links are not offered.
      expect(await page.getByRole('link', { name: 'Organizations', exact: true }).count()).toBe(0);

      // Add a user: only member roles.
      const users = region(page, 'Users');
      await users.getByRole('button', { name: 'Add a user' }).click();
      const add = region(page, 'Add a user');
      const offered = await add
        .getByLabel('Role')
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      expect(offered).toEqual(['member_reporter', 'member_admin']);
      const email = `analyst.${uniqueSuffix()}@${orgEmailDomain(org)}`;
      await add.getByLabel('Name').fill('Ada Analyst');
      await add.getByLabel('E-mail address').fill(email);
      await add.getByRole('button', { name: 'Generate a password' }).click();
      await expectAccessible(page, 'the add-user form');
      await add.getByRole('button', { name: 'Add user' }).click();
      await page.getByRole('status').filter({ hasText: 'not shown again' }).waitFor();
      await users.getByRole('cell', { name: email }).waitFor();
      const added = await suite.server.api.dataSource.manager.findOneByOrFail(UserEntity, {
        email,
      });
      expect(added).toMatchObject({
        organizationId: org.id,
        role: 'member_reporter',
        status: 'active',
      });

      // Create a key: its name is required, then it is shown once.
      const keys = region(page, 'API keys');
      await keys.getByRole('button', { name: 'New API key' }).click();
      const form = region(page, 'New API key');
      await form.getByLabel('Read referrals').check();
      await form.getByRole('button', { name: 'Create key' }).click();
      expect(await waitForDescription(form.getByLabel('Key name'), /is required/)).toMatch(
        /is required/,
      );
      await form.getByLabel('Key name').fill('Case system (production)');
      await form.getByRole('button', { name: 'Create key' }).click();
      const shown = page.getByRole('status').filter({ hasText: 'it will not be shown again' });
      await shown.waitFor();
      const key = await shown.getByLabel('The new API key').inputValue();
      expect(key).toMatch(/^crh_/);
      await expectAccessible(page, 'the my-organization page with a new key');
      await saveScreenshot(page, 'member-admin-organization');
      const row = keys.getByRole('row').filter({ hasText: 'Case system (production)' });
      await row.getByText('File referrals, Read referrals').waitFor();

      // The key works, and is not shown again once dismissed or after a reload.
      await suite.server.api.http.get(`${V1}/referrals`).set('x-api-key', key).expect(200);
      await page.getByRole('button', { name: 'I have stored the key' }).click();
      await shown.waitFor({ state: 'detached' });
      await page.reload();
      await row.waitFor();
      expect(await page.content()).not.toContain(key);

      // Revoke, with a confirmation first.
      await row.getByRole('button', { name: 'Revoke Case system (production)' }).click();
      const confirm = page.getByRole('group', { name: /Revoke the key/ });
      await confirm.getByRole('button', { name: 'Keep the key' }).click();
      await confirm.waitFor({ state: 'detached' });
      await suite.server.api.http.get(`${V1}/referrals`).set('x-api-key', key).expect(200);
      await row.getByRole('button', { name: 'Revoke Case system (production)' }).click();
      await expectAccessible(page, 'the revoke confirmation');
      await confirm.getByRole('button', { name: 'Revoke key' }).click();
      await page.getByRole('status').getByText('is revoked').waitFor();
      await row.getByText('Revoked').waitFor();
      await suite.server.api.http.get(`${V1}/referrals`).set('x-api-key', key).expect(401);
    },
    SLOW,
  );

  it('should answer a platform administrator’s address typed by a member administrator with not-found', async () => {
    const org = await createOrganization(suite.server.api.dataSource, 'member');
    const memberAdmin = await createUser(suite.server.api.dataSource, org, 'member_admin');
    const { page } = suite.tab;
    await signIn(page, memberAdmin.email);
    for (const path of [
      '/admin/organizations',
      `/admin/organizations/${org.id}`,
      '/admin/agencies',
      '/admin/jurisdictions',
    ]) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'Not found, or you do not have access' }).waitFor();
    }
    await expectAccessible(page, 'the not-found page of an administrator address');
    // The API agrees.
    const session = await login(suite.server.api.http, memberAdmin.email);
    await suite.server.api.http.get(`${V1}/organizations`).set(session.auth).expect(403);
  });
});
