import { ReferralEntity } from '@app/persistence';
import { createFiler, type FilerFixture } from '../support/case-fixtures';
import { eventually } from '../support/eventually';
import { login } from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { expectAccessible, saveScreenshot, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';
import {
  chooseCountry,
  descriptionOf,
  nextStep,
  waitForDescription,
  waitForStep,
} from './support/referral-form';

const DUTY_MESSAGE = 'must be true: a referral does not replace your own legal duty to report';
const FULL_CARD_MESSAGE =
  'looks like a Visa card number in Observable 1 value; send only the BIN (first 6) and last 4 digits with asterisks between, e.g. 411111******1111';

/** The officer's referral form in steps: merchant, evidence, transactions, narrative, review. */
describe('The referral form in steps (browser)', () => {
  const suite = useConsoleSuite({ worker: true });

  const ds = () => suite.server.api.dataSource;
  const referralsOf = (filer: FilerFixture) =>
    ds().manager.find(ReferralEntity, { where: { createdBy: filer.user.id } });

  it('should check each step before moving on, with a country picker, locale amounts and the API’s messages, then review, submit and print a receipt', async () => {
    const filer = await createFiler(ds());
    const { page } = suite.tab;
    await signIn(page, filer.user.email);
    await page.goto('/referrals/new');
    await page.getByRole('heading', { name: 'New referral', level: 1 }).waitFor();
    const steps = page.getByRole('navigation', { name: 'Steps of the referral' });
    await expect(steps.getByRole('listitem').allTextContents()).resolves.toEqual([
      '1 Merchant',
      '2 Evidence',
      '3 Transactions',
      '4 Narrative',
      '5 Review and submit',
    ]);

    // 1. Merchant. A bad value: the API's own message appears under the field as it is typed.
    const mcc = page.getByLabel('MCC', { exact: true });
    await mcc.fill('58');
    await waitForDescription(mcc, 'Merchant category code (MCC) must be 4 digits');
    await expect(mcc.getAttribute('aria-invalid')).resolves.toBe('true');
    // A field not touched yet says nothing.
    expect(await descriptionOf(page.getByLabel('Legal name'))).toBe('');

    // Next checks the step: the gaps and the bad value, each linked to its field; nothing is filed.
    await page.getByRole('button', { name: 'Next: Evidence' }).click();
    const stepSummary = page.getByRole('alert').filter({ hasText: 'before going on' });
    await stepSummary.getByRole('link', { name: 'Merchant › Legal name' }).waitFor();
    await stepSummary.getByRole('link', { name: 'Merchant › Country' }).waitFor();
    await stepSummary.getByText('Merchant category code (MCC) must be 4 digits').waitFor();
    await expectAccessible(page, 'the merchant step refused');
    expect(await referralsOf(filer)).toHaveLength(0);
    await stepSummary.getByRole('link', { name: 'Merchant › Legal name' }).click();
    await eventually('the focus in Legal name', () =>
      page
        .getByLabel('Legal name')
        .evaluate((el) => (el === document.activeElement ? true : undefined)),
    );

    await page.getByLabel('Legal name').fill('Example Trading Ltd');
    // The country picker, by keyboard: "United" lists the Uniteds; the second is chosen.
    const country = page.getByRole('combobox', { name: 'Country of registration' });
    await country.fill('United');
    const options = page
      .getByRole('listbox', { name: 'Countries matching Country of registration' })
      .getByRole('option');
    await expect(options.allTextContents()).resolves.toEqual(
      expect.arrayContaining(['United Kingdom GB', 'United States US']),
    );
    await expectAccessible(page, 'the country picker open');
    await saveScreenshot(page, 'officer-referral-country-picker');
    await country.press('ArrowDown');
    await expect(country.getAttribute('aria-activedescendant')).resolves.toBeTruthy();
    await country.press('Enter');
    await expect(country.inputValue()).resolves.toBe('United Kingdom');
    // By its code, with the mouse.
    await chooseCountry(page, 'Acquirer country', 'NL', 'Netherlands');
    // Several countries: each chosen one is listed, with a button to remove it.
    await page.getByRole('combobox', { name: 'Hosting countries' }).fill('germ');
    await page.getByRole('option', { name: 'Germany DE' }).click();
    await page
      .getByRole('list', { name: 'Hosting countries chosen' })
      .getByText('Germany')
      .waitFor();
    await mcc.fill('5816');
    await page.getByLabel('Websites').fill('shop.example/offer\nmirror.example');
    await nextStep(page, 'Evidence');

    // The draft is saved, the step is in the address; the address got its scheme.
    await page.waitForURL(/\/referrals\/[0-9a-f-]{36}\/edit\?step=evidence$/);
    const [draft] = await referralsOf(filer);
    expect(draft.status).toBe('draft');
    expect(draft.merchant).toMatchObject({
      legalName: 'Example Trading Ltd',
      country: 'GB',
      mcc: '5816',
      websites: ['https://shop.example/offer', 'mirror.example'],
      hostingCountries: ['DE'],
      acquirer: { country: 'NL' },
    });

    // 2. Evidence: a full card number is refused with the API's message.
    await page.getByRole('button', { name: 'Add an observable' }).click();
    await page.getByLabel('Type (observable 1)').selectOption('card');
    const value = page.getByLabel('Value (observable 1)');
    await value.fill('4111111111111111');
    await waitForDescription(value, FULL_CARD_MESSAGE);
    await expectAccessible(page, 'the evidence step with a message');
    await saveScreenshot(page, 'officer-referral-form');
    await value.fill('411111******1111');
    await waitForDescription(value, 'card number in', false);
    await nextStep(page, 'Transactions');

    // 3. Transactions: amounts as typed in the person's locale; an unclear one is refused.
    await page.getByRole('button', { name: 'Add a transaction' }).click();
    await page.getByLabel('Date (transaction 1)').fill('2026-10-02');
    const amount = page.getByLabel('Amount (transaction 1)');
    await amount.fill('1.200');
    await waitForDescription(amount, 'Amount (transaction 1) is unclear: “1.200” could mean 1200');
    await page.getByRole('button', { name: 'Next: Narrative' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'before going on' })
      .getByRole('link', { name: 'Transaction 1 › Amount' })
      .waitFor();
    await amount.fill('1.200,50');
    await page.getByLabel('Currency (transaction 1)').fill('EUR');
    await page.getByLabel('Direction (transaction 1)').selectOption('outbound');
    await page.getByLabel('Total amount').fill('1 200,50');
    await page.getByLabel('Total currency').fill('EUR');
    await waitForDescription(amount, 'unclear', false);
    await expectAccessible(page, 'the transactions step');
    await nextStep(page, 'Narrative');

    // 4. Narrative: the obvious gaps are said without asking the API.
    await page.getByRole('button', { name: 'Next: Review and submit' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'before going on' })
      .getByRole('link', { name: 'Narrative' })
      .waitFor();
    await page.getByLabel('Category').selectOption('commercial_csam_sale');
    await page.getByLabel('Descriptor mismatch').check();
    await page.getByLabel('Narrative').fill('Descriptor does not match the stated business.');
    await nextStep(page, 'Review and submit');

    // 5. Review: exactly what is sent, with the normalised values.
    const review = page.getByRole('main');
    await review.getByText('https://shop.example/offer').waitFor();
    await review.getByText('United Kingdom (GB)').waitFor();
    await review.getByText('€1,200.50').first().waitFor();
    await review.getByText('Descriptor does not match the stated business.').waitFor();
    await expectAccessible(page, 'the review step');
    await saveScreenshot(page, 'officer-referral-review');

    // Submitting without the acknowledgement is refused, and nothing is filed.
    await page.getByRole('button', { name: 'Submit referral' }).click();
    await page
      .getByRole('dialog', { name: 'Submit this referral to the coalition?' })
      .getByRole('button', { name: 'Submit referral' })
      .click();
    const summary = page.getByRole('alert').filter({ hasText: 'cannot be submitted yet' });
    await summary.getByText(DUTY_MESSAGE).waitFor();
    const duty = page.getByLabel(
      'I acknowledge that a referral does not replace my own legal duty',
    );
    await waitForDescription(duty, DUTY_MESSAGE);
    expect((await referralsOf(filer))[0].status).toBe('draft');

    await duty.check();
    await page.getByRole('button', { name: 'Submit referral' }).click();
    await page
      .getByRole('dialog', { name: 'Submit this referral to the coalition?' })
      .getByRole('button', { name: 'Submit referral' })
      .click();

    // The receipt: reference, time, filing organization, what was filed; printable.
    await page.waitForURL(`**/referrals/${draft.id}/receipt`);
    await page
      .getByRole('heading', { level: 1, name: `Receipt for referral ${draft.reference}` })
      .waitFor();
    const receipt = page.getByRole('region', { name: 'Receipt' });
    await receipt.getByText(filer.org.legalName).waitFor();
    await receipt.getByRole('term').getByText('Submitted', { exact: true }).waitFor();
    await receipt.getByRole('button', { name: 'Print this receipt' }).waitFor();
    await page
      .getByRole('region', { name: 'What was filed' })
      .getByText('shop.example')
      .first()
      .waitFor();
    await expectAccessible(page, 'the receipt');
    await saveScreenshot(page, 'officer-referral-receipt');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(false);
    await expect(
      receipt.getByRole('button', { name: 'Print this receipt' }).isVisible(),
    ).resolves.toBe(false);
    await page.emulateMedia({ media: 'screen' });

    const filed = await ds().manager.findOneByOrFail(ReferralEntity, { id: draft.id });
    expect(['submitted', 'in_review']).toContain(filed.status);
    expect(filed.merchant?.websites).toEqual(['https://shop.example/offer', 'mirror.example']);
    expect(filed.transactions).toEqual([
      expect.objectContaining({ amount: '1200.50', currency: 'EUR', direction: 'outbound' }),
    ]);
    expect([filed.totalAmount, filed.totalCurrency]).toEqual(['1200.50', 'EUR']);
  });

  it('should list the API’s problems on the review and link each to its field on its step', async () => {
    const filer = await createFiler(ds());
    const session = await login(suite.server.api.http, filer.user.email);
    const created = await suite.server.api.http
      .post('/api/v1/referrals')
      .set(session.auth)
      .send(referralBody({ narrative: undefined, acknowledgeReportingDuty: undefined }))
      .expect(201);
    const draft = created.body as { id: string; reference: string };
    const { page } = suite.tab;
    await signIn(page, filer.user.email);
    await page.goto(`/referrals/${draft.id}/edit?step=review`);
    await page.getByRole('heading', { name: `Draft referral ${draft.reference}` }).waitFor();
    const summary = page.getByRole('alert').filter({ hasText: 'Before submitting' });
    await summary.getByText(DUTY_MESSAGE).waitFor();
    await summary.getByRole('link', { name: 'Narrative' }).click();
    await page.getByRole('heading', { level: 2, name: 'Narrative', exact: true }).waitFor();
    await eventually('the focus in the narrative', () =>
      page
        .getByRole('textbox', { name: /^Narrative/ })
        .evaluate((el) => (el === document.activeElement ? true : undefined)),
    );
    expect(new URL(page.url()).search).toBe('?step=narrative');
    // Back goes back without checking; the step heading takes the focus.
    // Opened from the review, the field's messages show at once.
    await waitForDescription(page.getByRole('textbox', { name: /^Narrative/ }), 'is required');
    await page.getByRole('button', { name: 'Back to Transactions' }).click();
    await waitForStep(page, 'Transactions');
    // The progress list opens any step of a saved draft.
    await page
      .getByRole('navigation', { name: 'Steps of the referral' })
      .getByRole('button', { name: /Merchant/ })
      .click();
    await waitForStep(page, 'Merchant');
    await expect(
      page.getByRole('combobox', { name: 'Country of registration' }).inputValue(),
    ).resolves.toBe('United Kingdom');
    await expectAccessible(page, 'a draft opened at its merchant step');
  });
});
