import { Navigate } from 'react-router';
import { useAuth } from './context';
import { homePath } from './roles';

/** HomeRedirect sends `/` to the signed-in role's first screen. */
export function HomeRedirect() {
  const { me } = useAuth();
  return <Navigate to={homePath(me?.role)} replace />;
}
