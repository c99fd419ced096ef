import { expect, test, type Page } from '@playwright/test';
import { adminToken, baseURL, screen, signIn, watch } from './helpers';
import { api } from './api';

// The whole way from an empty draft to a run that takes the branch its condition chose:
// built by drag and drop in the editor, configured in its panel (schema builder, condition,
// default path), validated live, saved, published; then activated, started and completed
// through the API, and the execution's runtime view checked.

const node = (p: Page, id: string) => p.locator(`.react-flow__node[data-id="${id}"]`);

/**
 * connect drags from a step's (first) out handle to another step's in handle, and waits for the
 * transition to be drawn. A drag that starts while the canvas re-renders under the pointer (the
 * live validation's answer pins badges on the nodes) can miss its handle: it is tried again.
 */
async function connect(p: Page, from: string, to: string) {
  const edge = p.getByRole('group', { name: new RegExp(`^Transition from ${from} to ${to}\\b`) });
  for (let attempt = 0; attempt < 3 && (await edge.count()) === 0; attempt++) {
    const a = await node(p, from).locator('.react-flow__handle.source').first().boundingBox();
    const b = await node(p, to).locator('.react-flow__handle.target').first().boundingBox();
    if (!a || !b) throw new Error(`handles of ${from} or ${to} not found`);
    await p.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await p.mouse.down();
    await p.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 6 });
    await p.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 6 });
    await p.mouse.up();
    await expect(edge).toHaveCount(1, { timeout: 2_000 }).catch(() => undefined);
  }
  await expect(edge).toHaveCount(1);
}

// Room for seven steps at a readable zoom beside both panels.
test.use({ viewport: { width: 1680, height: 1050 } });

interface RuntimeStep {
  status: string;
}
interface Execution {
  id: string;
  runtimeStatus?: string;
  runtime: { runtimeStatus?: string; steps: Record<string, RuntimeStep> } | null;
}

/** open waits until the execution's step is open for a person, and completes it. */
async function complete(executionId: string, stepId: string, outputData: Record<string, unknown> = {}) {
  await expect
    .poll(async () => (await api<Execution>('GET', `/v1/executions/${executionId}`)).runtime?.steps[stepId]?.status, { timeout: 30_000 })
    .toMatch(/^(InProgress|ActionRequired)$/);
  await api('POST', `/v1/executions/${executionId}/steps/${stepId}/complete`, { outputData });
}

