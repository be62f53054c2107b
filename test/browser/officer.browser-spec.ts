import {
  AlertEntity,
  MemberActionEntity,
  ReferralAttachmentEntity,
  ReferralEntity,
} from '@app/persistence';
import type { Locator } from 'playwright-core';
import {
  createAgency,
  createCase,
  createDispatch,
  createFiler,
  createLiaison,
  createRoutedCase,
  insertReferral,
  type FilerFixture,
} from '../support/case-fixtures';
import { eventually } from '../support/eventually';
import { createOrganization, createUser, login } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { expectAccessible, saveScreenshot, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

const DUTY_MESSAGE = 'must be true: a referral does not replace your own legal duty to report';
const FULL_CARD_MESSAGE =
  'looks like a Visa card number in Observable 1 value; send only the BIN (first 6) and last 4 digits with asterisks between, e.g. 411111******1111';

/** The text of an input's accessible description (its hint and the API's messages under it). */
function descriptionOf(field: Locator): Promise<string> {
  return field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

/** Wait until the field's description does (or no longer does) say `text`. */
async function waitForDescription(field: Locator, text: string, present = true): Promise<void> {
  await eventually(`${present ? '' : 'no '}"${text}" under the field`, async () =>
    (await descriptionOf(field)).includes(text) === present ? true : undefined,
  );
}

/** The compliance officer's pages: referrals, the referral form, a referral. */
describe('Compliance officer pages (browser)', () => {
  const suite = useConsoleSuite({ worker: true });

  const ds = () => suite.server.api.dataSource;
  const referralsOf = (filer: FilerFixture) =>
    ds().manager.find(ReferralEntity, { where: { createdBy: filer.user.id } });

  /** A draft filed through the API by the filer; `acknowledgeReportingDuty` left out. */
  async function apiDraft(filer: FilerFixture, overrides: Record<string, unknown> = {}) {
    const session = await login(suite.server.api.http, filer.user.email);
    const res = await suite.server.api.http
      .post('/api/v1/referrals')
      .set(session.auth)
      .send(referralBody({ acknowledgeReportingDuty: undefined, ...overrides }))
      .expect(201);
    return res.body as { id: string; reference: string };
  }

  it('should list the referrals with holds, other members and the decision, and filter by status', async () => {
    const filer = await createFiler(ds());
    const other = await createFiler(ds());
    const onCase = await createCase(ds(), [filer, other], { referralStatus: 'accepted' });
    const agency = await createAgency(ds());
    const liaison = await createLiaison(ds(), agency);
    const dispatch = await createDispatch(ds(), onCase, agency, { status: 'accepted' });
    const liaisonSession = await login(suite.server.api.http, liaison.email);
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await suite.server.api.http
      .post(`/api/v1/dispatches/${dispatch.id}/holds`)
      .set(liaisonSession.auth)
      .send({
        scope: 'do_not_terminate',
        reason: 'Following the money; keep the account open.',
        documentRef: 'ORDER-2026-17',
        expiresAt,
      })
      .expect(201);
    const draft = await apiDraft(filer, { merchant: { legalName: 'Draft Merchant Ltd' } });
    const accepted = onCase.referrals.find((r) => r.organizationId === filer.org.id);
    if (!accepted) throw new Error('no referral of the filer on the case');

    const { page } = suite.tab;
    await signIn(page, filer.user.email);
    expect(new URL(page.url()).pathname).toBe('/referrals');
    await page.getByRole('heading', { name: 'Referrals', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Referrals, newest first' });
    const acceptedRow = table.getByRole('row').filter({ hasText: accepted.reference });
    await acceptedRow.waitFor();
    await acceptedRow.getByText('Flagged by 1 other member').waitFor();
    await acceptedRow.getByText('Hold: Do not terminate').waitFor();
    await acceptedRow.getByText('Accepted by the coalition').waitFor();
    const draftRow = table.getByRole('row').filter({ hasText: draft.reference });
    await draftRow.getByText('Draft Merchant Ltd').waitFor();
    await draftRow.getByText('Draft', { exact: true }).waitFor();
    await expectAccessible(page, 'the referrals list');
    await saveScreenshot(page, 'officer-referrals');

    // The filter changes the rows and the address.
    await page.getByLabel('Status').selectOption('draft');
    await page.waitForURL('**/referrals?status=draft');
    await acceptedRow.waitFor({ state: 'detached' });
    await draftRow.waitFor();
    await page.getByLabel('Status').selectOption('withdrawn');
    await page.getByText('No referrals are withdrawn.').waitFor();
    await expectAccessible(page, 'the referrals list with no match');

    // The row links to the referral, which shows the hold and its reason.
    await page.getByRole('link', { name: 'Show all statuses' }).click();
    await page.getByRole('link', { name: accepted.reference }).click();
    await page.getByRole('heading', { name: `Referral ${accepted.reference}` }).waitFor();
    await page.getByRole('note', { name: 'Active hold' }).waitFor();
    await page
      .getByRole('region', { name: 'Holds' })
      .getByText('Reason: Following the money; keep the account open.')
      .waitFor();
    await page.getByText('Flagged by 1 other member').first().waitFor();
  });

  it('should show an empty list that says how to start, with the New referral action', async () => {
    const filer = await createFiler(ds());
    const { page } = suite.tab;
    await signIn(page, filer.user.email);
    await page.getByText('No referrals yet.').waitFor();
    await expectAccessible(page, 'the empty referrals list');
    await page.getByRole('link', { name: 'New referral' }).first().click();
    await page.waitForURL('**/referrals/new');
    await page.getByRole('heading', { name: 'New referral', level: 1 }).waitFor();
  });

  it('should show the API’s messages under the fields as the officer types, and refuse to submit without the acknowledgement', async () => {
    const filer = await createFiler(ds());
    const { page } = suite.tab;
    await signIn(page, filer.user.email);
    await page.goto('/referrals/new');
    await page.getByRole('heading', { name: 'New referral', level: 1 }).waitFor();

    // A bad value: the API's own message appears under the field.
    const mcc = page.getByLabel('MCC', { exact: true });
    await mcc.fill('58');
    await waitForDescription(mcc, 'Merchant category code (MCC) must be 4 digits');
    await expect(mcc.getAttribute('aria-invalid')).resolves.toBe('true');
    // A field not touched yet shows nothing, even though the API would want it.
    await page.getByLabel('Legal name').waitFor();
    expect(await descriptionOf(page.getByLabel('Legal name'))).toBe('');

    // A full card number typed into an observable: the masked-form message.
    await page.getByRole('button', { name: 'Add an observable' }).click();
    await page.getByLabel('Type (observable 1)').selectOption('card');
    const value = page.getByLabel('Value (observable 1)');
    await value.fill('4111111111111111');
    await waitForDescription(value, FULL_CARD_MESSAGE);
    await expectAccessible(page, 'the referral form with messages');
    await saveScreenshot(page, 'officer-referral-form');

    // Fixed: the messages go.
    await value.fill('411111******1111');
    await waitForDescription(value, 'card number in', false);
    await mcc.fill('5816');
    await waitForDescription(mcc, 'Merchant category code (MCC) must be 4 digits', false);

    // Submitting without the acknowledgement is refused with the duty message, and nothing is filed.
    await page.getByLabel('Legal name').fill('Example Trading Ltd');
    await page.getByRole('button', { name: 'Submit referral' }).click();
    // An irreversible step: the console asks first, saying what happens.
    await page
      .getByRole('dialog', { name: 'Submit this referral to the coalition?' })
      .getByRole('button', { name: 'Submit referral' })
      .click();
    const duty = page.getByLabel(
      'I acknowledge that a referral does not replace my own legal duty',
    );
    await waitForDescription(duty, DUTY_MESSAGE);
    const summary = page.getByRole('alert').filter({ hasText: 'cannot be submitted yet' });
    await summary.getByText(DUTY_MESSAGE).waitFor();
    await summary.getByRole('link', { name: 'Narrative' }).waitFor();
    await expectAccessible(page, 'the referral form refused at submit');
    expect(await referralsOf(filer)).toHaveLength(0);
    expect(new URL(page.url()).pathname).toBe('/referrals/new');
  });

  it('should save a draft, keep its values across a reload, and ask before leaving unsaved changes', async () => {
    const filer = await createFiler(ds());
    const { page } = suite.tab;
    await signIn(page, filer.user.email);
    await page.goto('/referrals/new');
    await page.getByLabel('Legal name').fill('Example Trading Ltd');
    await page.getByLabel('Country of registration').fill('gb');
    await page.getByLabel('Websites').fill('https://shop.example/offer\nmirror.example');
    await page.getByLabel('Category').selectOption('commercial_csam_sale');
    await page.getByLabel('Descriptor mismatch').check();
    await page.getByLabel('Narrative').fill('Descriptor does not match the stated business.');
    await page.getByRole('button', { name: 'Save draft' }).click();

    await page.waitForURL(/\/referrals\/[0-9a-f-]{36}\/edit$/);
    await page.getByText(/^Draft saved at /).waitFor();
    const [stored] = await referralsOf(filer);
    expect(stored).toMatchObject({
      status: 'draft',
      category: 'commercial_csam_sale',
      indicators: ['descriptor_mismatch'],
      narrative: 'Descriptor does not match the stated business.',
    });
    expect(stored.merchant).toMatchObject({
      legalName: 'Example Trading Ltd',
      country: 'GB',
      websites: ['https://shop.example/offer', 'mirror.example'],
    });
    expect(new URL(page.url()).pathname).toBe(`/referrals/${stored.id}/edit`);

    await page.reload();
    await page.getByRole('heading', { name: `Draft referral ${stored.reference}` }).waitFor();
    await expect(page.getByLabel('Legal name').inputValue()).resolves.toBe('Example Trading Ltd');
    await expect(page.getByLabel('Country of registration').inputValue()).resolves.toBe('GB');
    await expect(page.getByLabel('Websites').inputValue()).resolves.toBe(
      'https://shop.example/offer\nmirror.example',
    );
    await expect(page.getByLabel('Category').inputValue()).resolves.toBe('commercial_csam_sale');
    await expect(page.getByLabel('Descriptor mismatch').isChecked()).resolves.toBe(true);
    await page.getByText(/^Draft saved at /).waitFor();
    await expectAccessible(page, 'a saved draft in the form');

    // Unsaved changes: the console asks before navigating away.
    await page.getByLabel('Narrative').fill('Changed, not saved yet.');
    await page.getByText(/^Unsaved changes/).waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Referrals' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
    await dialog.waitFor();
    await expectAccessible(page, 'the leave-without-saving question');
    await dialog.getByRole('button', { name: 'Stay on this page' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe(`/referrals/${stored.id}/edit`);
    await expect(page.getByLabel('Narrative').inputValue()).resolves.toBe(
      'Changed, not saved yet.',
    );

    // Saving a change sends it (and only then may the person leave without a question).
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText(/^Draft saved at /).waitFor();
    await eventually('the change stored', async () => {
      const row = await ds().manager.findOneByOrFail(ReferralEntity, { id: stored.id });
      return row.narrative === 'Changed, not saved yet.' ? row : undefined;
    });
    await page.getByLabel('Narrative').fill('Another change.');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Referrals' })
      .click();
    await dialog.getByRole('button', { name: 'Leave without saving' }).click();
    await page.waitForURL('**/referrals');
    const after = await ds().manager.findOneByOrFail(ReferralEntity, { id: stored.id });
    expect(after.narrative).toBe('Changed, not saved yet.');

    // Closing or reloading the tab with unsaved changes: the browser is asked to confirm
    // (beforeunload cancelled); with nothing unsaved it is not.
    const unloadCancelled = () =>
      page.evaluate(() => {
        const event = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      });
    await page.goto(`/referrals/${stored.id}/edit`);
    await page.getByText(/^Draft saved at /).waitFor();
    await expect(unloadCancelled()).resolves.toBe(false);
    await page.getByLabel('Narrative').fill('Typed, then the tab closes.');
    await page.getByText(/^Unsaved changes/).waitFor();
    await expect(unloadCancelled()).resolves.toBe(true);
  });

  it('should refuse an image with the API’s explanation, and list an accepted document', async () => {
    const filer = await createFiler(ds());
    const draft = await apiDraft(filer);
    const { page } = suite.tab;
    await signIn(page, filer.user.email);
    await page.goto(`/referrals/${draft.id}/edit`);
    const upload = page.getByLabel('Add a document');
    await upload.setInputFiles({
      name: 'screenshot.png',
      mimeType: 'image/png',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    });
    const refusal = page.getByRole('alert').filter({ hasText: 'This file was not accepted.' });
    await refusal.getByText('This is an image (PNG).', { exact: false }).waitFor();
    await refusal.getByText('Never upload images, video or archives', { exact: false }).waitFor();
    await expectAccessible(page, 'the form with a refused file');
    expect(await ds().manager.countBy(ReferralAttachmentEntity, { referralId: draft.id })).toBe(0);

    await upload.setInputFiles({
      name: 'export.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('date,amount\n2026-10-02,49.99\n'),
    });
    await page.getByText('Document export.csv added.').waitFor();
    const documents = page.getByRole('table', { name: 'Documents on this referral' });
    await documents.getByRole('cell', { name: 'export.csv' }).waitFor();
    await documents.getByRole('cell', { name: 'CSV', exact: true }).waitFor();
    expect(await ds().manager.countBy(ReferralAttachmentEntity, { referralId: draft.id })).toBe(1);
  });

  it('should submit a complete draft and show it submitted, then in review once intake has run', async () => {
    const filer = await createFiler(ds());
    const draft = await apiDraft(filer);
    const { page } = suite.tab;
    await signIn(page, filer.user.email);
    await page.goto(`/referrals/${draft.id}/edit`);
    await page
      .getByLabel('I acknowledge that a referral does not replace my own legal duty')
      .check();
    await page.getByRole('button', { name: 'Submit referral' }).click();
    const submitting = page.getByRole('dialog', { name: 'Submit this referral to the coalition?' });
    await submitting.getByText('this cannot be undone', { exact: false }).waitFor();
    await expectAccessible(page, 'the submit confirmation');
    await submitting.getByRole('button', { name: 'Submit referral' }).click();

    await page.waitForURL(`**/referrals/${draft.id}`);
    await page.getByRole('status').getByText(`Referral ${draft.reference} submitted.`).waitFor();
    const row = await ds().manager.findOneByOrFail(ReferralEntity, { id: draft.id });
    expect(['submitted', 'in_review']).toContain(row.status);
    expect(row.acknowledgeReportingDuty).toBe(true);
    // The tax id filed through the API was kept (the form never sends a masked value back).
    expect(row.merchant?.taxId).toBeTruthy();
    // The worker's intake moves it on; the page follows.
    const status = page.getByRole('region', { name: 'Status' });
    await status.getByText('In review').waitFor({ timeout: 20_000 });
    await expect(page.getByRole('link', { name: 'Edit draft' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'a submitted referral');
  });

  it('should answer an information request and withdraw a referral after confirming', async () => {
    const filer = await createFiler(ds());
    const { caseRow, referrals } = await createCase(ds(), [filer], {
      status: 'in_review',
      referralStatus: 'in_review',
    });
    const referral = referrals[0];
    const coalition = await createOrganization(ds(), 'coalition');
    const coordinator = await createUser(ds(), coalition, 'coordinator');
    const coordinatorSession = await login(suite.server.api.http, coordinator.email);
    await suite.server.api.http
      .post(`/api/v1/cases/${caseRow.id}/info-requests`)
      .set(coordinatorSession.auth)
      .send({ referralId: referral.id, question: 'Which acquirer settles this merchant?' })
      .expect(201);

    const { page } = suite.tab;
    await signIn(page, filer.user.email);
    await page.goto(`/referrals/${referral.id}`);
    await page.getByRole('heading', { name: `Referral ${referral.reference}` }).waitFor();
    await page.getByRole('heading', { name: 'Information requests (1 open)' }).waitFor();
    await page.getByText('Which acquirer settles this merchant?').waitFor();
    await expectAccessible(page, 'a referral with an open question');
    await saveScreenshot(page, 'officer-referral');

    await page.getByLabel('Your answer').fill('Example Acquiring, BIN 411111.');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByText('Answer sent.', { exact: false }).waitFor();
    await page.getByText('Example Acquiring, BIN 411111.').waitFor();
    const answered = await ds().manager.findOneByOrFail(ReferralEntity, { id: referral.id });
    expect(answered.status).toBe('in_review');
    const requests = await suite.server.api.http
      .get(`/api/v1/referrals/${referral.id}/info-requests`)
      .set((await login(suite.server.api.http, filer.user.email)).auth)
      .expect(200);
    expect(requests.body.items[0]).toMatchObject({
      status: 'answered',
      answer: 'Example Acquiring, BIN 411111.',
    });

    // Withdraw: a confirmation first; "keep" changes nothing.
    await page.getByRole('button', { name: 'Withdraw referral' }).click();
    const confirm = page.getByRole('dialog', { name: `Withdraw referral ${referral.reference}?` });
    await confirm.waitFor();
    await expectAccessible(page, 'the withdraw confirmation');
    await confirm.getByRole('button', { name: 'Keep the referral' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect((await ds().manager.findOneByOrFail(ReferralEntity, { id: referral.id })).status).toBe(
      'in_review',
    );
    await page.getByRole('button', { name: 'Withdraw referral' }).click();
    await confirm.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await page.getByText(`Referral ${referral.reference} withdrawn.`).waitFor();
    await page
      .getByRole('region', { name: 'Status' })
      .getByText('Withdrawn by your organization')
      .waitFor();
    await expect(page.getByRole('button', { name: 'Withdraw referral' }).count()).resolves.toBe(0);
    expect((await ds().manager.findOneByOrFail(ReferralEntity, { id: referral.id })).status).toBe(
      'withdrawn',
    );
  });

  it('should record what the company did, refuse a future date in words, and warn of a do_not_terminate hold', async () => {
    const { filer, referrals, caseRow, dispatch, liaison } = await createRoutedCase(ds());
    const referral = referrals[0];
    const liaisonSession = await login(suite.server.api.http, liaison.email);
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await suite.server.api.http
      .post(`/api/v1/dispatches/${dispatch.id}/holds`)
      .set(liaisonSession.auth)
      .send({
        scope: 'do_not_terminate',
        reason: 'The payments lead to the operators.',
        documentRef: 'ORDER-2026-31',
        expiresAt,
      })
      .expect(201);
    const stored = () => ds().manager.findBy(MemberActionEntity, { referralId: referral.id });

    const { page } = suite.tab;
    await signIn(page, filer.user.email);
    await page.goto(`/referrals/${referral.id}`);
    const panel = page.getByRole('region', { name: 'What your company did' });
    await panel.getByText('Nothing recorded yet.', { exact: false }).waitFor();
    const warning = panel.getByRole('note', { name: 'Hold: do not terminate' });
    await warning.getByText('asked the members not to terminate the merchant until').waitFor();
    await warning.getByText('Reason: The payments lead to the operators.').waitFor();
    const note = panel.getByLabel('Note', { exact: true });
    expect(await descriptionOf(note)).toContain(
      'Do not record here whether a suspicious activity report was filed.',
    );
    // The date defaults to today.

    const date = panel.getByLabel('Date');
    expect(await date.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expectAccessible(page, 'a referral with the member-action form and a hold');

    // A date in the future: the API's refusal, in words, under the field; nothing stored.
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await panel.getByLabel('Action').selectOption('terminated_relationship');
    await date.fill(future);
    await panel.getByRole('button', { name: 'Record action' }).click();
    await waitForDescription(date, 'Date must not be in the future.');
    await expect(date.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page, 'the member-action form refused');
    expect(await stored()).toHaveLength(0);

    // Today, with a note: recorded, said so, listed; coordinators alerted because of the hold.
    const today = new Date().toISOString().slice(0, 10);
    await date.fill(today);
    await note.fill('Account closed after our review.');
    await panel.getByRole('button', { name: 'Record action' }).click();
    await panel
      .getByRole('status')
      .getByText('Recorded: Terminated the relationship on', { exact: false })
      .waitFor();
    await panel.getByText('Coordinators have been told', { exact: false }).waitFor();
    const table = panel.getByRole('table', { name: 'What your company did, newest first' });
    const row = table.getByRole('row').filter({ hasText: 'Account closed after our review.' });
    await row.getByRole('cell', { name: 'Terminated the relationship' }).waitFor();
    await row.getByText(filer.user.displayName).waitFor();
    await expect(note.inputValue()).resolves.toBe('');
    await expectAccessible(page, 'a referral with a recorded member action');
    await panel.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'officer-member-actions');
    const [action] = await stored();
    expect(action).toMatchObject({
      action: 'terminated_relationship',
      date: today,
      note: 'Account closed after our review.',
      recordedBy: filer.user.id,
    });
    expect(
      await ds().manager.countBy(AlertEntity, {
        caseId: caseRow.id,
        kind: 'terminated_despite_hold',
      }),
    ).toBe(1);
  });

  it('should show the not-found page for another member’s referral typed in the address bar', async () => {
    const filer = await createFiler(ds());
    const otherMember = await createFiler(ds());
    const theirs = await insertReferral(ds(), otherMember, { status: 'in_review' });
    const { page } = suite.tab;
    await signIn(page, filer.user.email);
    await page.goto(`/referrals/${theirs.id}`);
    await page.getByRole('heading', { name: 'Not found, or you do not have access' }).waitFor();
    await expect(page.getByText(theirs.reference).count()).resolves.toBe(0);
    await expectAccessible(page, 'the not-found page for another member’s referral');
    await page.goto(`/referrals/${theirs.id}/edit`);
    await page.getByRole('heading', { name: 'Not found, or you do not have access' }).waitFor();
  });
});
