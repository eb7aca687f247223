// Journey: every file of the hostile corpus (testdata/hostile/, the same files the engine
// and the CLI are tested on) opened through the page's file input, one after another, as
// a planner would drop them. Each must end in a reading or an error in words — never a
// NaN or an infinity among the numbers shown, a script run from a cell, a dialog, a
// console error or a request off the page's origin — and the page must keep answering.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { Workspace, watch } from '../pages/workspace.mjs';

const dir = fileURLToPath(new URL('../../testdata/hostile/', import.meta.url));
const files = readdirSync(dir).filter((f) => !/\.(py|md)$/.test(f)).sort();

test('every hostile file gives a reading or an error in words, and nothing worse', async ({ page, baseURL }) => {
  test.setTimeout(600_000);
  expect(files.length).toBeGreaterThanOrEqual(40);
  const seen = watch(page, baseURL);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  // Which files the page said it was reading (the line comes and goes, sometimes faster
  // than a poll): recorded as it appears.
  await page.addInitScript(() => {
    window.__reads = [];
    new MutationObserver(() => {
      const line = document.querySelector('[data-testid="loading"]')?.textContent;
      if (line && window.__reads[window.__reads.length - 1] !== line) window.__reads.push(line);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await new Workspace(page).open();
  for (const name of files) {
    await page.getByTestId('file-input').setInputFiles(join(dir, name));
    // This file's reading began and ended: its answer is on the page.
    await page.waitForFunction(
      (n) => window.__reads.includes(`Reading ${n}…`) && !document.querySelector('[data-testid="loading"]'),
      name,
      { timeout: 60_000 },
    ).catch(async (e) => {
      throw new Error(`${name}: no answer (${JSON.stringify(await page.evaluate(() => window.__reads.slice(-3)))}): ${e.message}`);
    });
    const outcome = page.getByTestId('import-summary').or(page.getByTestId('import-error')).or(page.getByTestId('load-error'));
    await expect(outcome.first(), name).toBeVisible();
    const shown = await page.evaluate(() => {
      const cells = document.querySelectorAll(
        '.results td, [data-testid="overview"] td, [data-testid="families"] td, .kpi-value, [data-testid="import-summary"], [data-testid="forecast-status"]');
      const bad = [...cells].map((c) => c.textContent).filter((t) => /(^|[^A-Za-z])NaN([^A-Za-z]|$)|Infinity|∞/.test(t));
      return { bad, markup: document.querySelectorAll('[onerror], main script').length };
    });
    expect(shown.bad, `${name}: numbers shown`).toEqual([]);
    expect(shown.markup, `${name}: markup from a cell`).toBe(0);
  }
  expect(dialogs).toEqual([]);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
