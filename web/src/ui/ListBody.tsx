import { Paper } from '@mantine/core';
import type { ReactNode } from 'react';
import { ProblemAlert } from './ProblemAlert';
import { TableSkeleton } from './TableSkeleton';

interface ListBodyProps {
  /** The list's query: a skeleton while its first page loads, the problem if it failed. */
  query: { isPending: boolean; error: unknown };
  /** What the problem alert is titled when the list cannot be loaded. */
  errorTitle: string;
  /** Shown in place of the table when the list loaded empty (an EmptyState); false when not empty. */
  empty: ReactNode;
  /** The table. */
  children: ReactNode;
}

/**
 * ListBody is the body of every list screen: a skeleton while the list loads, the server's
 * problem when it fails, the empty state when there is nothing, else the table in its frame.
 */
export function ListBody({ query, errorTitle, empty, children }: ListBodyProps) {
  if (query.isPending) return <TableSkeleton />;
  if (query.error) return <ProblemAlert error={query.error} title={errorTitle} />;
  return (
    <Paper withBorder radius="md">
      {empty || children}
    </Paper>
  );
}
