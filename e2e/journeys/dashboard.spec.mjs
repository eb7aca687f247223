// Journey: a consultant loads a client's sales history, plans it, reads the S&OP
// dashboard, prints the one-page quick assessment, and checks customer orders.
//
// The numbers are the engine's, pinned natively by `the_sample_journey` in
// src/dashboard_state.rs and checked by hand there: the forecast backtest over the 12
// series of the family sample (WAPE 14.6 %, bias +4.4 %); the whole-number cost-optimal
// plan of its consensus (rounded to units) owes 61 units at the end of 2026-02 and 139 at
// the end of 2026-03 (fill rate 99.7 %, revenue at risk 200 × 150 = 30,000 of 9.6 M =
// 0.3 %).
import { test, expect } from '@playwright/test';
import { Workspace, watch } from '../pages/workspace.mjs';

test('load a sample, plan it, read the dashboard, print the report, promise orders', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();

  // Load the family sample and wait until every item is forecast.
  await page.getByTestId('sample-family_monthly.csv').click();
  await expect(ws.importSummary).toContainText('12 items');
  await expect(page.getByTestId('forecast-progress')).toHaveCount(0);
  await expect(ws.forecastStatus).toContainText('Forecast:');

  // Plan the consensus forecast in whole units (the page's default: demand rounded).
  const plan = page.getByTestId('plan');
  await plan.getByTestId('plan-use-forecast').click();
  await expect(plan.getByTestId('plan-periods').locator('tbody tr').first()).toContainText('2026-01');
  await expect(plan.getByTestId('status-optimal')).toHaveText('optimal (proven least cost)');

  // The dashboard reads the shown (cost-optimal) plan.
  const board = page.getByTestId('dashboard');
  await board.scrollIntoViewIfNeeded();
  await expect(board.getByTestId('kpi-value-ForecastWape')).toHaveText('14.6 %');
  await expect(board.getByTestId('kpi-light-ForecastWape')).toHaveText('green: on target');
  await expect(board.getByTestId('kpi-value-ForecastBias')).toHaveText('4.4 %');
  await expect(board.getByTestId('kpi-value-FillRate')).toHaveText('99.7 %');
  await expect(board.getByTestId('kpi-value-RevenueAtRisk')).toHaveText('0.3 %');
  await expect(board.getByTestId('kpi-RevenueAtRisk')).toContainText('(30,000)');
  // The example orders name 2027 months, which this plan does not have: no on-time figure.
  await expect(board.getByTestId('kpi-value-OnTimeDelivery')).toHaveText('–');
  // A definition and formula one click away.
  const fill = board.getByTestId('kpi-FillRate');
  await fill.getByText('Definition and formula').click();
  await expect(fill).toContainText('fill rate = Σ demand met in its period ÷ Σ demand × 100');
  // The health summary in words; the stockout shows on the calendar.
  await expect(board.getByTestId('health')).toContainText('2.5 % of revenue at risk in 2026-03');
  await expect(board.getByTestId('cal-Total-2026-02')).toHaveText('out');
  await expect(board.getByTestId('cal-Total-2026-03')).toHaveText('out');
  await expect(board.getByTestId('gap-chart').locator('rect.bar')).toHaveCount(12);
  await expect(board.getByTestId('assumptions')).toContainText('cost-optimal aggregate plan of section 4');
  await expect(board.getByTestId('assumptions')).toContainText('from the forecast backtest');

  // The print view: the report only — health in words, KPIs, charts, assumptions — and
  // no inputs or toolbar.
  await page.emulateMedia({ media: 'print' });
  await expect(board.getByTestId('health')).toBeVisible();
  await expect(board.getByText('S&OP quick assessment')).toBeVisible();
  await expect(board.getByTestId('gap-chart')).toBeVisible();
  await expect(board.getByTestId('assumptions')).toBeVisible();
  await expect(page.getByTestId('paste-box')).toBeHidden();
  await expect(page.getByTestId('undo')).toBeHidden();
  await expect(page.getByTestId('orders')).toBeHidden();
  await expect(board.getByTestId('print-report')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // Customer orders for the plan's months: 600 on hand + 5,395 made in January hold
  // the first order of 5,000 but not the second of 2,000, which waits a month.
  const orders = page.getByTestId('orders');
  await orders.fill('Order\tCustomer\tItem\tQty\tRequested\nSO-1\tAcme\tTotal\t5000\t2026-01\nSO-2\tBrix\tTotal\t2000\t2026-01\n');
  await orders.press('Tab');
  await expect(page.getByTestId('order-status-SO-1')).toHaveText('on time');
  await expect(page.getByTestId('order-status-SO-2')).toHaveText('late by 1 period');
  // Capable to promise: January's 994.79 left plus 981.80 spare units fall just short of
  // another 2,000; by February there is room.
  await expect(page.getByTestId('order-ctp-SO-2')).toHaveText('2026-02, 1 period late');
  await expect(board.getByTestId('kpi-value-OnTimeDelivery')).toHaveText('50 %');
  // Can we promise 9,000 in February? Not then; March from stock and planned supply.
  await page.getByTestId('ask-quantity').fill('9000');
  await page.getByTestId('ask-quantity').press('Tab');
  await page.getByTestId('ask-period').fill('2026-02');
  await page.getByTestId('ask-period').press('Tab');
  await expect(page.getByTestId('ask-answer')).toContainText(/^Not in 2026-02: only 4,734 available to promise there/);
  await expect(page.getByTestId('ask-answer')).toContainText('The earliest is 2026-03.');

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
