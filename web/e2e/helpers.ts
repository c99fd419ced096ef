import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const baseURL = () => process.env.WFB_BASE_URL!;
export const adminToken = () => process.env.WFB_ADMIN_TOKEN!;

const repo = resolve(import.meta.dirname, '..', '..');

/** example is the path of one of the product's example definitions. */
export function example(name: string): string {
  const own = join(repo, 'examples', name);
  return existsSync(own) ? own : join(repo, '..', 'shared', 'examples', name);
}

let shotIndex = 0;
const problems = new WeakMap<Page, string[]>();
const inFlight = new WeakMap<Page, Set<unknown>>();

/** isStream is a long-lived event stream (GET /v1/executions/{id}/events): never "done". */
const isStream = (url: string) => /\/v1\/executions\/[^/]+\/events(\?|$)/.test(url);

/**
 * networkIdle is Playwright's networkidle (no request for 500 ms) except for the execution page's
 * event stream, which stays open as long as the page shows the run: waiting for it to finish
 * would wait forever.
 */
async function networkIdle(page: Page) {
  const open = inFlight.get(page);
  if (!open) {
    await page.waitForLoadState('networkidle');
    return;
  }
  await page.waitForLoadState('load');
  let quietSince = Date.now();
  const deadline = Date.now() + 30_000;
  while (Date.now() - quietSince < 500) {
    if (open.size > 0) quietSince = Date.now();
    if (Date.now() > deadline) throw new Error(`the network did not settle: ${open.size} request(s) still open`);
    await page.waitForTimeout(50);
  }
}

/**
 * watch records what a page reports as broken: uncaught errors and console errors, which is
 * where Chromium reports Content-Security-Policy violations. screen() fails on any.
 */
export function watch(page: Page): Page {
  const seen: string[] = [];
  problems.set(page, seen);
  const open = new Set<unknown>();
  inFlight.set(page, open);
  page.on('request', (r) => {
    if (!isStream(r.url())) open.add(r);
  });
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // A refused request (401/403/409...) is logged by the browser as a failed resource load;
    // those are the app's expected answers, not defects.
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) {
      seen.push(`console error: ${m.text()}`);
    }
  });
  return page;
}

/**
 * forgiveOutage drops the network failures a page logged while its server was down on purpose
 * (connection refused, a stream cut mid-way); any other error it reported still fails screen().
 */
export function forgiveOutage(page: Page) {
  const seen = problems.get(page);
  if (!seen) return;
  const kept = seen.filter((p) => !/Failed to load resource: net::ERR_(CONNECTION_REFUSED|INCOMPLETE_CHUNKED_ENCODING|EMPTY_RESPONSE|CONNECTION_RESET)/.test(p));
  seen.splice(0, seen.length, ...kept);
}

/**
 * screen settles a screen, writes its screenshot into the run's folder, and checks it with
 * axe-core: no serious or critical violation.
 */
export async function screen(page: Page, name: string) {
  expect(problems.get(page) ?? [], `errors reported by the page before ${name}`).toEqual([]);
  await networkIdle(page);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  // Let Mantine's transitions (modals, notifications) finish before the picture.
  await page.waitForTimeout(350);
  shotIndex += 1;
  const file = join(process.env.WFB_SCREENSHOTS!, `${String(shotIndex).padStart(2, '0')}-${name}.png`);
  // A whole long page, unless a dialog is open (its overlay covers only the viewport).
  const dialogOpen = (await page.getByRole('dialog').count()) > 0;
  await page.screenshot({ path: file, fullPage: !dialogOpen });
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').split('\n').slice(1, 2).join('')}`).slice(0, 5).join('\n  ')}`);
  expect(summary, `axe-core on ${name}`).toEqual([]);
}

/**
 * signIn signs a page in with a key through the sign-in form, and waits until the app has
 * checked the key and left the sign-in page: navigating before that lands on it again.
 */
export async function signIn(page: Page, token: string) {
  await page.goto(baseURL() + '/sign-in');
  await page.getByLabel('API key').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in$/);
}
