import { UnitOfWork } from '@app/persistence';
import type { Page } from 'playwright-core';
import { seedDemo } from '../../apps/standalone/src/demo-seed';
import { seedDemoStory } from '../../apps/standalone/src/demo-story';
import { expectAccessible, saveScreenshot, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

const PASSWORD = 'demo-browser-password';

/**
 * The seeded demo as people trying it meet it: the demo's story told on a
 * database of its own (as `npm start` tells it), then each role signs in with
 * its demo login and lands on a page with something to do, axe-clean.
 */
describe('The seeded demo in the console (browser)', () => {
  const suite = useConsoleSuite({ worker: true, scratch: 'demo' });

  beforeAll(async () => {
    const app = suite.server.api.app;
    await seedDemo(new UnitOfWork(suite.server.api.dataSource), PASSWORD);
    const story = await seedDemoStory(app, PASSWORD);
    expect(story.seeded).toBe(true);
  }, 180_000);

  const signInAs = (page: Page, email: string) => signIn(page, email, PASSWORD);
  const rowAbout = (page: Page, table: string | RegExp, text: string) =>
    page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text });

  it('should land the compliance officer on their referrals, with the agency’s hold and outcome', async () => {
    const { page } = suite.tab;
    await signInAs(page, 'officer@northbank.example');
    await page.waitForURL('**/referrals');
    const velvet = rowAbout(page, 'Referrals, newest first', 'Velvet Pixel Media Ltd');
    await velvet.getByText('Hold: Do not terminate').waitFor();
    await rowAbout(page, 'Referrals, newest first', 'Pebble Cove Media Ltd').waitFor();
    await expectAccessible(page, 'the officer’s referrals in the demo');
    await saveScreenshot(page, 'demo-officer-referrals');

    await velvet.getByRole('link').first().click();
    const outcomes = page.getByRole('region', { name: 'What law enforcement reported' });
    await outcomes.getByText('A law-enforcement agency opened an investigation.').waitFor();
    await page
      .getByText('The "private collections" page of the checkout', { exact: false })
      .waitFor();
    await expectAccessible(page, 'the officer’s referral with an outcome in the demo');
  });

  it('should land the coordinator on an inbox with cases in several states, one overdue', async () => {
    const { page } = suite.tab;
    await signInAs(page, 'coordinator@coalition.example');
    await page.waitForURL('**/cases');
    await page.getByRole('heading', { name: 'Case inbox' }).waitFor();
    const inbox = page.getByRole('table', { name: /^Cases/ });
    for (const merchant of [
      'Pebble Cove Media Ltd',
      'Orchid Gate Ltd',
      'Quartz Lane Studio LLC',
      'Silver Fern Streaming Ltd',
      'Cobalt Arcade Ltd',
      'Velvet Pixel Media Ltd',
      'Lantern Stream Ltd',
    ]) {
      await inbox.getByRole('row').filter({ hasText: merchant }).waitFor();
    }
    const pebble = inbox.getByRole('row').filter({ hasText: 'Pebble Cove Media Ltd' });
    await expect(pebble.getByText('Overdue').count()).resolves.toBe(1);
    for (const status of ['Triage', 'In review', 'Awaiting approval', 'Routed']) {
      expect(await inbox.getByText(status, { exact: true }).count()).toBeGreaterThan(0);
    }
    await expectAccessible(page, 'the coordinator’s inbox in the demo');
    await saveScreenshot(page, 'demo-coordinator-inbox');
  });

  it('should show the second lead a proposal the first lead made, to approve', async () => {
    const { page } = suite.tab;
    await signInAs(page, 'lead2@coalition.example');
    await page.goto('/approvals');
    await page.getByRole('heading', { name: 'Awaiting approval' }).waitFor();
    await page
      .getByRole('table', { name: /^Cases/ })
      .getByRole('row')
      .filter({ hasText: 'Cobalt Arcade Ltd' })
      .waitFor();
    await expectAccessible(page, 'the lead’s approvals in the demo');
  });

  it('should land the liaison on their agency’s dispatches, one awaiting acknowledgement', async () => {
    const { page } = suite.tab;
    await signInAs(page, 'liaison@metrocyber.example');
    await page.waitForURL('**/dispatches');
    const table = page.getByRole('table', { name: /Dispatches to your agency/ });
    await table.getByRole('row').filter({ hasText: 'Lantern Stream Ltd' }).waitFor();
    await table.getByRole('row').filter({ hasText: 'Velvet Pixel Media Ltd' }).waitFor();
    await expect(table.getByText('Awaiting your acknowledgement').count()).resolves.toBe(1);
    await expectAccessible(page, 'the liaison’s dispatches in the demo');
    await saveScreenshot(page, 'demo-liaison-dispatches');
  });

  it('should land the auditor on the story’s events', async () => {
    const { page } = suite.tab;
    await signInAs(page, 'auditor@coalition.example');
    await page.waitForURL('**/audit');
    const table = page.getByRole('table', { name: 'Audit events, newest first' });
    await table.getByRole('cell', { name: 'demo.story' }).first().waitFor();
    expect(await table.getByRole('button', { name: /^Details/ }).count()).toBeGreaterThan(10);
    await expectAccessible(page, 'the auditor’s events in the demo');
  });
});
