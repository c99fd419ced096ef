// API set-up for the E2E specs: calls, and workflows published and activated from the examples,
// through the same public API an integrator uses (the UI for these is covered by app.spec.ts).
import { readFileSync } from 'node:fs';
import { adminToken, baseURL, example } from './helpers';

/** api calls the server with a key (the admin's by default) and returns the JSON answer. */
export async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token = adminToken()): Promise<T> {
  const res = await fetch(baseURL() + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** publish creates a workflow with one published, active version of a definition; returns its ids. */
export async function publish(name: string, definition: unknown): Promise<{ templateId: string; versionId: string }> {
  const t = await api<{ id: string }>('POST', '/v1/templates', { name });
  const v = await api<{ id: string }>('POST', `/v1/templates/${t.id}/versions`, { version: '1.0.0', definition });
  await api('POST', `/v1/versions/${v.id}/publish`);
  await api('POST', `/v1/versions/${v.id}/activate`);
  return { templateId: t.id, versionId: v.id };
}

/** readExample reads one of the product's example definitions. */
export function readExample(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(example(file), 'utf8')) as Record<string, unknown>;
}

/** incorporation publishes dsc-child and incorporation-batch (its child version set). */
export async function publishIncorporation(suffix: string) {
  const child = await publish(`DSC child ${suffix}`, readExample('dsc-child.json'));
  const text = JSON.stringify(readExample('incorporation-batch.json')).replace('REPLACE_WITH_PUBLISHED_DSC_VERSION_ID', child.versionId);
  const parent = await publish(`Incorporation ${suffix}`, JSON.parse(text));
  return { child, parent };
}

/**
 * publishLookup publishes a workflow whose one sub-workflow step calls an HTTP data source
 * before its child starts; the data source answers 404 (not retried), so the step fails.
 */
export async function publishLookup(suffix: string, childVersionId: string) {
  const ds = await api<{ id: string }>('POST', '/v1/data-sources', { name: `company lookup ${suffix}`, kind: 'http', config: { method: 'GET', url: `${baseURL()}/v1/no-such-route` } });
  const definition = {
    id: 'company-lookup',
    name: 'Company lookup',
    steps: [
      { id: 'start', type: 'start', name: 'Start' },
      {
        id: 'lookup',
        type: 'sys.sub_workflow',
        name: 'Look up the company',
        mode: 'SINGLE',
        childWorkflowTemplateVersionId: childVersionId,
        dataSources: [{ id: 'd1', alias: 'company', type: 'COMMENDA_LOGICAL_BACKEND', dataSourceID: ds.id, scope: 'per-step' }],
        inputMapping: [{ id: 'm1', targetPath: 'company', value: { type: 'field', ref: { source: 'DATASOURCE', key: 'company', path: 'status' } } }],
      },
      { id: 'end', type: 'end', name: 'End' },
    ],
    stepTransitions: [
      { id: 't1', fromStepId: 'start', toStepId: 'lookup' },
      { id: 't2', fromStepId: 'lookup', toStepId: 'end' },
    ],
  };
  const wf = await publish(`Company lookup ${suffix}`, definition);
  return { ...wf, dataSourceId: ds.id };
}
