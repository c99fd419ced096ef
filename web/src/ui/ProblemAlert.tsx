import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError } from '../api/problem';
import { conflictHint } from './conflictHints';

interface ProblemAlertProps {
  error: unknown;
  /**
   * The fields the form shows errors next to (with whatever is nested under them, e.g.
   * `config.url` under `config`); their errors are not repeated here. Others are listed.
   */
  shownFields?: string[];
  /** Offered for stale writes and conflicts: reload the record and try again. */
  onReload?: () => void;
  title?: string;
}

/**
 * ProblemAlert shows a failed call readably: the server's `detail`, what to do about its code,
 * and every request error that is not already shown next to its field.
 */
export function ProblemAlert({ error, shownFields = [], onReload, title }: ProblemAlertProps) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : undefined;
  const problem = apiError?.problem;
  const detail = problem?.detail || (error instanceof Error ? error.message : String(error));
  const hint = conflictHint(problem?.code);
  const rest = (problem?.errors ?? []).filter((e) => {
    const loc = e.location ?? '';
    if (!loc.startsWith('body.')) return true;
    const field = loc.slice(5);
    return !shownFields.some((f) => field === f || field.startsWith(f + '.') || field.startsWith(f + '['));
  });
  const reloadable = onReload && (apiError?.status === 409 || apiError?.status === 412 || apiError?.status === 428);
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title={title ?? problem?.title ?? 'Something went wrong'}
    >
      <Stack gap={6}>
        <Text size="sm">{detail}</Text>
        {rest.length > 0 && (
          <List size="sm" spacing={2}>
            {rest.map((e, i) => (
              <List.Item key={i}>
                {e.location ? <Text span ff="monospace" size="xs">{e.location}: </Text> : null}
                {e.message}
              </List.Item>
            ))}
          </List>
        )}
        {(problem?.issues?.length ?? 0) > 0 && (
          <List size="sm" spacing={2}>
            {problem?.issues?.map((issue, i) => (
              <List.Item key={i}>
                <Text span ff="monospace" size="xs">
                  {issue.rule}
                </Text>{' '}
                {issue.message}
                {issue.path ? (
                  <Text span ff="monospace" size="xs" c="dimmed">
                    {' '}
                    at {issue.path}
                  </Text>
                ) : null}
              </List.Item>
            ))}
          </List>
        )}
        {hint && (
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        )}
        {problem?.code && (
          <Text size="xs" c="dimmed">
            Code <Text span ff="monospace" size="xs">{problem.code}</Text>
            {apiError ? ` · HTTP ${apiError.status}` : ''}
          </Text>
        )}
        {reloadable && (
          <Group>
            <Button size="xs" variant="white" color="red" onClick={onReload}>
              Reload latest
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
