import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Link } from '../api/types';
import { fetchMock, json, problem } from '../test/fetchMock';
import { renderWithProviders } from '../test/render';
import { LinkFormModal } from './LinkFormModal';

const template = { id: 'ct1', name: 'US incorporation', description: null, activeVersionId: null, activeVersion: null, versionCount: 0, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };
const link: Link = { id: 'cl1', workflowTemplateId: 'ct1', entityType: 'SERVICE_CATALOG', entityId: 'us-inc', createdAt: '2026-01-01T00:00:00Z' };
const calls = () => fetchMock.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`);

describe('LinkFormModal', () => {
  it('asks for the workflow and the identifier before calling the server', async () => {
    fetchMock.on('GET', '/v1/templates', () => json(200, { items: [template] }));
    renderWithProviders(<LinkFormModal opened onClose={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add link' }));
    expect(await screen.findByText('Choose the workflow to start.')).toBeInTheDocument();
    expect(screen.getByText('Enter the service request type key.')).toBeInTheDocument();
    expect(calls().filter((c) => c.startsWith('POST'))).toEqual([]);
  });

  it('explains a duplicate link, in one request that changes nothing when refused', async () => {
    fetchMock.on('PATCH', '/v1/links/cl2', () =>
      problem(409, { title: 'Conflict', code: 'duplicate_link', detail: 'SERVICE_CATALOG us-inc is already linked to template ct9' }),
    );
    renderWithProviders(<LinkFormModal opened onClose={() => {}} link={{ ...link, id: 'cl2', entityId: 'other' }} linkTemplateName="US incorporation" />);
    const id = screen.getByRole('textbox', { name: /Service request type key/ });
    await userEvent.clear(id);
    await userEvent.type(id, 'us-inc');
    await userEvent.click(screen.getByRole('button', { name: 'Save link' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('already linked to template ct9');
    expect(alert).toHaveTextContent('Edit or delete the existing link');
    expect(calls().filter((c) => !c.startsWith('GET'))).toEqual(['PATCH /v1/links/cl2']);
  });

  it('moves an entity to another workflow with one PATCH', async () => {
    fetchMock.on('GET', '/v1/templates', () => json(200, { items: [template, { ...template, id: 'ct2', name: 'Payroll' }] }));
    fetchMock.on('PATCH', '/v1/links/cl1', () => json(200, { ...link, workflowTemplateId: 'ct2' }));
    const onClose = vi.fn();
    renderWithProviders(<LinkFormModal opened onClose={onClose} link={link} linkTemplateName="US incorporation" />);
    const workflow = screen.getByRole('textbox', { name: /Workflow/ });
    await userEvent.clear(workflow);
    await userEvent.type(workflow, 'Pay');
    await userEvent.click(await screen.findByRole('option', { name: 'Payroll' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save link' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls().filter((c) => !c.startsWith('GET'))).toEqual(['PATCH /v1/links/cl1']);
    const sent = fetchMock.requests.find((r) => r.method === 'PATCH')!;
    expect(await sent.json()).toEqual({ workflowTemplateId: 'ct2', entityType: 'SERVICE_CATALOG', entityId: 'us-inc' });
  });
});
