import { Group } from '@mantine/core';
import { NavLink } from 'react-router';
import classes from './WorkflowTabs.module.css';

/**
 * WorkflowTabs switches Workflow Management between its workflows and its links. Each tab is a
 * link to its own URL (so back and deep links work), marked aria-current when open.
 */
export function WorkflowTabs() {
  return (
    <Group component="nav" aria-label="Workflow Management sections" gap={0} className={classes.tabs} mb="lg">
      <NavLink to="/workflows" end className={classes.tab}>
        Workflows
      </NavLink>
      <NavLink to="/workflows/links" className={classes.tab}>
        Workflow Links
      </NavLink>
    </Group>
  );
}
