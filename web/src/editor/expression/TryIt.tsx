import { Alert, Badge, Button, Code, Group, Popover, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { IconPlayerPlay } from '@tabler/icons-react';
import type { WorkflowDefinition } from '../definition';
import { evaluate, type Outcome } from './evaluate';
import { sampleScope, type ExpressionScope } from './scope';

interface TryItProps {
  src: string;
  scope: ExpressionScope;
  definition: WorkflowDefinition;
  condition?: boolean;
  label: string;
}

/**
 * TryIt evaluates the expression on the server (the engine's own evaluator and bounds) against a
 * sample scope the user edits, pre-filled from the outputs the expression can read.
 */
export function TryIt({ src, scope, definition, condition, label }: TryItProps) {
  const [opened, setOpened] = useState(false);
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = () => {
    if (!opened && text === '') setText(JSON.stringify(sampleScope(definition, scope), null, 2));
    setOpened((o) => !o);
  };

  const run = async () => {
    setFailure(null);
    setOutcome(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text || '{}');
    } catch (err) {
      setFailure(`The sample scope is not JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      setFailure('The sample scope must be a JSON object with __context__, __steps__, __datasources__ (and __each__).');
      return;
    }
    setBusy(true);
    try {
      setOutcome(await evaluate(src, parsed as Record<string, unknown>));
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popover opened={opened} onChange={setOpened} width={420} position="left-start" withArrow shadow="md" trapFocus returnFocus>
      <Popover.Target>
        <Button size="compact-xs" variant="light" leftSection={<IconPlayerPlay size={12} aria-hidden />} onClick={open} aria-expanded={opened} aria-label={`Try it: ${label}`}>
          Try it
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" role="group" aria-label={`Try ${label}`}>
          <Text size="sm" fw={600}>
            Try it
          </Text>
          <Code block fz="xs">
            {src || '(empty expression)'}
          </Code>
          <Textarea
            label="Sample scope (JSON)"
            description="What the expression reads: edit the values, then Evaluate."
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autosize
            minRows={6}
            maxRows={14}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            spellCheck={false}
          />
          <Group justify="space-between">
            <Button size="xs" variant="default" onClick={() => setText(JSON.stringify(sampleScope(definition, scope), null, 2))}>
              Reset sample
            </Button>
            {/* Not `loading`: a disabled button drops the focus, and Escape would no longer close. */}
            <Button size="xs" onClick={() => !busy && void run()} disabled={!src.trim()}>
              {busy ? 'Evaluating…' : 'Evaluate'}
            </Button>
          </Group>
          <div aria-live="polite">
            {failure && (
              <Alert color="red" variant="light" title="Not evaluated">
                {failure}
              </Alert>
            )}
            {outcome && <OutcomeView outcome={outcome} condition={condition} />}
          </div>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function OutcomeView({ outcome, condition }: { outcome: Outcome; condition?: boolean }) {
  if (outcome.kind === 'error') {
    return (
      <Alert color="red" variant="light" title={outcome.problemCode === 'expression_invalid' ? 'Does not compile' : 'Evaluation failed'} data-testid="try-error">
        <Group gap="xs" mb={4}>
          {outcome.code && <Badge color="red.9" variant="filled">{outcome.code}</Badge>}
          {outcome.position !== undefined && <Text size="xs">at position {outcome.position}</Text>}
        </Group>
        <Text size="sm">{outcome.message}</Text>
      </Alert>
    );
  }
  const value = outcome.kind === 'value' ? outcome.value : undefined;
  const note =
    outcome.kind === 'undefined'
      ? 'No value (JSONata undefined, e.g. a missing field)' + (condition ? ': the transition is not taken.' : '.')
      : condition
        ? value === true
          ? 'true: the transition is taken.'
          : value === false || value === null
            ? 'Not true: the transition is not taken.'
            : 'Not a boolean: at run time the step fails with CONDITION_NOT_BOOLEAN.'
        : null;
  return (
    <Stack gap={4} data-testid="try-result">
      <Text size="sm" fw={600}>
        Result
      </Text>
      {outcome.kind === 'value' && (
        <Code block fz="xs">
          {JSON.stringify(value, null, 2)}
        </Code>
      )}
      {note && (
        <Text size="xs" c={condition && outcome.kind === 'value' && typeof value !== 'boolean' && value !== null ? 'red.8' : 'dimmed'}>
          {note}
        </Text>
      )}
    </Stack>
  );
}
