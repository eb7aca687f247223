// Browser figures for forecasting: ITEMS monthly SKUs × 5 years opened as a long CSV,
// then every item forecast (with its backtest) by the forecast worker, batch by batch.
// Prints the import time, the forecasting time, and the longest main-thread task (the
// page must stay responsive). A figures script, not a test.
//   node e2e/bench/forecast.mjs [ITEMS]      (default 10,000; needs a release build in dist/)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const items = Number(process.argv[2] ?? 10_000);
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'attune-bench-'));
const file = join(dir, 'skus.csv');
const lines = ['sku,family,month,qty'];
for (let i = 0; i < items; i++) {
  const base = 20 + (i % 97) * 3;
  for (let t = 0; t < 60; t++) {
    const season = 1 + 0.3 * Math.sin((2 * Math.PI * (t % 12)) / 12 + (i % 7));
    const q = Math.max(0, Math.round(base * season * (1 + 0.004 * t) + ((i * 31 + t * 17) % 11) - 5));
    lines.push(`SKU-${String(i).padStart(5, '0')},F${i % 25},${2021 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')},${q}`);
  }
}
writeFileSync(file, lines.join('\n') + '\n');

const port = 4191;
const server = spawn('node', [join(root, 'e2e/static-server.mjs'), join(root, 'dist'), String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByTestId('paste-box').waitFor();
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); })
      .observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
  const t1 = Date.now();
  await page.getByTestId('forecast-progress').waitFor({ state: 'detached', timeout: 600_000 });
  const t2 = Date.now();
  const longest = await page.evaluate(() => window.__longest);
  console.log(`browser: ${items} items × 60 months (${lines.length - 1} rows): import ${((t1 - t0) / 1000).toFixed(2)} s, forecast all ${((t2 - t1) / 1000).toFixed(2)} s; longest main-thread task ${longest.toFixed(0)} ms`);
  console.log(`status: ${await page.getByTestId('forecast-status').textContent()}`);
} finally {
  await browser.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
