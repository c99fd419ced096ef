import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminToken, baseURL, screen, signIn, watch } from './helpers';

// The workflow editor against one real `wfb serve`: a draft built by drag and drop, validated
// live, saved, refused on a concurrent save, published, and compared.
test.describe.configure({ mode: 'serial' });

let page: Page;
let templateId = '';
let draftId = '';

async function newPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: baseURL(), reducedMotion: 'reduce' });
  return watch(await context.newPage());
}

async function apiCall<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ data: T; etag: string | null }> {
  const res = await fetch(baseURL() + path, {
    method,
    headers: { Authorization: `Bearer ${adminToken()}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return { data: (await res.json()) as T, etag: res.headers.get('ETag') };
}

const node = (p: Page, id: string) => p.locator(`.react-flow__node[data-id="${id}"]`);

/**
 * connect drags from a step's out handle to another step's in handle, and waits for the
 * transition; a drag that starts while the live validation's answer redraws the nodes under the
 * pointer can miss its handle, so it is tried again.
 */
async function connect(p: Page, from: string, to: string) {
  const edge = p.getByRole('group', { name: new RegExp(`^Transition from ${from} to ${to}\\b`) });
  for (let attempt = 0; attempt < 3 && (await edge.count()) === 0; attempt++) {
    const a = await node(p, from).locator('.react-flow__handle.source').boundingBox();
    const b = await node(p, to).locator('.react-flow__handle.target').boundingBox();
    if (!a || !b) throw new Error(`handles of ${from} or ${to} not found`);
    await p.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await p.mouse.down();
    await p.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
    await p.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
    await p.mouse.up();
    await expect(edge).toHaveCount(1, { timeout: 2_000 }).catch(() => undefined);
  }
  await expect(edge).toHaveCount(1);
}

async function stepIds(p: Page): Promise<string[]> {
  return p.locator('.react-flow__node:not(.react-flow__node-group)').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
}

test.beforeAll(async ({ browser }) => {
  const t = await apiCall<{ id: string }>('POST', '/v1/templates', { name: `Editor ${Date.now().toString(36)}` });
  templateId = t.data.id;
  const v = await apiCall<{ id: string }>('POST', `/v1/templates/${templateId}/versions`, { version: '1.0.0' });
  draftId = v.data.id;
  page = await newPage(browser);
  await signIn(page, adminToken());
  await expect(page).toHaveURL(/\/workflows$/);
});

test('build a draft by drag and drop; an issue is pinned while a transition is missing', async () => {
  await page.goto(`/workflows/${templateId}/versions/${draftId}`);
  await page.getByRole('link', { name: 'Edit in the editor' }).click();
  await expect(page).toHaveURL(/\/edit$/);
  await expect(node(page, 'start')).toBeVisible();
  await expect(page.getByText('No problems: this definition can be published.')).toBeVisible();

  // Drag a Confirm step from the Steps Panel onto the canvas.
  const canvas = page.locator('.wfb-editor-canvas');
  const box = (await canvas.boundingBox())!;
  await page.getByRole('button', { name: 'Add Confirm step' }).dragTo(canvas, { targetPosition: { x: box.width * 0.3, y: box.height * 0.75 } /* clear of the minimap */ });
  await expect(node(page, 'confirm')).toBeVisible();
  // Isolated: the server's NO_ISOLATED_STEPS issue is pinned on the new step.
  await expect(node(page, 'confirm').locator('.wfb-issue-badge')).toBeVisible();
  await expect(node(page, 'confirm')).toHaveAttribute('aria-label', /problem/);
  await expect(page.getByRole('button', { name: /NO_ISOLATED_STEPS/ })).toBeVisible();
  await screen(page, 'editor-issue-pinned');

  // Replace start → end with start → confirm → end.
  const a = (await node(page, 'start').locator('.react-flow__handle.source').boundingBox())!;
  const b = (await node(page, 'end').locator('.react-flow__handle.target').boundingBox())!;
  await page.mouse.click((a.x + b.x + b.width) / 2, a.y + a.height / 2);
  await expect(page.locator('.react-flow__edge.selected')).toHaveCount(1);
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await connect(page, 'start', 'confirm');
  await connect(page, 'confirm', 'end');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect(page.getByText('No problems: this definition can be published.')).toBeVisible();
  await expect(page.locator('.wfb-issue-badge')).toHaveCount(0);
  const placed = await node(page, 'confirm').getAttribute('style');
  await page.getByRole('button', { name: 'Tidy up' }).click();
  await expect.poll(() => node(page, 'confirm').getAttribute('style')).not.toBe(placed);

  // Keyboard: Ctrl+S saves.
  await node(page, 'confirm').click();
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Draft saved.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Saved' })).toBeVisible();
  const saved = await apiCall<{ definition: { steps: { id: string; ui?: { reactFlow?: { position?: { x: number } } } }[]; stepTransitions: { fromStepId: string; toStepId: string }[] } }>('GET', `/v1/versions/${draftId}`);
  expect(saved.data.definition.steps.map((s) => s.id).sort()).toEqual(['confirm', 'end', 'start']);
  expect(saved.data.definition.stepTransitions.map((t) => `${t.fromStepId}>${t.toStepId}`).sort()).toEqual(['confirm>end', 'start>confirm']);
  expect(saved.data.definition.steps.every((s) => typeof s.ui?.reactFlow?.position?.x === 'number')).toBe(true);
  await screen(page, 'editor-saved');
});

test('undo, redo, copy and paste, tidy up', async () => {
  await page.getByRole('button', { name: 'Add Form step' }).click();
  await expect(node(page, 'form')).toBeVisible();
  await page.locator('.wfb-editor-canvas .react-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+z');
  await expect(node(page, 'form')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(node(page, 'form')).toBeVisible();

  await node(page, 'form').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(node(page, 'form-2')).toBeVisible();
  expect((await stepIds(page)).sort()).toEqual(['confirm', 'end', 'form', 'form-2', 'start']);

  const before = await node(page, 'form-2').getAttribute('style');
  await page.getByRole('button', { name: 'Tidy up' }).click();
  await expect.poll(() => node(page, 'form-2').getAttribute('style')).not.toBe(before);
  await screen(page, 'editor-tidy');
  // Back to the saved state: four undos (tidy, paste, the redone add... and the add).
  await page.getByRole('button', { name: /^Undo/ }).click();
  await page.getByRole('button', { name: /^Undo/ }).click();
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expect(page.getByRole('button', { name: 'Saved' })).toBeVisible();
});

test('leaving with unsaved changes asks first', async () => {
  await page.getByRole('button', { name: 'Add Document upload step' }).click();
  await page.getByRole('link', { name: '1.0.0' }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
  await expect(dialog).toBeVisible();
  await screen(page, 'editor-leave-prompt');
  await dialog.getByRole('button', { name: 'Stay' }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/edit$/);
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('button', { name: 'Saved' })).toBeVisible();
});

test('the JSON view edits the same document both ways', async () => {
  await page.getByRole('toolbar', { name: 'Editor' }).getByText('Split', { exact: true }).click();
  const json = page.getByRole('textbox', { name: 'Definition (JSON)' });
  await expect(json).toBeVisible();
  const text = await json.inputValue();
  await json.fill(text.replace('"name": "Confirm"', '"name": "Approve the filing"'));
  await expect(node(page, 'confirm')).toContainText('Approve the filing');
  await json.fill('{ not json');
  await expect(page.getByText(/Not JSON/)).toBeVisible();
  await expect(node(page, 'confirm')).toContainText('Approve the filing');
  await screen(page, 'editor-json-split');
  // A canvas change replaces the text.
  await page.getByRole('button', { name: 'Add End step' }).click();
  await expect(json).toHaveValue(/"id": "end-2"/);
  await page.keyboard.press('Control+z');
  await page.getByRole('toolbar', { name: 'Editor' }).getByText('Canvas', { exact: true }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Saved' })).toBeVisible();
});

test('a concurrent save from a second browser context gets the conflict dialog', async ({ browser }) => {
  const other = await newPage(browser);
  await signIn(other, adminToken());
  await expect(other).toHaveURL(/\/workflows$/);
  await other.goto(`/workflows/${templateId}/versions/${draftId}/edit`);
  await other.getByRole('button', { name: 'Add URL redirect step' }).click();
  await other.getByRole('button', { name: 'Save' }).click();
  await expect(other.getByText('Draft saved.')).toBeVisible();
  await other.context().close();

  await page.getByRole('button', { name: 'Add Form step' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('dialog', { name: 'Someone else saved this draft' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Steps only on the server: url-redirect');
  await expect(dialog).toContainText('Steps only in yours: form');
  await screen(page, 'editor-conflict');
  await dialog.getByRole('button', { name: 'Reload (discard mine)' }).click();
  await expect(node(page, 'url-redirect')).toBeVisible();
  await expect(node(page, 'form')).toHaveCount(0);
  // Remove the server's extra step so the draft can be published.
  await node(page, 'url-redirect').click();
  await page.keyboard.press('Delete');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Saved' })).toBeVisible();
});

test('publish; a published version opens read-only with "New version from this"', async () => {
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('A published version never changes')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Steps' })).toHaveCount(0);
  await screen(page, 'editor-read-only');
  await page.getByRole('button', { name: 'New version from this' }).click();
  await expect(page.getByText('Draft 1.0.1 created from 1.0.0.')).toBeVisible();
  await expect(page).toHaveURL(/\/edit$/);
  await expect(page.getByRole('navigation', { name: 'Steps' })).toBeVisible();
  await expect(node(page, 'confirm')).toContainText('Approve the filing');
  // Change 1.0.1: rename a step and add a transition-ful step for the comparison.
  await node(page, 'confirm').click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Approve');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Saved' })).toBeVisible();
});

test('compare two versions: changes marked, field diff of the selected step', async () => {
  await page.goto(`/workflows/${templateId}`);
  await page.getByRole('link', { name: 'Compare versions' }).click();
  await expect(page.getByRole('heading', { name: 'Compare versions' })).toBeVisible();
  await expect(node(page, 'confirm')).toHaveAttribute('aria-label', /changed/);
  await expect(node(page, 'confirm')).toContainText('Changed');
  await node(page, 'confirm').click();
  const diff = page.getByRole('list', { name: 'Fields that differ' });
  await expect(diff).toContainText('/name');
  await expect(diff).toContainText('Approve the filing');
  await screen(page, 'compare');
});
