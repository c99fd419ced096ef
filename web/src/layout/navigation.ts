import {
  IconDatabase,
  IconFileDescription,
  IconHistory,
  IconInbox,
  IconKey,
  IconLink,
  IconRoute,
  IconSitemap,
  type Icon,
} from '@tabler/icons-react';
import type { Role } from '../auth/roles';

export interface NavItem {
  label: string;
  to: string;
  icon: Icon;
  /** Paths under `to` that light this item up, besides `to` itself. */
  end?: boolean;
}

export interface NavSection {
  title: string;
  items: NavItem[];
}

const management: NavSection[] = [
  {
    title: 'Workflows',
    items: [
      { label: 'Workflow Management', to: '/workflows', icon: IconSitemap },
      { label: 'Workflow Links', to: '/workflows/links', icon: IconLink, end: true },
      { label: 'Executions', to: '/executions', icon: IconRoute },
    ],
  },
  {
    title: 'Configuration',
    items: [
      { label: 'Data sources', to: '/data-sources', icon: IconDatabase },
      { label: 'Service-request types', to: '/request-types', icon: IconFileDescription },
    ],
  },
  {
    title: 'Administration',
    items: [
      { label: 'API keys', to: '/api-keys', icon: IconKey },
      { label: 'Audit log', to: '/audit', icon: IconHistory },
    ],
  },
];

const work: NavSection = { title: 'Work', items: [{ label: 'Inbox', to: '/inbox', icon: IconInbox }] };

/** navigationFor is what the sidebar offers each role: admins everything, agents their inbox. */
export function navigationFor(role: Role | undefined): NavSection[] {
  switch (role) {
    case 'admin':
      return [...management, work];
    case 'agent':
      return [work];
    default:
      return [];
  }
}
