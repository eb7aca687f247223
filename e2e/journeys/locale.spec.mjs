// Journeys: a consultant in Germany (or France) reads the plan in their own number
// format and types numbers the way they write them; an embedding site forces the locale
// with ?locale=. Period labels stay keys, as in the exports.
import { test, expect } from '@playwright/test';
import { Workspace, watch } from '../pages/workspace.mjs';

const NNBSP = '\u202f';

test('?locale=de-DE writes German figures and reads 2,5 typed in a field', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await page.goto('./?locale=de-DE');
  await expect(page.getByTestId('paste-box')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de-DE');
  const plan = page.getByTestId('plan');
  await expect(plan.getByTestId('status-optimal')).toHaveText('optimal (proven least cost)');
  await expect(plan.getByTestId('total-optimal')).toHaveText('4.146.580,50');
  await plan.getByTestId('plan-integer').uncheck();
  await expect(plan.getByTestId('total-optimal')).toHaveText('4.146.181,44');
  await page.getByTestId('undo').click();
  await expect(plan.getByTestId('total-optimal')).toHaveText('4.146.580,50');

  // Northwind's 2.5 labour hours per unit are shown the German way, and the planner
  // types a decimal comma: it is taken (no complaint), shown back as typed, and the plan
  // follows; a decimal point, as anyone could always type it, still reads.
  const hours = plan.getByTestId('plan-field-labor_hours_per_unit');
  await expect(hours).toHaveValue('2,5');
  await hours.fill('3,5');
  await hours.press('Tab');
  await expect(hours).toHaveValue('3,5');
  await expect(plan.getByTestId('plan-edit-error')).toHaveCount(0);
  await expect(plan.getByTestId('total-optimal')).not.toHaveText('4.146.580,50');
  await expect(plan.getByTestId('total-optimal')).toHaveText(/^\d{1,3}(\.\d{3})*,\d{2}$/);
  await hours.fill('2.5');
  await hours.press('Tab');
  await expect(hours).toHaveValue('2,5');
  await expect(plan.getByTestId('total-optimal')).toHaveText('4.146.580,50');
  // A typo is still named in words.
  await hours.fill('2,5x');
  await hours.press('Tab');
  await expect(plan.getByTestId('plan-edit-error')).toHaveText('Labour hours per unit: "2,5x" is not a number');

  // Period labels are keys, the same as in the exports.
  await expect(plan.getByTestId('plan-table').locator('tbody th').first()).toHaveText(/^\d{4}-\d{2}$/);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test.describe('a French browser', () => {
  test.use({ locale: 'fr-FR' });

  test('without ?locale= the browser language decides', async ({ page, baseURL }) => {
    const seen = watch(page, baseURL);
    const ws = new Workspace(page);
    await ws.open();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr-FR');
    const plan = page.getByTestId('plan');
    await expect(plan.getByTestId('total-optimal')).toHaveText(`4${NNBSP}146${NNBSP}580,50`);
    expect(seen.errors).toEqual([]);
  });

  test('?locale= overrides the browser; a bad one is ignored', async ({ page }) => {
    await page.goto('./?locale=en-US');
    await expect(page.getByTestId('plan').getByTestId('total-optimal')).toHaveText('4,146,580.50');
    await page.goto('./?locale=de-DE-x-<b>');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr-FR');
    await expect(page.getByTestId('plan').getByTestId('total-optimal')).toHaveText(`4${NNBSP}146${NNBSP}580,50`);
  });
});
