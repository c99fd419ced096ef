import { Code, CopyButton, Button, Group, Paper, ScrollArea, Text } from '@mantine/core';

/** DefinitionView shows a definition as formatted JSON (read-only until the editor lands). */
export function DefinitionView({ definition }: { definition: unknown }) {
  const text = JSON.stringify(definition, null, 2);
  const steps = Array.isArray((definition as { steps?: unknown[] })?.steps) ? (definition as { steps: unknown[] }).steps.length : 0;
  return (
    <Paper withBorder radius="md">
      <Group justify="space-between" px="md" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Text size="sm" c="dimmed">
          {steps} {steps === 1 ? 'step' : 'steps'} · {text.split('\n').length} lines · read-only
        </Text>
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button size="xs" variant="subtle" onClick={copy}>
              {copied ? 'Copied' : 'Copy JSON'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <ScrollArea.Autosize mah={420} type="auto">
        <Code block fz="xs" bg="transparent" p="md" role="region" aria-label="Definition JSON" tabIndex={0}>
          {text}
        </Code>
      </ScrollArea.Autosize>
    </Paper>
  );
}
