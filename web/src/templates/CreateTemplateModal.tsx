import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { fieldErrors, problemOf } from '../api/problem';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useCreateTemplate } from './queries';

/** CreateTemplateModal is "Create Workflow": a name and a description, then the new workflow opens. */
export function CreateTemplateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateTemplate();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [missing, setMissing] = useState(false);
  const fe = fieldErrors(problemOf(create.error));

  const close = () => {
    create.reset();
    setName('');
    setDescription('');
    setMissing(false);
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setMissing(true);
      return;
    }
    create.mutate(
      { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
      {
        onSuccess: (t) => {
          notifications.show({ color: 'green', title: 'Workflow created', message: t.name });
          close();
          navigate(`/workflows/${t.id}`);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Create Workflow" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Name"
            description="What the workflow does, as people will search for it."
            required
            data-autofocus
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? 'A workflow needs a name.' : fe.name}
            maxLength={200}
          />
          <Textarea
            label="Description"
            autosize
            minRows={3}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fe.description}
          />
          <ProblemAlert error={create.error} shownFields={['name', 'description']} title="The workflow was not created" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create workflow
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
