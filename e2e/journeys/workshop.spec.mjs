// Journey: a workshop facilitator opens Attune with ?workshop=1 in front of a room. The
// family sample is read, forecast and planned; the walkthrough reads each step with the
// workspace's numbers (the least-cost plan's savings are the plan table's differences);
// a participant changes things; the presenter resets to the start, and Undo can take the
// reset back. Inside a consulting site's iframe it works the same.
import { test, expect } from '@playwright/test';
import { watch } from '../pages/workspace.mjs';

/** The walkthrough panel, by data-testid. */
class Walkthrough {
  constructor(scope) {
    this.panel = scope.getByTestId('workshop');
    this.count = scope.getByTestId('workshop-count');
    this.title = scope.getByTestId('workshop-title');
    this.text = scope.getByTestId('workshop-text');
    this.next = scope.getByTestId('workshop-next');
    this.back = scope.getByTestId('workshop-back');
  }
  figure(id) {
    return this.text.getByTestId(id);
  }
  /** Goes to stop `k` (1-based) with Next, checking the count on the way. */
  async goTo(k) {
    for (;;) {
      const at = Number((await this.count.innerText()).match(/step (\d+) of/)[1]);
      if (at === k) return;
      await this.next.click();
      await expect(this.count).toHaveText(`Workshop · step ${at + 1} of 8`);
    }
  }
}

