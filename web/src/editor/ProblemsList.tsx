import { Badge, Group, Loader, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconCircleX } from '@tabler/icons-react';
import type { ValidationIssue } from './validation';

interface ProblemsListProps {
  issues: ValidationIssue[];
  checking: boolean;
  /** The validation request itself failed (not the definition). */
  error?: string | null;
  onPick: (issue: ValidationIssue) => void;
}

/**
 * ProblemsList shows the server's validation of the definition on screen, errors first;
 * picking one selects the element it names and focuses its field.
 */
export function ProblemsList({ issues, checking, error, onPick }: ProblemsListProps) {
  const sorted = [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'ERROR' ? -1 : 1));
  const errors = issues.filter((i) => i.severity === 'ERROR').length;
  const warnings = issues.length - errors;
  return (
    <section aria-labelledby="wfb-problems-title" className="wfb-problems">
      <Group gap="xs" className="wfb-problems-head">
        <Text id="wfb-problems-title" size="sm" fw={600}>
          Problems
        </Text>
        <Badge size="sm" color={errors ? 'red' : 'gray'} variant="light">
          {errors} error{errors === 1 ? '' : 's'}
        </Badge>
        <Badge size="sm" color={warnings ? 'yellow' : 'gray'} variant="light">
          {warnings} warning{warnings === 1 ? '' : 's'}
        </Badge>
        <Text size="xs" c="dimmed" role="status" aria-live="polite">
          {checking ? 'Checking…' : error ? '' : issues.length ? '' : 'No problems: this definition can be published.'}
        </Text>
        {checking && <Loader size={12} aria-hidden />}
      </Group>
      {error && (
        <Text size="sm" c="red.8" role="alert" px="sm">
          Validation did not run: {error}
        </Text>
      )}
      <ScrollArea.Autosize mah={132}>
        <ul className="wfb-problems-list">
          {sorted.map((issue, i) => {
            const Icon = issue.severity === 'ERROR' ? IconCircleX : IconAlertTriangle;
            return (
              <li key={`${issue.rule}-${issue.path}-${i}`}>
                <UnstyledButton className="wfb-problem" onClick={() => onPick(issue)}>
                  <Icon size={16} aria-hidden color={issue.severity === 'ERROR' ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-yellow-8)'} />
                  <Text span size="xs" fw={700} c={issue.severity === 'ERROR' ? 'red.8' : 'yellow.9'} w={64}>
                    {issue.severity}
                  </Text>
                  <Text span size="sm" style={{ flex: 1 }}>
                    {issue.message}
                  </Text>
                  <Text span size="xs" ff="monospace" c="dimmed">
                    {issue.rule} · {issue.path || '/'}
                  </Text>
                </UnstyledButton>
              </li>
            );
          })}
        </ul>
      </ScrollArea.Autosize>
    </section>
  );
}
