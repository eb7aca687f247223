// Journey: the guided flow. The step bar under the toolbar reads every step's status in
// words (data, forecast, capacity, plan, inventory & promises, dashboard) and takes the
// planner to any step.
import { test, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Workspace, watch } from '../pages/workspace.mjs';

/** The step bar, by data-testid: each step's status, mark and link. */
class Steps {
  constructor(page) {
    this.nav = page.getByRole('navigation', { name: 'Steps' });
  }
  status(step) {
    return this.nav.getByTestId(`flow-status-${step}`);
  }
  mark(step) {
    return this.nav.getByTestId(`flow-mark-${step}`);
  }
  link(step) {
    return this.nav.getByTestId(`flow-${step}`).getByRole('link');
  }
}

test('the step bar follows the planner from data to the dashboard', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  const steps = new Steps(page);
  await expect(steps.nav.getByRole('link')).toHaveCount(6);
  await expect(steps.nav.getByRole('link')).toHaveText([
    /^1 · Data/, /^2 · Forecast/, /^3 · Capacity/, /^4 · Plan/, /^5 · Inventory & promises/, /^6 · Dashboard/,
  ]);

  // Nothing loaded yet: the first steps wait, in words and with an icon.
  await expect(steps.status('data')).toHaveText('not loaded');
  await expect(steps.mark('data')).toHaveText('○ waiting');
  await expect(steps.status('forecast')).toHaveText('waiting for data');
  await expect(steps.mark('forecast')).toHaveText('○ waiting');

  // The family sample: twelve items read, then every one forecast in the worker.
  await page.getByTestId('sample-family_monthly.csv').click();
  await expect(steps.status('data')).toHaveText('12 items, monthly');
  await expect(steps.mark('data')).toHaveText('✓ done');
  await expect(steps.status('forecast')).toHaveText('12 of 12 forecast');
  await expect(steps.mark('forecast')).toHaveText('✓ done');

  // The example plan, solved in the planner worker, with its cost.
  await expect(steps.status('plan')).toHaveText('optimal: 4,146,580.50');
  await expect(steps.mark('plan')).toHaveText('✓ done');
  await expect(page.getByTestId('total-optimal')).toHaveText('4,146,580.50');
  // Capacity, inventory and dashboard read in words, with a mark in words too.
  await expect(steps.status('capacity')).toHaveText(/^bottleneck Press, \d+ % in \w+$/);
  await expect(steps.mark('capacity')).toHaveText('! needs attention');
  await expect(steps.status('inventory')).toHaveText('2 stockouts, 1 order late');
  await expect(steps.status('dashboard')).toHaveText(/^\d+ red(, \d+ amber)?$|^\d+ amber$|^all green$/);

  // The bar takes the planner to the dashboard and marks it as the current step.
  await steps.link('dashboard').click();
  await expect(page.locator('#step-dashboard')).toBeInViewport();
  await expect(steps.link('dashboard')).toHaveAttribute('aria-current', 'step');
  await expect(steps.nav).toBeInViewport();
  await expect(page.locator('#step-dashboard h2')).toBeInViewport();
  // The keyboard reaches the steps: Tab from the previous link lands on the next.
  await steps.link('inventory').focus();
  await page.keyboard.press('Tab');
  await expect(steps.link('dashboard')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#step-dashboard')).toBeInViewport();

  // The README's picture of the step bar is this moment of this journey.
  const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
  mkdirSync(docs, { recursive: true });
  await page.screenshot({ path: `${docs}flow.png` });

  // Back to the data: the bar follows the scroll.
  await steps.link('data').click();
  await expect(page.locator('#step-data')).toBeInViewport();
  await expect(steps.link('data')).toHaveAttribute('aria-current', 'step');
  await expect(page.locator('[aria-current="step"]')).toHaveCount(1);

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a tablet keeps the step bar on one row under the toolbar', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await page.setViewportSize({ width: 768, height: 1024 });
  const ws = new Workspace(page);
  await ws.open();
  const steps = new Steps(page);
  await expect(steps.status('plan')).toHaveText('optimal: 4,146,580.50');
  const boxes = await Promise.all(['data', 'dashboard'].map((s) => steps.nav.getByTestId(`flow-${s}`).boundingBox()));
  expect(boxes[1].y).toBe(boxes[0].y);
  // Scrolled far down, the bar is still at the top of the window.
  await steps.link('plan').click();
  await expect(page.locator('#step-plan')).toBeInViewport();
  await expect(steps.nav).toBeInViewport();
  // The section's heading shows just below the bar, not under it.
  const bar = await page.locator('.topbar').boundingBox();
  const heading = await page.locator('#step-plan h2').boundingBox();
  expect(heading.y).toBeGreaterThanOrEqual(bar.y + bar.height);
  await steps.link('plan').focus();
  await page.keyboard.press('Tab');
  await expect(steps.link('inventory')).toBeFocused();
  await expect(steps.link('inventory')).toBeInViewport();
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
