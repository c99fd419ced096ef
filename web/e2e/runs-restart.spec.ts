import { expect, test, type Request } from '@playwright/test';
import { startServer, type Server } from './server.mjs';
import { forgiveOutage, screen, watch } from './helpers';

// The execution page's event stream across a real restart of `wfb serve`: its own server (the
// run's shared one must not stop), restarted on the same address and data directory while the
// page stays open. The page reconnects by itself, resuming from the last event it saw
// (`Last-Event-ID`), goes live again and shows the next change as it happens.
test.describe.configure({ mode: 'serial' });

let server: Server;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startServer(process.env.WFB_BIN!);
});

test.afterAll(async () => {
  await server?.stop();
});

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(server.baseURL + path, {
    method,
    headers: { Authorization: `Bearer ${server.adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const confirm = (id: string, name: string) => ({ id, type: 'human.confirm', name, message: `${name}?` });

test('the event stream resumes from its last id after the server restarts', async ({ browser }) => {
  test.setTimeout(300_000);
  const definition = {
    id: 'two-checks',
    name: 'Two checks',
    steps: [{ id: 'start', type: 'start', name: 'Start' }, confirm('first', 'First check'), confirm('second', 'Second check'), { id: 'end', type: 'end', name: 'End' }],
    stepTransitions: [
      { id: 't1', fromStepId: 'start', toStepId: 'first' },
      { id: 't2', fromStepId: 'first', toStepId: 'second' },
      { id: 't3', fromStepId: 'second', toStepId: 'end' },
    ],
  };
  const t = await call<{ id: string }>('POST', '/v1/templates', { name: 'Restart' });
  const v = await call<{ id: string }>('POST', `/v1/templates/${t.id}/versions`, { version: '1.0.0', definition });
  await call('POST', `/v1/versions/${v.id}/publish`);
  await call('POST', `/v1/versions/${v.id}/activate`);
  const exec = await call<{ id: string }>('POST', '/v1/executions', { workflowTemplateId: t.id, name: 'Across a restart' });

  const context = await browser.newContext({ baseURL: server.baseURL, reducedMotion: 'reduce' });
  const page = watch(await context.newPage());
  const streams: Request[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith(`/v1/executions/${exec.id}/events`)) streams.push(r);
  });
  // The graph's layout engine loads on first use; the first load fails as it would while the
  // server restarts, and the canvas must get over it by itself.
  let refused = 0;
  await page.route(/\/assets\/elk-api-[^/]*\.js$/, (route) => (refused++ === 0 ? route.abort('connectionrefused') : route.continue()));
  await page.goto('/sign-in');
  await page.getByLabel('API key').fill(server.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signing in checks the key with the server first: navigating before it is done lands on the
  // sign-in page again.
  await expect(page).toHaveURL(/\/workflows$/);
  await page.goto(`/executions/${exec.id}`);
  const status = page.getByRole('status').filter({ hasText: 'Live' });
  await expect(status).toBeVisible();
  await expect(page.getByRole('region', { name: 'Execution graph' }).locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
  expect(refused).toBeGreaterThan(1);

  // A change before the restart arrives on the first connection and moves its last id on.
  await call('POST', `/v1/executions/${exec.id}/steps/first/complete`, { outputData: {} });
  const row = (step: string) => page.getByRole('table', { name: 'Steps' }).locator(`tr[data-step="${step}"]`);
  await expect(row('first')).toContainText('Completed');
  await expect(row('second')).toContainText('In progress');
  const before = streams.length;

  server = await server.restart();

  // The page noticed, reconnected by itself once the server was back, and said which event it
  // had seen last.
  await expect(status).toBeVisible({ timeout: 90_000 });
  forgiveOutage(page);
  expect(streams.length).toBeGreaterThan(before);
  const resumed = streams.slice(before).map((r) => r.headers()['last-event-id']);
  expect(resumed.every((id) => id !== undefined && id !== ''), `Last-Event-ID of the reconnections: ${JSON.stringify(resumed)}`).toBe(true);

  // And the next change shows live, without a reload.
  await call('POST', `/v1/executions/${exec.id}/steps/second/complete`, { outputData: {} });
  await expect(row('second')).toContainText('Completed');
  await expect(page.getByRole('heading', { level: 1, name: /Across a restart/ })).toContainText('Completed');
  await screen(page, 'execution-live-after-restart');
  await context.close();
});
