// Journeys: a planner brings data the ways they have it — a long TSV pasted from a
// spreadsheet, a European CSV file, an Excel workbook, a sample — and reads the summary.
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { Workspace, watch } from '../pages/workspace.mjs';

const repo = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

test('paste a long SKU table from a spreadsheet and switch items', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  const rows = ['SKU\tFamily\tWeek\tQty'];
  for (const [sku, fam, base] of [['P-100', 'Pumps', 10], ['V-200', 'Valves', 40]]) {
    for (let w = 0; w < 10; w++) {
      const d = new Date(Date.UTC(2024, 0, 1 + 7 * w)).toISOString().slice(0, 10);
      rows.push(`${sku}\t${fam}\t${d}\t${base + w}`);
    }
  }
  await ws.paste(rows.join('\n'));
  await expect(ws.importSummary).toHaveText(
    '2 items, 10 weekly periods from 2024-W01 to 2024-W10; 20 of 20 rows used.');
  await page.getByTestId('method').selectOption('naive');
  await expect(ws.forecast('2024-W11')).toHaveText('19');
  await page.getByTestId('item-picker').selectOption({ label: 'V-200 (Valves)' });
  await expect(ws.forecast('2024-W11')).toHaveText('49');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('open a European CSV with semicolons and decimal commas', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  await page.getByTestId('file-input').setInputFiles(repo('testdata/european_semicolon.csv'));
  await expect(ws.importSummary).toHaveText(
    '3 items, 6 monthly periods from 2024-01 to 2024-06; 17 of 18 rows used, 1 skipped.');
  await expect(page.getByTestId('decimal-mark')).toHaveValue(',');
  await expect(ws.history('2024-01')).toHaveText('1,234.5');
  await expect(ws.problems).toContainText('row 9, column "Menge": "k.A." is not a number');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('one click loads a workshop sample', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  await page.getByTestId('sample-wide_european.csv').click();
  await expect(ws.importSummary).toHaveText(
    '15 items, 24 monthly periods from 2023-01 to 2024-12; 15 of 16 rows used, 1 skipped.');
  await expect(page.getByTestId('layout')).toHaveValue('wide');
  await expect(ws.problems).toContainText('"n/a" is not a number');
  await expect(page.getByTestId('warnings')).toContainText('1 row looks like a total and left out');
  await page.getByTestId('preview').screenshot({ path: repo('docs/import-preview.png') });
  await page.getByTestId('sample-family_monthly.csv').click();
  await expect(ws.importSummary).toHaveText(
    '12 items, 60 monthly periods from 2021-01 to 2025-12; 702 of 702 rows used.');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('open an Excel workbook and pick its sheet', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  await page.getByTestId('file-input').setInputFiles(repo('testdata/workbooks/monthly.xlsx'));
  await expect(ws.importSummary).toHaveText(
    '1 item, 24 monthly periods from 2023-01 to 2024-12; 24 of 24 rows used.');
  await expect(page.getByTestId('sheet-picker')).toHaveValue('0');
  await expect(page.getByTestId('sheet-picker').locator('option')).toHaveText(['Sales', 'Notes']);
  // Excel dates came through as months; the series is named after the file.
  await expect(ws.history('2023-01')).toBeVisible();
  await page.getByTestId('sheet-picker').selectOption({ label: 'Notes' });
  await expect(page.getByTestId('import-error')).toContainText('only one column was found');
  // A damaged workbook is refused in words, and the previous data stays.
  await page.getByTestId('sheet-picker').selectOption({ label: 'Sales' });
  await expect(ws.importSummary).toContainText('24 monthly periods');
  await page.getByTestId('file-input').setInputFiles(repo('testdata/workbooks/truncated.xlsx'));
  await expect(page.getByTestId('load-error')).toContainText('truncated.xlsx: this file looks like an Excel workbook (.xlsx) but it is damaged');
  await expect(ws.importSummary).toContainText('24 monthly periods');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a long read shows its progress and can be cancelled, leaving the data as it was', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  await page.getByTestId('sample-family_monthly.csv').click();
  const family = '12 items, 60 monthly periods from 2021-01 to 2025-12; 702 of 702 rows used.';
  await expect(ws.importSummary).toHaveText(family);

  // An ERP export of 5,000 items × 60 months (300,000 rows) takes the reader a while.
  const lines = ['sku,month,qty'];
  for (let i = 0; i < 5000; i++) {
    for (let m = 0; m < 60; m++) {
      lines.push(`SKU-${i},${2021 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')},${(i * 7 + m * 13) % 97}`);
    }
  }
  await page.getByTestId('file-input').setInputFiles({
    name: 'erp_export.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')),
  });
  // While it reads: what, how big, a bar and a Cancel button.
  await expect(page.getByTestId('loading')).toHaveText(/^Reading erp_export\.csv \([\d.]+ MB\)…$/);
  await expect(page.getByTestId('loading-progress').locator('progress')).toBeVisible();
  await page.getByTestId('cancel-loading').click();
  await expect(page.getByTestId('loading-progress')).toHaveCount(0);
  await expect(ws.importSummary).toHaveText(family);

  // The reader went back to the sample too: a changed option re-reads the sample's
  // table, not the cancelled file.
  await page.getByTestId('bucket').selectOption('Quarter');
  await expect(ws.importSummary).toHaveText(/^12 items, 20 quarterly periods from 2021-Q1 to 2025-Q4; 702 of 702 rows used/);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
