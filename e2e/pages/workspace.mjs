// Page object for the workspace: what a planner sees and does, by data-testid.
import { expect } from '@playwright/test';

export class Workspace {
  constructor(page) {
    this.page = page;
    this.pasteBox = page.getByTestId('paste-box');
    this.importSummary = page.getByTestId('import-summary');
    this.problems = page.getByTestId('problems');
    this.forecastStatus = page.getByTestId('forecast-status');
    this.chart = page.getByTestId('forecast-chart');
    this.table = page.getByTestId('results');
  }

  /** Opens the app and waits until it has rendered. */
  async open() {
    await this.page.goto('./');
    await expect(this.pasteBox).toBeVisible();
  }

  /**
   * Pastes `text` the way a person does: put it on the system clipboard, focus the box,
   * press Ctrl+V. The page receives a real `paste` event with clipboard data.
   */
  async paste(text) {
    await this.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await this.pasteBox.click();
    await this.page.keyboard.press('ControlOrMeta+V');
  }

  history(period) {
    return this.page.getByTestId(`history-${period}`);
  }

  forecast(period) {
    return this.page.getByTestId(`forecast-${period}`);
  }

  interval(period) {
    return this.page.getByTestId(`interval-${period}`);
  }
}

/**
 * Records console errors, uncaught page errors and every request whose origin is not
 * the page's own, for the "nothing leaves the page" and "no errors" assertions.
 */
export function watch(page, baseURL) {
  const origin = new URL(baseURL).origin;
  const seen = { errors: [], foreignRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') seen.errors.push(msg.text());
  });
  page.on('pageerror', (err) => seen.errors.push(String(err)));
  page.on('response', (res) => {
    if (res.status() >= 400) seen.errors.push(`${res.status()} for ${res.url()}`);
  });
  page.context().on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) {
      seen.foreignRequests.push(url);
    }
  });
  return seen;
}
