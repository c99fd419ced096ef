import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fetchMock, json, problem } from '../test/fetchMock';
import { renderWithProviders } from '../test/render';
import { CreateApiKeyModal } from './CreateApiKeyModal';

const created = {
  id: 'ck1',
  name: 'ada',
  role: 'agent',
  user: 'ada',
  groups: ['ops'],
  prefix: '0123456789abcdef',
  createdAt: '2026-01-01T00:00:00Z',
  lastUsedAt: null,
  revokedAt: null,
  token: 'wfb_0123456789abcdef_' + 'a'.repeat(64),
};

describe('CreateApiKeyModal', () => {
  it('sends name, role, user and groups, then shows the token once with a copy button', async () => {
    fetchMock.on('POST', '/v1/api-keys', () => json(201, created));
    renderWithProviders(<CreateApiKeyModal opened onClose={() => {}} />);
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'ada');
    await userEvent.type(screen.getByRole('textbox', { name: /User/ }), 'ada');
    await userEvent.type(screen.getByRole('textbox', { name: /Groups/ }), 'ops{enter}');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByTestId('new-token')).toHaveTextContent(created.token);
    expect(screen.getByRole('button', { name: 'Copy token' })).toBeInTheDocument();
    expect(screen.getByText('Copy the token now')).toBeInTheDocument();
    expect(await fetchMock.requests[0].json()).toEqual({ name: 'ada', role: 'agent', user: 'ada', groups: ['ops'] });
  });

  it('asks an agent key for its user before calling the server', async () => {
    renderWithProviders(<CreateApiKeyModal opened onClose={() => {}} />);
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'ada');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('An agent key acts for a user: name them.')).toBeInTheDocument();
    expect(fetchMock.requests).toHaveLength(0);
  });

  it('shows the server refusal next to the field it names', async () => {
    fetchMock.on('POST', '/v1/api-keys', () =>
      problem(422, {
        title: 'Unprocessable Entity',
        code: 'invalid_request',
        detail: 'validation failed',
        errors: [{ message: 'names are non-empty and contain no comma', location: 'body.groups[0]' }, { message: 'expected length <= 200', location: 'body.name' }],
      }),
    );
    renderWithProviders(<CreateApiKeyModal opened onClose={() => {}} />);
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'ada');
    await userEvent.type(screen.getByRole('textbox', { name: /User/ }), 'ada');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: /Name/ })).toHaveAccessibleDescription(/expected length <= 200/));
    expect(screen.getByRole('textbox', { name: /Groups/ })).toHaveAccessibleDescription(/\[0\]: names are non-empty and contain no comma/);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('validation failed');
    expect(alert).not.toHaveTextContent('expected length');
    expect(screen.queryByTestId('new-token')).not.toBeInTheDocument();
  });
});
