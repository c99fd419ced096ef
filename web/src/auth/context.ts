import { createContext, useContext } from 'react';
import type { paths } from '../api/schema';

/** Me is who the server says the caller is (GET /v1/me). */
export type Me = paths['/v1/me']['get']['responses']['200']['content']['application/json'];

export interface AuthState {
  me: Me | null;
  loading: boolean;
  /** A failure other than 401 (server down): shown with a retry, not as a sign-in. */
  error: unknown;
  /** The server runs with --no-auth: everyone is the system actor and there is no sign-in. */
  noAuth: boolean;
  /** Why the last session ended, for the sign-in page. */
  notice: string | null;
  signIn: (token: string) => Promise<Me>;
  signOut: () => void;
  retry: () => void;
}

export const AuthContext = createContext<AuthState | null>(null);

/** useAuth reads the signed-in state; components under AuthProvider only. */
export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
