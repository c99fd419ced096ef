import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminToken, baseURL, example, screen, signIn, watch } from './helpers';

// One story, in order, against one real `wfb serve`: the admin builds and publishes a workflow,
// then creates an agent key whose session ends when the admin revokes it.
test.describe.configure({ mode: 'serial' });

let admin: Page;
let agentToken = '';
const workflow = `US incorporation ${Date.now().toString(36)}`;

async function newPage(browser: Browser) {
  // Reduced motion: no half-faded notification or modal in a screenshot or under axe-core.
  const context = await browser.newContext({ baseURL: baseURL(), reducedMotion: 'reduce' });
  return watch(await context.newPage());
}

test.beforeAll(async ({ browser }) => {
  admin = await newPage(browser);
});

test('sign in with the printed admin key', async () => {
  await admin.goto('/');
  await expect(admin).toHaveURL(/\/sign-in$/);
  await expect(admin.getByRole('heading', { name: 'Sign in to Workflow Builder' })).toBeVisible();
  await screen(admin, 'sign-in');

  await admin.getByLabel('API key').fill('wfb_0000000000000000_' + '0'.repeat(64));
  await admin.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(admin.getByText('This key was not accepted')).toBeVisible();
  await screen(admin, 'sign-in-refused');

  await signIn(admin, adminToken());
  await expect(admin).toHaveURL(/\/workflows$/);
  await expect(admin.getByRole('heading', { name: 'Workflow Management' })).toBeVisible();
  await expect(admin.getByText('No workflows yet')).toBeVisible();
  await screen(admin, 'workflows-empty');
});

