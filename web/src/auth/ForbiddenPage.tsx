import { Button, Code, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { useAuth } from './context';
import { homePath } from './roles';

/** ForbiddenPage is the in-app 403: this screen is not for the signed-in role. */
export function ForbiddenPage() {
  const { me } = useAuth();
  return (
    <>
      <PageHeader title="403 — Forbidden" />
      <EmptyState
        icon={<IconLock size={24} />}
        title="This screen is not available to your role"
        action={
          <Button component={Link} to={homePath(me?.role)} variant="light">
            Go to your start page
          </Button>
        }
      >
        <Text span size="sm" c="dimmed">
          It is for administrators. You are signed in with a key whose role is <Code>{me?.role ?? 'unknown'}</Code>.
        </Text>
      </EmptyState>
    </>
  );
}
