import { Code, Group, Spoiler, Stack, Text } from '@mantine/core';

type Snapshot = Record<string, unknown> | null | undefined;

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 36 ? s.slice(0, 35) + '…' : s;
}

function asObject(v: unknown): Snapshot {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : v === null || v === undefined ? null : { value: v };
}

/** AuditChange shows what an entry changed, field by field: before → after. */
export function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  const b = asObject(before);
  const a = asObject(after);
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].sort();
  const rows = keys.filter((k) => JSON.stringify(b?.[k]) !== JSON.stringify(a?.[k]) || !b || !a);
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Spoiler maxHeight={66} showLabel="Show all" hideLabel="Show less" fz="xs">
      <Stack gap={2} maw={440}>
        {rows.map((k) => (
          <Group key={k} gap={6} wrap="nowrap" align="baseline">
            <Text size="xs" c="gray.7" fw={600} style={{ whiteSpace: 'nowrap' }}>
              {k}
            </Text>
            <Text size="xs" style={{ wordBreak: 'break-all' }}>
              {b && k in b && <Code fz={11}>{short(b[k])}</Code>}
              {b && k in b && a && k in a && ' → '}
              {a && k in a && <Code fz={11}>{short(a[k])}</Code>}
              {b && k in b && !(a && k in a) && a !== null && ' (removed)'}
            </Text>
          </Group>
        ))}
      </Stack>
    </Spoiler>
  );
}
