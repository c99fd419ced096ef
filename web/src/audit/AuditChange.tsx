import { Anchor, Stack, Text } from '@mantine/core';
import { useState } from 'react';

type Snapshot = Record<string, unknown> | null;

const SHOWN = 3;

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function asObject(v: unknown): Snapshot {
  if (v === null || v === undefined) return null;
  return typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
}

/**
 * AuditChange shows what an entry changed, one field a line ("status DRAFT → PUBLISHED"): the
 * fields that differ when both snapshots exist, else every field of the one there is. Long
 * values are cut on screen; the whole line is in its title.
 */
export function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  const [open, setOpen] = useState(false);
  const b = asObject(before);
  const a = asObject(after);
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].sort();
  const lines = keys
    .filter((k) => !b || !a || JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => {
      const from = b && k in b ? show(b[k]) : undefined;
      const to = a && k in a ? show(a[k]) : undefined;
      const value = from !== undefined && to !== undefined ? `${from} → ${to}` : (to ?? `${from} (removed)`);
      return { k, value };
    });
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  const shown = open ? lines : lines.slice(0, SHOWN);
  return (
    <Stack gap={2} maw={420}>
      {shown.map(({ k, value }) => (
        <Text key={k} size="xs" truncate="end" title={`${k}: ${value}`}>
          <Text span size="xs" fw={600} c="gray.7">
            {k}
          </Text>{' '}
          <Text span size="xs" ff="monospace">
            {value}
          </Text>
        </Text>
      ))}
      {lines.length > SHOWN && (
        <Anchor component="button" type="button" size="xs" ta="left" onClick={() => setOpen(!open)}>
          {open ? 'Show less' : `${lines.length - SHOWN} more`}
        </Anchor>
      )}
    </Stack>
  );
}
