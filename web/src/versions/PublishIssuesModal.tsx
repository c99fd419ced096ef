import { Badge, Code, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import type { ValidationIssue } from '../api/problem';

interface PublishIssuesModalProps {
  issues: ValidationIssue[] | null;
  detail?: string;
  onClose: () => void;
}

/** PublishIssuesModal lists every validation issue of a refused publish: rule, message, where. */
export function PublishIssuesModal({ issues, detail, onClose }: PublishIssuesModalProps) {
  return (
    <Modal opened={issues !== null} onClose={onClose} title="Publishing was refused" size="xl">
      <Stack gap="md">
        <Text size="sm">
          {sentence(detail ?? 'The definition has errors')} Fix every ERROR below in the draft, then publish again.
        </Text>
        <IssuesTable issues={issues ?? []} />
      </Stack>
    </Modal>
  );
}

function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : s + '.';
}

/** IssuesTable shows validation issues with their rule code, message and JSON pointer. */
export function IssuesTable({ issues }: { issues: ValidationIssue[] }) {
  if (issues.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No issues.
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah={420}>
      <Table aria-label="Validation issues" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={90}>Severity</Table.Th>
            <Table.Th>Rule</Table.Th>
            <Table.Th>Message</Table.Th>
            <Table.Th>Where</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {issues.map((issue, i) => (
            <Table.Tr key={i}>
              <Table.Td>
                <Badge size="sm" variant="light" color={issue.severity === 'ERROR' ? 'red' : 'yellow'}>
                  {issue.severity}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Code>{issue.rule}</Code>
                {issue.code && issue.code !== issue.rule && (
                  <Text size="xs" c="dimmed" mt={2}>
                    {issue.code}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{issue.message}</Text>
              </Table.Td>
              <Table.Td>
                <Code>{issue.path || '/'}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
