import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Version } from '../api/types';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useDeleteDraft } from './queries';

interface DeleteDraftModalProps {
  templateId: string;
  version: Version;
  etag: string;
  opened: boolean;
  onClose: () => void;
  onDeleted: () => void;
  onReload: () => void;
}

/** DeleteDraftModal deletes the draft as it was read (If-Match): a newer save makes it a 409. */
export function DeleteDraftModal({ templateId, version, etag, opened, onClose, onDeleted, onReload }: DeleteDraftModalProps) {
  const remove = useDeleteDraft(templateId);
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`Delete draft ${version.version}?`}>
      <Stack gap="md">
        <Text size="sm">The draft and its definition are deleted. Other versions are not affected. This cannot be undone.</Text>
        <ProblemAlert
          error={remove.error}
          title="The draft was not deleted"
          onReload={() => {
            remove.reset();
            onReload();
            onClose();
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            data-autofocus
            onClick={() =>
              remove.mutate(
                { id: version.id, etag },
                {
                  onSuccess: () => {
                    notifications.show({ color: 'green', message: `Draft ${version.version} deleted` });
                    onDeleted();
                  },
                },
              )
            }
          >
            Delete draft
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
