import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';

/** TokenReveal shows a new key's token, the only time it is ever shown, with a copy button. */
export function TokenReveal({ token, onDone }: { token: string; onDone: () => void }) {
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="Copy the token now">
        It is shown once. The server keeps only a hash of it; if it is lost, revoke the key and create another.
      </Alert>
      <Code block fz="sm" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="new-token" aria-label="New API key token">
        {token}
      </Code>
      <Group justify="space-between">
        <CopyButton value={token}>
          {({ copied, copy }) => (
            <Button variant="light" color={copied ? 'green' : undefined} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />} onClick={copy}>
              {copied ? 'Copied' : 'Copy token'}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone}>I have copied it</Button>
      </Group>
      <Text size="xs" c="dimmed">
        Use it as <Code>Authorization: Bearer …</Code>, or sign in with it here.
      </Text>
    </Stack>
  );
}
