// Journeys: every item forecast with progress, the overview, and sales overrides that
// become the consensus.
import { test, expect } from '@playwright/test';
import { Workspace, watch } from '../pages/workspace.mjs';

test('sales override two months and read the consensus', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  const rows = ['Month\tUnits'];
  for (let i = 0; i < 24; i++) {
    rows.push(`${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}\t${[100, 120, 140, 160][i % 4] + i}`);
  }
  await ws.paste(rows.join('\n'));
  await page.getByTestId('method').selectOption('seasonal_naive');
  await expect(ws.forecast('2025-01')).toHaveText('112');
  await expect(page.getByTestId('consensus-2025-01')).toHaveText('112');
  await page.getByTestId('override-2025-01').fill('150');
  await page.getByTestId('override-2025-01').press('Tab');
  await page.getByTestId('override-2025-02').fill('+10%');
  await page.getByTestId('override-2025-02').press('Tab');
  await expect(page.getByTestId('consensus-2025-01')).toHaveText('150');
  // Statistical 133 (Feb 2024) plus 10 %.
  await expect(ws.forecast('2025-02')).toHaveText('133');
  await expect(page.getByTestId('consensus-2025-02')).toHaveText('146.3');
  await expect(page.getByTestId('consensus-line')).toHaveAttribute('d', /^M/);
  // A shorter horizon and another season length forecast again.
  await page.getByTestId('horizon').fill('3');
  await page.getByTestId('horizon').press('Tab');
  await expect(ws.forecast('2025-03')).toBeVisible();
  await expect(ws.forecast('2025-04')).toHaveCount(0);
  await page.getByTestId('horizon').fill('');
  await page.getByTestId('horizon').press('Tab');
  await expect(ws.forecast('2025-12')).toBeVisible();
  // Clearing the field removes the override.
  await page.getByTestId('override-2025-01').fill('');
  await page.getByTestId('override-2025-01').press('Tab');
  await expect(page.getByTestId('consensus-2025-01')).toHaveText('112');
  // Two months later the actuals come in. February sold 140: sales' override (146.3)
  // missed by 6.3, the statistical forecast (133) by 7 — the override added value.
  rows.push('2025-01\t112', '2025-02\t140');
  await ws.paste(rows.join('\n'));
  await expect(page.getByTestId('value-added')).toHaveText(
    "Forecast value added: on 1 overridden period with actuals, sales' overrides were off by 6.3 units on average against 7 for the statistical forecast — the overrides made the forecast 10% more accurate.");
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a sample with many items is forecast item by item into the overview', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  await page.getByTestId('sample-spares_weekly.tsv').click();
  await expect(ws.importSummary).toContainText('30 items, 104 weekly periods');
  const overview = page.getByTestId('overview');
  await expect(overview.locator('tbody tr')).toHaveCount(30);
  // Every row gets its method once the worker is through.
  await expect(overview.locator('tbody tr', { hasText: '…' })).toHaveCount(0);
  // Spare parts are classed, and intermittent ones get a Croston-type method without a range.
  await page.getByTestId('sort-class').click();
  await expect(overview.locator('tbody tr', { hasText: 'intermittent' }).first()).toContainText('Croston–SBA');
  await overview.locator('tbody tr', { hasText: 'intermittent' }).first().click();
  await expect(ws.forecastStatus).toContainText('Intermittent demand');
  await expect(page.getByTestId('results')).not.toContainText('% range');
  await page.getByTestId('sort-error').click();
  await overview.locator('tbody tr').nth(3).click();
  await expect(ws.forecastStatus).toContainText('Forecast:');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a pasted CRM pipeline is weighted by probability and blended', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  await page.getByTestId('sample-family_monthly.csv').click();
  await expect(ws.importSummary).toContainText('12 items');
  await page.getByTestId('overview').locator('tbody tr', { hasText: 'PMP-100' }).click();
  await expect(ws.forecastStatus).toContainText('Forecast:');
  const stat = Number((await ws.forecast('2026-03').textContent()).replace(/,/g, ''));
  await page.getByText('Sales pipeline (CRM export)').click();
  await page.getByTestId('pipeline-box').fill(
    'Opportunity\tProduct\tQty\tExpected close\tProbability\nCity water works\tPMP-100\t200\t2026-03-15\t40%\nHotel chain\tPMP-100\t100\t2026-03-20\t10%\n');
  await expect(page.getByTestId('pipeline-summary')).toHaveText('2 open opportunities read.');
  await expect(page.getByTestId('pipeline-2026-03')).toHaveText('90');
  await expect(page.getByTestId('pipeline-line')).toHaveAttribute('d', /^M/);
  await expect(page.getByTestId('consensus-2026-03')).toHaveText(String(stat + 90).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  await page.getByTestId('blend').selectOption('replace');
  await expect(page.getByTestId('consensus-2026-03')).toHaveText('90');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a family total set by sales is split down over its items', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  const rows = ['Family\tSKU\tMonth\tUnits'];
  for (let m = 1; m <= 6; m++) {
    rows.push(`Pumps\tP-1\t2024-0${m}\t30`, `Pumps\tP-2\t2024-0${m}\t10`, `Valves\tV-1\t2024-0${m}\t5`);
  }
  await ws.paste(rows.join('\n'));
  await expect(page.getByTestId('families').locator('tbody tr')).toHaveCount(2);
  await page.getByTestId('family-row-Pumps').click();
  await expect(page.getByTestId('family-statistical-2024-07')).toHaveText('40');
  const chart = page.getByTestId('family-chart');
  await expect(chart.getByTestId('forecast-line')).toHaveAttribute('d', /^M/);
  await expect(chart.getByTestId('consensus-line')).toHaveCount(0);
  await page.getByTestId('family-override-2024-07').fill('100');
  await page.getByTestId('family-override-2024-07').press('Tab');
  await expect(page.getByTestId('family-consensus-2024-07')).toHaveText('100');
  // The chart draws the consensus once sales changed the family's total.
  await expect(chart.getByTestId('consensus-line')).toHaveAttribute('d', /^M/);
  // P-1 had 3/4 of the family's forecast: it gets 75.
  await page.getByTestId('overview').locator('tbody tr', { hasText: 'P-1' }).click();
  await expect(page.getByTestId('consensus-2024-07')).toHaveText('75');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
