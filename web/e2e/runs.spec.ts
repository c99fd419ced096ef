import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminToken, baseURL, screen, signIn, watch } from './helpers';
import { api, publishIncorporation, publishLookup } from './api';

// The run visualizer and the inbox against a real `wfb serve` (auth on), as an admin: start an
// execution from the UI, watch it change without reloading, complete a form task from the
// inbox, retry a failed data-source step, cancel a tree with its confirmation.
test.describe.configure({ mode: 'serial' });

const suffix = Date.now().toString(36);
let admin: Page;
let watcher: Page;
let ids: Awaited<ReturnType<typeof publishIncorporation>>;
let executionUrl = '';

async function newPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: baseURL(), reducedMotion: 'reduce' });
  return watch(await context.newPage());
}

function stepRow(page: Page, name: string) {
  return page.getByRole('table', { name: 'Steps' }).getByRole('row').filter({ has: page.getByRole('button', { name: `Open step ${name}` }) });
}

test.beforeAll(async ({ browser }) => {
  ids = await publishIncorporation(suffix);
  admin = await newPage(browser);
  watcher = await newPage(browser);
  await signIn(admin, adminToken());
  await signIn(watcher, adminToken());
});

test('start an execution from the UI and see its graph', async () => {
  await admin.goto('/executions');
  await expect(admin.getByRole('heading', { name: 'Executions' })).toBeVisible();
  await admin.getByRole('button', { name: 'Start execution' }).first().click();
  const dialog = admin.getByRole('dialog', { name: 'Start an execution' });
  await dialog.getByRole('textbox', { name: 'Workflow' }).click();
  await admin.getByRole('option', { name: `Incorporation ${suffix}` }).click();
  await dialog.getByRole('textbox', { name: 'Name' }).fill(`Acme incorporation ${suffix}`);
  const context = dialog.getByRole('textbox', { name: 'Context' });
  await context.fill('{"company": {"name": "Acme"');
  await dialog.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(dialog.getByText(/not valid JSON/i).first()).toBeVisible();
  await context.fill('{"company": {"name": "Acme"}}');
  await screen(admin, 'start-execution-modal');
  await dialog.getByRole('button', { name: 'Start', exact: true }).click();

  await expect(admin).toHaveURL(/\/executions\/[^/]+$/);
  executionUrl = new URL(admin.url()).pathname;
  await expect(admin.getByRole('heading', { level: 1, name: new RegExp(`Acme incorporation ${suffix}`) })).toBeVisible();
  await expect(stepRow(admin, 'Collect Director Details')).toContainText('In progress');
  await expect(admin.getByRole('region', { name: 'Execution graph' })).toBeVisible();
  await expect(admin.getByRole('group', { name: /Form: Collect Director Details, In progress/ })).toBeVisible();
  await screen(admin, 'execution-running');

  await admin.goto('/executions');
  await expect(admin.getByRole('table', { name: 'Executions' })).toContainText(`Acme incorporation ${suffix}`);
  await screen(admin, 'executions-list');
});

