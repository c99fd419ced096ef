import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { api, readExample } from './api';
import { adminToken, baseURL, example, screen, signIn, watch } from './helpers';

// Step groups drawn as frames (steps dropped in and out, a start step refused, a new group from
// a multi-selection), the Delete key on a multi-selection, and a definition exported and
// imported as a file: each checked in what the server stores.
test.describe.configure({ mode: 'serial' });

type Step = { id: string; group?: { groupId: string; order?: number } };
type Definition = { steps: Step[]; stepTransitions: { fromStepId: string; toStepId: string }[]; stepGroups?: { id: string; stepIds: string[] }[] };

let page: Page;
let templateId = '';
let draftId = '';

const node = (p: Page, id: string) => p.locator(`.react-flow__node[data-id="${id}"]`);
const stored = async () => (await api<{ definition: Definition }>('GET', `/v1/versions/${draftId}`)).definition;

/** dragCentreTo drags a node by its middle until its centre is over a point. */
async function dragCentreTo(p: Page, n: Locator, x: number, y: number) {
  const b = (await n.boundingBox())!;
  await p.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await p.mouse.down();
  await p.mouse.move(x, y, { steps: 8 });
  await p.mouse.up();
}

async function save(p: Page) {
  const done = p.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/v1/versions/${draftId}`));
  await p.keyboard.press('Control+s');
  expect((await done).status()).toBe(200);
  await expect(p.getByRole('button', { name: 'Saved' })).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  const t = await api<{ id: string }>('POST', '/v1/templates', { name: `Groups ${Date.now().toString(36)}` });
  templateId = t.id;
  draftId = (await api<{ id: string }>('POST', `/v1/templates/${templateId}/versions`, { version: '1.0.0', definition: readExample('dsc-child.json') })).id;
  const context = await browser.newContext({ baseURL: baseURL(), reducedMotion: 'reduce', acceptDownloads: true });
  page = watch(await context.newPage());
  await signIn(page, adminToken());
  await expect(page).toHaveURL(/\/workflows$/);
  await page.goto(`/workflows/${templateId}/versions/${draftId}/edit`);
  await expect(node(page, 'group:g-dsc')).toBeVisible();
});

test('a start step dropped into a frame is refused; a human step dragged out leaves the group', async () => {
  const frame = (await node(page, 'group:g-dsc').boundingBox())!;
  const startAt = await node(page, 'start').boundingBox();
  await dragCentreTo(page, node(page, 'start'), frame.x + frame.width / 2, frame.y + frame.height / 2);
  await expect(page.getByText('only human and sub-workflow steps can be in a step group')).toBeVisible();
  // It goes back where it was rather than lying over the group's steps.
  await expect.poll(() => node(page, 'start').boundingBox()).toEqual(startAt);
  await screen(page, 'editor-group-refused');

  // Drag "issued" well below the frame: it leaves the group.
  const canvas = (await page.locator('.wfb-editor-canvas').boundingBox())!;
  await dragCentreTo(page, node(page, 'issued'), frame.x + frame.width / 2, Math.min(frame.y + frame.height + 120, canvas.y + canvas.height - 40));
  await save(page);
  const def = await stored();
  expect(def.stepGroups).toEqual([expect.objectContaining({ id: 'g-dsc', stepIds: ['apply'] })]);
  expect(def.steps.find((s) => s.id === 'issued')!.group).toBeUndefined();
  expect(def.steps.find((s) => s.id === 'start')!.group).toBeUndefined();
});

test('a new group from a multi-selection; Delete removes a multi-selection', async () => {
  await page.getByRole('button', { name: 'Add Confirm step' }).click();
  await expect(node(page, 'confirm')).toBeVisible();
  await page.getByRole('button', { name: 'Zoom to fit' }).first().click();
  await node(page, 'issued').click();
  await node(page, 'confirm').click({ modifiers: ['Shift'] });
  await page.getByRole('button', { name: 'Group the selected steps' }).click();
  await expect(page.locator('.react-flow__node-group')).toHaveCount(2);
  await save(page);
  let def = await stored();
  const added = def.stepGroups!.find((g) => g.id !== 'g-dsc')!;
  expect([...added.stepIds].sort()).toEqual(['confirm', 'issued']);
  expect(def.steps.find((s) => s.id === 'confirm')!.group?.groupId).toBe(added.id);
  await screen(page, 'editor-group-added');

  // Select the new step and the start step, press Delete: both go, with their transitions.
  await node(page, 'confirm').click();
  await node(page, 'start').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Delete');
  await expect(node(page, 'confirm')).toHaveCount(0);
  await expect(node(page, 'start')).toHaveCount(0);
  await save(page);
  def = await stored();
  expect(def.steps.map((s) => s.id).sort()).toEqual(['apply', 'end', 'issued']);
  expect(def.stepTransitions.some((t) => t.fromStepId === 'start')).toBe(false);
  expect(def.stepGroups!.find((g) => g.id === added.id)!.stepIds).toEqual(['issued']);
  await page.keyboard.press('Control+z');
  await expect(node(page, 'start')).toBeVisible();
  await save(page);
});

test('export downloads the document on screen; import replaces it, and Save stores it', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the definition (.json)' }).click()]);
  expect(download.suggestedFilename()).toBe(`${templateId}-1.0.0.json`);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Definition;
  expect(exported).toEqual(await stored());

  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import a definition file' }).click()]);
  await chooser.setFiles(example('linear-confirm.json'));
  await expect(node(page, 'verify')).toBeVisible();
  await expect(node(page, 'apply')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeVisible();
  await save(page);
  const def = await stored();
  const original = readExample('linear-confirm.json') as unknown as Definition;
  expect(def.steps.map((s) => s.id)).toEqual(original.steps.map((s) => s.id));
  expect(def.stepTransitions).toHaveLength(original.stepTransitions.length);
  await screen(page, 'editor-imported');
});
