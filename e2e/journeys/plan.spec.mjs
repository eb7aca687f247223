// Journeys: a workshop compares level, chase and cost-optimal plans, and a planner plans
// the consensus forecast.
import { test, expect } from '@playwright/test';
import { Workspace, watch } from '../pages/workspace.mjs';

test('the three strategies side by side, with the published optimum to the cent', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  const plan = page.getByTestId('plan');
  // The example (Northwind Pumps) is planned as soon as the page opens, in the planner worker.
  await expect(plan.getByTestId('status-optimal')).toHaveText('optimal (proven least cost)');
  await expect(plan.getByTestId('total-optimal')).toHaveText('4,146,580.50');
  // Level and chase cost more than the optimum.
  for (const s of ['level', 'chase']) {
    const total = Number((await plan.getByTestId(`total-${s}`).innerText()).replace(/,/g, ''));
    expect(total).toBeGreaterThan(4146580.5);
  }
  // Fractional workers and units: the continuous optimum. Its exact value is
  // 4,146,181.443 (engine/tests/aggregate.rs shows the vertex); the example's README
  // rounds a solver's figure to 4,146,181.45.
  await plan.getByTestId('plan-integer').uncheck();
  await expect(plan.getByTestId('total-optimal')).toHaveText('4,146,181.44');
  // Every edit can be undone (button or Ctrl+Z) and redone.
  await expect(page.getByTestId('undo')).toHaveText('Undo plan input');
  await page.getByTestId('undo').click();
  await expect(plan.getByTestId('total-optimal')).toHaveText('4,146,580.50');
  await expect(plan.getByTestId('plan-integer')).toBeChecked();
  await page.getByTestId('redo').click();
  await expect(plan.getByTestId('total-optimal')).toHaveText('4,146,181.44');
  await page.getByTestId('undo').focus();
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(plan.getByTestId('total-optimal')).toHaveText('4,146,580.50');
  await page.keyboard.press('ControlOrMeta+Shift+Z');
  await expect(plan.getByTestId('total-optimal')).toHaveText('4,146,181.44');

  // The optimal plan period by period: twelve rows and a chart with a bar per source.
  await expect(plan.getByTestId('plan-table').locator('tbody tr')).toHaveCount(12);
  await expect(plan.getByTestId('plan-chart').locator('rect.bar.regular')).toHaveCount(12);
  await expect(plan.getByTestId('plan-demand-line')).toHaveAttribute('d', /^M/);
  // Showing the level plan: one workforce all year.
  await plan.getByTestId('show-level').click();
  await expect(plan.getByTestId('plan-detail')).toContainText('Level plan, period by period');
  const workers = await plan.getByTestId('plan-table').locator('tbody tr td:nth-child(3)').allInnerTexts();
  expect(new Set(workers).size).toBe(1);

  // An impossible ending inventory is a result with a reason, not a crash.
  await plan.getByTestId('plan-field-min_ending_inventory').fill('100000');
  await plan.getByTestId('plan-field-min_ending_inventory').press('Tab');
  await expect(plan.getByTestId('status-optimal')).toHaveText('cannot be met');
  await expect(plan.getByTestId('reason-optimal')).toContainText('ending inventory 100,000 needs 62,220 more units than the maximum workforce (80 workers), overtime and subcontracting can make by 2027-12');
  // A typo is named and changes nothing.
  await plan.getByTestId('plan-field-labor_hours_per_unit').fill('2,5x');
  await plan.getByTestId('plan-field-labor_hours_per_unit').press('Tab');
  await expect(plan.getByTestId('plan-edit-error')).toHaveText('Labour hours per unit: "2,5x" is not a number');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('the consensus forecast becomes the plan\'s demand', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  const plan = page.getByTestId('plan');
  await expect(plan.getByTestId('plan-use-forecast')).toBeDisabled();
  const rows = ['Month\tUnits'];
  for (let m = 1; m <= 12; m++) rows.push(`2024-${String(m).padStart(2, '0')}\t1000`);
  await ws.paste(rows.join('\n'));
  await expect(ws.forecast('2025-01')).toHaveText('1,000');
  await plan.getByTestId('plan-use-forecast').click();
  // Twelve months of 1,000 units from 2025-01 on.
  await expect(plan.getByTestId('plan-periods').locator('tbody tr')).toHaveCount(12);
  await expect(plan.getByTestId('plan-periods').locator('tbody tr').first()).toContainText('2025-01');
  await expect(plan.getByTestId('plan-demand-0')).toHaveValue('1000');
  await expect(plan.getByTestId('status-optimal')).toHaveText(/optimal|feasible/);
  await expect(plan.getByTestId('plan-row-2025-01')).toBeVisible();
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('rough-cut capacity: the bottleneck, a heatmap, and scarce hours shared by margin or priority', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  const cap = page.getByTestId('capacity');
  // The example plan is solved first (the page re-renders when the planner answers).
  await expect(page.getByTestId('total-optimal')).toHaveText('4,146,580.50');
  // A planner pastes a capacity model from Excel: two resources over three months.
  await cap.getByTestId('capacity-resources').fill('Resource\tJan\tFeb\tMar\tOvertime\nPress\t100\t100\t100\t10\nPaint\t200\t200\t200\t0\n');
  await cap.getByTestId('capacity-resources').press('Tab');
  await cap.getByTestId('capacity-bill').fill('Family\tPress\tPaint\nPumps\t2\t1\nValves\t1\t1\n');
  await cap.getByTestId('capacity-bill').press('Tab');
  await cap.getByTestId('capacity-demand').fill('Family\tJan\tFeb\tMar\nPumps\t20\t40\t80\nValves\t20\t20\t20\n');
  await cap.getByTestId('capacity-demand').press('Tab');
  await cap.getByTestId('capacity-terms').fill('Family\tMargin per unit\nValves\t10\nPumps\t30\n');
  await cap.getByTestId('capacity-terms').press('Tab');
  // Press load: Jan 2·20 + 20 = 60 of 100 h; Feb 100 (100%); Mar 180 (180%). Over the
  // quarter the Press has 300 + 30 overtime hours for 340 hours of load: 10 short.
  await expect(cap.getByTestId('load-Press-Jan')).toHaveText('60%');
  await expect(cap.getByTestId('load-Press-Feb')).toHaveText('100%');
  await expect(cap.getByTestId('load-Press-Mar')).toHaveText('180%');
  await expect(cap.getByTestId('load-Press-Mar')).toHaveClass(/beyond-overtime/);
  await expect(cap.getByTestId('bottleneck')).toContainText('Bottleneck: Press — 80 hours above regular time in 1 of 3 periods');
  // By margin per Press hour Pumps earn 15, Valves 10: 10 Valves (10 hours) are cut.
  await expect(cap.getByTestId('supply-status')).toContainText('cannot be made in time');
  await expect(cap.getByTestId('supply-Valves-short-Mar')).toHaveText('10');
  await cap.getByTestId('capacity-rule').selectOption('priority');
  // By priority (row order: Valves first) 5 Pumps (10 hours) are cut instead.
  await expect(cap.getByTestId('supply-Valves-short-Mar')).toHaveText('0');
  await expect(cap.getByTestId('supply-Pumps-short-Mar')).toHaveText('5');
  // A bad cell is named.
  await cap.getByTestId('capacity-bill').fill('Family\tPress\nPumps\tabc\n');
  await cap.getByTestId('capacity-bill').press('Tab');
  await expect(cap.getByTestId('capacity-error')).toContainText('Bill of resources: row 2, column "Press"');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
