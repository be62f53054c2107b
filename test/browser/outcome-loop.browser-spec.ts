import { createOrganization, createUser } from '../support/factories';
import { AGENCY_CASE_NUMBER, acceptedRoutedCase } from '../support/outcome-fixtures';
import { expectAccessible, saveScreenshot, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

const QUESTION = 'Did the merchant move to another acquirer after October?';
const ANSWER = 'Yes: to a processor abroad, in November.';

/** The outcome loop in the console: officer, liaison and coordinator pages. */
describe('The outcome loop (browser)', () => {
  const suite = useConsoleSuite();
  const api = () => suite.server.api;

  it('should let the liaison ask the filer, show the officer the outcome, and carry the answer back anonymously', async () => {
    const f = await acceptedRoutedCase(api());
    await api()
      .http.post(`/api/v1/dispatches/${f.dispatch.id}/outcome`)
      .set(f.liaisonSession.auth)
      .send({ outcome: 'investigation_opened', shareCaseNumberWithFilers: true })
      .expect(200);
    const referral = f.referrals[0];
    const { page } = suite.tab;

    // The liaison asks through the dispatch page.
    await signIn(page, f.liaison.email);
    await page.goto(`/dispatches/${f.dispatch.id}`);
    const panel = page.getByRole('region', { name: 'Questions to the filers' });
    await panel.getByRole('heading', { name: 'Ask the filer' }).waitFor();
    await panel.getByLabel('Your question').fill(QUESTION);
    await panel.getByRole('button', { name: 'Send question' }).click();
    await panel.getByText(QUESTION).waitFor();
    await panel.getByText('Not answered yet.').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The officer reads the outcome in plain words and answers.
    await signIn(page, f.filer.user.email);
    await page.goto(`/referrals/${referral.id}`);
    const outcomes = page.getByRole('region', { name: 'What law enforcement reported' });
    await outcomes.getByText('A law-enforcement agency opened an investigation.').waitFor();
    await outcomes
      .getByText(`agency case number ${AGENCY_CASE_NUMBER}`, { exact: false })
      .waitFor();
    const questions = page.getByRole('region', { name: 'Questions from law enforcement (1 open)' });
    await questions.getByText(QUESTION).waitFor();
    await expectAccessible(page, 'a referral with an outcome and an agency question');
    await saveScreenshot(page, 'officer-referral-outcome');
    await questions.getByLabel('Your answer to the agency').fill(ANSWER);
    await questions.getByRole('button', { name: 'Send answer to the agency' }).click();
    await page.getByText('Answer sent to the agency through the coalition.').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The liaison sees the answer from "coalition member", never the member's name.
    await signIn(page, f.liaison.email);
    await page.goto(`/dispatches/${f.dispatch.id}`);
    await panel.getByText(ANSWER).waitFor();
    await panel.getByText('Answer from coalition member', { exact: false }).waitFor();
    expect(await page.content()).not.toContain(f.filer.org.legalName);
  });

  it('should show coordinators the outcome counts and the brokered questions', async () => {
    const f = await acceptedRoutedCase(api());
    await api()
      .http.post(`/api/v1/dispatches/${f.dispatch.id}/outcome`)
      .set(f.liaisonSession.auth)
      .send({ outcome: 'arrest' })
      .expect(200);
    await api()
      .http.post(`/api/v1/dispatches/${f.dispatch.id}/questions`)
      .set(f.liaisonSession.auth)
      .send({ referralReference: f.referrals[0].reference, body: QUESTION })
      .expect(201);
    const coordinator = await createUser(
      api().dataSource,
      await createOrganization(api().dataSource, 'coalition'),
      'coordinator',
    );
    const { page } = suite.tab;
    await signIn(page, coordinator.email);
    await page.getByRole('link', { name: 'Outcomes' }).click();
    await page.getByRole('heading', { name: 'Outcomes', level: 1 }).waitFor();
    await page
      .getByRole('region', { name: 'Per agency' })
      .getByRole('row', { name: new RegExp(f.agency.agency.name) })
      .waitFor();
    await page
      .getByRole('region', { name: 'Per filing member' })
      .getByRole('row', { name: new RegExp(f.filer.org.legalName) })
      .waitFor();
    await page.getByText(QUESTION).first().waitFor();
    await expectAccessible(page, 'the outcomes page');
  });
});
