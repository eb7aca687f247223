// Browser figures for section 7: how long from a lever change to the scenario's KPI on
// the page, for a 200-item workspace (issue #7: within 100 ms). Loads a generated CSV
// of 200 items × 36 months, forecasts every item, plans the consensus, adds a scenario,
// then changes its demand lever RUNS times and measures, in the page, from the `change`
// event to the scenario's plan-cost cell showing the new figure (a MutationObserver and
// performance.now(); no sleeps). The path measured: reducer, planner worker (three
// strategies solved), projection, promises and KPIs for the base and the scenario, render.
// A figures script, not a test.  Usage (after a release build into dist/):
//   node e2e/bench/scenario.mjs [RUNS]        (default 10; ATTUNE_BENCH_PORT moves the
//   server, ATTUNE_BENCH_DIST=dir measures another build, e.g. the base branch's)
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const runs = Number(process.argv[2] ?? 10);
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'attune-bench-'));
const file = join(dir, 'items200.csv');

let state = 0x2545f491n;
const next = () => { state = (state * 1103515245n + 12345n) % 2147483648n; return Number(state); };
const lines = ['sku,family,month,qty'];
for (let i = 0; i < 200; i++) {
  const base = 50 + (i % 40) * 10;
  for (let t = 0; t < 36; t++) {
    const y = 2023 + Math.floor(t / 12);
    const m = String((t % 12) + 1).padStart(2, '0');
    const season = 1 + 0.3 * Math.sin((2 * Math.PI * t) / 12);
    const qty = Math.round(base * season * (0.85 + (next() % 300) / 1000));
    lines.push(`SKU-${String(i).padStart(3, '0')},Family ${String(i % 8)},${y}-${m},${qty}`);
  }
}
writeFileSync(file, lines.join('\n') + '\n');

const port = Number(process.env.ATTUNE_BENCH_PORT ?? 4192);
const server = spawn('node', [join(root, 'e2e/static-server.mjs'), join(root, process.env.ATTUNE_BENCH_DIST ?? 'dist'), String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByTestId('paste-box').waitFor();
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
  const summary = await page.getByTestId('import-summary').textContent();
  await page.getByTestId('forecast-status').filter({ hasText: 'Forecast:' }).waitFor({ timeout: 300_000 });
  await page.getByTestId('forecast-progress').waitFor({ state: 'detached', timeout: 300_000 });
  await page.getByTestId('plan-use-forecast').click();
  await page.getByTestId('status-optimal').waitFor({ timeout: 120_000 });
  // The example's workforce (45, at most 80) cannot make 200 items' demand: lift the
  // workforce and subcontracting limits so that the base has a plan.
  for (const field of ['workforce.max', 'max_subcontract_per_period', 'max_ending_backlog']) {
    await page.getByTestId(`plan-field-${field}`).fill('');
    await page.getByTestId(`plan-field-${field}`).press('Tab');
  }
  await page.getByTestId('kpi-value-PlanCost').filter({ hasNotText: '–' }).waitFor({ timeout: 120_000 });
  await page.getByTestId('scn-add').click();
  await page.getByTestId('scn-0-value-PlanCost').waitFor({ timeout: 120_000 }).catch(async (e) => {
    console.log(await page.locator('#step-scenarios').innerText());
    throw e;
  });

  /** Median, max and min of `runs` changes of lever `slug` to `value(k)`, in ms. */
  const measure = async (slug, value) => {
  const times = [];
  for (let k = 0; k < runs; k++) {
    const ms = await page.evaluate(([slug, pct]) => new Promise((resolve) => {
      const cell = () => document.querySelector('[data-testid="scn-0-value-PlanCost"]')?.textContent ?? null;
      const before = cell();
      const field = document.querySelector(`[data-testid="scn-0-${slug}"]`);
      let t0 = 0;
      const observer = new MutationObserver(() => {
        const now = cell();
        if (now !== null && now !== before) {
          observer.disconnect();
          resolve(performance.now() - t0);
        }
      });
      observer.observe(document.getElementById('step-scenarios'), { subtree: true, childList: true, characterData: true });
      field.value = String(pct);
      t0 = performance.now();
      field.dispatchEvent(new Event('change', { bubbles: true }));
    }), [slug, value(k)]);
    times.push(ms);
  }
  return times;
  };
  const report = (what, times) => {
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`${what} → scenario KPI on the page, ${runs} runs: median ${median.toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms`);
    console.log(`each: ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
  };
  console.log(`workspace: ${summary}`);
  report('demand lever change', await measure('demand', (k) => 10 + k));
  // The extra shift on every resource: the resources table rewritten, every worker's
  // hours raised, the plan solved again.
  if (await page.getByTestId('scn-0-extra-shift').count()) {
    report('extra-shift lever change', await measure('extra-shift', (k) => 8 + k));
  }
} finally {
  await browser.close();
  server.kill();
}
