import { describe, expect, it } from 'vitest';
import type { Task } from './queries';
import { byDue, isBreached, partition, queueOf } from './queue';

const task = (over: Partial<Task>): Task =>
  ({ id: 'x', assignee: '', attempt: 1, cancelledAt: null, claimedAt: null, claimedBy: null, completedAt: null, completedBy: null, createdAt: '2026-01-01T00:00:00Z', dueAt: null, name: 'T', slaBreached: false, status: 'OPEN', stepId: 's', type: 'human.form', workflowExecutionId: 'e', ...over }) as Task;

const ann = { user: 'ann', groups: ['legal'] };

describe('queueOf', () => {
  it.each([
    [{ assignee: 'ann' }, 'mine'],
    [{ assignee: 'group:legal', claimedBy: 'ann' }, 'mine'],
    [{ assignee: 'group:legal' }, 'groups'],
    [{ assignee: '' }, 'shared'],
    [{ assignee: 'bob' }, null],
    [{ assignee: 'group:sales' }, null],
  ] as const)('%o → %s', (t, want) => expect(queueOf(task(t), ann)).toBe(want));
});

describe('partition', () => {
  const items = [task({ id: 'a', assignee: 'ann' }), task({ id: 'b', assignee: 'group:legal', dueAt: '2020-01-01T00:00:00Z' }), task({ id: 'c', assignee: '' })];
  it('splits and counts when the server gave no counts', () => {
    const r = partition(items, 'groups', ann, undefined, Date.parse('2026-06-01T00:00:00Z'));
    expect(r.items.map((t) => t.id)).toEqual(['b']);
    expect(r.counts).toEqual({ mine: 1, groups: 1, shared: 1, breached: 1 });
  });
  it('trusts the server when it counted', () => {
    const counts = { mine: 5, groups: 6, shared: 7, breached: 0 };
    expect(partition(items, 'groups', ann, counts, 0)).toEqual({ items, counts });
  });
});

describe('byDue', () => {
  it('puts the earliest due first and undated last', () => {
    const ts = [task({ id: 'none' }), task({ id: 'late', dueAt: '2026-03-01T00:00:00Z' }), task({ id: 'soon', dueAt: '2026-02-01T00:00:00Z' })];
    expect(ts.sort(byDue).map((t) => t.id)).toEqual(['soon', 'late', 'none']);
  });
});

describe('isBreached', () => {
  const now = Date.parse('2026-01-02T00:00:00Z');
  it.each([
    ['server says so', { slaBreached: true }, true],
    ['open and past due', { dueAt: '2026-01-01T00:00:00Z' }, true],
    ['claimed and past due', { dueAt: '2026-01-01T00:00:00Z', status: 'CLAIMED' as const }, true],
    ['open, due later', { dueAt: '2026-01-03T00:00:00Z' }, false],
    ['completed past due', { dueAt: '2026-01-01T00:00:00Z', status: 'COMPLETED' as const }, false],
    ['no due date', {}, false],
  ])('%s', (_, over, want) => {
    expect(isBreached(task(over), now)).toBe(want);
  });
});
