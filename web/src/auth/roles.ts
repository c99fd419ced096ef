import type { Me } from './context';

/** Role is a key's role (docs/auth.md). */
export type Role = Me['role'];

/** homePath is where each role starts: admins manage workflows, agents work their inbox. */
export function homePath(role: Role | undefined): string {
  switch (role) {
    case 'admin':
      return '/workflows';
    case 'agent':
      return '/inbox';
    default:
      return '/service';
  }
}
