import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { fetchMock, json } from '../../test/fetchMock';
import { renderWithProviders } from '../../test/render';
import type { WorkflowDefinition } from '../definition';
import type { Selection } from '../selection';
import type { ValidationIssue } from '../validation';
import { ConfigPanel } from './ConfigPanel';

const definition: WorkflowDefinition = {
  id: 'wf',
  name: 'Approval',
  editorMeta: { theme: 'dark' },
  steps: [
    { id: 'start', type: 'start', name: 'Start' },
    { id: 'review', type: 'human.form', name: 'Review', 'x-custom': 42, ui: { reactFlow: { position: { x: 1, y: 2 } } } },
    { id: 'split', type: 'gateway.exclusive_split', name: 'Approved?' },
    { id: 'yes', type: 'human.confirm', name: 'Yes', assignee: { type: 'const', value: 'group:agents' } },
    { id: 'no', type: 'human.confirm', name: 'No' },
    { id: 'end', type: 'end', name: 'End' },
  ],
  stepTransitions: [
    { id: 't1', fromStepId: 'start', toStepId: 'review' },
    { id: 't2', fromStepId: 'review', toStepId: 'split' },
    { id: 't3', fromStepId: 'split', toStepId: 'yes', condition: { type: 'jsonata', src: 'true' }, 'x-note': 'kept' },
    { id: 't4', fromStepId: 'split', toStepId: 'no', isDefault: true },
    { id: 't5', fromStepId: 'yes', toStepId: 'end' },
    { id: 't6', fromStepId: 'no', toStepId: 'end' },
  ],
};

/** Harness keeps the definition in state, as the editor does, and records every onChange. */
function Harness({ selection, onChange, issues = [], focusPath }: { selection: Selection; onChange: (d: WorkflowDefinition) => void; issues?: ValidationIssue[]; focusPath?: string }) {
  const [def, setDef] = useState(definition);
  return (
    <ConfigPanel
      definition={def}
      selection={selection}
      readOnly={false}
      issues={issues}
      focusPath={focusPath}
      onChange={(d) => {
        setDef(d);
        onChange(d);
      }}
    />
  );
}

// userEvent types key by key and each key re-renders the panel: slow on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

const last = (fn: ReturnType<typeof vi.fn>) => fn.mock.calls.at(-1)?.[0] as WorkflowDefinition;

