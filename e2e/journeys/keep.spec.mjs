// Journeys: a planner's workspace is kept in the browser, saved and opened as a file,
// shared as a link, and exported as CSV with formula-like names made harmless.
import { readFile } from 'node:fs/promises';
import { test, expect } from '@playwright/test';
import { Workspace, watch } from '../pages/workspace.mjs';

/** Loads the family sample and overrides CTL-100's January 2026 with 777. */
async function sampleWithOverride(page) {
  const ws = new Workspace(page);
  await ws.open();
  await page.getByTestId('sample-family_monthly.csv').click();
  await expect(ws.forecast('2026-01')).toBeVisible();
  await page.getByTestId('override-2026-01').fill('777');
  await page.getByTestId('override-2026-01').press('Tab');
  await expect(page.getByTestId('consensus-2026-01')).toHaveText('777');
  return ws;
}

/** What a planner reads off the page: the override and two statistical numbers. */
async function numbers(page) {
  const ws = new Workspace(page);
  await expect(page.getByTestId('consensus-2026-01')).toHaveText('777');
  await expect(ws.forecast('2026-06')).toHaveText(/\d/);
  await expect(page.getByTestId('plan').getByTestId('total-optimal')).toHaveText(/\d/);
  return {
    summary: await page.getByTestId('import-summary').innerText(),
    consensus: await page.getByTestId('consensus-2026-01').innerText(),
    june: await ws.forecast('2026-06').innerText(),
    december: await ws.forecast('2026-12').innerText(),
    plan: await page.getByTestId('plan').getByTestId('total-optimal').innerText(),
    fillRate: await page.getByTestId('kpi-value-FillRate').innerText(),
    revenueAtRisk: await page.getByTestId('kpi-RevenueAtRisk').innerText(),
  };
}

