import { expect, test, type Page } from '@playwright/test';
import { adminToken, baseURL, screen, signIn, watch } from './helpers';
import { api } from './api';

// The configuration panel beside the canvas of a draft: the schema builder, the expression
// editor with completion and "Try it" (on the server's evaluator), and keyboard-only editing.
test.describe.configure({ mode: 'serial' });

let page: Page;
let templateId = '';
let versionId = '';

const definition = {
  id: 'cfg-e2e',
  name: 'Config panel',
  steps: [
    { id: 'start', type: 'start', name: 'Start' },
    { id: 'review', type: 'human.form', name: 'Review' },
    { id: 'decide', type: 'gateway.exclusive_split', name: 'Approved?' },
    { id: 'yes', type: 'human.confirm', name: 'File it' },
    { id: 'no', type: 'human.confirm', name: 'Rework' },
    { id: 'done', type: 'human.confirm', name: 'Close' },
    { id: 'end', type: 'end', name: 'End' },
  ],
  stepTransitions: [
    { id: 't1', fromStepId: 'start', toStepId: 'review' },
    { id: 't2', fromStepId: 'review', toStepId: 'decide' },
    { id: 't3', fromStepId: 'decide', toStepId: 'yes', condition: { type: 'jsonata', src: 'true' } },
    { id: 't4', fromStepId: 'decide', toStepId: 'no', isDefault: true },
    { id: 't5', fromStepId: 'yes', toStepId: 'done' },
    { id: 't6', fromStepId: 'no', toStepId: 'done' },
    { id: 't7', fromStepId: 'done', toStepId: 'end' },
  ],
};

/** stored reads the draft's definition as the server has it. */
async function stored() {
  return (await api('GET', `/v1/versions/${versionId}`)).definition as typeof definition & { steps: Record<string, unknown>[] };
}

test.beforeAll(async ({ browser }) => {
  const tpl = await api<{ id: string }>('POST', '/v1/templates', { name: `Config panel ${Date.now().toString(36)}` });
  templateId = tpl.id;
  const v = await api<{ id: string }>('POST', `/v1/templates/${templateId}/versions`, { version: '1.0.0', definition });
  versionId = v.id;
  const context = await browser.newContext({ baseURL: baseURL(), reducedMotion: 'reduce' });
  page = watch(await context.newPage());
  await signIn(page, adminToken());
  await page.goto(`/workflows/${templateId}/versions/${versionId}/edit`);
  await expect(page.getByRole('region', { name: 'Workflow canvas' }).getByText('Review')).toBeVisible();
});

