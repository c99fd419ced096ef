import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../test/render';
import { PublishIssuesModal } from './PublishIssuesModal';

describe('PublishIssuesModal', () => {
  it('lists every issue with its rule, message and JSON pointer', () => {
    renderWithProviders(
      <PublishIssuesModal
        detail="the definition has 2 errors"
        onClose={() => {}}
        issues={[
          { rule: 'SINGLE_START', code: 'SINGLE_START', severity: 'ERROR', message: 'exactly one start step is required', path: '/steps' },
          { rule: 'NO_SELF_LOOP', code: 'NO_SELF_LOOP', severity: 'ERROR', message: 'transition t1 loops on a', path: '/stepTransitions/0' },
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Validation issues' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('SINGLE_START');
    expect(rows[1]).toHaveTextContent('exactly one start step is required');
    expect(rows[1]).toHaveTextContent('/steps');
    expect(rows[2]).toHaveTextContent('/stepTransitions/0');
    expect(screen.getByText(/the definition has 2 errors/)).toBeInTheDocument();
  });
});