/** Presses Share link and returns the link the field shows (also the page's address). */
async function shareLink(page) {
  await page.getByTestId('share').click();
  const field = page.getByTestId('share-link');
  await expect(field).toHaveValue(/#a1\.[A-Za-z0-9_-]+$/);
  return field.inputValue();
}

/** Waits until every change so far is kept in the browser (an event, not a timer). */
async function kept(page) {
  const status = page.getByTestId('kept');
  await expect(status).toHaveAttribute('data-pending', 'false');
  await expect(status).not.toHaveAttribute('data-revision', '0');
  await expect(status).toHaveText('Kept in this browser');
}

test('a reload brings the whole workspace back, and Start fresh clears it', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await sampleWithOverride(page);
  await page.getByTestId('horizon').fill('18');
  await page.getByTestId('horizon').press('Tab');
  await expect(page.getByTestId('forecast-2027-06')).toBeVisible();
  await kept(page);
  const before = await numbers(page);

  await page.reload();
  await expect(page.getByTestId('keep-restored')).toContainText('Restored your workspace from ');
  expect(await numbers(page)).toEqual(before);
  await expect(page.getByTestId('horizon')).toHaveValue('18');

  // Start fresh asks first, then clears the page and what the browser kept.
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('start-fresh').click();
  await expect(page.getByTestId('keep-told')).toHaveText(/Started a new workspace/);
  await expect(page.getByTestId('import-summary')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('paste-box')).toBeVisible();
  await expect(page.getByTestId('keep-restored')).toHaveCount(0);
  await expect(page.getByTestId('import-summary')).toHaveCount(0);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('what was kept survives the workers crashing: a reload brings it back', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await sampleWithOverride(page);
  await kept(page);
  const before = await numbers(page);
  // Every worker (forecast, reader, planner) dies at once, as after an out-of-memory kill.
  const workers = page.workers();
  expect(workers.length).toBeGreaterThanOrEqual(2);
  await Promise.all(workers.map((w) => w.evaluate(() => self.close())));
  await expect.poll(() => page.workers().length).toBe(0);
  // The page itself still answers: the numbers are on screen.
  await expect(page.getByTestId('consensus-2026-01')).toHaveText('777');
  await page.reload();
  await expect(page.getByTestId('keep-restored')).toContainText('Restored your workspace from ');
  expect(await numbers(page)).toEqual(before);
  expect(seen.foreignRequests).toEqual([]);
});

test('a saved file opens in another browser with the same numbers', async ({ page, browser, baseURL }, testInfo) => {
  const seen = watch(page, baseURL);
  await sampleWithOverride(page);
  // Section 5's inputs are part of the workspace too.
  await page.getByTestId('inv-price').fill('120');
  await page.getByTestId('inv-price').press('Tab');
  await expect(page.getByTestId('kept')).toHaveAttribute('data-pending', 'false');
  const before = await numbers(page);
  const downloading = page.waitForEvent('download');
  await page.getByTestId('save').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('family_monthly.attune.json');
  const path = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(path);
  const doc = JSON.parse(await readFile(path, 'utf8'));
  expect(doc.format).toBe('attune/1');
  expect(Object.keys(doc)).toEqual(['format', 'data', 'forecast', 'capacity', 'aggregate_plan', 'inventory', 'orders']);
  expect(doc.inventory.price).toBe(120);
  expect(doc.orders).toContain('SO-101');
  expect(doc.forecast.item_overrides).toEqual([{ item: 'CTL-100', period: '2026-01', change: { set: 777 } }]);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  const seenFresh = watch(fresh, baseURL);
  await new Workspace(fresh).open();
  await fresh.getByTestId('open-file').setInputFiles(path);
  await expect(fresh.getByTestId('keep-told')).toHaveText('Opened family_monthly.attune.json.');
  expect(await numbers(fresh)).toEqual(before);
  await expect(fresh.getByTestId('inv-price')).toHaveValue('120');
  await other.close();
  for (const s of [seen, seenFresh]) {
    expect(s.errors).toEqual([]);
    expect(s.foreignRequests).toEqual([]);
  }
});

test('a share link opens the workspace in a fresh browser', async ({ page, browser, baseURL }) => {
  const seen = watch(page, baseURL);
  await sampleWithOverride(page);
  const before = await numbers(page);
  const link = await shareLink(page);
  expect(page.url()).toBe(link);
  expect(link.startsWith(baseURL)).toBe(true);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  const seenFresh = watch(fresh, baseURL);
  await fresh.goto(link);
  await expect(fresh.getByTestId('keep-told')).toHaveText('Opened the workspace from the link.');
  expect(await numbers(fresh)).toEqual(before);
  // The link is not left in the address: later edits are kept in the browser instead.
  await expect.poll(() => fresh.url()).not.toContain('#');
  await other.close();
  for (const s of [seen, seenFresh]) {
    expect(s.errors).toEqual([]);
    expect(s.foreignRequests).toEqual([]);
  }
});

test('exported CSVs neutralise a name that a spreadsheet would run', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  const name = '=HYPERLINK("http://evil.example","x")';
  const rows = ['sku\tmonth\tqty'];
  for (let m = 1; m <= 12; m++) {
    const month = `2024-${String(m).padStart(2, '0')}`;
    rows.push(`${name}\t${month}\t${10 + m}`, `B-2\t${month}\t${20 + m}`);
  }
  await ws.paste(rows.join('\n'));
  await expect(ws.forecast('2025-01')).toBeVisible();
  await expect(page.getByTestId('export-forecasts')).toBeEnabled();

  const csvOf = async (testid) => {
    const downloading = page.waitForEvent('download');
    await page.getByTestId(testid).click();
    const download = await downloading;
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  };
  const forecasts = await csvOf('export-forecasts');
  expect(forecasts.name).toBe('forecasts.csv');
  const lines = forecasts.text.split('\n');
  expect(lines[0]).toBe('series_id,step,period,forecast,method,lo_80,hi_80,lo_95,hi_95');
  expect(lines).toContainEqual(expect.stringMatching(/^"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)",1,2025-01,/));
  expect(lines.some((l) => l.startsWith('=') || l.startsWith('"='))).toBe(false);
  const consensus = await csvOf('export-consensus');
  expect(consensus.text).toMatch(/\n"'=HYPERLINK\(/);
  const plan = await csvOf('export-plan');
  expect(plan.name).toBe('plan.csv');
  expect(plan.text.split('\n').length).toBeGreaterThan(12);
  // The dashboard's KPIs, one row each, with the light and the formula.
  const kpis = await csvOf('export-kpis');
  expect(kpis.name).toBe('kpis.csv');
  const kpiLines = kpis.text.trim().split('\n');
  expect(kpiLines[0]).toBe('kpi,name,value,unit,amount,light,detail,rule,definition,formula');
  expect(kpiLines).toHaveLength(13);
  expect(kpiLines).toContainEqual(expect.stringMatching(/^FillRate,Projected fill rate,[\d.]+,percent,/));
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a broken or newer document is named at its JSON path and changes nothing', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await sampleWithOverride(page);
  const before = await numbers(page);
  const open = (name, text) =>
    page.getByTestId('open-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

  await open('broken.attune.json', JSON.stringify({ format: 'attune/1', forecast: { horizon: 3, blend: 'sum' } }));
  await expect(page.getByTestId('keep-problem')).toHaveText(
    'broken.attune.json cannot be opened: forecast.blend: "sum" is not one of "replace", "add", "max"');
  expect(await numbers(page)).toEqual(before);

  await open('next.attune.json', JSON.stringify({ format: 'attune/2' }));
  await expect(page.getByTestId('keep-problem')).toHaveText(
    'next.attune.json cannot be opened: this file was saved by a newer Attune (format attune/2); this version reads attune/1');
  expect(await numbers(page)).toEqual(before);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a full or missing browser storage is a notice, not a crash', async ({ browser, baseURL }) => {
  const cases = [
    [() => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; },
      "This browser's storage is full, so the workspace is not kept here: use Save to keep your work"],
    [() => { Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } }); },
      'This browser does not keep workspaces (storage is turned off, as in private windows): use Save to keep your work'],
  ];
  for (const [breakStorage, message] of cases) {
    const context = await browser.newContext();
    await context.addInitScript(breakStorage);
    const page = await context.newPage();
    const seen = watch(page, baseURL);
    await sampleWithOverride(page);
    await expect(page.getByTestId('kept')).toHaveText(message);
    await expect(page.getByTestId('kept')).toHaveAttribute('data-pending', 'false');
    // Everything else works: a share link is still made.
    await page.getByTestId('share').click();
    await expect(page.getByTestId('share-link')).toHaveValue(/#a1\./);
    expect(seen.errors).toEqual([]);
    expect(seen.foreignRequests).toEqual([]);
    await context.close();
  }
});

