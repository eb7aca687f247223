// Journey: a planner pastes a two-column range from Excel and reads the forecast.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { Workspace, watch } from '../pages/workspace.mjs';

// Two years of monthly sales with a clear season, as Excel puts it on the clipboard
// (tab-separated, CRLF, header row, a trailing empty cell).
const months = [120, 135, 160, 180, 210, 240, 230, 200, 170, 150, 130, 125,
  128, 140, 171, 188, 222, 251, 236, 212, 175, 158, 133, 131];
const clipboard = ['Month\tUnits\t'].concat(months.map((q, i) => {
  const y = 2023 + Math.floor(i / 12);
  const m = String((i % 12) + 1).padStart(2, '0');
  return `${y}-${m}\t${q.toLocaleString('en-US')}`;
})).join('\r\n') + '\r\n';

test('paste a sales history and read the seasonal forecast', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  await ws.paste(clipboard);

  await expect(ws.importSummary).toHaveText(
    '1 item, 24 monthly periods from 2023-01 to 2024-12; 24 of 24 rows used.');
  await expect(ws.history('2024-06')).toHaveText('251');

  // The worker answers with the automatic choice for smooth demand, explained in words.
  await expect(ws.forecastStatus).toContainText('Smooth demand: per period the middle of three forecasts');
  // Choosing last year's pattern repeats last year's months: numbers checkable by hand.
  await page.getByTestId('method').selectOption('seasonal_naive');
  await expect(ws.forecastStatus).toContainText('each period repeats the same period one season (12 periods) earlier');
  await expect(ws.forecast('2025-01')).toHaveText('128');
  await expect(ws.forecast('2025-06')).toHaveText('251');
  await expect(ws.forecast('2025-12')).toHaveText('131');
  await expect(ws.interval('2025-01')).toHaveText(/^\d[\d,.]* – \d[\d,.]*$/);
  await expect(page.getByTestId('forecast-line')).toHaveAttribute('d', /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){12}$/);

  // The README's screenshot is this moment of this journey.
  const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
  mkdirSync(docs, { recursive: true });
  await page.screenshot({ path: `${docs}screenshot.png`, fullPage: true });

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a bad cell is named and its row skipped', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  await ws.paste('Month\tUnits\n2024-01\t10\n2024-02\t1.234,5\n2024-03\t12.5\n2024-04\t11\n');

  await expect(ws.problems).toContainText(
    'row 3, column "Units": "1.234,5" is not a number with "." as the decimal mark — switch to ","?');
  await expect(ws.importSummary).toContainText('3 of 4 rows used, 1 skipped');
  // The cell is highlighted in the preview, with the reason on hover.
  await expect(page.getByTestId('cell-3-1')).toHaveClass('bad');
  await expect(ws.forecast('2024-05')).toBeVisible();
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('text that is not a table says what is needed', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  await ws.paste('hello\nworld\n');
  await expect(page.getByTestId('import-error')).toHaveText(
    'only one column was found: Attune needs a period column and a quantity column side by side');
  await expect(ws.table).toHaveCount(0);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('the page runs under a strict content security policy', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.reportViolation(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  const ws = new Workspace(page);
  await ws.open();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'none'");
  expect(policy).toContain("connect-src 'self'");
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain("'unsafe-eval'");
  // The page, its workers and a forecast all work under it.
  await ws.paste('Month\tUnits\n2024-01\t10\n2024-02\t12\n2024-03\t11\n2024-04\t13\n');
  await expect(ws.forecastStatus).toContainText('Forecast:');
  // A script the page did not ship is refused.
  const injected = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true;';
    document.head.appendChild(s);
    return window.__injected === true;
  });
  expect(injected).toBe(false);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(violations.every((v) => v.startsWith('script-src'))).toBe(true);
  expect(seen.foreignRequests).toEqual([]);
});

test('a consulting site embeds Attune in an iframe with a sample and a theme', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await page.goto('./embed/');
  await expect(page.getByRole('heading', { name: 'Embedding Attune' })).toBeVisible();
  const app = page.frameLocator('#attune');
  // The sample named in the address is loaded and forecast; no masthead inside the frame.
  await expect(app.getByTestId('import-summary')).toContainText('items');
  await expect(app.getByTestId('forecast-status')).toContainText('Forecast:');
  await expect(app.locator('.masthead')).toHaveCount(0);
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('once opened, the app starts and forecasts without a network', async ({ page, context, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  // The service worker has cached the build and controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(ws.pasteBox).toBeVisible();
  // The workers and a sample come from the cache too.
  await page.getByTestId('sample-family_monthly.csv').click();
  await expect(ws.forecastStatus).toContainText('Forecast:');
  await context.setOffline(false);
  expect(seen.foreignRequests).toEqual([]);
});
