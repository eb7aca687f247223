// Journey: the README's tour. The family sample taken through every step; a picture of
// each step is saved to docs/steps/ (the README shows them), and at a tablet's width
// every step fits the window (no sideways scrolling of the page) and every control a
// person can reach has a name a screen reader reads out.
import { test, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Workspace, watch } from '../pages/workspace.mjs';

const STEPS = [
  ['data', '1-data'],
  ['forecast', '2-forecast'],
  ['capacity', '3-capacity'],
  ['plan', '4-plan'],
  ['inventory', '5-inventory'],
  ['dashboard', '6-dashboard'],
  ['scenarios', '7-scenarios'],
];

/** Loads the family sample and waits until every step has its numbers. */
async function everyStepReady(page) {
  const ws = new Workspace(page);
  await ws.open();
  await page.getByTestId('sample-family_monthly.csv').click();
  const bar = page.getByRole('navigation', { name: 'Steps' });
  await expect(bar.getByTestId('flow-status-forecast')).toHaveText('12 of 12 forecast');
  await expect(bar.getByTestId('flow-status-plan')).toHaveText('optimal: 4,146,580.50');
  await expect(bar.getByTestId('flow-status-inventory')).toHaveText(/stockout|late|on time|no /);
  await expect(bar.getByTestId('flow-status-dashboard')).toHaveText(/red|amber|green/);
}

/**
 * How many visible controls there are, and those (buttons, links, fields, menus) with no accessible name: no text,
 * no label, no aria-label/-labelledby, no title. Each is described by its tag and test id.
 */
function unnamedControls(page) {
  return page.evaluate(() => {
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const named = (el) => {
      if ((el.getAttribute('aria-label') ?? '').trim()) return true;
      const by = el.getAttribute('aria-labelledby');
      if (by && by.split(/\s+/).some((id) => (document.getElementById(id)?.textContent ?? '').trim())) return true;
      if (el.labels && [...el.labels].some((l) => l.textContent.trim())) return true;
      if ((el.getAttribute('title') ?? '').trim()) return true;
      const tag = el.tagName.toLowerCase();
      if ((tag === 'button' || tag === 'a' || tag === 'summary') && el.textContent.trim()) return true;
      if (tag === 'input' && ['button', 'submit', 'reset'].includes(el.type) && el.value.trim()) return true;
      return false;
    };
    const controls = document.querySelectorAll(
      'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])',
    );
    const shown = [...controls].filter((el) => visible(el) || el.type === 'file');
    const unnamed = shown
      .filter((el) => !named(el))
      .map((el) => `${el.tagName.toLowerCase()}${el.type ? `[${el.type}]` : ''} ${el.dataset.testid ?? el.id ?? ''} in ${el.closest('section')?.id ?? 'page'}`);
    return { checked: shown.length, unnamed };
  });
}

test('a picture of every step for the README, from the family sample', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await everyStepReady(page);
  // A scenario with 10 % more demand, so that its step has something to show.
  await page.locator('#step-scenarios').scrollIntoViewIfNeeded();
  const scenarios = page.locator('#step-scenarios');
  await scenarios.getByTestId('scn-add').click();
  await scenarios.getByTestId('scn-0-demand').fill('10');
  await scenarios.getByTestId('scn-0-demand').press('Tab');
  await expect(scenarios.getByTestId('scn-0-delta-PlanCost')).not.toHaveText(/same/);
  await expect(scenarios.getByTestId('scn-delta-chart')).toBeVisible();
  const dir = fileURLToPath(new URL('../../docs/steps/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  // Pictures of the whole page from its top, clipped to each section: the sticky toolbar
  // and step bar then stay at the top instead of lying across a tall section.
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const [step, file] of STEPS) {
    const section = page.locator(`#step-${step}`);
    await expect(section).toBeVisible();
    const clip = await section.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
    });
    await page.screenshot({ path: `${dir}${file}.png`, fullPage: true, clip });
  }
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('on a tablet every step fits the width, and every control has a name', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await page.setViewportSize({ width: 768, height: 1024 });
  await everyStepReady(page);
  for (const [step] of STEPS) {
    const section = page.locator(`#step-${step}`);
    await section.scrollIntoViewIfNeeded();
    await expect(section).toBeInViewport();
    // The page itself never scrolls sideways; wide tables scroll inside their own frame.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `the page is ${overflow}px wider than a tablet at step ${step}`).toBeLessThanOrEqual(0);
    const box = await section.boundingBox();
    expect(box.x + box.width, `step ${step} ends beyond the window`).toBeLessThanOrEqual(768);
  }
  const { checked, unnamed } = await unnamedControls(page);
  expect(checked).toBeGreaterThan(50);
  expect(unnamed).toEqual([]);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
