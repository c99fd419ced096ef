import type { ReactNode } from 'react';
import { ForbiddenPage } from './ForbiddenPage';
import { useAuth } from './context';
import type { Role } from './roles';

/**
 * RequireRole mirrors the server's role table (docs/auth.md) for navigation only: a screen the
 * role cannot use answers 403 in the app instead of a page of failed calls. The server still
 * decides every request.
 */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { me } = useAuth();
  if (!me || !roles.includes(me.role)) return <ForbiddenPage />;
  return children;
}
