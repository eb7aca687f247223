// Browser figures for the importer: open a generated long CSV of ROWS rows through the
// file input, as a person would, and print how long until the summary shows, the longest
// main-thread task meanwhile (the page must stay responsive), and the page's JS heap.
// A figures script, not a test.  Usage (after a release build into dist/):
//   node e2e/bench/import.mjs [ROWS]        (default 1,000,000)
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const rows = Number(process.argv[2] ?? 1_000_000);
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'attune-bench-'));
const file = join(dir, 'long.csv');

// The same shape as engine/examples/import_figures.rs: 2,000 SKUs, daily, customer, price.
let state = 0x2545f491n;
const next = () => { state = (state * 1103515245n + 12345n) % 2147483648n; return Number(state); };
const parts = ['sku,family,customer,date,qty,price\n'];
for (let i = 0; i < rows; i++) {
  const sku = i % 2000;
  const day = Math.floor(i / 2000) % 500;
  const y = 2023 + Math.floor(day / 365);
  const doy = day % 365;
  const m = String(Math.floor(doy / 31) + 1).padStart(2, '0');
  const d = String((doy % 28) + 1).padStart(2, '0');
  parts.push(`SKU-${String(sku).padStart(5, '0')},Family ${String(sku % 20).padStart(2, '0')},CUST-${String(next() % 5000).padStart(4, '0')},${y}-${m}-${d},${next() % 200}.${String(next() % 100).padStart(2, '0')},${10 + (sku % 90)}.99\n`);
}
writeFileSync(file, parts.join(''));
const mb = statSync(file).size / 1e6;

const port = 4190;
const server = spawn('node', [join(root, 'e2e/static-server.mjs'), join(root, 'dist'), String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--enable-precise-memory-info'],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByTestId('paste-box').waitFor();
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const start = Date.now();
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
  const seconds = (Date.now() - start) / 1000;
  const summary = await page.getByTestId('import-summary').textContent();
  const longest = await page.evaluate(() => window.__longest);
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  console.log(`browser import: ${rows} rows, ${mb.toFixed(1)} MB in ${seconds.toFixed(2)} s; longest main-thread task ${longest.toFixed(0)} ms; page JS heap ${(heap / 1e6).toFixed(0)} MB`);
  console.log(`summary: ${summary}`);
} finally {
  await browser.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
