import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { fetchMock, json, problem } from '../test/fetchMock';
import { renderWithProviders } from '../test/render';
import VersionPage from './VersionPage';

// The page loads the canvas and the configuration panel (CodeMirror) lazily; the first import of
// those modules in a test run can take longer than the default second on a loaded machine.
configure({ asyncUtilTimeout: 5000 });

const draft = {
  id: 'cv1',
  workflowTemplateId: 'ct1',
  version: '1.0.0',
  versionNote: null,
  definition: { id: 'x', name: 'X', steps: [], stepTransitions: [] },
  status: 'DRAFT',
  active: false,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  publishedAt: null,
  publishedBy: null,
};

function serve(etag: string) {
  fetchMock.on('GET', '/v1/templates/ct1', () =>
    json(200, { id: 'ct1', name: 'US incorporation', description: null, activeVersionId: null, activeVersion: null, versionCount: 0, createdAt: draft.createdAt, updatedAt: draft.updatedAt }),
  );
  fetchMock.on('GET', '/v1/versions/cv1', () => json(200, draft, { ETag: etag }));
  fetchMock.on('GET', '/v1/versions/cv1/validation', () => json(200, { valid: true, issues: [] }));
}

function page() {
  return (
    <Routes>
      <Route path="/workflows/:templateId/versions/:versionId" element={<VersionPage />} />
    </Routes>
  );
}

async function importFile(text: string) {
  const input = document.querySelector('input[type=file]') as HTMLInputElement;
  await userEvent.upload(input, new File([text], 'def.json', { type: 'application/json' }));
}

describe('VersionPage', () => {
  it('imports a JSON file into the draft with the ETag it read as If-Match', async () => {
    serve('"111"');
    fetchMock.on('PATCH', '/v1/versions/cv1', () => json(200, { ...draft, issues: [] }, { ETag: '"222"' }));
    renderWithProviders(page(), { route: '/workflows/ct1/versions/cv1' });
    expect(await screen.findByText('No errors: this draft can be published.')).toBeInTheDocument();
    await importFile('{"id": "y", "name": "Y", "steps": [], "stepTransitions": []}');
    await waitFor(() => expect(fetchMock.requests.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = fetchMock.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('If-Match')).toBe('"111"');
    expect(await patch.json()).toEqual({ definition: { id: 'y', name: 'Y', steps: [], stepTransitions: [] } });
  });

  it('a stale draft explains the conflict and reloads on request', async () => {
    serve('"111"');
    fetchMock.on('PATCH', '/v1/versions/cv1', () =>
      problem(409, { title: 'Conflict', code: 'stale_write', detail: 'version cv1 was changed since it was read' }),
    );
    renderWithProviders(page(), { route: '/workflows/ct1/versions/cv1' });
    await screen.findByText('No errors: this draft can be published.');
    await importFile('{"id": "y"}');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('version cv1 was changed since it was read');
    expect(alert).toHaveTextContent('Someone changed this draft');
    const reads = () => fetchMock.requests.filter((r) => r.method === 'GET' && new URL(r.url).pathname === '/v1/versions/cv1').length;
    const before = reads();
    await userEvent.click(screen.getByRole('button', { name: 'Reload latest' }));
    await waitFor(() => expect(reads()).toBe(before + 1));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('refuses a file that is not JSON without calling the server', async () => {
    serve('"111"');
    renderWithProviders(page(), { route: '/workflows/ct1/versions/cv1' });
    await screen.findByText('No errors: this draft can be published.');
    await importFile('{not json');
    expect(await screen.findByRole('alert')).toHaveTextContent('def.json is not JSON');
    expect(fetchMock.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });
  it('shows the canvas first and the JSON on the toggle', async () => {
    serve('"111"');
    renderWithProviders(page(), { route: '/workflows/ct1/versions/cv1' });
    expect(await screen.findByRole('region', { name: 'Definition canvas' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Definition JSON' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByText('JSON', { exact: true }));
    expect(await screen.findByRole('region', { name: 'Definition JSON' })).toHaveTextContent('"stepTransitions"');
    expect(screen.queryByRole('region', { name: 'Definition canvas' })).not.toBeInTheDocument();
  });
});