test('dropping a saved workspace on the data area opens it', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await sampleWithOverride(page);
  const before = await numbers(page);
  const downloading = page.waitForEvent('download');
  await page.getByTestId('save').click();
  const text = await readFile(await (await downloading).path(), 'utf8');
  // Change the page, then drop the saved file on the data area: it comes back.
  await page.getByTestId('override-2026-01').fill('5');
  await page.getByTestId('override-2026-01').press('Tab');
  await expect(page.getByTestId('consensus-2026-01')).toHaveText('5');
  const drop = await page.evaluateHandle((t) => {
    const data = new DataTransfer();
    data.items.add(new File([t], 'plan.attune.json', { type: 'application/json' }));
    return data;
  }, text);
  await page.locator('.data').dispatchEvent('drop', { dataTransfer: drop });
  await expect(page.getByTestId('keep-told')).toHaveText('Opened plan.attune.json.');
  expect(await numbers(page)).toEqual(before);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a share link pasted into the address of an open page opens after asking', async ({ page, browser, baseURL }) => {
  const seen = watch(page, baseURL);
  await sampleWithOverride(page);
  const before = await numbers(page);
  const link = await shareLink(page);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  const seenFresh = watch(fresh, baseURL);
  await new Workspace(fresh).open();
  await fresh.getByTestId('sample-spares_weekly.tsv').click();
  await expect(fresh.getByTestId('import-summary')).toBeVisible();
  fresh.once('dialog', (d) => d.accept());
  await fresh.goto(link); // only the fragment changes: no reload
  await expect(fresh.getByTestId('keep-told')).toHaveText('Opened the workspace from the link.');
  expect(await numbers(fresh)).toEqual(before);
  await expect.poll(() => fresh.url()).not.toContain('#');
  await other.close();
  for (const s of [seen, seenFresh]) {
    expect(s.errors).toEqual([]);
    expect(s.foreignRequests).toEqual([]);
  }
});

