import { Text, UnstyledButton } from '@mantine/core';
import type { RunStep } from './api';
import { formatDuration, stepSpan } from './duration';
import { statusStyle } from './status';

interface TimelineProps {
  steps: RunStep[];
  names: Record<string, string>;
  now: number;
  onSelect: (stepId: string) => void;
}

/** Timeline draws each step that ran as a bar on one time axis: when it started, how long it took. */
export function Timeline({ steps, names, now, onSelect }: TimelineProps) {
  const spans = steps
    .map((s) => ({ step: s, span: stepSpan(s, now) }))
    .filter((x): x is { step: RunStep; span: NonNullable<ReturnType<typeof stepSpan>> } => x.span !== null)
    .sort((a, b) => a.span.start - b.span.start);
  if (spans.length === 0) return <Text size="sm" c="dimmed">No step has started yet.</Text>;
  const t0 = spans[0]!.span.start;
  const t1 = Math.max(...spans.map((x) => x.span.end), t0 + 1);
  const total = t1 - t0;
  return (
    <div role="list" aria-label="Step durations">
      {spans.map(({ step, span }) => {
        const look = statusStyle(step.status);
        const left = ((span.start - t0) / total) * 100;
        const width = ((span.end - span.start) / total) * 100;
        const name = names[step.stepId] ?? step.stepId;
        return (
          <div role="listitem" key={step.stepId} className="tl-row">
            <UnstyledButton onClick={() => onSelect(step.stepId)} style={{ minWidth: 0 }} aria-label={`${name}: ${look.label}, ${formatDuration(span.end - span.start)}`}>
              <Text size="sm" truncate="end">
                {name}
              </Text>
            </UnstyledButton>
            <div className="tl-track" aria-hidden>
              <div className={`tl-bar${span.open ? ' tl-bar-open' : ''}`} style={{ left: `${left}%`, width: `${width}%`, '--tl-c': `var(--mantine-color-${look.color === 'dark' ? 'gray' : look.color}-5)` } as React.CSSProperties} title={`${look.label} · ${formatDuration(span.end - span.start)}`} />
            </div>
            <Text size="xs" c="dimmed" ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatDuration(span.end - span.start)}
              {span.open ? '…' : ''}
            </Text>
          </div>
        );
      })}
    </div>
  );
}
