import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { adminToken, baseURL, screen, signIn, watch } from './helpers';
import { api, publish, readExample } from './api';

// Issue 13's whole story in one run, with authentication on: an admin starts
// incorporation-batch from the UI; an agent of the step's group completes the `collect` form with
// three directors from the inbox (its SLA badge showing); the admin's execution page, never
// reloaded, shows the two DSC children appear; the agent opens one, completes its steps, uploads
// a document to its doc_upload step and downloads it back byte-identical; the parent completes
// and the admin's page says so live. An agent outside the group sees none of the tasks and gets
// 403 on the file.
//
// The examples leave their human steps unassigned (the shared queue, which every agent sees), so
// this run assigns them to the group `formation` and gives the DSC child a documents step.
test.describe.configure({ mode: 'serial' });

const suffix = `${Date.now().toString(36)}f`;
const group = 'group:formation';
let admin: Page;
let agent: Page;
let outsider: Page;
let outsiderToken = '';
let parentId = '';
let fileId = '';
const bytes = Buffer.from(`DSC certificate ${suffix}\n`.repeat(3000));

type Step = Record<string, unknown> & { id: string; type: string };
type Definition = Record<string, unknown> & { steps: Step[]; stepTransitions: { id: string; fromStepId: string; toStepId: string }[] };

async function newPage(browser: Browser, token: string) {
  const context = await browser.newContext({ baseURL: baseURL(), reducedMotion: 'reduce', acceptDownloads: true });
  const page = watch(await context.newPage());
  await signIn(page, token);
  return page;
}

async function agentKey(user: string, groups: string[]): Promise<string> {
  return (await api<{ token: string }>('POST', '/v1/api-keys', { name: `${user}-${suffix}`, role: 'agent', user, groups })).token;
}

/** publishAssigned publishes the DSC child (with a documents step) and the incorporation batch, every human step assigned to the group. */
async function publishAssigned() {
  const child = readExample('dsc-child.json') as Definition;
  for (const s of child.steps) if (s.type.startsWith('human.')) s.assignee = { type: 'const', value: group };
  child.steps.splice(child.steps.findIndex((s) => s.id === 'end'), 0, {
    id: 'certificate',
    type: 'human.doc_upload',
    name: 'Upload the DSC certificate',
    assignee: { type: 'const', value: group },
    documents: [{ key: 'dsc', name: 'DSC certificate', required: true }],
  });
  const toEnd = child.stepTransitions.find((t) => t.toStepId === 'end')!;
  child.stepTransitions.push({ id: 'to-end', fromStepId: 'certificate', toStepId: 'end' });
  toEnd.toStepId = 'certificate';
  const c = await publish(`DSC child ${suffix}`, child);

  const text = JSON.stringify(readExample('incorporation-batch.json')).replace('REPLACE_WITH_PUBLISHED_DSC_VERSION_ID', c.versionId);
  const parent = JSON.parse(text) as Definition;
  for (const s of parent.steps) if (s.type.startsWith('human.')) s.assignee = { type: 'const', value: group };
  // Due at once: the inbox shows its SLA badge.
  parent.steps.find((s) => s.id === 'collect')!.dueIn = 'PT1S';
  return publish(`Incorporation ${suffix}`, parent);
}

function taskRow(page: Page, task: string, execution: string) {
  return page.getByRole('table', { name: 'Tasks' }).getByRole('row').filter({ hasText: task }).filter({ hasText: execution });
}

function stepRow(page: Page, name: string) {
  return page.getByRole('table', { name: 'Steps' }).getByRole('row').filter({ has: page.getByRole('button', { name: `Open step ${name}` }) });
}

