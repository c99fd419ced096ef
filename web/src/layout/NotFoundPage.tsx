import { Button } from '@mantine/core';
import { IconMapOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

/** NotFoundPage answers an address the app does not know. */
export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        icon={<IconMapOff size={24} />}
        title="There is no screen at this address"
        action={
          <Button component={Link} to="/" variant="light">
            Go to the start page
          </Button>
        }
      >
        Check the link, or use the navigation on the left.
      </EmptyState>
    </>
  );
}