/** "6,308,220.00" → 630822000 (cents). */
const cents = (text) => Math.round(Number(text.replace(/,/g, '')) * 100);
/** 135100 → "1,351.00". */
const money = (c) => (c / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

test('a facilitator walks the room through the sample, a participant edits, the presenter resets', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await page.goto('./?workshop=1');
  const ws = new Walkthrough(page);
  const plan = page.getByTestId('plan');

  // Stop 1: the history read, highlighted; the panel is a labelled, non-modal dialog.
  await expect(page.getByRole('dialog', { name: 'The sales history' })).toBeVisible();
  await expect(ws.count).toHaveText('Workshop · step 1 of 8');
  await expect(ws.figure('ws-items')).toHaveText('12 items');
  await expect(ws.figure('ws-families')).toHaveText('3 families');
  await expect(ws.figure('ws-periods')).toHaveText('60 months');
  await expect(page.locator('#step-data')).toHaveAttribute('data-workshop-focus', '');
  await expect(ws.back).toBeDisabled();
  // The entry is hidden while the workshop runs.
  await expect(page.getByTestId('workshop-start')).toHaveCount(0);

  // Stop 2: the forecast's methods and its backtest error (the dashboard journey's).
  await ws.next.click();
  await expect(ws.title).toHaveText('The forecast');
  await expect(ws.figure('ws-wape')).toHaveText('14.6 %');
  await expect(ws.figure('ws-bias')).toHaveText('4.4 %');
  await expect(page.locator('#step-forecast')).toHaveAttribute('data-workshop-focus', '');
  await expect(page.locator('#step-data')).not.toHaveAttribute('data-workshop-focus', '');

  // Stop 3: the bottleneck of section 3.
  await ws.next.click();
  await expect(ws.figure('ws-bottleneck')).toHaveText('Press');
  await expect(page.getByTestId('capacity').getByTestId('bottleneck')).toContainText('Press');

  // The plan took the sample's consensus, as the "use the forecast" button does.
  await expect(plan.getByTestId('plan-periods').locator('tbody tr').first()).toContainText('2026-01');
  await expect(plan.getByTestId('status-optimal')).toHaveText('optimal (proven least cost)');
  const total = async (s) => cents(await plan.getByTestId(`total-${s}`).innerText());
  const start = { optimal: await total('optimal'), level: await total('level'), chase: await total('chase') };

  // Stop 4: the three strategies, their totals the plan table's.
  await ws.next.click();
  await expect(ws.title).toHaveText('Three ways to meet demand');
  for (const s of ['optimal', 'level', 'chase']) {
    await expect(ws.figure(`ws-total-${s}`)).toHaveText(money(start[s]));
  }
  await expect(page.locator('#step-plan')).toBeInViewport();

  // Stop 5: why the least-cost plan wins — its savings are the table's differences, and
  // the cost groups it names add up to them.
  await ws.next.click();
  await expect(ws.title).toHaveText('Why the least-cost plan wins');
  await expect(ws.figure('ws-optimal')).toHaveText(money(start.optimal));
  for (const s of ['level', 'chase']) {
    await expect(ws.figure(`ws-rival-total-${s}`)).toHaveText(money(start[s]));
    await expect(ws.figure(`ws-saved-${s}`)).toHaveText(money(start[s] - start.optimal));
    expect(start[s]).toBeGreaterThan(start.optimal);
    const less = await ws.text.locator(`[data-testid^="ws-group-saved-${s}"], [data-testid^="ws-gap-${s}-"]`).allInnerTexts();
    const more = await ws.text.locator(`[data-testid^="ws-extra-${s}"], [data-testid^="ws-more-${s}-"]`).allInnerTexts();
    const net = less.reduce((a, t) => a + cents(t), 0) - more.reduce((a, t) => a + cents(t), 0);
    expect(Math.abs(net - (start[s] - start.optimal))).toBeLessThanOrEqual(2);
  }
  await expect(ws.figure('ws-group-chase')).toHaveText(/hiring and layoffs|overtime and subcontracting|holding and backlog|regular labour|material/);

  // Esc closes the panel and leaves the focus on the button that reopens it.
  await ws.next.focus();
  await page.keyboard.press('Escape');
  await expect(ws.panel).toHaveCount(0);
  const reopen = page.getByTestId('workshop-reopen');
  await expect(reopen).toBeFocused();
  await expect(reopen).toHaveText('Workshop walkthrough · 5/8');
  await page.keyboard.press('Enter');
  await expect(ws.count).toHaveText('Workshop · step 5 of 8');
  await expect(ws.panel).toBeFocused();

  // Stops 6–8: inventory, dashboard (the dashboard journey's figures), a what-if.
  await ws.next.click();
  await expect(ws.figure('ws-inventory')).toHaveText(/stockout/);
  await ws.next.click();
  await expect(ws.figure('ws-fill')).toHaveText('99.7 %');
  await expect(ws.figure('ws-risk')).toHaveText('0.3 %');
  await ws.next.click();
  await expect(ws.title).toHaveText('Try a what-if');
  await expect(ws.figure('ws-base-cost')).toHaveText(money(start.optimal));
  await expect(ws.next).toBeDisabled();

  // A participant adds a scenario and changes the plan to fractional workers.
  await page.getByTestId('workshop-add-scenario').click();
  await expect(page.getByTestId('scn-0')).toBeVisible();
  await expect(ws.figure('ws-scenarios')).toHaveText('1 scenario');
  await plan.getByTestId('plan-integer').uncheck();
  await expect(plan.getByTestId('total-optimal')).not.toHaveText(money(start.optimal));
  await expect(ws.figure('ws-base-cost')).toHaveText(await plan.getByTestId('total-optimal').innerText());

  // The presenter resets; it asks first, and Cancel changes nothing.
  await page.getByTestId('workshop-reset').click();
  await expect(page.getByTestId('workshop-reset-ask')).toContainText('Reset to start?');
  await page.getByTestId('workshop-reset-cancel').click();
  await expect(page.getByTestId('scn-0')).toBeVisible();
  await page.getByTestId('workshop-reset').click();
  await page.getByTestId('workshop-reset-confirm').click();

  // The starting state: stop 1, the top of the page, no scenario, the starting plan.
  await expect(ws.count).toHaveText('Workshop · step 1 of 8');
  await expect(ws.figure('ws-items')).toHaveText('12 items');
  await expect(page.getByTestId('scn-0')).toHaveCount(0);
  await expect(plan.getByTestId('plan-integer')).toBeChecked();
  await expect(plan.getByTestId('total-optimal')).toHaveText(money(start.optimal));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  await ws.goTo(5);
  await expect(ws.figure('ws-saved-level')).toHaveText(money(start.level - start.optimal));

  // The reset is one edit: Undo brings the participant's work back, Redo resets again.
  await expect(page.getByTestId('undo')).toHaveText('Undo workshop reset');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('scn-0')).toBeVisible();
  await expect(plan.getByTestId('plan-integer')).not.toBeChecked();
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('scn-0')).toHaveCount(0);
  await expect(plan.getByTestId('total-optimal')).toHaveText(money(start.optimal));

  // Leaving keeps the workspace and brings the entry back.
  await page.getByTestId('workshop-leave').click();
  await expect(ws.panel).toHaveCount(0);
  await expect(page.getByTestId('workshop-start')).toBeVisible();
  await expect(page.locator('[data-workshop-focus]')).toHaveCount(0);
  await expect(plan.getByTestId('total-optimal')).toHaveText(money(start.optimal));

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('the entry starts a workshop from any workspace, replacing pasted data', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await page.goto('./');
  await page.getByTestId('sample-spares_weekly.tsv').click();
  await expect(page.getByTestId('flow-status-data')).toHaveText('30 items, weekly');
  await page.getByTestId('workshop-start').click();
  const ws = new Walkthrough(page);
  await expect(ws.figure('ws-items')).toHaveText('12 items');
  await expect(page.getByTestId('flow-status-data')).toHaveText('12 items, monthly');
  await expect(page.getByTestId('plan').getByTestId('plan-periods').locator('tbody tr').first()).toContainText('2026-01');
  await ws.goTo(4);
  await expect(ws.figure('ws-total-optimal')).toHaveText(await page.getByTestId('total-optimal').innerText());
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a consulting site runs the workshop inside its iframe', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await page.goto('./embed/');
  await expect(page.getByText('workshop=1').first()).toBeVisible();
  await page.locator('#attune-workshop').scrollIntoViewIfNeeded();
  const frame = page.frameLocator('#attune-workshop');
  const ws = new Walkthrough(frame);
  await expect(ws.count).toHaveText('Workshop · step 1 of 8');
  await expect(ws.figure('ws-items')).toHaveText('12 items');
  await expect(frame.locator('.masthead')).toHaveCount(0);
  await ws.goTo(5);
  const optimal = await frame.getByTestId('total-optimal').innerText();
  await expect(ws.figure('ws-optimal')).toHaveText(optimal);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
