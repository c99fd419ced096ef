import { Button, Group, Textarea } from '@mantine/core';
import { useState } from 'react';

interface JsonSchemaRawProps {
  label: string;
  value: unknown;
  onChange: (next: unknown) => void;
  readOnly: boolean;
}

/**
 * JsonSchemaRaw edits a schema as JSON text. Every edit that parses is applied (an empty text
 * removes the schema); the text typed is kept while the field has focus, with the parse error
 * when it does not parse, and is shown formatted again on blur.
 */
export function JsonSchemaRaw({ label, value, onChange, readOnly }: JsonSchemaRawProps) {
  const shown = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [draft, setDraft] = useState<{ text: string; error: string } | null>(null);
  const text = draft?.text ?? shown;
  const edit = (t: string) => {
    if (t.trim() === '') {
      setDraft(null);
      onChange(undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(t);
      setDraft({ text: t, error: '' });
      onChange(parsed);
    } catch (err) {
      setDraft({ text: t, error: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <>
      <Textarea
        label={label}
        value={text}
        onChange={(e) => edit(e.currentTarget.value)}
        readOnly={readOnly}
        autosize
        minRows={4}
        maxRows={18}
        error={draft?.error || undefined}
        onBlur={() => draft && !draft.error && setDraft(null)}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
      />
      {draft?.error && (
        <Group mt={4}>
          <Button size="compact-xs" variant="subtle" onClick={() => setDraft(null)}>
            Discard the invalid text
          </Button>
        </Group>
      )}
    </>
  );
}
