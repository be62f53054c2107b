import type { Locator, Page } from 'playwright-core';
import { eventually } from '../../support/eventually';

/** Driving the officer's stepped referral form. */

/** The text of an input's accessible description (its hint and the messages under it). */
export function descriptionOf(field: Locator): Promise<string> {
  return field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

/** Wait until the field's description does (or no longer does) say `text`. */
export async function waitForDescription(
  field: Locator,
  text: string,
  present = true,
): Promise<void> {
  await eventually(`${present ? '' : 'no '}"${text}" under the field`, async () =>
    (await descriptionOf(field)).includes(text) === present ? true : undefined,
  );
}

/** Type into a country picker and choose the country named `name` from its list. */
export async function chooseCountry(
  page: Page,
  label: string,
  typed: string,
  name: string,
): Promise<void> {
  const box = page.getByRole('combobox', { name: label });
  await box.fill(typed);
  await page
    .getByRole('listbox', { name: `Countries matching ${label}` })
    .getByRole('option', { name: new RegExp(`^${name} [A-Z]{2}$`) })
    .click();
  await eventually(`${name} chosen in ${label}`, async () =>
    (await box.inputValue()) === name ? true : undefined,
  );
}

/** The step's heading, which has the focus once the step is shown. */
export async function waitForStep(page: Page, title: string): Promise<void> {
  const heading = page.getByRole('heading', { level: 2, name: title, exact: true });
  await heading.waitFor();
  await eventually(`the focus on the "${title}" heading`, () =>
    heading.evaluate((el) => (el === document.activeElement ? true : undefined)),
  );
  const current = page
    .getByRole('navigation', { name: 'Steps of the referral' })
    .locator('li[aria-current="step"]');
  await eventually(`"${title}" marked as the current step`, async () =>
    (await current.textContent())?.includes(title) ? true : undefined,
  );
}

/** Next: checks the step, saves the draft and shows the next one. */
export async function nextStep(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: `Next: ${title}` }).click();
  await waitForStep(page, title);
}
