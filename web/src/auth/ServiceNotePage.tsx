import { Code, List, Paper, Text } from '@mantine/core';
import { PageHeader } from '../ui/PageHeader';

/** ServiceNotePage is all a service key sees: service keys are for systems, not people. */
export default function ServiceNotePage() {
  return (
    <>
      <PageHeader title="Service key" description="This key belongs to a system that calls the API, not to a person." />
      <Paper withBorder p="lg" maw={680}>
        <Text size="sm" mb="sm">
          A service key may send trigger events and manage service requests over the API:
        </Text>
        <List size="sm" spacing={4}>
          <List.Item>
            <Code>POST /v1/events</Code> — start the workflow linked to a service-catalog entry or product
          </List.Item>
          <List.Item>
            <Code>/v1/service-requests</Code> — create, read, sync and complete tasks of service requests
          </List.Item>
        </List>
        <Text size="sm" mt="md" c="dimmed">
          There is nothing to manage here with this key. The API is described at{' '}
          <a href="/docs">/docs</a>. Sign in with an admin or agent key to use the app.
        </Text>
      </Paper>
    </>
  );
}
