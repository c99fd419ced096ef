import { Skeleton, Stack } from '@mantine/core';

/** TableSkeleton stands in for a table while its first page loads. */
export function TableSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <Stack gap="sm" aria-busy="true" aria-label="Loading">
      <Skeleton height={34} radius="sm" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={26} radius="sm" opacity={1 - i * 0.12} />
      ))}
    </Stack>
  );
}
