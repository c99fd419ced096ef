import { Avatar, Badge, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useAuth } from '../auth/context';

/** UserMenu says who is signed in (GET /v1/me) and signs out. */
export function UserMenu() {
  const { me, noAuth, signOut } = useAuth();
  const navigate = useNavigate();
  if (!me) return null;
  const who = me.user || me.keyName || me.keyId || 'system';
  if (noAuth) {
    return (
      <Group gap="xs">
        <Badge color="orange" variant="light">
          no-auth mode
        </Badge>
        <Text size="sm">Signed in as the system actor ({me.role})</Text>
      </Group>
    );
  }
  return (
    <Menu position="bottom-end" width={260} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={`Account: ${who}, ${me.role}`}>
          <Group gap={8}>
            <Avatar size={28} radius="xl" color="indigo" aria-hidden>
              {who.slice(0, 2).toUpperCase()}
            </Avatar>
            <Text size="sm" fw={500}>
              {who}
            </Text>
            <Badge size="sm" variant="light">
              {me.role}
            </Badge>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in with key</Menu.Label>
        <Group px="sm" pb="xs" gap={4} wrap="wrap">
          <Text size="sm" fw={500}>
            {me.keyName ?? me.keyId}
          </Text>
          {me.groups && me.groups.length > 0 && (
            <Text size="xs" c="dimmed">
              groups: {me.groups.join(', ')}
            </Text>
          )}
        </Group>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => {
            signOut();
            navigate('/sign-in');
          }}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
