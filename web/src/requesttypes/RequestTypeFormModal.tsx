import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { fieldErrors, problemOf } from '../api/problem';
import type { RequestType, RequestTypeInput } from '../api/types';
import { errorsUnder, JsonTextarea, parseJson } from '../ui/JsonTextarea';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useSaveRequestType } from './queries';

const sampleGroups = [
  { key: 'KYC', name: 'Know your customer', order: 1, tasks: [{ key: 'COLLECT_ID', name: 'Collect ID documents' }] },
];

/** RequestTypeFormModal creates or edits a service-request type: its key, name, task groups and tasks. */
export function RequestTypeFormModal({ existing, opened, onClose }: { existing?: RequestType; opened: boolean; onClose: () => void }) {
  const save = useSaveRequestType();
  const [type, setType] = useState(existing?.type ?? '');
  const [name, setName] = useState(existing?.name ?? '');
  const [groups, setGroups] = useState(JSON.stringify(existing?.taskGroups ?? sampleGroups, null, 2));
  const [local, setLocal] = useState<Record<string, string>>({});
  const fe = { ...fieldErrors(problemOf(save.error)), ...local };

  const close = () => {
    save.reset();
    setLocal({});
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m: Record<string, string> = {};
    if (!existing && !type.trim()) m.type = 'A type needs a key.';
    if (!name.trim()) m.name = 'A type needs a name.';
    const parsed = parseJson(groups);
    if (parsed.error) m.taskGroups = parsed.error;
    else if (!Array.isArray(parsed.value)) m.taskGroups = 'Task groups are a JSON array of {key, name, order, tasks}.';
    setLocal(m);
    if (Object.keys(m).length) return;
    const body = { ...(existing ? {} : { type: type.trim() }), name: name.trim(), taskGroups: parsed.value } as RequestTypeInput;
    save.mutate(
      { existing: existing?.type, body },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: existing ? 'Request type saved' : 'Request type created' });
          close();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={existing ? `Edit ${existing.type}` : 'New service-request type'} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Key"
            description="Letters, digits, “_”, “.” or “-”; the identifier a Workflow Link uses."
            required
            readOnly={!!existing}
            data-autofocus
            value={type}
            onChange={(e) => setType(e.currentTarget.value)}
            error={fe.type}
            classNames={{ input: "mono-input" }}
          />
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fe.name} />
          <JsonTextarea
            label="Task groups"
            description="[{key, name, order, tasks: [{key, name}]}]. Keys are unique: groups in the type, tasks in their group."
            value={groups}
            onChange={setGroups}
            error={errorsUnder(fe, 'taskGroups')}
          />
          <ProblemAlert error={save.error} shownFields={['type', 'name', 'taskGroups']} title="The request type was not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {existing ? 'Save' : 'Create type'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