describe('ConfigPanel', () => {
  it('edits a step’s name and assignee, keeping unknown fields and everything else', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness selection={{ kind: 'step', id: 'yes' }} onChange={onChange} />);
    const name = screen.getByRole('textbox', { name: 'Name' });
    await userEvent.clear(name);
    await userEvent.type(name, 'Approve it');
    expect(last(onChange).steps[3]).toEqual({ id: 'yes', type: 'human.confirm', name: 'Approve it', assignee: { type: 'const', value: 'group:agents' } });
    const assignee = screen.getByRole('textbox', { name: 'Assignee' });
    await userEvent.clear(assignee);
    await userEvent.type(assignee, 'ada');
    const next = last(onChange);
    expect(next.steps[3].assignee).toEqual({ type: 'const', value: 'ada' });
    expect(next.editorMeta).toEqual({ theme: 'dark' });
    expect(next.steps[1]).toBe(definition.steps[1]);
    expect(next.stepTransitions).toBe(definition.stepTransitions);
  });

  it('removes an optional field instead of writing it empty', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness selection={{ kind: 'step', id: 'review' }} onChange={onChange} />);
    const due = screen.getByRole('textbox', { name: /Due in/ });
    await userEvent.type(due, 'P2D');
    expect(last(onChange).steps[1].dueIn).toBe('P2D');
    await userEvent.clear(due);
    expect('dueIn' in last(onChange).steps[1]).toBe(false);
    expect(last(onChange).steps[1]['x-custom']).toBe(42);
    expect(last(onChange).steps[1].ui).toEqual({ reactFlow: { position: { x: 1, y: 2 } } });
  });

  it('builds a required boolean field in the form with the schema builder', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness selection={{ kind: 'step', id: 'review' }} onChange={onChange} />);
    const task = screen.getByRole('region', { name: 'Task' });
    await userEvent.click(within(task).getByRole('button', { name: 'Add a schema' }));
    await userEvent.click(within(task).getByRole('button', { name: 'Add field' }));
    const field = within(task).getByRole('listitem', { name: 'Field field1' });
    const key = within(field).getByRole('textbox', { name: 'Name' });
    await userEvent.clear(key);
    await userEvent.type(key, 'approved');
    await userEvent.click(within(task).getByRole('textbox', { name: 'Type' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Yes/no' }));
    await userEvent.click(within(task).getByRole('checkbox', { name: 'Required' }));
    expect(last(onChange).steps[1].form).toEqual({ type: 'object', properties: { approved: { type: 'boolean' } }, required: ['approved'] });
  });

  it('sets a transition as default, dropping its condition, and keeps its unknown fields', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness selection={{ kind: 'transition', id: 't3' }} onChange={onChange} />);
    expect(screen.getByRole('textbox', { name: 'Condition' })).toHaveTextContent('true');
    await userEvent.click(screen.getByRole('checkbox', { name: /Default path/ }));
    expect(last(onChange).stepTransitions[2]).toEqual({ id: 't3', fromStepId: 'split', toStepId: 'yes', isDefault: true, 'x-note': 'kept' });
    await userEvent.type(screen.getByRole('textbox', { name: 'Label' }), 'Yes');
    expect(last(onChange).stepTransitions[2].label).toBe('Yes');
  });

  it('shows a field’s issue next to it, and focuses it for focusPath', async () => {
    const issues: ValidationIssue[] = [
      { code: 'SCHEMA_INVALID', severity: 'ERROR', message: 'dueIn is not an ISO 8601 duration', path: '/steps/1/dueIn', rule: 'DURATION_ISO8601' },
      { code: 'GRAPH_INVALID', severity: 'ERROR', message: 'elsewhere', path: '/steps/4', rule: 'NO_ISOLATED_STEPS' },
    ];
    renderWithProviders(<Harness selection={{ kind: 'step', id: 'review' }} onChange={vi.fn()} issues={issues} focusPath="/steps/1/dueIn" />);
    const due = screen.getByRole('textbox', { name: /Due in/ });
    expect(due).toHaveAccessibleDescription(/dueIn is not an ISO 8601 duration/);
    await waitFor(() => expect(due).toHaveFocus());
    expect(screen.queryByText('elsewhere')).toBeNull();
    expect(screen.getByText('1 problem here')).toBeInTheDocument();
  });

  it('edits the workflow’s name when nothing is selected', () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness selection={null} onChange={onChange} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Workflow name' }), { target: { value: 'Renamed' } });
    expect(last(onChange)).toEqual({ ...definition, name: 'Renamed' });
  });

  it('adds a mapping to a sub-workflow step and picks a data source', async () => {
    fetchMock.on('GET', '/v1/data-sources', () => json(200, { items: [{ id: 'ds1', name: 'crm', kind: 'http', config: {} }] }));
    fetchMock.on('GET', '/v1/templates', () => json(200, { items: [] }));
    const onChange = vi.fn();
    const def: WorkflowDefinition = { ...definition, steps: [...definition.steps, { id: 'sub', type: 'sys.sub_workflow', mode: 'SINGLE', name: 'Sub' }] };
    function SubHarness() {
      const [d, setD] = useState(def);
      return <ConfigPanel definition={d} selection={{ kind: 'step', id: 'sub' }} readOnly={false} issues={[]} onChange={(x) => { setD(x); onChange(x); }} />;
    }
    renderWithProviders(<SubHarness />);
    const mapping = within(screen.getByRole('group', { name: 'Input mapping' }));
    await userEvent.click(mapping.getByRole('button', { name: 'Add mapping' }));
    await userEvent.type(mapping.getByRole('textbox', { name: 'Target path' }), 'company.name');
    expect(last(onChange).steps[6].inputMapping).toEqual([{ id: 'm1', targetPath: 'company.name', value: { type: 'expr', expr: { type: 'jsonata', src: '' } } }]);
    await userEvent.click(screen.getByRole('button', { name: 'Add data source call' }));
    await userEvent.click(screen.getByRole('textbox', { name: 'Data source' }));
    await userEvent.click(await screen.findByRole('option', { name: 'crm (http)' }));
    expect(last(onChange).steps[6].dataSources).toEqual([{ id: 'ds1', alias: 'source1', type: 'COMMENDA_LOGICAL_BACKEND', dataSourceID: 'ds1' }]);
  });
});