// Journeys: the scenarios of section 7 are part of the workspace. A planner builds a
// scenario with two levers (demand +10 % and a 16-hour extra shift for every worker) and
// a second one with a shift on the press, reads the KPI changes, then finds the same
// scenarios and the same changes after a save and open, in a fresh browser from a share
// link, and after a reload. Numbers pinned natively by
// `an_extra_shift_for_every_worker_in_the_example` (src/scenario_state.rs).

/** Builds the two scenarios on the example and waits for the first one's KPIs. */
async function twoScenarios(page) {
  const ws = new Workspace(page);
  await ws.open();
  await expect(page.getByTestId('plan').getByTestId('total-optimal')).toHaveText('4,146,580.50');
  const section = page.locator('#step-scenarios');
  await section.scrollIntoViewIfNeeded();
  const type = async (testid, text) => {
    await section.getByTestId(testid).fill(text);
    await section.getByTestId(testid).press('Tab');
  };
  await section.getByTestId('scn-add').click();
  await type('scn-0-name', 'Busy summer');
  await type('scn-0-demand', '10');
  await type('scn-0-extra-shift', '16');
  await section.getByTestId('scn-add').click();
  await type('scn-1-name', 'Press on Saturdays');
  await type('scn-1-extra-shift', '32');
  await section.getByTestId('scn-1-shift-resource').selectOption('Press');
  await section.getByTestId('scn-chart-pick').selectOption('Busy summer');
  await expect(section.getByTestId('scn-0-value-PlanCost')).toHaveText('4,553,805.50');
  await expect(section.getByTestId('scn-0-delta-PlanCost')).toHaveText(' (+407,225.00, worse)');
  await expect(section.getByTestId('scn-0-value-FillRate')).toHaveText('99.9 %');
  await expect(section.getByTestId('scn-0-delta-FillRate')).toHaveText(' (+0.5 pts, better)');
}

