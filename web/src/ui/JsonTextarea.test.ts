import { describe, expect, it } from 'vitest';
import { errorsUnder, parseJson } from './JsonTextarea';

describe('errorsUnder', () => {
  it.each([
    ['the field itself', { config: 'bad' }, 'config', 'bad'],
    ['nested fields, named relative to it', { 'config.url': 'no host', 'config.auth.secretEnv': 'not WFB_SECRET_' }, 'config', 'url: no host; auth.secretEnv: not WFB_SECRET_'],
    ['array items', { 'taskGroups[0].key': 'duplicate' }, 'taskGroups', '[0].key: duplicate'],
    ['other fields are not its', { name: 'taken', configuration: 'x' }, 'config', undefined],
  ])('%s', (_name, fields, prefix, want) => {
    expect(errorsUnder(fields, prefix)).toBe(want);
  });
});

describe('parseJson', () => {
  it('reads JSON', () => expect(parseJson('{"a": 1}')).toEqual({ value: { a: 1 } }));
  it('says what is wrong otherwise', () => expect(parseJson('{a}').error).toMatch(/^Not valid JSON: /));
});
