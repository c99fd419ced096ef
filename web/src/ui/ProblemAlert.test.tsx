import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, toProblem } from '../api/problem';
import { renderWithProviders } from '../test/render';
import { ProblemAlert } from './ProblemAlert';

const problem = (status: number, body: Record<string, unknown>) => new ApiError(status, toProblem(status, { status, title: 'Conflict', ...body }));

describe('ProblemAlert', () => {
  it('shows the server detail, the code and what to do about a stale write, with a reload', async () => {
    const reload = vi.fn();
    renderWithProviders(
      <ProblemAlert error={problem(409, { code: 'stale_write', detail: 'version c1 changed since it was read' })} onReload={reload} />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('version c1 changed since it was read');
    expect(screen.getByText(/Someone changed this draft/)).toBeInTheDocument();
    expect(screen.getByText('stale_write')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Reload latest' }));
    expect(reload).toHaveBeenCalledOnce();
  });

  it('lists request errors, except those shown next to their fields', () => {
    renderWithProviders(
      <ProblemAlert
        error={problem(422, {
          title: 'Unprocessable Entity',
          code: 'invalid_request',
          detail: 'validation failed',
          errors: [
            { message: 'expected length >= 1', location: 'body.name' },
            { message: 'unexpected property', location: 'body.colour' },
          ],
        })}
        shownFields={['name']}
      />,
    );
    expect(screen.queryByText(/expected length >= 1/)).not.toBeInTheDocument();
    expect(screen.getByText(/unexpected property/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reload latest' })).not.toBeInTheDocument();
  });

  it('leaves errors nested under a shown field to that field, and lists the rest', () => {
    renderWithProviders(
      <ProblemAlert
        error={problem(400, {
          title: 'Bad Request',
          code: 'invalid_request',
          detail: 'invalid data source config',
          errors: [
            { message: 'no host', location: 'body.config.url' },
            { message: 'unknown field', location: 'body.configuration' },
          ],
        })}
        shownFields={['config']}
      />,
    );
    expect(screen.queryByText(/no host/)).not.toBeInTheDocument();
    expect(screen.getByText(/unknown field/)).toBeInTheDocument();
  });

  it('explains a network failure that is not a problem document', () => {
    renderWithProviders(<ProblemAlert error={new ApiError(0, toProblem(0, 'The server did not answer: Failed to fetch', 'Network error'))} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Network error');
    expect(screen.getByText(/Check that the wfb server is running/)).toBeInTheDocument();
  });

  it('renders nothing without an error', () => {
    const { container } = renderWithProviders(<ProblemAlert error={null} />);
    expect(container.querySelector('[role=alert]')).toBeNull();
  });
});
