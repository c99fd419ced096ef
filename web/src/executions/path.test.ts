import { describe, expect, it } from 'vitest';
import { pathTaken, type Edge, type StepState } from './path';

const s = (status: string, attempt = status === 'NotStarted' ? 0 : 1): StepState => ({ status, attempt });

// start → split → (yes) a → end ; split → (no) b → end2
const ids = ['start', 'split', 'a', 'b', 'after-b', 'end'];
const edges: Edge[] = [
  { id: 't1', fromStepId: 'start', toStepId: 'split' },
  { id: 't2', fromStepId: 'split', toStepId: 'a' },
  { id: 't3', fromStepId: 'split', toStepId: 'b' },
  { id: 't4', fromStepId: 'b', toStepId: 'after-b' },
  { id: 't5', fromStepId: 'a', toStepId: 'end' },
  { id: 't6', fromStepId: 'after-b', toStepId: 'end' },
];

describe('pathTaken', () => {
  it.each([
    {
      name: 'an exclusive split that went to a: b and what follows only b are dead',
      steps: { start: s('Completed'), split: s('Completed'), a: s('InProgress'), b: s('NotStarted'), 'after-b': s('NotStarted'), end: s('NotStarted') },
      ended: false,
      taken: ['t1', 't2'],
      dead: ['b', 'after-b'],
      deadEdges: ['t3', 't4', 't6'],
    },
    {
      name: 'a split still running: nothing after it is dead yet',
      steps: { start: s('Completed'), split: s('InProgress'), a: s('NotStarted'), b: s('NotStarted'), 'after-b': s('NotStarted'), end: s('NotStarted') },
      ended: false,
      taken: ['t1'],
      dead: [],
      deadEdges: [],
    },
    {
      name: 'an ended execution: everything that never ran is dead',
      steps: { start: s('Completed'), split: s('Completed'), a: s('Completed'), b: s('NotStarted'), 'after-b': s('NotStarted'), end: s('Completed') },
      ended: true,
      taken: ['t1', 't2', 't5'],
      dead: ['b', 'after-b'],
      deadEdges: ['t3', 't4', 't6'],
    },
    {
      name: 'a failed step keeps its successors alive (a retry may still reach them)',
      steps: { start: s('Completed'), split: s('Completed'), a: s('Failed'), b: s('NotStarted'), 'after-b': s('NotStarted'), end: s('NotStarted') },
      ended: false,
      taken: ['t1', 't2'],
      dead: ['b', 'after-b'],
      deadEdges: ['t3', 't4', 't6'],
    },
  ])('$name', ({ steps, ended, taken, dead, deadEdges }) => {
    const p = pathTaken(ids, edges, steps, ended);
    expect([...p.taken].sort()).toEqual(taken);
    expect([...p.deadSteps].sort()).toEqual(dead.sort());
    expect([...p.deadEdges].sort()).toEqual(deadEdges);
    expect(p.deadSteps.has('end')).toBe(false);
  });

  it('a loop back to a visited step is taken once the loop ran', () => {
    const loopIds = ['start', 'prepare', 'review', 'split', 'end'];
    const loopEdges: Edge[] = [
      { id: 'a', fromStepId: 'start', toStepId: 'prepare' },
      { id: 'b', fromStepId: 'prepare', toStepId: 'review' },
      { id: 'c', fromStepId: 'review', toStepId: 'split' },
      { id: 'back', fromStepId: 'split', toStepId: 'prepare' },
      { id: 'ok', fromStepId: 'split', toStepId: 'end' },
    ];
    const p = pathTaken(loopIds, loopEdges, { start: s('Completed'), prepare: s('InProgress', 2), review: s('Completed'), split: s('Completed'), end: s('NotStarted') }, false);
    expect(p.taken.has('back')).toBe(true);
    expect(p.deadSteps.has('end')).toBe(true);
  });
});
