import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { adminToken, baseURL, example, screen, signIn, watch } from './helpers';
import { api } from './api';

// The editor's Test panel against one real `wfb serve`: rework-loop scripted with a rejected
// then an approved review, run (POST /v1/simulations), stepped through on the canvas, saved as
// a scenario of the draft; then the definition changes so the scenario fails, and publishing
// is refused naming it.
test.describe.configure({ mode: 'serial' });

let page: Page;
let templateId = '';
let draftId = '';
const scenario = 'rejected once, approved the second time';

const node = (p: Page, id: string) => p.locator(`.react-flow__node[data-id="${id}"]`);

test.beforeAll(async ({ browser }) => {
  const definition = JSON.parse(readFileSync(example('rework-loop.json'), 'utf8')) as unknown;
  const t = await api<{ id: string }>('POST', '/v1/templates', { name: `Rework ${Date.now().toString(36)}` });
  templateId = t.id;
  draftId = (await api<{ id: string }>('POST', `/v1/templates/${templateId}/versions`, { version: '1.0.0', definition })).id;
  const context = await browser.newContext({ baseURL: baseURL(), reducedMotion: 'reduce' });
  page = watch(await context.newPage());
  await signIn(page, adminToken());
  await expect(page).toHaveURL(/\/workflows$/);
});

test('script a rejection then an approval, run, and see prepare light up twice', async () => {
  await page.goto(`/workflows/${templateId}/versions/${draftId}/edit`);
  await expect(node(page, 'prepare')).toBeVisible();
  await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Test' }).click();
  const panel = page.getByRole('region', { name: 'Test run' });
  await expect(panel).toBeVisible();

  // Pre-filled from the graph: one attempt per human step, review's output from its schema.
  const review = panel.getByRole('group', { name: 'Script of Review Return' });
  await expect(review.getByRole('textbox', { name: 'Attempt 1 output' })).toHaveValue(/"approved": false/);
  await expect(panel.getByRole('group', { name: 'Script of Prepare Return' }).getByRole('textbox', { name: 'Attempt 1 output' })).toHaveValue('{}');
  await screen(page, 'test-panel-prefilled');

  await review.getByRole('button', { name: 'Add attempt to Review Return' }).click();
  await review.getByRole('textbox', { name: 'Attempt 2 output' }).fill('{"approved": true}');
  await panel.getByRole('button', { name: 'Add attempt to Prepare Return' }).click();
  await panel.getByRole('button', { name: 'Run', exact: true }).click();

  await expect(panel.getByLabel('Status: Completed')).toBeVisible();
  const runs = panel.getByRole('list', { name: 'Steps in the order they ran' }).getByRole('listitem');
  await expect(runs).toHaveCount(9);
  await expect(runs.nth(2)).toContainText('"approved": false');
  await expect(runs.nth(5)).toContainText('"approved": true');
  // The end of the run: prepare ran twice, every transition taken at least once.
  await expect(node(page, 'prepare').locator('.wfb-run-tag')).toHaveText(/Ran\s*×2/);
  await expect(node(page, 'prepare')).toHaveAttribute('aria-label', /ran, 2 times/);
  await expect(node(page, 'submit').locator('.wfb-run-tag')).toHaveText(/^Ran$/);
  await expect(page.locator('.wfb-edge-run-taken')).toHaveCount(6);
  await screen(page, 'test-panel-run');

  // Step back to the first "Approved?": the rework path is taken, submit is a dead path.
  await runs.nth(3).getByRole('button').click();
  await expect(panel.getByText('Step 4 of 9')).toBeVisible();
  await expect(node(page, 'ok').locator('.wfb-run-tag')).toHaveText(/Now/);
  await expect(node(page, 'submit').locator('.wfb-run-tag')).toHaveText(/Not run/);
  await expect(node(page, 'prepare').locator('.wfb-run-tag')).toHaveText(/^Ran$/);
  await expect(page.locator('.wfb-edge-run-dead')).toHaveCount(2);
  await panel.getByRole('button', { name: 'Next step' }).click();
  await expect(panel.getByText('Step 5 of 9')).toBeVisible();
  await expect(node(page, 'prepare').locator('.wfb-run-tag')).toHaveText(/Now\s*×2/);
  await expect(node(page, 'prepare').locator('.wfb-task')).toHaveClass(/wfb-run-current/);
  await screen(page, 'test-panel-stepper');
  await panel.getByRole('button', { name: 'Previous step' }).click();
  await expect(panel.getByText('Step 4 of 9')).toBeVisible();
});

test('save the run as a scenario of the draft', async () => {
  const panel = page.getByRole('region', { name: 'Test run' });
  await panel.getByRole('tab', { name: 'Scenarios' }).click();
  await expect(panel.getByText('No saved scenarios yet.')).toBeVisible();
  await panel.getByRole('textbox', { name: 'Scenario name' }).fill(scenario);
  await expect(panel.getByRole('textbox', { name: 'Expectations' })).toHaveValue(/"prepare": 2/);
  await panel.getByRole('button', { name: 'Save scenario' }).click();
  const saved = panel.getByRole('list', { name: 'Saved scenarios' });
  await expect(saved.getByText(scenario)).toBeVisible();
  await screen(page, 'test-panel-scenario-saved');
  const stored = await api<{ items: { name: string; document: { expect?: { attempts?: Record<string, number> } } }[] }>('GET', `/v1/versions/${draftId}/scenarios`);
  expect(stored.items.map((s) => s.name)).toEqual([scenario]);
  expect(stored.items[0]!.document.expect?.attempts?.prepare).toBe(2);
});

test('a change that breaks the scenario: its re-run misses, and publishing is refused naming it', async () => {
  const panel = page.getByRole('region', { name: 'Test run' });
  // Send the rework back to review instead of prepare: still a valid definition.
  await page.getByRole('toolbar', { name: 'Editor' }).getByText('Split', { exact: true }).click();
  const json = page.getByRole('textbox', { name: 'Definition (JSON)' });
  const text = await json.inputValue();
  const changed = text.replace(/("id": "t5",\s*"fromStepId": "ok",\s*"toStepId": )"prepare"/, '$1"review"');
  expect(changed).not.toBe(text);
  await json.fill(changed);
  await page.getByRole('toolbar', { name: 'Editor' }).getByText('Canvas', { exact: true }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Saved', exact: true })).toBeVisible();

  await panel.getByRole('button', { name: `Run scenario ${scenario}` }).click();
  await expect(panel.getByText(`Scenario “${scenario}”: ✕ expectations missed`)).toBeVisible();
  await expect(panel.getByRole('list', { name: 'Missed expectations' })).toContainText('/attempts/prepare');
  await expect(node(page, 'prepare').locator('.wfb-run-tag')).toHaveText(/^Ran$/);

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Publishing was refused' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('SCENARIO_PASSES');
  await expect(dialog).toContainText(`scenario "${scenario}" fails`);
  await screen(page, 'test-publish-refused-by-scenario');
});
