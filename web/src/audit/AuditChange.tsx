import { Code, Spoiler, Stack, Text } from '@mantine/core';

/** AuditChange shows an entry's before and after snapshots, folded when long. */
export function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  const show = (label: string, v: unknown) =>
    v === null || v === undefined ? null : (
      <div>
        <Text size="xs" c="dimmed" fw={600}>
          {label}
        </Text>
        <Code block fz={11} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {JSON.stringify(v, null, 1)}
        </Code>
      </div>
    );
  if ((before === null || before === undefined) && (after === null || after === undefined)) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Spoiler maxHeight={64} showLabel="Show all" hideLabel="Show less" fz="xs">
      <Stack gap={4} maw={420}>
        {show('before', before)}
        {show('after', after)}
      </Stack>
    </Spoiler>
  );
}
