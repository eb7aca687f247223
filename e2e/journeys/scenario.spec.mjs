// Journey: a planner asks "what if demand is 10 % up and we can employ at most 50
// workers?" — builds a scenario from the example with two levers and reads the KPI
// deltas against the base.
//
// The numbers are the engine's, pinned natively by `the_example_journey` in
// src/scenario_state.rs: 50 workers at most binds, so the cost-optimal plan of 10 % more
// demand costs 4,635,645 against 4,146,580.50 (+489,064.50, worse) and meets every
// period's demand in its period (fill rate 99.4 % → 100 %, +0.6 points, better).
import { test, expect } from '@playwright/test';
import { Workspace, watch } from '../pages/workspace.mjs';

test('build a scenario with two levers and read the KPI deltas', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  // The base is planned as soon as the page opens.
  await expect(page.getByTestId('plan').getByTestId('total-optimal')).toHaveText('4,146,580.50');

  const section = page.locator('#step-scenarios');
  await section.scrollIntoViewIfNeeded();
  await expect(section.getByRole('heading', { level: 2 })).toHaveText('7 · Scenarios: what if…');
  await section.getByTestId('scn-add').click();
  await expect(section.getByTestId('scn-0').locator('legend')).toHaveText('Scenario A');
  // No lever yet: the scenario is the base.
  await expect(section.getByTestId('scn-0-delta-PlanCost')).toHaveText(' (±0.00, same)');

  await section.getByTestId('scn-0-demand').fill('10');
  await section.getByTestId('scn-0-demand').press('Tab');
  await section.getByTestId('scn-0-workforce-max').fill('50');
  await section.getByTestId('scn-0-workforce-max').press('Tab');
  await expect(page.getByTestId('undo')).toHaveText('Undo scenario lever');
  // The slider follows the typed demand change.
  await expect(section.getByTestId('scn-0-demand-slider')).toHaveValue('10');

  // Side by side: base, scenario, signed change in the KPI's unit, judged in words.
  await expect(section.getByTestId('scn-base-PlanCost')).toHaveText('4,146,580.50');
  await expect(section.getByTestId('scn-0-value-PlanCost')).toHaveText('4,635,645.00');
  await expect(section.getByTestId('scn-0-delta-PlanCost')).toHaveText(' (+489,064.50, worse)');
  await expect(section.getByTestId('scn-base-FillRate')).toHaveText('99.4 %');
  await expect(section.getByTestId('scn-0-value-FillRate')).toHaveText('100 %');
  await expect(section.getByTestId('scn-0-delta-FillRate')).toHaveText(' (+0.6 pts, better)');

  // The delta chart draws a bar for every KPI with a base value (9 of the 12: the
  // example has no forecast backtest), better and worse told apart by class and title.
  const chart = section.getByTestId('scn-delta-chart');
  await expect(chart.getByTestId('scn-delta-bar')).toHaveCount(9);
  await expect(chart.locator('rect.delta-bar.worse').first()).toBeVisible();
  await expect(chart).toContainText('Cost of the plan +11.8 %');

  // A second scenario, renamed, then removed.
  await section.getByTestId('scn-add').click();
  await expect(section.getByTestId('scn-1').locator('legend')).toHaveText('Scenario B');
  await section.getByTestId('scn-1-name').fill('Tight labour');
  await section.getByTestId('scn-1-name').press('Tab');
  await expect(section.getByTestId('scn-table').locator('thead th').nth(3)).toHaveText('Tight labour');
  await section.getByTestId('scn-1-remove').click();
  await expect(section.getByTestId('scn-1')).toHaveCount(0);

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

// Journey: "what if the press runs a Saturday shift?" — 32 hours a month more on the
// press, read where it shows: the families' supply plan (section 5's supply). Numbers
// pinned natively by `a_press_shift_in_the_families_supply_plan` (src/scenario_state.rs).
test('an extra shift on the press lowers the peak load of the families\' supply plan', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  await expect(page.getByTestId('plan').getByTestId('total-optimal')).toHaveText('4,146,580.50');
  await page.getByTestId('inv-source').selectOption('families');

  const section = page.locator('#step-scenarios');
  await section.scrollIntoViewIfNeeded();
  await section.getByTestId('scn-add').click();
  await section.getByTestId('scn-0-extra-shift').fill('32');
  await section.getByTestId('scn-0-extra-shift').press('Tab');
  // Every resource by default: the plan's workers work it too.
  await expect(section.getByTestId('scn-0-shift-resource')).toHaveValue('');
  await section.getByTestId('scn-0-shift-resource').selectOption('Press');
  await expect(page.getByTestId('undo')).toHaveText('Undo scenario lever');

  // February's and March's 180 press hours fit in 192 regular ones: nothing is made
  // ahead, the busiest line is the paint shop at 80 of 80 hours, no stock is held.
  await expect(section.getByTestId('scn-0-value-UtilizationPeak')).toHaveText('100 %');
  await expect(section.getByTestId('scn-0-delta-UtilizationPeak')).toHaveText(' (−6.3 pts, better)');
  await expect(section.getByTestId('scn-0-value-InventoryValue')).toHaveText('0.00');
  await expect(section.getByTestId('scn-0-delta-FillRate')).toHaveText(' (±0 pts, same)');

  // Back to the aggregate plan's supply: the page says why the shift shows no change.
  await page.getByTestId('inv-source').selectOption('aggregate');
  await expect(section.getByTestId('scn-0-shift-unseen')).toContainText(
    'an extra shift on Press does not change');
  await expect(section.getByTestId('scn-0-delta-UtilizationPeak')).toHaveText(' (±0 pts, same)');
  // Undo takes the resource back: every resource again.
  await page.getByTestId('undo').click();
  await page.getByTestId('undo').click();
  await expect(section.getByTestId('scn-0-shift-resource')).toHaveValue('');

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
