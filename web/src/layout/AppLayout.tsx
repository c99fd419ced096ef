import { AppShell, Burger, Center, Group, Loader, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTopologyStar3 } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { Sidebar } from './Sidebar';
import { UserMenu } from './UserMenu';

/** AppLayout is the frame of every signed-in screen: header, role-based sidebar, content. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={0}
    >
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
              <Group gap={8}>
                <IconTopologyStar3 size={22} color="var(--mantine-color-indigo-6)" aria-hidden />
                <Text fw={650} size="sm">
                  Workflow Builder
                </Text>
              </Group>
            </Link>
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <Sidebar onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <div id="content" tabIndex={-1} style={{ padding: '28px 36px 48px', maxWidth: 1280, outline: 'none' }}>
          <Suspense
            fallback={
              <Center py={80}>
                <Loader aria-label="Loading screen" />
              </Center>
            }
          >
            <Outlet />
          </Suspense>
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
