import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { problemOf } from '../api/problem';
import { conflictHint } from './conflictHints';

/** Callbacks of a delete mutation, as TanStack Query's `mutate` takes them. */
export type DeleteCallbacks = { onSuccess: () => void; onError: (err: unknown) => void };

/**
 * confirmDelete asks before deleting `name`, stating `consequence`, then runs `remove` and
 * reports its outcome: the server's problem detail and what to do about a conflict.
 */
export function confirmDelete(name: string, consequence: string, remove: (cb: DeleteCallbacks) => void) {
  modals.openConfirmModal({
    title: `Delete ${name}?`,
    children: <Text size="sm">{consequence}</Text>,
    labels: { confirm: 'Delete', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: () =>
      remove({
        onSuccess: () => notifications.show({ color: 'green', message: `${name} deleted` }),
        onError: (err) =>
          notifications.show({
            color: 'red',
            title: `${name} was not deleted`,
            message: [problemOf(err)?.detail, conflictHint(problemOf(err)?.code)].filter(Boolean).join(' '),
            autoClose: 10_000,
          }),
      }),
  });
}