test('from an empty draft to a run that takes the chosen path', async ({ browser }) => {
  test.setTimeout(240_000);
  const tpl = await api<{ id: string }>('POST', '/v1/templates', { name: `Flow ${Date.now().toString(36)}` });
  const draft = await api<{ id: string }>('POST', `/v1/templates/${tpl.id}/versions`, { version: '1.0.0' });
  const context = await browser.newContext({ baseURL: baseURL(), reducedMotion: 'reduce' });
  const page = watch(await context.newPage());
  await signIn(page, adminToken());
  await expect(page).toHaveURL(/\/workflows$/);
  await page.goto(`/workflows/${tpl.id}/versions/${draft.id}/edit`);
  await expect(node(page, 'start')).toBeVisible();
  await expect(node(page, 'end')).toBeVisible();

  // An empty draft is start → end: take that transition away.
  const s = (await node(page, 'start').locator('.react-flow__handle.source').boundingBox())!;
  const e = (await node(page, 'end').locator('.react-flow__handle.target').boundingBox())!;
  await page.mouse.click((s.x + e.x + e.width) / 2, s.y + s.height / 2);
  await expect(page.locator('.react-flow__edge.selected')).toHaveCount(1);
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);

  // Drag the steps from the Steps Panel onto free places of the canvas.
  const canvas = page.locator('.wfb-editor-canvas');
  const box = (await canvas.boundingBox())!;
  const drops: [string, string, number, number][] = [
    ['Add Form step', 'form', 0.2, 0.15],
    ['Add Exclusive split step', 'exclusive-split', 0.4, 0.15],
    ['Add Confirm step', 'confirm', 0.6, 0.1],
    ['Add Confirm step', 'confirm-2', 0.6, 0.65],
    ['Add Confirm step', 'confirm-3', 0.8, 0.15],
  ];
  for (const [button, id, fx, fy] of drops) {
    await page.getByRole('button', { name: button }).dragTo(canvas, { targetPosition: { x: box.width * fx, y: box.height * fy } });
    await expect(node(page, id)).toBeVisible();
  }

  // The form: one required yes/no field, built with the schema builder.
  await node(page, 'form').click();
  const panel = page.getByRole('form', { name: 'Configuration' });
  await expect(panel.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Form');
  const task = panel.getByRole('region', { name: 'Task' });
  await task.getByRole('button', { name: 'Add a schema' }).click();
  await task.getByRole('button', { name: 'Add field' }).click();
  await task.getByRole('listitem', { name: 'Field field1' }).getByRole('textbox', { name: 'Name' }).fill('approved');
  const approved = task.getByRole('listitem', { name: 'Field approved' });
  // The live validation's answers can shift the panel while the list opens: open it again then.
  await expect(async () => {
    await approved.getByRole('textbox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Yes/no' }).click({ timeout: 2_000 });
  }).toPass();
  await expect(approved.getByRole('textbox', { name: 'Type' })).toHaveValue('Yes/no');
  await approved.getByRole('checkbox', { name: 'Required' }).check();

  // Dropped where the canvas had room; Tidy up spreads them out (and fits them in view).
  await page.getByRole('button', { name: 'Tidy up' }).click();
  // The fit animates: connect once the nodes stand still, so handles are where they are drawn.
  let last = '';
  await expect
    .poll(async () => {
      const now = JSON.stringify(await node(page, 'confirm-3').boundingBox());
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
  await screen(page, 'flow-dropped');
  // The graph, all but the last transition.
  await connect(page, 'start', 'form');
  await connect(page, 'form', 'exclusive-split');
  await connect(page, 'exclusive-split', 'confirm');
  await connect(page, 'exclusive-split', 'confirm-2');
  await connect(page, 'confirm', 'confirm-3');
  await connect(page, 'confirm-2', 'confirm-3');
  await expect(page.locator('.react-flow__edge')).toHaveCount(6);

  // The split: a condition on the form's field towards `confirm`, the default towards `confirm-2`.
  const chooser = page.getByRole('textbox', { name: 'Element to configure' });
  await chooser.click();
  await page.getByRole('option', { name: 'Transition: exclusive-split → confirm', exact: true }).click();
  const condition = panel.getByRole('textbox', { name: 'Condition' });
  await condition.click();
  await page.keyboard.type('__steps__.form.approved = true');
  await expect(condition).toHaveText('__steps__.form.approved = true');
  await chooser.click();
  await page.getByRole('option', { name: 'Transition: exclusive-split → confirm-2', exact: true }).click();
  await panel.getByRole('checkbox', { name: /Default path/ }).check();

  // The last step does not lead to the end yet: the server's issue is pinned on the canvas.
  await expect(page.locator('.wfb-editor-canvas .wfb-issue-badge').first()).toBeVisible();
  await expect(page.getByText('No problems: this definition can be published.')).toHaveCount(0);
  await screen(page, 'flow-issue-while-missing');
  await connect(page, 'confirm-3', 'end');
  await expect(page.locator('.react-flow__edge')).toHaveCount(7);
  await expect(page.getByText('No problems: this definition can be published.')).toBeVisible();
  await expect(page.locator('.wfb-issue-badge')).toHaveCount(0);
  await page.getByRole('button', { name: 'Tidy up' }).click();
  await screen(page, 'flow-built');

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Saved' })).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('A published version never changes')).toBeVisible();
  await context.close();

  const stored = await api<{ status: string; definition: { steps: { id: string; type: string; form?: unknown }[]; stepTransitions: { fromStepId: string; toStepId: string; isDefault?: boolean; condition?: { src: string } }[] } }>(
    'GET',
    `/v1/versions/${draft.id}`,
  );
  expect(stored.status).toBe('PUBLISHED');
  expect(stored.definition.steps.find((x) => x.id === 'form')).toMatchObject({
    type: 'human.form',
    form: { type: 'object', properties: { approved: { type: 'boolean' } }, required: ['approved'] },
  });
  expect(stored.definition.stepTransitions.find((t) => t.toStepId === 'confirm')?.condition?.src).toBe('__steps__.form.approved = true');
  expect(stored.definition.stepTransitions.find((t) => t.toStepId === 'confirm-2')?.isDefault).toBe(true);

  // Run it twice through the API: approved takes `confirm`, not approved the default path.
  await api('POST', `/v1/versions/${draft.id}/activate`);
  for (const [answer, taken, skipped] of [
    [true, 'confirm', 'confirm-2'],
    [false, 'confirm-2', 'confirm'],
  ] as const) {
    const ex = await api<Execution>('POST', '/v1/executions', { workflowTemplateId: tpl.id, context: {} });
    await complete(ex.id, 'form', { approved: answer });
    await complete(ex.id, taken);
    await complete(ex.id, 'confirm-3');
    await expect.poll(async () => (await api<Execution>('GET', `/v1/executions/${ex.id}`)).runtime?.runtimeStatus, { timeout: 30_000 }).toBe('Completed');
    const done = await api<Execution>('GET', `/v1/executions/${ex.id}`);
    expect(done.runtime?.steps[taken]?.status).toBe('Completed');
    expect(done.runtime?.steps[skipped]?.status ?? 'NotStarted').not.toBe('Completed');
    expect(done.runtime?.steps[skipped]?.status ?? 'NotStarted').toMatch(/^(NotStarted|Disabled)$/);
  }
});
