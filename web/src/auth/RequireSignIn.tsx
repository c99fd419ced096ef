import { Button, Center, Loader, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useAuth } from './context';

/** RequireSignIn shows its children to a signed-in user (or anyone under --no-auth). */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { me, loading, error, retry } = useAuth();
  const location = useLocation();
  if (loading) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (error) {
    return (
      <Center h="100vh" p="md">
        <Stack maw={520}>
          <ProblemAlert error={error} title="The server could not be reached" />
          <Button onClick={retry}>Try again</Button>
        </Stack>
      </Center>
    );
  }
  if (!me) {
    const from = location.pathname + location.search;
    return <Navigate to="/sign-in" replace state={{ from }} />;
  }
  return children;
}
