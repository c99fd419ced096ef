import { ActionIcon, Alert, Badge, Code, Group, List, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconChevronLeft, IconChevronRight, IconPlayerPauseFilled, IconPlayerPlayFilled } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import type { SimulationOutcome } from './script';

interface RunResultProps {
  outcome: SimulationOutcome;
  /** Step names by id, from the definition that ran. */
  names: Map<string, string>;
  position: number;
  onPosition: (p: number) => void;
  playing: boolean;
  onPlaying: (on: boolean) => void;
}

const statusColor: Record<string, string> = { Completed: 'green', Failed: 'red', Waiting: 'yellow', InProgress: 'blue', Cancelled: 'gray' };

function json(v: unknown): string {
  return JSON.stringify(v, null, 1).replace(/\n\s*/g, ' ');
}

/**
 * RunResult shows a test run: its status, the first error, the expectations it missed, and
 * the steps in the order they ran with their inputs and outputs; the stepper (previous, next,
 * play) moves the position the canvas lights.
 */
export function RunResult({ outcome, names, position, onPosition, playing, onPlaying }: RunResultProps) {
  const { result, mismatches } = outcome;
  const runs = result.steps ?? [];
  const last = runs.length - 1;
  const current = useRef<HTMLLIElement | null>(null);
  useEffect(() => {
    current.current?.scrollIntoView({ block: 'nearest' });
  }, [position]);
  const counts = new Map<string, number>();
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs" className="wfb-test-sticky">
        <Group gap={6}>
          <Text size="sm" fw={600}>
            Result
          </Text>
          <Badge color={statusColor[result.status] ?? 'gray'} variant="light" aria-label={`Status: ${result.status}`}>
            {result.status}
          </Badge>
          <Text size="xs" c="dimmed">
            {result.stepRuns} step run{result.stepRuns === 1 ? '' : 's'}
          </Text>
          {(mismatches?.length ?? 0) > 0 || !outcome.passed ? (
            <Badge color="red" variant="filled">
              ✕ Expectations missed
            </Badge>
          ) : null}
        </Group>
        <Group gap={4} role="group" aria-label="Step through the run">
          <Tooltip label="Previous step" withArrow>
            <ActionIcon variant="default" aria-label="Previous step" disabled={position <= 0} onClick={() => onPosition(position - 1)}>
              <IconChevronLeft size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={playing ? 'Pause' : 'Play the run'} withArrow>
            <ActionIcon variant="default" aria-label={playing ? 'Pause' : 'Play the run'} disabled={runs.length === 0} onClick={() => onPlaying(!playing)}>
              {playing ? <IconPlayerPauseFilled size={14} /> : <IconPlayerPlayFilled size={14} />}
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Next step" withArrow>
            <ActionIcon variant="default" aria-label="Next step" disabled={position >= last} onClick={() => onPosition(position + 1)}>
              <IconChevronRight size={16} />
            </ActionIcon>
          </Tooltip>
          <Text size="xs" aria-live="polite" miw={82} ta="right" data-testid="run-position">
            Step {Math.max(position + 1, 0)} of {runs.length}
          </Text>
        </Group>
      </Group>
      {result.error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} aria-hidden />} title={`First error: ${result.error.code}${result.error.stepId ? ` at ${names.get(result.error.stepId) ?? result.error.stepId}` : ''}`} py={6}>
          <Text size="xs">{result.error.message}</Text>
        </Alert>
      )}
      {(result.waiting ?? []).length > 0 && (
        <Text size="xs">
          Waiting for:{' '}
          {(result.waiting ?? []).map((w) => `${names.get(w.stepId) ?? w.stepId} (attempt ${w.attempt}, ${w.missing})`).join('; ')}. Script it to go further.
        </Text>
      )}
      {(mismatches ?? []).length > 0 && (
        <List size="xs" spacing={2} aria-label="Missed expectations">
          {(mismatches ?? []).map((m, i) => (
            <List.Item key={i}>
              <Code>{m.path}</Code> {m.message}
            </List.Item>
          ))}
        </List>
      )}
      <ol className="wfb-test-runs" aria-label="Steps in the order they ran">
        {runs.map((r, i) => {
          const n = (counts.get(r.stepId) ?? 0) + 1;
          counts.set(r.stepId, n);
          const here = i === position;
          return (
            <li key={i} ref={here ? current : undefined} className="wfb-test-run" aria-current={here ? 'step' : undefined}>
              <Text size="xs" c="dimmed" ta="right">
                {i + 1}.
              </Text>
              <div>
                <Group gap={6}>
                  <Text size="sm" fw={here ? 700 : 500} component="button" type="button" className="wfb-test-run-name" onClick={() => onPosition(i)} style={{ all: 'unset', cursor: 'pointer', fontWeight: here ? 700 : 500 }}>
                    {names.get(r.stepId) ?? r.stepId}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.stepId} · {r.type}
                    {n > 1 ? ` · attempt ${r.attempt}` : ''}
                  </Text>
                  <Badge size="xs" variant="light" color={statusColor[r.status] ?? 'gray'}>
                    {r.status}
                  </Badge>
                </Group>
                {r.input && Object.keys(r.input).length > 0 && <pre>in: {json(r.input)}</pre>}
                {r.output !== undefined && r.output !== null && <pre>out: {json(r.output)}</pre>}
                {r.error && (
                  <pre>
                    error: {r.error.code} {r.error.message}
                  </pre>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </Stack>
  );
}
