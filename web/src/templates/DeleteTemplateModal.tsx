import { Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Template } from '../api/types';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useDeleteTemplate } from './queries';

interface DeleteTemplateModalProps {
  template: Template;
  versionCount: number;
  opened: boolean;
  onClose: () => void;
}

/** DeleteTemplateModal states what deleting a workflow takes with it, and asks for its name. */
export function DeleteTemplateModal({ template, versionCount, opened, onClose }: DeleteTemplateModalProps) {
  const remove = useDeleteTemplate(template.id);
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const close = () => {
    remove.reset();
    setTyped('');
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`Delete “${template.name}”?`} size="lg">
      <Stack gap="md">
        <Text size="sm">Deleting a workflow cannot be undone. It removes:</Text>
        <List size="sm" spacing={4}>
          <List.Item>
            all {versionCount} {versionCount === 1 ? 'version' : 'versions'}, drafts and published ones alike;
          </List.Item>
          <List.Item>every Workflow Link to it: those service-catalog entries and products start nothing afterwards.</List.Item>
        </List>
        <Text size="sm" c="dimmed">
          A workflow whose versions have run executions cannot be deleted; the server refuses it and nothing changes.
        </Text>
        <TextInput label="Type the workflow’s name to confirm" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} data-autofocus />
        <ProblemAlert error={remove.error} title="The workflow was not deleted" />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color="red"
            disabled={typed !== template.name}
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(undefined, {
                onSuccess: () => {
                  notifications.show({ color: 'green', message: `Workflow “${template.name}” deleted` });
                  navigate('/workflows');
                },
              })
            }
          >
            Delete workflow
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