test('complete the form task from the inbox; the open execution page follows without a reload', async () => {
  await watcher.goto(executionUrl);
  await expect(stepRow(watcher, 'DSC Per Director')).toContainText('Not started');

  await admin.goto('/inbox');
  await expect(admin.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  await expect(admin.getByRole('table', { name: 'Tasks' })).toContainText('Collect Director Details');
  await screen(admin, 'inbox');
  await admin.getByRole('table', { name: 'Tasks' }).getByRole('link', { name: 'Collect Director Details' }).first().click();
  await expect(admin.getByRole('heading', { name: 'Fill in the form' })).toBeVisible();

  const directors = [
    { id: 'd1', name: 'Ann Lee', hasDsc: false },
    { id: 'd2', name: 'Bo Chen', hasDsc: true },
    { id: 'd3', name: 'Cy Diaz', hasDsc: false },
  ];
  for (let i = 0; i < directors.length; i++) {
    await admin.getByRole('button', { name: 'Add Item' }).last().click();
    const d = directors[i]!;
    await admin.locator(`[id$="directors_${i}_id"]`).fill(d.id);
    await admin.locator(`[id$="directors_${i}_name"]`).fill(d.name);
    if (d.hasDsc) await admin.locator(`[id$="directors_${i}_hasDsc"]`).check();
  }
  // A field left empty is refused next to it before anything is sent.
  await admin.getByRole('button', { name: 'Add Item' }).last().click();
  await admin.getByRole('button', { name: 'Complete' }).click();
  await expect(admin.getByText('Required.').first()).toBeVisible();
  await screen(admin, 'task-form-invalid');
  await admin.getByRole('button', { name: /Remove/ }).last().click();
  await screen(admin, 'task-form');
  await admin.getByRole('button', { name: 'Complete' }).click();
  await expect(admin).toHaveURL(/\/inbox$/);

  // The other page was never reloaded.
  await expect(stepRow(watcher, 'Collect Director Details')).toContainText('Completed');
  await expect(stepRow(watcher, 'DSC Per Director')).toContainText('In progress');
  await watcher.getByRole('button', { name: 'Open step DSC Per Director' }).click();
  const drawer = watcher.getByRole('dialog', { name: /DSC Per Director/ });
  await expect(drawer.getByRole('table', { name: 'Child executions' }).getByRole('row')).toHaveCount(3);
  await expect(drawer).toContainText('DSC - Ann Lee');
  await expect(drawer).toContainText('DSC - Cy Diaz');
  await expect(drawer).toContainText('2 in all');
  await screen(watcher, 'execution-batch-drawer');
  await drawer.getByRole('button', { name: /close/i }).first().click();
});

test('a child shows its breadcrumbs; the tree and the context are there', async () => {
  await watcher.getByRole('tab', { name: /Descendants/ }).click();
  await expect(watcher.getByRole('list', { name: 'Execution tree' })).toContainText('DSC - Ann Lee');
  await screen(watcher, 'execution-descendants');
  await watcher.getByRole('tab', { name: 'Context' }).click();
  await expect(watcher.getByRole('group', { name: 'Current context' })).toContainText('Acme');
  await screen(watcher, 'execution-context');
  await watcher.getByRole('tab', { name: 'Timeline' }).click();
  await expect(watcher.getByRole('list', { name: 'Step durations' })).toContainText('Collect Director Details');
  await screen(watcher, 'execution-timeline');

  await watcher.getByRole('tab', { name: /Descendants/ }).click();
  await watcher.getByRole('link', { name: 'DSC - Ann Lee' }).click();
  await expect(watcher.getByRole('heading', { level: 1, name: /DSC - Ann Lee/ })).toBeVisible();
  await expect(watcher.getByRole('navigation', { name: /breadcrumb/i }).or(watcher.locator('.mantine-Breadcrumbs-root'))).toContainText(`Acme incorporation ${suffix}`);
  await expect(stepRow(watcher, 'Apply For DSC')).toContainText('In progress');
  await screen(watcher, 'execution-child');
});

test('cancel the tree: the confirmation says what will be cancelled', async () => {
  await admin.goto(executionUrl);
  await admin.getByRole('button', { name: 'Cancel', exact: true }).click();
  const dialog = admin.getByRole('dialog', { name: /Cancel “Acme incorporation/ });
  await expect(dialog).toContainText('its 2 descendant executions (2 still running)');
  await screen(admin, 'cancel-modal');
  await dialog.getByRole('button', { name: 'Cancel execution and 2 more' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: /Acme incorporation/ })).toContainText('Cancelled');
  await expect(stepRow(admin, 'DSC Per Director')).toContainText('Cancelled');
  await screen(admin, 'execution-cancelled');
});

test('retry a failed data-source step from the page', async () => {
  const lookup = await publishLookup(suffix, ids.child.versionId);
  const exec = await api<{ id: string }>('POST', '/v1/executions', { workflowTemplateId: lookup.templateId, name: `Lookup ${suffix}` });
  await admin.goto(`/executions/${exec.id}`);
  await expect(stepRow(admin, 'Look up the company')).toContainText('Failed', { timeout: 60_000 });
  await expect(admin.getByRole('heading', { level: 1, name: new RegExp(`Lookup ${suffix}`) })).toContainText('Failed');
  await admin.getByRole('button', { name: 'Open step Look up the company' }).click();
  const drawer = admin.getByRole('dialog', { name: /Look up the company/ });
  await expect(drawer).toContainText('DATASOURCE_');
  await screen(admin, 'failed-step-drawer');

  // Fix the data source (it now answers), then retry the step from the drawer.
  await api('PUT', `/v1/data-sources/${lookup.dataSourceId}`, { name: `company lookup ${suffix}`, kind: 'http', config: { method: 'GET', url: `${baseURL()}/healthz` } });
  await drawer.getByRole('button', { name: 'Retry step' }).click();
  await expect(drawer.getByRole('button', { name: 'Retry step' })).toHaveCount(0);
  await expect(stepRow(admin, 'Look up the company')).toContainText('In progress', { timeout: 60_000 });
  await expect(admin.getByRole('heading', { level: 1, name: new RegExp(`Lookup ${suffix}`) })).toContainText('In progress');
  await screen(admin, 'retried-step');
});
