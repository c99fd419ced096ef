import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fetchMock, json, problem } from '../test/fetchMock';
import { renderWithProviders } from '../test/render';
import { CreateTemplateModal } from './CreateTemplateModal';

describe('CreateTemplateModal', () => {
  it('asks for a name before calling the server', async () => {
    renderWithProviders(<CreateTemplateModal opened onClose={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create workflow' }));
    expect(await screen.findByText('A workflow needs a name.')).toBeInTheDocument();
    expect(fetchMock.requests).toHaveLength(0);
  });

  it('shows a server field error next to its field', async () => {
    fetchMock.on('POST', '/v1/templates', () =>
      problem(422, {
        title: 'Unprocessable Entity',
        code: 'invalid_request',
        detail: 'validation failed',
        errors: [{ message: 'expected length <= 200', location: 'body.name', value: 'x' }],
      }),
    );
    renderWithProviders(<CreateTemplateModal opened onClose={() => {}} />);
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'US incorporation');
    await userEvent.click(screen.getByRole('button', { name: 'Create workflow' }));
    const input = screen.getByRole('textbox', { name: /Name/ });
    await waitFor(() => expect(input).toHaveAccessibleDescription(/expected length <= 200/));
    expect(screen.getByRole('alert')).toHaveTextContent('validation failed');
  });

  it('sends the trimmed name and description and opens the new workflow', async () => {
    fetchMock.on('POST', '/v1/templates', async (req) => {
      const body = await req.json();
      return json(201, { id: 'ct1', name: body.name, description: body.description, activeVersionId: null, activeVersion: null, versionCount: 0, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' });
    });
    renderWithProviders(<CreateTemplateModal opened onClose={() => {}} />);
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), '  Payroll  ');
    await userEvent.type(screen.getByRole('textbox', { name: /Description/ }), 'Monthly run');
    await userEvent.click(screen.getByRole('button', { name: 'Create workflow' }));
    await waitFor(() => expect(fetchMock.requests).toHaveLength(1));
    expect(await fetchMock.requests[0].json()).toEqual({ name: 'Payroll', description: 'Monthly run' });
  });
});
