import { Badge, Button, Code, Group, Switch, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { problemOf } from '../api/problem';
import type { ApiKey } from '../api/types';
import { useAuth } from '../auth/context';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { ListBody } from '../ui/ListBody';
import { Timestamp } from '../ui/Timestamp';
import { CreateApiKeyModal } from './CreateApiKeyModal';
import { useApiKeys, useRevokeApiKey } from './queries';

const roleColor: Record<string, string> = { admin: 'indigo', agent: 'teal', service: 'grape' };

/** ApiKeysPage lists API keys (never their tokens), creates them and revokes them. */
export default function ApiKeysPage() {
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const { me } = useAuth();
  const [creating, createModal] = useDisclosure();
  const [showRevoked, setShowRevoked] = useState(false);
  const all = keys.data?.items ?? [];
  const items = showRevoked ? all : all.filter((k) => !k.revokedAt);

  const confirmRevoke = (k: ApiKey) =>
    modals.openConfirmModal({
      title: `Revoke ${k.name}?`,
      children: (
        <Text size="sm">
          Every request with this key is refused from now on{k.id === me?.keyId ? ', including yours: you will be signed out' : ''}. Revoking cannot be
          undone; create a new key instead.
        </Text>
      ),
      labels: { confirm: 'Revoke key', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        revoke.mutate(k.id, {
          onSuccess: () => notifications.show({ color: 'green', message: `${k.name} revoked` }),
          onError: (err) => notifications.show({ color: 'red', title: 'The key was not revoked', message: problemOf(err)?.detail ?? String(err) }),
        }),
    });

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys for people and systems. A token is shown once, when its key is created."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={createModal.open}>
            Create API key
          </Button>
        }
      />
      <Group mb="md">
        <Switch label="Show revoked keys" checked={showRevoked} onChange={(e) => setShowRevoked(e.currentTarget.checked)} />
      </Group>
      <ListBody
        query={keys}
        errorTitle="API keys could not be loaded"
        empty={
          items.length === 0 && (
            <EmptyState icon={<IconKey size={24} />} title="No keys to show" action={<Button variant="light" onClick={createModal.open}>Create API key</Button>} />
          )
        }
      >
        <Table highlightOnHover aria-label="API keys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th w={100}>Role</Table.Th>
              <Table.Th>User and groups</Table.Th>
              <Table.Th w={180}>Prefix</Table.Th>
              <Table.Th w={130}>Created</Table.Th>
              <Table.Th w={130}>Last used</Table.Th>
              <Table.Th w={110}>
                <span className="sr-only">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((k) => (
              <Table.Tr key={k.id} opacity={k.revokedAt ? 0.6 : 1}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {k.name}
                    {k.id === me?.keyId && (
                      <Badge ml={6} size="xs" variant="outline">
                        you
                      </Badge>
                    )}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={roleColor[k.role]} radius="sm">
                    {k.role}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{k.user || '—'}</Text>
                  {k.groups && k.groups.length > 0 && (
                    <Text size="xs" c="dimmed">
                      {k.groups.join(', ')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{k.prefix}</Code>
                </Table.Td>
                <Table.Td>
                  <Timestamp value={k.createdAt} />
                </Table.Td>
                <Table.Td>
                  <Timestamp value={k.lastUsedAt} />
                </Table.Td>
                <Table.Td>
                  {k.revokedAt ? (
                    <Badge color="gray" variant="light">
                      revoked
                    </Badge>
                  ) : (
                    <Button size="xs" variant="subtle" color="red" onClick={() => confirmRevoke(k)} aria-label={`Revoke ${k.name}`}>
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ListBody>
      <CreateApiKeyModal opened={creating} onClose={createModal.close} />
    </>
  );
}
