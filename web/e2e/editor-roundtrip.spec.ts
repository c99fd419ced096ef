import { expect, test, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { api } from './api';
import { adminToken, baseURL, screen, signIn, watch } from './helpers';

// Every example definition opens in the editor, and saving it unchanged stores a definition
// JSON-equal to the one stored before, apart from step positions (which the editor writes: laid
// out on open when they were all equal). Unknown fields are kept.
test.describe.configure({ mode: 'serial' });

type Definition = { steps: Record<string, unknown>[]; [key: string]: unknown };

const repo = resolve(import.meta.dirname, '..', '..');

/**
 * examples lists the repository's example definitions, then those of ../shared/examples that
 * the repository does not ship (when that folder exists), by file name.
 */
function examples(): { name: string; definition: Definition }[] {
  const seen = new Map<string, Definition>();
  for (const dir of [join(repo, 'examples'), join(repo, '..', 'shared', 'examples')]) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Definition;
      if (!Array.isArray(doc.steps) || seen.has(file)) continue; // service-request types are not definitions
      seen.set(file, doc);
    }
  }
  return [...seen].map(([file, definition]) => ({ name: basename(file, '.json'), definition }));
}

/**
 * withUnknownFields adds fields the DSL does not know at every level the editor edits: they
 * must come back from a save untouched.
 */
function withUnknownFields(def: Definition): Definition {
  const steps = def.steps.map((s, i) => (i === 1 ? { ...s, 'x-note': { owner: 'ops', tags: ['a', 1, null] } } : s));
  const transitions = (def.stepTransitions as Record<string, unknown>[]).map((t, i) => (i === 0 ? { ...t, 'x-weight': 0.5 } : t));
  return { ...def, steps, stepTransitions: transitions, 'x-team': { slack: '#ops' } };
}

/**
 * withoutPositions drops what the editor writes on open and save: each step's and group's
 * `ui.reactFlow.position` (and a `ui` left empty by that), nothing else.
 */
function withoutPositions(def: Definition): unknown {
  const strip = (el: Record<string, unknown>) => {
    const ui = el.ui as { reactFlow?: Record<string, unknown> } | undefined;
    if (!ui?.reactFlow || !('position' in ui.reactFlow)) return el;
    const reactFlow = { ...ui.reactFlow };
    delete reactFlow.position;
    const rest: Record<string, unknown> = { ...ui, reactFlow };
    if (Object.keys(reactFlow).length === 0) delete rest.reactFlow;
    const out: Record<string, unknown> = { ...el, ui: rest };
    if (Object.keys(rest).length === 0) delete out.ui;
    return out;
  };
  const groups = def.stepGroups as Record<string, unknown>[] | undefined;
  return { ...def, steps: def.steps.map(strip), ...(groups ? { stepGroups: groups.map(strip) } : {}) };
}

const positions = (def: Definition) =>
  def.steps.map((s) => JSON.stringify((s.ui as { reactFlow?: { position?: unknown } } | undefined)?.reactFlow?.position ?? null));

let page: Page;

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ baseURL: baseURL(), reducedMotion: 'reduce' });
  page = watch(await context.newPage());
  await signIn(page, adminToken());
  await expect(page).toHaveURL(/\/workflows$/);
});

const cases = examples().flatMap(({ name, definition }) => [
  { name, definition },
  ...(name === 'incorporation-batch' ? [{ name: `${name} with unknown fields`, definition: withUnknownFields(definition) }] : []),
]);

for (const { name, definition } of cases) {
  test(`${name}: opens, and saving it unchanged keeps it`, async () => {
    const t = await api<{ id: string }>('POST', '/v1/templates', { name: `Round trip ${name} ${Date.now().toString(36)}` });
    const v = await api<{ id: string }>('POST', `/v1/templates/${t.id}/versions`, { version: '1.0.0', definition });
    const before = (await api<{ definition: Definition }>('GET', `/v1/versions/${v.id}`)).definition;

    await page.goto(`/workflows/${t.id}/versions/${v.id}/edit`);
    const steps = page.locator('.react-flow__node:not(.react-flow__node-group)');
    await expect(steps).toHaveCount(before.steps.length);
    await expect(page.locator('.react-flow__edge')).toHaveCount((before.stepTransitions as unknown[]).length);
    if (name === 'incorporation-batch') await screen(page, 'editor-roundtrip-incorporation-batch');

    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/v1/versions/${v.id}`));
    await page.getByRole('button', { name: /^Save/ }).click();
    expect((await saved).status()).toBe(200);
    await expect(page.getByRole('button', { name: 'Saved' })).toBeVisible();

    const after = (await api<{ definition: Definition }>('GET', `/v1/versions/${v.id}`)).definition;
    expect(withoutPositions(after)).toEqual(withoutPositions(before));
    // Positions are written into ui.reactFlow: every step has one, and they are not all equal.
    const written = positions(after);
    expect(written).not.toContain('null');
    expect(new Set(written).size).toBeGreaterThan(1);
    if (new Set(positions(before)).size > 1) expect(written).toEqual(positions(before));
  });
}
