import { Alert, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { asDefinition, type WorkflowDefinition } from './definition';

interface JsonPanelProps {
  definition: WorkflowDefinition;
  readOnly: boolean;
  onChange: (next: WorkflowDefinition) => void;
}

function text(def: WorkflowDefinition): string {
  return JSON.stringify(def, null, 2);
}

/**
 * JsonPanel is the definition as JSON, editable: text that parses into a definition replaces
 * the document (the canvas follows); text that does not shows why and changes nothing. A change
 * made elsewhere (the canvas, undo) replaces the text unless it came from this text.
 */
export function JsonPanel({ definition, readOnly, onChange }: JsonPanelProps) {
  const [draft, setDraft] = useState<{ source: WorkflowDefinition; text: string; error: string | null }>(() => ({ source: definition, text: text(definition), error: null }));
  const current = draft.source === definition ? draft : { source: definition, text: text(definition), error: null };

  const edit = (value: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      setDraft({ source: definition, text: value, error: `Not JSON: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    const def = asDefinition(parsed);
    if (!def) {
      setDraft({ source: definition, text: value, error: 'Not a definition: it needs a "steps" list (each with an id and a type) and "stepTransitions" (each with fromStepId and toStepId).' });
      return;
    }
    // The new document becomes the source, so the text typed is kept as it is.
    setDraft({ source: def, text: value, error: null });
    onChange(def);
  };

  return (
    <Stack gap="xs" h="100%" className="wfb-json-panel">
      {current.error && (
        <Alert color="red" variant="light" role="alert" py={6}>
          {current.error} The canvas keeps the last valid definition.
        </Alert>
      )}
      <Textarea
        label="Definition (JSON)"
        value={current.text}
        readOnly={readOnly}
        onChange={(e) => edit(e.currentTarget.value)}
        spellCheck={false}
        error={current.error ? true : undefined}
        styles={{ root: { flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 }, wrapper: { flex: 1, minHeight: 0 }, input: { height: '100%', fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
      />
    </Stack>
  );
}
