import { useQuery } from '@tanstack/react-query';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { api, call } from '../api/client';
import { fetchMock, json, problem } from '../test/fetchMock';
import { renderWithProviders } from '../test/render';
import { AuthProvider } from './AuthProvider';
import { RequireSignIn } from './RequireSignIn';
import { SignInPage } from './SignInPage';

const unauthorized = () => problem(401, { title: 'Unauthorized', code: 'unauthorized', detail: 'a valid API key is required' });

function serveMe() {
  fetchMock.on('GET', '/v1/me', (req) =>
    req.headers.get('Authorization') === 'Bearer wfb_good'
      ? json(200, { keyId: 'k1', keyName: 'ci', role: 'admin', user: null, groups: [], name: 'k1', authDisabled: false })
      : unauthorized(),
  );
}

function TemplatesProbe() {
  const q = useQuery({ queryKey: ['probe'], queryFn: () => call(api.GET('/v1/templates', {})) });
  return <p>{q.isSuccess ? 'templates loaded' : 'templates loading'}</p>;
}

function app() {
  return (
    <AuthProvider>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route
          path="/workflows"
          element={
            <RequireSignIn>
              <TemplatesProbe />
            </RequireSignIn>
          }
        />
      </Routes>
    </AuthProvider>
  );
}

describe('sign-in', () => {
  it('refuses a key the server does not accept, and keeps nothing', async () => {
    serveMe();
    renderWithProviders(app(), { route: '/sign-in' });
    await userEvent.type(await screen.findByLabelText(/API key/), 'wfb_bad');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/This key was not accepted/)).toBeInTheDocument();
    expect(sessionStorage.getItem('wfb.token')).toBeNull();
  });

  it('keeps an accepted key in sessionStorage and opens the start page', async () => {
    serveMe();
    fetchMock.on('GET', '/v1/templates', () => json(200, { items: [] }));
    renderWithProviders(app(), { route: '/sign-in' });
    await userEvent.type(await screen.findByLabelText(/API key/), 'wfb_good');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('templates loaded')).toBeInTheDocument();
    expect(sessionStorage.getItem('wfb.token')).toBe('wfb_good');
    const sent = fetchMock.requests.find((r) => new URL(r.url).pathname === '/v1/templates');
    expect(sent?.headers.get('Authorization')).toBe('Bearer wfb_good');
  });

  it('signs out with a message when any request answers 401', async () => {
    serveMe();
    sessionStorage.setItem('wfb.token', 'wfb_good');
    fetchMock.on('GET', '/v1/templates', unauthorized);
    renderWithProviders(app(), { route: '/workflows' });
    expect(await screen.findByText(/Your API key was not accepted any more/)).toBeInTheDocument();
    await waitFor(() => expect(sessionStorage.getItem('wfb.token')).toBeNull());
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('needs no sign-in when the server runs with --no-auth', async () => {
    fetchMock.on('GET', '/v1/me', () => json(200, { keyId: null, keyName: null, role: 'admin', user: 'system', groups: [], name: 'system', authDisabled: true }));
    fetchMock.on('GET', '/v1/templates', () => json(200, { items: [] }));
    renderWithProviders(app(), { route: '/workflows' });
    expect(await screen.findByText('templates loaded')).toBeInTheDocument();
  });
});
