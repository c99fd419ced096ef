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

/**
 * screen settles a screen, writes its screenshot into the run's folder, and checks it with
 * axe-core: no serious or critical violation.
 */
export async function screen(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
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

/** signIn signs a page in with a key through the sign-in form. */
export async function signIn(page: Page, token: string) {
  await page.goto(baseURL() + '/sign-in');
  await page.getByLabel('API key').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
