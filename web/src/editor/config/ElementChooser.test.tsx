import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import type { WorkflowDefinition } from '../definition';
import { ElementChooser } from './ElementChooser';

const definition: WorkflowDefinition = {
  steps: [
    { id: 'start', type: 'start', name: 'Start' },
    { id: 'review', type: 'human.form', name: 'Review' },
    { id: 'end', type: 'end' },
  ],
  stepTransitions: [
    { id: 't1', fromStepId: 'start', toStepId: 'review' },
    { id: 't2', fromStepId: 'review', toStepId: 'end', label: 'done' },
  ],
  stepGroups: [{ id: 'g1', name: 'Reviewers', stepIds: ['review'] }],
};

describe('ElementChooser', () => {
  it.each([
    ['Step: Review', { kind: 'step', id: 'review' }],
    ['Step: end', { kind: 'step', id: 'end' }],
    ['Transition: review → end (done)', { kind: 'transition', id: 't2' }],
    ['Group: Reviewers', { kind: 'group', id: 'g1' }],
    ['Workflow settings', null],
  ])('choosing "%s" selects it', async (label, want) => {
    const onSelect = vi.fn();
    renderWithProviders(<ElementChooser definition={definition} selection={{ kind: 'transition', id: 't1' }} onSelect={onSelect} />);
    const box = screen.getByRole('textbox', { name: 'Element to configure' });
    expect(box).toHaveValue('Transition: start → review');
    await userEvent.click(box);
    await userEvent.click(await screen.findByRole('option', { name: label }));
    expect(onSelect).toHaveBeenCalledWith(want);
  });
});