/** What a planner reads off section 7: names, levers, the KPI changes, the chart. */
async function scenarioNumbers(page) {
  const section = page.locator('#step-scenarios');
  await expect(section.getByTestId('scn-0-delta-PlanCost')).toHaveText(/\(/);
  await expect(section.getByTestId('scn-1-delta-PlanCost')).toHaveText(/\(/);
  const text = (testid) => section.getByTestId(testid).innerText();
  const value = (testid) => section.getByTestId(testid).inputValue();
  const out = {};
  for (const i of [0, 1]) {
    out[i] = {
      name: await section.getByTestId(`scn-${i}`).locator('legend').innerText(),
      demand: await value(`scn-${i}-demand`),
      shift: await value(`scn-${i}-extra-shift`),
      resource: await value(`scn-${i}-shift-resource`),
    };
    for (const kpi of ['PlanCost', 'FillRate', 'InventoryValue', 'UtilizationPeak']) {
      out[i][kpi] = (await text(`scn-${i}-value-${kpi}`)) + (await text(`scn-${i}-delta-${kpi}`));
    }
  }
  out.charted = await section.getByTestId('scn-chart-pick').inputValue();
  out.chart = await section.getByTestId('scn-delta-chart').locator('text').allTextContents();
  return out;
}

test('scenarios come back from a saved file with the same KPI changes', async ({ page, browser, baseURL }, testInfo) => {
  const seen = watch(page, baseURL);
  await twoScenarios(page);
  const before = await scenarioNumbers(page);
  expect(before[0]).toMatchObject({ name: 'Busy summer', demand: '10', shift: '16', resource: '' });
  expect(before[1]).toMatchObject({ name: 'Press on Saturdays', shift: '32', resource: 'Press' });
  expect(before.chart).toContain('Cost of the plan +9.8 %');

  const downloading = page.waitForEvent('download');
  await page.getByTestId('save').click();
  const download = await downloading;
  const path = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(path);
  const doc = JSON.parse(await readFile(path, 'utf8'));
  expect(doc.scenarios).toEqual([
    { name: 'Busy summer', chart: true, levers: { demand_pct: 10, extra_shift_hours: 16 } },
    { name: 'Press on Saturdays', levers: { extra_shift_hours: 32, extra_shift_resource: 'Press' } },
  ]);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  const seenFresh = watch(fresh, baseURL);
  await new Workspace(fresh).open();
  await fresh.getByTestId('open-file').setInputFiles(path);
  await expect(fresh.getByTestId('keep-told')).toHaveText('Opened workspace.attune.json.');
  expect(await scenarioNumbers(fresh)).toEqual(before);
  await other.close();
  for (const s of [seen, seenFresh]) {
    expect(s.errors).toEqual([]);
    expect(s.foreignRequests).toEqual([]);
  }
});

test('a share link carries the scenarios to a fresh browser', async ({ page, browser, baseURL }) => {
  const seen = watch(page, baseURL);
  await twoScenarios(page);
  const before = await scenarioNumbers(page);
  const link = await shareLink(page);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  const seenFresh = watch(fresh, baseURL);
  await fresh.goto(link);
  await expect(fresh.getByTestId('keep-told')).toHaveText('Opened the workspace from the link.');
  expect(await scenarioNumbers(fresh)).toEqual(before);
  await other.close();
  for (const s of [seen, seenFresh]) {
    expect(s.errors).toEqual([]);
    expect(s.foreignRequests).toEqual([]);
  }
});

test('a reload brings the scenarios back, and their edits can still be undone', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await twoScenarios(page);
  await kept(page);
  const before = await scenarioNumbers(page);
  await page.reload();
  await expect(page.getByTestId('keep-restored')).toContainText('Restored your workspace from ');
  expect(await scenarioNumbers(page)).toEqual(before);

  const section = page.locator('#step-scenarios');
  await section.getByTestId('scn-0-demand').fill('20');
  await section.getByTestId('scn-0-demand').press('Tab');
  await expect(section.getByTestId('scn-0-delta-PlanCost')).not.toHaveText(' (+407,225.00, worse)');
  await expect(page.getByTestId('undo')).toHaveText('Undo scenario lever');
  await page.getByTestId('undo').click();
  await expect(section.getByTestId('scn-0-demand')).toHaveValue('10');
  await expect(section.getByTestId('scn-0-delta-PlanCost')).toHaveText(' (+407,225.00, worse)');

  // A lever the engine refuses is named on the scenario, and keeping stops at it rather
  // than keeping a workspace that would not open again.
  await section.getByTestId('scn-1-service').fill('100');
  await section.getByTestId('scn-1-service').press('Tab');
  await expect(section.getByTestId('scn-1-status')).toHaveText(
    'Service level: 100 % is not between 0 and 100 %; give e.g. 95');
  await expect(page.getByTestId('kept')).toContainText(
    'scenarios[1].levers.service_level_pct: Service level: 100 % is not between 0 and 100 %');
  await section.getByTestId('scn-1-service').fill('');
  await section.getByTestId('scn-1-service').press('Tab');
  await expect(page.getByTestId('kept')).toHaveText('Kept in this browser');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