test('create a workflow, add 1.0.0, import linear-confirm, publish and activate it', async () => {
  await admin.getByRole('button', { name: 'Create Workflow', exact: true }).click();
  const dialog = admin.getByRole('dialog', { name: 'Create Workflow' });
  await dialog.getByRole('button', { name: 'Create workflow', exact: true }).click();
  await expect(dialog.getByText('A workflow needs a name.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(workflow);
  await dialog.getByRole('textbox', { name: 'Description', exact: true }).fill('Delaware C-corp, end to end');
  await screen(admin, 'create-workflow-modal');
  await dialog.getByRole('button', { name: 'Create workflow', exact: true }).click();

  await expect(admin.getByRole('heading', { name: workflow })).toBeVisible();
  await expect(admin.getByText('No versions yet')).toBeVisible();
  await screen(admin, 'workflow-detail-empty');

  await admin.getByRole('button', { name: 'Add Version', exact: true }).click();
  const add = admin.getByRole('dialog', { name: 'Add Version' });
  await add.getByRole('textbox', { name: 'Version', exact: true }).fill('v1');
  await expect(add.getByText('Leave out the “v”')).toBeVisible();
  await add.getByRole('textbox', { name: 'Version', exact: true }).fill('1.0.0');
  await add.getByRole('textbox', { name: 'Version note', exact: true }).fill('first cut');
  await screen(admin, 'add-version-modal');
  await add.getByRole('button', { name: 'Add version 1.0.0', exact: true }).click();

  await expect(admin.getByRole('heading', { name: /Version 1\.0\.0/ })).toBeVisible();
  await expect(admin.getByRole('heading', { name: /Version 1\.0\.0/ }).getByText('DRAFT', { exact: true })).toBeVisible();
  const chooser = admin.waitForEvent('filechooser');
  await admin.getByRole('button', { name: 'Import JSON file…', exact: true }).click();
  await (await chooser).setFiles(example('linear-confirm.json'));
  await expect(admin.getByText('Imported linear-confirm.json')).toBeVisible();
  await expect(admin.getByText('No errors: this draft can be published.')).toBeVisible();
  await expect(admin.getByRole('region', { name: 'Definition canvas' }).getByText('Verify Documents')).toBeVisible();
  await admin.getByText('JSON', { exact: true }).click();
  await expect(admin.getByRole('region', { name: 'Definition JSON' })).toContainText('customer-verification');
  await screen(admin, 'version-draft-imported');

  await admin.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(admin.getByRole('heading', { name: /Version 1\.0\.0/ }).getByText('PUBLISHED', { exact: true })).toBeVisible();
  await admin.getByRole('button', { name: 'Activate', exact: true }).click();
  await expect(admin.getByRole('heading', { name: /Version 1\.0\.0/ }).getByText('Active', { exact: true })).toBeVisible();
  await screen(admin, 'version-active');

  await admin.getByRole('link', { name: workflow }).click();
  await expect(admin.getByRole('table', { name: 'Versions' })).toContainText('1.0.0');
  await expect(admin.getByRole('table', { name: 'Versions' })).toContainText('Active');
  await screen(admin, 'workflow-detail');
});

test('a refused publish lists the rule and its message', async () => {
  await admin.getByRole('button', { name: 'Add Version', exact: true }).click();
  const add = admin.getByRole('dialog', { name: 'Add Version' });
  await add.getByRole('textbox', { name: 'Version', exact: true }).fill('1.1.0');
  await add.getByRole('button', { name: 'Add version 1.1.0', exact: true }).click();
  await expect(admin.getByRole('heading', { name: /Version 1\.1\.0/ })).toBeVisible();
  const chooser = admin.waitForEvent('filechooser');
  await admin.getByRole('button', { name: 'Import JSON file…', exact: true }).click();
  await (await chooser).setFiles(example('invalid/two-starts.json'));
  await expect(admin.getByText(/error to fix before publishing|errors to fix before publishing/)).toBeVisible();
  await admin.getByRole('button', { name: 'Publish', exact: true }).click();
  const refused = admin.getByRole('dialog', { name: 'Publishing was refused' });
  await expect(refused).toContainText('GRAPH_EXACTLY_ONE_START');
  await expect(refused).toContainText('needs exactly one START step');
  await screen(admin, 'publish-refused');
  await refused.getByRole('button', { name: /close/i }).click();
});

test('start a version from an example; edit and delete a workflow', async () => {
  await admin.goto('/workflows');
  await admin.getByRole('button', { name: 'Create Workflow', exact: true }).click();
  const create = admin.getByRole('dialog', { name: 'Create Workflow' });
  await create.getByRole('textbox', { name: 'Name', exact: true }).fill('Scratch workflow');
  await create.getByRole('button', { name: 'Create workflow', exact: true }).click();
  await expect(admin.getByRole('heading', { name: 'Scratch workflow' })).toBeVisible();

  await admin.getByRole('button', { name: 'Add Version', exact: true }).click();
  const add = admin.getByRole('dialog', { name: 'Add Version' });
  await add.getByText('An example', { exact: true }).click();
  await add.getByRole('textbox', { name: 'Example', exact: true }).click();
  await admin.getByRole('option', { name: /exclusive-approval/ }).click();
  await screen(admin, 'add-version-from-example');
  await add.getByRole('button', { name: 'Add version 1.0.0', exact: true }).click();
  await expect(admin.getByRole('heading', { name: /Version 1\.0\.0/ })).toBeVisible();
  await admin.getByText('JSON', { exact: true }).click();
  await expect(admin.getByRole('region', { name: 'Definition JSON' })).toContainText('filing-approval');

  await admin.getByRole('link', { name: 'Scratch workflow' }).click();
  await admin.getByRole('button', { name: 'Workflow', exact: true }).click();
  await admin.getByRole('menuitem', { name: 'Edit name and description' }).click();
  const edit = admin.getByRole('dialog', { name: 'Edit workflow' });
  await edit.getByRole('textbox', { name: 'Description', exact: true }).fill('Only for trying things');
  await screen(admin, 'edit-workflow-modal');
  await edit.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(admin.getByText('Only for trying things')).toBeVisible();

  await admin.getByRole('button', { name: 'Workflow', exact: true }).click();
  await admin.getByRole('menuitem', { name: 'Delete workflow…' }).click();
  const del = admin.getByRole('dialog', { name: 'Delete “Scratch workflow”?' });
  await expect(del).toContainText('all 1 version');
  await expect(del.getByRole('button', { name: 'Delete workflow', exact: true })).toBeDisabled();
  await del.getByRole('textbox', { name: 'Type the workflow’s name to confirm', exact: true }).fill('Scratch workflow');
  await screen(admin, 'delete-workflow-modal');
  await del.getByRole('button', { name: 'Delete workflow', exact: true }).click();
  await expect(admin).toHaveURL(/\/workflows$/);
  await expect(admin.getByRole('table', { name: 'Workflows' })).not.toContainText('Scratch workflow');
});

test('link the workflow to a service-request type', async () => {
  await admin.goto('/workflows/links');
  await expect(admin.getByText('No links yet')).toBeVisible();
  await admin.getByRole('button', { name: 'Add Link', exact: true }).click();
  const dialog = admin.getByRole('dialog', { name: 'Add Link' });
  await dialog.getByRole('textbox', { name: 'Workflow' }).fill(workflow.slice(0, 8));
  await admin.getByRole('option', { name: workflow }).click();
  await dialog.getByRole('radio', { name: 'Service Request Type', exact: true }).check();
  await dialog.getByRole('textbox', { name: 'Service request type key', exact: true }).fill('us-incorporation');
  await screen(admin, 'add-link-modal');
  await dialog.getByRole('button', { name: 'Add link', exact: true }).click();
  const table = admin.getByRole('table', { name: 'Workflow Links' });
  await expect(table).toContainText('us-incorporation');
  await expect(table).toContainText(workflow);

  // The same identifier again: the server's 409 is explained in the form.
  await admin.getByRole('button', { name: 'Add Link', exact: true }).click();
  const again = admin.getByRole('dialog', { name: 'Add Link' });
  await again.getByRole('textbox', { name: 'Workflow' }).fill(workflow.slice(0, 8));
  await admin.getByRole('option', { name: workflow }).click();
  await again.getByRole('textbox', { name: 'Service request type key', exact: true }).fill('us-incorporation');
  await again.getByRole('button', { name: 'Add link', exact: true }).click();
  await expect(again.getByRole('alert')).toContainText('already linked');
  await screen(admin, 'add-link-conflict');
  await again.getByRole('button', { name: 'Cancel', exact: true }).click();

  // Editing is one PATCH: the key changes in place, and back.
  for (const [from, to] of [['us-incorporation', 'us-incorporation-2'], ['us-incorporation-2', 'us-incorporation']]) {
    await table.getByRole('button', { name: `Edit link ${from}`, exact: true }).click();
    const edit = admin.getByRole('dialog', { name: 'Edit Link' });
    await edit.getByRole('textbox', { name: 'Service request type key', exact: true }).fill(to);
    await edit.getByRole('button', { name: 'Save link', exact: true }).click();
    await expect(edit).toBeHidden();
    await expect(table.getByRole('button', { name: `Edit link ${to}`, exact: true })).toBeVisible();
  }
  await screen(admin, 'workflow-links');

  await admin.goto('/workflows');
  await expect(admin.getByRole('table', { name: 'Workflows' })).toContainText(workflow);
  await expect(admin.getByRole('table', { name: 'Workflows' })).toContainText('1.0.0');
  await screen(admin, 'workflows');
});

test('data sources, request types and the audit log', async () => {
  await admin.goto('/data-sources');
  await expect(admin.getByText('No data sources yet')).toBeVisible();
  await admin.getByRole('button', { name: 'New data source', exact: true }).first().click();
  const ds = admin.getByRole('dialog', { name: 'New data source' });
  await ds.getByRole('textbox', { name: 'Name', exact: true }).fill('crm');
  await screen(admin, 'data-source-form');
  await ds.getByRole('button', { name: 'Create data source', exact: true }).click();
  await expect(admin.getByRole('table', { name: 'Data sources' })).toContainText('crm');
  await screen(admin, 'data-sources');

  await admin.goto('/request-types');
  await admin.getByRole('button', { name: 'New request type', exact: true }).first().click();
  const rt = admin.getByRole('dialog', { name: 'New service-request type' });
  await rt.getByRole('textbox', { name: 'Key', exact: true }).fill('us-incorporation');
  await rt.getByRole('textbox', { name: 'Name', exact: true }).fill('US incorporation');
  await screen(admin, 'request-type-form');
  await rt.getByRole('button', { name: 'Create type', exact: true }).click();
  await expect(admin.getByRole('table', { name: 'Service-request types' })).toContainText('us-incorporation');
  await screen(admin, 'request-types');

  await admin.goto('/audit');
  await expect(admin.getByRole('table', { name: 'Audit entries' })).toContainText('version.publish');
  await screen(admin, 'audit');
  await admin.getByRole('textbox', { name: 'Action', exact: true }).fill('link.create');
  await admin.getByRole('button', { name: 'Apply filters', exact: true }).click();
  await expect(admin).toHaveURL(/action=link\.create/);
  await expect(admin.getByRole('table', { name: 'Audit entries' })).not.toContainText('version.publish');
  await screen(admin, 'audit-filtered');
  await admin.goBack();
  await expect(admin.getByRole('table', { name: 'Audit entries' })).toContainText('version.publish');
});

test('create an agent key; the agent sees no management and gets 403 there', async ({ browser }) => {
  await admin.goto('/api-keys');
  await admin.getByRole('button', { name: 'Create API key', exact: true }).first().click();
  const dialog = admin.getByRole('dialog', { name: 'Create API key' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('ada');
  await dialog.getByRole('textbox', { name: 'User', exact: true }).fill('ada');
  await dialog.getByRole('textbox', { name: 'Groups' }).fill('ops');
  await dialog.getByRole('textbox', { name: 'Groups' }).press('Enter');
  await screen(admin, 'create-key-modal');
  await dialog.getByRole('button', { name: 'Create key', exact: true }).click();
  const created = admin.getByRole('dialog', { name: 'API key created' });
  agentToken = (await created.getByTestId('new-token').innerText()).trim();
  expect(agentToken).toMatch(/^wfb_/);
  await screen(admin, 'key-created');
  await created.getByRole('button', { name: 'I have copied it', exact: true }).click();
  await expect(admin.getByRole('table', { name: 'API keys' })).toContainText('ada');
  await screen(admin, 'api-keys');

  const agent = await newPage(browser);
  await signIn(agent, agentToken);
  await expect(agent).toHaveURL(/\/inbox$/);
  await expect(agent.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  const nav = agent.getByRole('navigation');
  await expect(nav.getByRole('link', { name: 'Inbox' })).toBeVisible();
  for (const label of ['Workflow Management', 'Workflow Links', 'Data sources', 'API keys', 'Audit log']) {
    await expect(nav.getByRole('link', { name: label })).toHaveCount(0);
  }
  await screen(agent, 'agent-inbox');
  for (const path of ['/workflows', '/workflows/links', '/api-keys', '/audit', '/data-sources', '/request-types']) {
    await agent.goto(path);
    await expect(agent.getByRole('heading', { name: '403 — Forbidden' })).toBeVisible();
  }
  await screen(agent, 'agent-forbidden');

  // The admin revokes the key; the agent's next request signs it out.
  await admin.getByRole('button', { name: 'Revoke ada', exact: true }).click();
  await admin.getByRole('dialog', { name: 'Revoke ada?' }).getByRole('button', { name: 'Revoke key', exact: true }).click();
  await expect(admin.getByText('ada revoked')).toBeVisible();

  await agent.getByRole('link', { name: 'Go to your start page' }).click();
  await expect(agent).toHaveURL(/\/sign-in$/);
  await expect(agent.getByText('Your API key was not accepted any more')).toBeVisible();
  await screen(agent, 'agent-signed-out');
});

test('a service key sees only a note', async ({ browser }) => {
  const res = await fetch(`${baseURL()}/v1/api-keys`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'crm', role: 'service' }),
  });
  expect(res.status).toBe(201);
  const { token } = (await res.json()) as { token: string };
  const service = await newPage(browser);
  await signIn(service, token);
  await expect(service).toHaveURL(/\/service$/);
  await expect(service.getByRole('heading', { name: 'Service key' })).toBeVisible();
  await expect(service.getByText('Nothing to manage with this key.')).toBeVisible();
  await screen(service, 'service-note');
  await service.goto('/workflows');
  await expect(service.getByRole('heading', { name: '403 — Forbidden' })).toBeVisible();
});

test('keyboard: skip link, modal opened and closed without a mouse', async () => {
  await admin.goto('/workflows');
  await expect(admin.getByRole('heading', { name: 'Workflow Management' })).toBeVisible();
  await admin.keyboard.press('Tab');
  await expect(admin.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await admin.keyboard.press('Enter');
  await expect(admin.locator('#content')).toBeFocused();
  await admin.getByRole('button', { name: 'Create Workflow', exact: true }).focus();
  await admin.keyboard.press('Enter');
  const dialog = admin.getByRole('dialog', { name: 'Create Workflow' });
  await expect(dialog.getByRole('textbox', { name: 'Name', exact: true })).toBeFocused();
  await admin.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('an unknown address answers in the app', async () => {
  await admin.goto('/no/such/screen');
  await expect(admin.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await screen(admin, 'not-found');
});
