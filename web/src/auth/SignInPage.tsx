import { Alert, Anchor, Button, Center, Code, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle, IconTopologyStar3 } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/problem';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useAuth } from './context';
import { homePath } from './roles';

/** SignInPage takes an API key, checks it with GET /v1/me, and keeps it for this tab only. */
export function SignInPage() {
  const { me, noAuth, notice, signIn, loading } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;

  if (!loading && me && (noAuth || !busy)) {
    return <Navigate to={from && from !== '/sign-in' ? from : homePath(me.role)} replace />;
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!token.trim()) {
      setError(new Error('Paste an API key first.'));
      return;
    }
    setBusy(true);
    try {
      const who = await signIn(token.trim());
      navigate(from && from !== '/sign-in' ? from : homePath(who.role), { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const refused = error instanceof ApiError && error.status === 401;
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" radius="lg" p={36} w="100%" maw={440} component="main">
        <Stack gap="lg">
          <Stack gap={6} align="flex-start">
            <IconTopologyStar3 size={32} color="var(--mantine-color-indigo-6)" aria-hidden />
            <Title order={1} fz={22}>
              Sign in to Workflow Builder
            </Title>
            <Text size="sm" c="dimmed">
              Use an API key. It is kept in this browser tab only and forgotten when the tab closes.
            </Text>
          </Stack>
          {notice && (
            <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} role="status">
              {notice}
            </Alert>
          )}
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <PasswordInput
                label="API key"
                placeholder="wfb_…"
                autoComplete="off"
                spellCheck={false}
                data-autofocus
                autoFocus
                value={token}
                onChange={(e) => setToken(e.currentTarget.value)}
                error={refused ? 'This key was not accepted: it is unknown, mistyped or revoked.' : undefined}
              />
              {error !== null && !refused ? <ProblemAlert error={error} title="Could not sign in" /> : null}
              <Button type="submit" loading={busy} fullWidth>
                Sign in
              </Button>
            </Stack>
          </form>
          <Text size="xs" c="dimmed">
            The first <Code>wfb serve</Code> prints an admin key as <Code>export WFB_TOKEN=…</Code>. Lost it? Create
            another with <Code>wfb keys create --name me --role admin</Code>. See{' '}
            <Anchor href="/docs" size="xs" underline="always">
              the API docs
            </Anchor>
            .
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
