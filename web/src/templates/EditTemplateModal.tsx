import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { fieldErrors, problemOf } from '../api/problem';
import type { Template } from '../api/types';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useUpdateTemplate } from './queries';

/** EditTemplateModal changes a workflow's name and description. */
export function EditTemplateModal({ template, opened, onClose }: { template: Template; opened: boolean; onClose: () => void }) {
  const update = useUpdateTemplate(template.id);
  const [name, setName] = useState(template.name);
  const [description, setDescription] = useState(template.description ?? '');
  const fe = fieldErrors(problemOf(update.error));
  const missing = name.trim() === '';

  const close = () => {
    update.reset();
    setName(template.name);
    setDescription(template.description ?? '');
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (missing) return;
    update.mutate(
      { name: name.trim(), description: description.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: 'Workflow saved' });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Edit workflow" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={missing ? 'A workflow needs a name.' : fe.name} maxLength={200} />
          <Textarea label="Description" autosize minRows={3} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fe.description} />
          <ProblemAlert error={update.error} shownFields={['name', 'description']} title="The workflow was not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending} disabled={missing}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
