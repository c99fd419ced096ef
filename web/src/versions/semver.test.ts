import { describe, expect, it } from 'vitest';
import { nextVersion, semverHint } from './semver';

describe('semverHint', () => {
  it.each([
    ['1.0.0', undefined],
    ['1.1.0-rc.1+build.5', undefined],
    ['', undefined],
    ['v1.0.0', 'Leave out the “v”: for example 1.0.0.'],
    ['1.0', 'Use MAJOR.MINOR.PATCH, for example 1.0.0 or 1.1.0-rc.1.'],
    ['01.0.0', 'Use MAJOR.MINOR.PATCH, for example 1.0.0 or 1.1.0-rc.1.'],
  ])('%j', (value, want) => {
    expect(semverHint(value)).toBe(want);
  });
});

describe('nextVersion', () => {
  it.each([
    [[], '1.0.0'],
    [['1.0.0'], '1.0.1'],
    [['1.2.9', '1.10.0', '0.9.0'], '1.10.1'],
  ])('%j', (existing, want) => {
    expect(nextVersion(existing)).toBe(want);
  });
});