/** completeFromInbox opens a task from the agent's group queue and confirms it. */
async function confirmFromInbox(page: Page, task: string, execution: string) {
  await page.goto('/inbox?queue=groups');
  await taskRow(page, task, execution).getByRole('link', { name: task }).click();
  await expect(page.getByRole('heading', { name: 'Confirm', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(page).toHaveURL(/\/inbox$/);
}

test.beforeAll(async ({ browser }) => {
  await publishAssigned();
  admin = await newPage(browser, adminToken());
  agent = await newPage(browser, await agentKey(`maya-${suffix}`, ['formation']));
  outsiderToken = await agentKey(`olaf-${suffix}`, ['sales']);
  outsider = await newPage(browser, outsiderToken);
});

test('the admin starts incorporation-batch from the UI; an agent of the group completes the form from the inbox', async () => {
  await admin.goto('/executions');
  await admin.getByRole('button', { name: 'Start execution' }).first().click();
  const dialog = admin.getByRole('dialog', { name: 'Start an execution' });
  await dialog.getByRole('textbox', { name: 'Workflow' }).click();
  await admin.getByRole('option', { name: `Incorporation ${suffix}` }).click();
  await dialog.getByRole('textbox', { name: 'Name' }).fill(`Beta incorporation ${suffix}`);
  await dialog.getByRole('textbox', { name: 'Context' }).fill('{"company": {"name": "Beta"}}');
  await dialog.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(admin).toHaveURL(/\/executions\/[^/]+$/);
  parentId = new URL(admin.url()).pathname.split('/').pop()!;
  await expect(stepRow(admin, 'Collect Director Details')).toContainText('In progress');

  await agent.goto('/inbox?queue=groups');
  const row = taskRow(agent, 'Collect Director Details', `Beta incorporation ${suffix}`);
  await expect(row).toContainText('SLA breached');
  await screen(agent, 'flow-inbox-sla');
  // While it is open, an agent of another group sees it in none of the queues.
  for (const queue of ['groups', 'shared', 'mine']) {
    await outsider.goto(`/inbox?queue=${queue}`);
    await expect(outsider.getByRole('heading', { name: 'Inbox' })).toBeVisible();
    await expect(outsider.getByRole('table', { name: 'Tasks' }).or(outsider.getByText(/Nothing waiting|No task matches/))).toBeVisible();
    await expect(outsider.getByText(`Beta incorporation ${suffix}`)).toHaveCount(0);
  }
  await row.getByRole('button', { name: /Claim/ }).click();
  await expect(row).toContainText('claimed by you');
  await row.getByRole('link', { name: 'Collect Director Details' }).click();
  await expect(agent.getByRole('heading', { name: 'Fill in the form' })).toBeVisible();
  const directors = [
    { id: 'd1', name: 'Ann Lee', hasDsc: false },
    { id: 'd2', name: 'Bo Chen', hasDsc: true },
    { id: 'd3', name: 'Cy Diaz', hasDsc: false },
  ];
  for (const [i, d] of directors.entries()) {
    await agent.getByRole('button', { name: 'Add Item' }).last().click();
    await agent.locator(`[id$="directors_${i}_id"]`).fill(d.id);
    await agent.locator(`[id$="directors_${i}_name"]`).fill(d.name);
    if (d.hasDsc) await agent.locator(`[id$="directors_${i}_hasDsc"]`).check();
  }
  await agent.getByRole('button', { name: 'Complete' }).click();
  await expect(agent).toHaveURL(/\/inbox$/);

  // The admin's page was never reloaded: the two children of the directors without a DSC appear.
  await expect(stepRow(admin, 'DSC Per Director')).toContainText('In progress');
  await expect(admin.getByRole('tab', { name: 'Descendants (2)' })).toBeVisible();
  await admin.getByRole('tab', { name: 'Descendants (2)' }).click();
  const tree = admin.getByRole('list', { name: 'Execution tree' });
  await expect(tree).toContainText('DSC - Ann Lee');
  await expect(tree).toContainText('DSC - Cy Diaz');
  await expect(tree).not.toContainText('DSC - Bo Chen');
  await screen(admin, 'flow-children-appeared');
});

test('the agent completes one child with a document and downloads it back byte-identical', async () => {
  const child = 'DSC - Ann Lee';
  await confirmFromInbox(agent, 'Apply For DSC', child);
  await confirmFromInbox(agent, 'Confirm DSC Issued', child);

  await agent.goto('/inbox?queue=groups');
  await taskRow(agent, 'Upload the DSC certificate', child).getByRole('link', { name: 'Upload the DSC certificate' }).click();
  await expect(agent.getByRole('heading', { name: 'Upload the documents' })).toBeVisible();
  const chooser = agent.waitForEvent('filechooser');
  await agent.getByRole('button', { name: 'Upload DSC certificate' }).click();
  await (await chooser).setFiles({ name: 'dsc-ann-lee.pdf', mimeType: 'application/pdf', buffer: bytes });
  await expect(agent.getByRole('link', { name: 'Download dsc-ann-lee.pdf' })).toBeVisible();
  await agent.getByRole('button', { name: 'Complete' }).click();
  await expect(agent).toHaveURL(/\/inbox$/);

  // The child's page, reached from the parent's tree, has the document.
  await agent.goto(`/executions/${parentId}`);
  await agent.getByRole('tab', { name: /Descendants/ }).click();
  await agent.getByRole('link', { name: child }).click();
  await expect(agent.getByRole('heading', { level: 1, name: new RegExp(child) })).toContainText('Completed');
  await agent.getByRole('tab', { name: 'Documents' }).click();
  const download = agent.waitForEvent('download');
  await agent.getByRole('link', { name: 'Download dsc-ann-lee.pdf' }).click();
  expect(readFileSync(await (await download).path()).equals(bytes)).toBe(true);
  await screen(agent, 'flow-child-documents');
  const childId = new URL(agent.url()).pathname.split('/').pop()!;
  fileId = (await api<{ items: { fileId: string }[] }>('GET', `/v1/executions/${childId}/files`)).items[0]!.fileId;
});

test('the other child and the last step complete; the admin page says so live', async () => {
  const other = 'DSC - Cy Diaz';
  await confirmFromInbox(agent, 'Apply For DSC', other);
  await confirmFromInbox(agent, 'Confirm DSC Issued', other);
  await agent.goto('/inbox?queue=groups');
  await taskRow(agent, 'Upload the DSC certificate', other).getByRole('link', { name: 'Upload the DSC certificate' }).click();
  const chooser = agent.waitForEvent('filechooser');
  await agent.getByRole('button', { name: 'Upload DSC certificate' }).click();
  await (await chooser).setFiles({ name: 'dsc-cy-diaz.pdf', mimeType: 'application/pdf', buffer: Buffer.from('certificate of Cy Diaz\n') });
  await expect(agent.getByRole('link', { name: 'Download dsc-cy-diaz.pdf' })).toBeVisible();
  await agent.getByRole('button', { name: 'Complete' }).click();
  await expect(agent).toHaveURL(/\/inbox$/);

  await admin.getByRole('tab', { name: 'Graph' }).click();
  await expect(stepRow(admin, 'DSC Per Director')).toContainText('Completed');
  await confirmFromInbox(agent, 'File Incorporation', `Beta incorporation ${suffix}`);
  const heading = admin.getByRole('heading', { level: 1, name: new RegExp(`Beta incorporation ${suffix}`) });
  await expect(heading).toContainText('Completed');
  await expect(admin.getByRole('status').filter({ hasText: 'Live' })).toHaveCount(0);
  await screen(admin, 'flow-parent-completed');
});

test('an agent outside the group sees none of the tasks and gets 403 on the file', async () => {
  const tree = new Set([parentId, ...(await api<{ items: { id: string }[] }>('GET', `/v1/executions?rootWorkflowExecutionId=${parentId}&limit=50`)).items.map((e) => e.id)]);
  expect(tree.size).toBe(3);
  for (const queue of ['groups', 'shared', 'mine']) {
    await outsider.goto(`/inbox?queue=${queue}`);
    await expect(outsider.getByRole('heading', { name: 'Inbox' })).toBeVisible();
    await expect(outsider.getByText(`Beta incorporation ${suffix}`)).toHaveCount(0);
    const seen = await api<{ items: { workflowExecutionId: string }[] }>('GET', `/v1/tasks?queue=${queue}&status=COMPLETED&limit=200`, undefined, outsiderToken);
    expect(seen.items.filter((t) => tree.has(t.workflowExecutionId))).toEqual([]);
  }
  await outsider.goto(`/executions/${parentId}`);
  await expect(outsider.getByRole('heading', { name: '403 — Not your execution' })).toBeVisible();
  const res = await fetch(`${baseURL()}/v1/files/${fileId}`, { headers: { Authorization: `Bearer ${outsiderToken}` } });
  expect(res.status).toBe(403);
});
