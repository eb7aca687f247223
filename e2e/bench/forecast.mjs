// Browser figures for forecasting: ITEMS monthly SKUs × 5 years opened as a long CSV,
// then every item forecast (with its backtest) by the forecast worker, batch by batch,
// then the consensus of all items planned (section 4, the three strategies in the planner
// worker) and read by sections 5 and 6 (projection, promises, KPIs on the page).
// Prints the import time, the forecasting time, the plan-to-dashboard time, and the
// longest main-thread task of each phase (the page must stay responsive), the first render of an empty page (navigation to the paste
// box on screen, and first contentful paint), and the peak memory of the whole browser
// (the proportional set size of every Chromium process, sampled four times a second).
// A figures script, not a test.
//   node e2e/bench/forecast.mjs [ITEMS]      (default 10,000; needs a release build in dist/)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// The browser's processes: the one whose command line names our profile, and its
// descendants; their PSS summed (shared pages counted once, split among sharers).
function browserPss(profile) {
  const procs = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      procs.push({ pid: Number(pid), ppid, cmd });
    } catch { /* gone meanwhile */ }
  }
  const roots = procs.filter((p) => p.cmd.includes(profile) && !p.cmd.includes('--type='));
  const tree = new Set(roots.map((p) => p.pid));
  for (let grown = true; grown;) {
    grown = false;
    for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) { tree.add(p.pid); grown = true; }
  }
  let kb = 0;
  let tab = 0;
  for (const pid of tree) {
    try {
      const m = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m);
      if (!m) continue;
      kb += Number(m[1]);
      // The page and its web workers live in one renderer process: the tab.
      const cmd = procs.find((p) => p.pid === pid)?.cmd ?? '';
      if (cmd.includes('--type=renderer')) tab = Math.max(tab, Number(m[1]));
    } catch { /* gone meanwhile */ }
  }
  return { all: kb * 1024, tab: tab * 1024 };
}

const port = 4191;
const server = spawn('node', [join(root, 'e2e/static-server.mjs'), join(root, 'dist'), String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const profile = mkdtempSync(join(tmpdir(), 'attune-bench-profile-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const peak = { all: 0, tab: 0 };
const sample = () => {
  const now = browserPss(profile);
  peak.all = Math.max(peak.all, now.all);
  peak.tab = Math.max(peak.tab, now.tab);
  return now;
};
const sampler = setInterval(sample, 250);
try {
  const page = browser.pages()[0] ?? await browser.newPage();
  // First render, twice: a cold load (nothing cached) and a warm one.
  for (const label of ['cold', 'warm']) {
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByTestId('paste-box').waitFor();
    const [ready, fcp] = await page.evaluate(() => [
      performance.now(),
      performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    ]);
    console.log(`first render (${label}): paste box on screen ${ready.toFixed(0)} ms after navigation (first contentful paint ${fcp.toFixed(0)} ms)`);
  }
  const idle = browserPss(profile);
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
  const longest = await page.evaluate(() => { const l = window.__longest; window.__longest = 0; return l; });
  console.log(`browser: ${items} items × 60 months (${lines.length - 1} rows): import ${((t1 - t0) / 1000).toFixed(2)} s, forecast all ${((t2 - t1) / 1000).toFixed(2)} s; longest main-thread task ${longest.toFixed(0)} ms`);
  console.log(`status: ${await page.getByTestId('forecast-status').textContent()}`);
  // Plan the consensus of every item, then read the dashboard it feeds.
  const plan = page.getByTestId('plan');
  const t3 = Date.now();
  await plan.getByTestId('plan-use-forecast').click();
  // Northwind's 80 workers cannot make the demand of thousands of SKUs: hire as needed.
  const most = plan.getByTestId('plan-field-workforce.max');
  await most.fill('');
  await most.press('Tab');
  await plan.getByTestId('status-optimal').filter({ hasText: /optimal|feasible/ }).waitFor({ timeout: 120_000 });
  const fill = page.getByTestId('kpi-value-FillRate');
  await fill.filter({ hasText: /%/ }).waitFor({ timeout: 120_000 });
  const t4 = Date.now();
  const longestPlan = await page.evaluate(() => window.__longest);
  console.log(`plan + dashboard: ${((t4 - t3) / 1000).toFixed(2)} s (${await plan.getByTestId('status-optimal').textContent()}; fill rate ${await fill.textContent()}); longest main-thread task ${longestPlan.toFixed(0)} ms`);
  const end = sample();
  const mb = (b) => (b / 1024 / 1024).toFixed(0);
  console.log(`memory of the tab (its renderer process, page and workers; PSS): empty page ${mb(idle.tab)} MB, peak ${mb(peak.tab)} MB, at the end ${mb(end.tab)} MB`);
  console.log(`memory of the whole browser (every process): empty page ${mb(idle.all)} MB, peak ${mb(peak.all)} MB, at the end ${mb(end.all)} MB`);
} finally {
  clearInterval(sampler);
  await browser.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
