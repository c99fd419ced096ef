import { NavLink as MantineNavLink, Stack, Text } from '@mantine/core';
import { NavLink, useLocation } from 'react-router';
import { useAuth } from '../auth/context';
import { navigationFor } from './navigation';

/** Sidebar lists the screens the signed-in role may use, grouped, the current one marked. */
export function Sidebar({ onNavigate }: { onNavigate: () => void }) {
  const { me } = useAuth();
  const { pathname } = useLocation();
  const sections = navigationFor(me?.role);
  if (sections.length === 0) {
    return (
      <Text size="sm" c="dimmed" p="xs">
        Nothing to manage with this key.
      </Text>
    );
  }
  return (
    <Stack gap="lg" component="nav">
      {sections.map((section) => (
        <Stack gap={2} key={section.title}>
          <Text size="xs" fw={600} c="gray.7" tt="uppercase" px="xs" mb={4} style={{ letterSpacing: 0.4 }}>
            {section.title}
          </Text>
          {section.items.map((item) => {
            const active =
              pathname === item.to ||
              (!item.end && pathname.startsWith(item.to + '/') && !pathname.startsWith('/workflows/links'));
            return (
              <MantineNavLink
                key={item.to}
                component={NavLink}
                to={item.to}
                end
                label={item.label}
                leftSection={<item.icon size={18} stroke={1.6} aria-hidden />}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={onNavigate}
                style={{ borderRadius: 'var(--mantine-radius-md)' }}
              />
            );
          })}
        </Stack>
      ))}
    </Stack>
  );
}
