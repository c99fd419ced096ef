import { Tabs } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router';

/** WorkflowTabs switches Workflow Management between its templates and its links; each tab is a URL. */
export function WorkflowTabs() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const value = pathname.startsWith('/workflows/links') ? '/workflows/links' : '/workflows';
  return (
    <Tabs value={value} onChange={(v) => v && navigate(v)} mb="lg" aria-label="Workflow Management sections">
      <Tabs.List>
        <Tabs.Tab value="/workflows">Workflows</Tabs.Tab>
        <Tabs.Tab value="/workflows/links">Workflow Links</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