test('build a required yes/no field with the schema builder, and save it', async () => {
  await page.getByRole('region', { name: 'Workflow canvas' }).getByText('Review', { exact: true }).click();
  const panel = page.getByRole('form', { name: 'Configuration' });
  await expect(panel.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Review');
  const task = panel.getByRole('region', { name: 'Task' });
  await task.getByRole('button', { name: 'Add a schema' }).click();
  await task.getByRole('button', { name: 'Add field' }).click();
  const field = task.getByRole('listitem', { name: 'Field field1' });
  await field.getByRole('textbox', { name: 'Name' }).fill('approved');
  const approved = task.getByRole('listitem', { name: 'Field approved' });
  await approved.getByRole('textbox', { name: 'Type' }).click();
  await page.getByRole('option', { name: 'Yes/no' }).click();
  await approved.getByRole('checkbox', { name: 'Required' }).check();
  await approved.getByRole('textbox', { name: 'Description' }).fill('Is the filing right?');
  await screen(page, 'config-schema-builder');

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Saved', exact: true })).toBeVisible();
  const def = await stored();
  expect(def.steps[1].form).toEqual({
    type: 'object',
    properties: { approved: { type: 'boolean', description: 'Is the filing right?' } },
    required: ['approved'],
  });
});

test('edit a condition with completion, and try it: a result, then an error with its code', async () => {
  await page.getByRole('textbox', { name: 'Element to configure' }).click();
  await page.getByRole('option', { name: /Transition: decide → yes/ }).click();
  const panel = page.getByRole('form', { name: 'Configuration' });
  const editor = panel.getByRole('textbox', { name: 'Condition' });
  await expect(editor).toHaveText('true');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('__steps__.');
  const list = page.getByRole('listbox');
  // Picked with the mouse: CodeMirror ignores Enter for 75 ms after the list opens (its guard
  // against accepting by accident), which a script's key press can fall into.
  await list.getByRole('option', { name: /review/ }).click();
  await expect(editor).toHaveText('__steps__.review');
  await page.keyboard.type('.');
  await expect(list.getByRole('option', { name: /approved/ })).toBeVisible();
  await screen(page, 'config-condition-completion');
  await list.getByRole('option', { name: /approved/ }).click();
  await page.keyboard.type(' = true');
  await expect(editor).toHaveText('__steps__.review.approved = true');

  await panel.getByRole('button', { name: 'Try it: Condition' }).click();
  const tryIt = page.getByRole('group', { name: 'Try Condition' });
  await expect(tryIt.getByRole('textbox', { name: /Sample scope/ })).toHaveValue(/"approved": true/);
  await tryIt.getByRole('button', { name: 'Evaluate' }).click();
  await expect(tryIt.getByTestId('try-result')).toContainText('true: the transition is taken.');
  await screen(page, 'config-try-it-result');
  await page.keyboard.press('Escape');
  await expect(tryIt).toBeHidden();
  await expect(panel.getByRole('button', { name: 'Try it: Condition' })).toBeFocused();

  // A type error: the engine's code and position come back.
  await editor.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' + 1');
  await expect(editor).toHaveText('__steps__.review.approved = true + 1');
  await panel.getByRole('button', { name: 'Try it: Condition' }).click();
  await expect(tryIt).toBeVisible();
  await tryIt.getByRole('button', { name: 'Evaluate' }).click();
  await expect(tryIt.getByTestId('try-error')).toContainText('T2001');
  await expect(tryIt.getByTestId('try-error')).toContainText(/at position \d+/);
  await screen(page, 'config-try-it-error');
  await page.keyboard.press('Escape');
  await expect(tryIt).toBeHidden();

  // A syntax error is underlined where the server's parser puts it.
  await editor.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' +');
  await expect(panel.locator('.cm-lintRange-error')).toHaveCount(1);
  await screen(page, 'config-condition-syntax-error');
  // Back to a valid condition (the editor page has no discard: undo or retype).
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('__steps__.review.approved = true');
  await expect(panel.locator('.cm-lintRange-error')).toHaveCount(0);
});

test('keyboard only: a step’s name and assignee', async () => {
  const chooser = page.getByRole('textbox', { name: 'Element to configure' });
  await chooser.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('File it');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const panel = page.getByRole('form', { name: 'Configuration' });
  const name = panel.getByRole('textbox', { name: 'Name', exact: true });
  await expect(name).toHaveValue('File it');
  await tabTo(page, name);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('File with the state');
  // Next: the assignee's kind (a radio group: arrows choose), then its value.
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('radio', { name: 'None' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(panel.getByRole('radio', { name: 'Value' })).toBeChecked();
  const assignee = panel.getByRole('textbox', { name: 'Assignee', exact: true });
  await tabTo(page, assignee);
  await page.keyboard.type('group:agents');
  await screen(page, 'config-keyboard-name-assignee');
  // Ctrl/Cmd+S saves from anywhere on the page.
  await page.keyboard.press('ControlOrMeta+s');
  await expect(page.getByRole('button', { name: 'Saved', exact: true })).toBeVisible();
  const def = await stored();
  expect(def.stepTransitions[2]).toMatchObject({ id: 't3', condition: { type: 'jsonata', src: '__steps__.review.approved = true' } });
  expect(def.steps[3]).toMatchObject({ id: 'yes', name: 'File with the state', assignee: { type: 'const', value: 'group:agents' } });
});

/** tabTo presses Tab until target has focus, at most 30 times. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>) {
  for (let i = 0; i < 30; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}
