// Browser against native on the Tourism dev set: each frequency's training series as one
// long CSV (months, quarters or years, every series ending on the same period), opened
// in the app, every item forecast by the worker with the app's settings (automatic
// method, backtests); the same file through the engine natively (example forecast_batch)
// with the same settings. Prints both times and their ratio. A figures script, not a test.
//   node e2e/bench/tourism.mjs [DATA_DIR]   (needs a release build in dist/)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = fileURLToPath(new URL('../../', import.meta.url));
const data = process.argv[2] ?? join(root, '..', 'shared', 'data', 'tourism');
const dir = mkdtempSync(join(tmpdir(), 'attune-tourism-'));

const rows = readFileSync(join(data, 'train.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const meta = new Map(readFileSync(join(data, 'meta.csv'), 'utf8').trim().split('\n').slice(1)
  .map((l) => l.split(',')).map((c) => [c[0], c]));
const header = readFileSync(join(data, 'meta.csv'), 'utf8').split('\n')[0].split(',');
const col = (name) => header.indexOf(name);
const bySeries = new Map();
for (const [id, period, value] of rows) {
  if (!bySeries.has(id)) bySeries.set(id, []);
  bySeries.get(id)[Number(period) - 1] = value;
}
// The period label of step t (0-based) of a series of n values ending at the common end.
// Every series ends in 2009 (in the past, so no period counts as a future one).
const label = { 12: (k) => `${1900 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`,
  4: (k) => `${1900 + Math.floor(k / 4)}-Q${(k % 4) + 1}`, 1: (k) => `${1900 + k}` };
const files = [];
for (const m of [12, 4, 1]) {
  const lines = ['series,period,value'];
  let count = 0;
  for (const [id, values] of bySeries) {
    if (Number(meta.get(id)[col('season_length')]) !== m) continue;
    count++;
    const end = 110 * m; // the common period after the last one
    values.forEach((v, t) => lines.push(`${id},${label[m](end - values.length + t)},${v}`));
  }
  const file = join(dir, `tourism_m${m}.csv`);
  writeFileSync(file, lines.join('\n') + '\n');
  files.push({ m, count, file });
}

const port = 4192;
const server = spawn('node', [join(root, 'e2e/static-server.mjs'), join(root, 'dist'), String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
let totalBrowser = 0;
let totalNative = 0;
try {
  for (const { m, count, file } of files) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByTestId('paste-box').waitFor();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
    const t1 = Date.now();
    await page.getByTestId('forecast-progress').waitFor({ state: 'detached', timeout: 600_000 });
    const browserS = (Date.now() - t1) / 1000;
    await page.close();
    const native = execFileSync('cargo', ['run', '-q', '--release', '-p', 'attune-engine', '--example', 'forecast_batch', file],
      { cwd: root, encoding: 'utf8' });
    const nativeS = Number(/forecast all ([\d.]+) s/.exec(native)[1]);
    totalBrowser += browserS;
    totalNative += nativeS;
    console.log(`m=${String(m).padStart(2)} ${String(count).padStart(4)} series: browser ${browserS.toFixed(2)} s, native ${nativeS.toFixed(2)} s, ratio ${(browserS / nativeS).toFixed(2)}`);
  }
  console.log(`all: browser ${totalBrowser.toFixed(2)} s, native ${totalNative.toFixed(2)} s, ratio ${(totalBrowser / totalNative).toFixed(2)}`);
} finally {
  await browser.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
