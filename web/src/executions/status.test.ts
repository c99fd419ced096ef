import { describe, expect, it } from 'vitest';
import { isTerminal, statusStyle, stepStatusStyles } from './status';

describe('stepStatusStyles', () => {
  const all = ['NotStarted', 'InProgress', 'ActionRequired', 'Completed', 'Failed', 'Cancelled', 'Disabled'] as const;
  it('gives every status a colour, an icon and a text', () => {
    for (const st of all) {
      const look = stepStatusStyles[st];
      expect(look.label).toMatch(/\w/);
      expect(look.color).toMatch(/\w/);
      expect(look.icon).toBeTruthy();
    }
  });
  it('tells statuses apart by text and icon, not only by colour', () => {
    expect(new Set(all.map((st) => stepStatusStyles[st].label)).size).toBe(all.length);
    expect(new Set(all.map((st) => stepStatusStyles[st].icon)).size).toBe(all.length);
  });
  it('shows an unknown status as its own text', () => {
    expect(statusStyle('Paused').label).toBe('Paused');
    expect(statusStyle(undefined).label).toBe('Unknown');
  });
  it.each([
    ['Completed', true],
    ['Cancelled', true],
    ['Failed', false],
    ['InProgress', false],
  ])('isTerminal(%s) = %s', (st, want) => expect(isTerminal(st)).toBe(want));
});
