import { Button, Group, Modal, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrors, problemOf } from '../api/problem';
import type { ApiKeyCreate } from '../api/types';
import { errorsUnder } from '../ui/JsonTextarea';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useCreateApiKey } from './queries';
import { TokenReveal } from './TokenReveal';

const roles = [
  { value: 'admin', label: 'admin — manages everything' },
  { value: 'agent', label: 'agent — works the inbox' },
  { value: 'service', label: 'service — sends events and service requests' },
];

/** CreateApiKeyModal creates a key (name, role, user and groups) and then shows its token once. */
export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('agent');
  const [user, setUser] = useState('');
  const [groups, setGroups] = useState<string[]>([]);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [token, setToken] = useState<string | null>(null);
  const fe = { ...fieldErrors(problemOf(create.error)), ...missing };

  const close = () => {
    create.reset();
    setName('');
    setRole('agent');
    setUser('');
    setGroups([]);
    setMissing({});
    setToken(null);
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m: Record<string, string> = {};
    if (!name.trim()) m.name = 'A key needs a name.';
    if (role === 'agent' && !user.trim()) m.user = 'An agent key acts for a user: name them.';
    setMissing(m);
    if (Object.keys(m).length) return;
    const body = {
      name: name.trim(),
      role,
      ...(user.trim() ? { user: user.trim() } : {}),
      ...(groups.length ? { groups } : {}),
    } as ApiKeyCreate;
    create.mutate(body, { onSuccess: (created) => setToken(created.token) });
  };

  return (
    <Modal opened={opened} onClose={close} title={token ? 'API key created' : 'Create API key'} size="lg" closeOnClickOutside={!token}>
      {token ? (
        <TokenReveal token={token} onDone={close} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput label="Name" description="Who or what uses it, e.g. ci-deployer or ada." required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={fe.name} />
            <Select label="Role" required data={roles} value={role} onChange={(v) => setRole(v ?? 'agent')} error={fe.role} allowDeselect={false} />
            <TextInput
              label="User"
              required={role === 'agent'}
              description={role === 'agent' ? 'The user the agent acts for; tasks assigned to this user are theirs.' : 'Optional: the audit log names this user instead of the key.'}
              value={user}
              onChange={(e) => setUser(e.currentTarget.value)}
              error={fe.user}
            />
            {role === 'agent' && (
              <TagsInput label="Groups" description="Tasks assigned group:NAME are theirs too. Press Enter after each." value={groups} onChange={setGroups} error={errorsUnder(fe, 'groups')} />
            )}
            <ProblemAlert error={create.error} shownFields={role === 'agent' ? ['name', 'role', 'user', 'groups'] : ['name', 'role', 'user']} title="The key was not created" />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
