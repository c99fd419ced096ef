import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, onUnauthorized } from '../api/client';
import { ApiError } from '../api/problem';
import { readToken, writeToken } from './session';
import { AuthContext, type AuthState } from './context';

export const meQueryKey = ['me'] as const;

/**
 * AuthProvider knows who is signed in: it asks GET /v1/me with the session's key (or with no
 * key, which a server under --no-auth answers as the system actor). Any 401 from any call
 * signs the user out, with a message for the sign-in page.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | null>(readToken);
  const [notice, setNotice] = useState<string | null>(null);

  const me = useQuery({
    queryKey: [...meQueryKey, token],
    queryFn: () => call(api.GET('/v1/me')),
    retry: false,
    staleTime: 5 * 60_000,
  });

  const signOut = useCallback(
    (message?: string) => {
      writeToken(null);
      setToken(null);
      setNotice(message ?? null);
      queryClient.clear();
    },
    [queryClient],
  );

  useEffect(
    () =>
      onUnauthorized(() => {
        // Only a session that was signed in with a key ends; a failed sign-in attempt is the
        // sign-in form's to report.
        if (readToken()) signOut('Your API key was not accepted any more (revoked or unknown). Sign in again.');
      }),
    [signOut],
  );

  const signIn = useCallback(
    async (newToken: string) => {
      const who = await call(api.GET('/v1/me', { headers: { Authorization: `Bearer ${newToken}` } }));
      writeToken(newToken);
      queryClient.clear();
      queryClient.setQueryData([...meQueryKey, newToken], who);
      setNotice(null);
      setToken(newToken);
      return who;
    },
    [queryClient],
  );

  const value = useMemo<AuthState>(() => {
    const unauthorized = me.error instanceof ApiError && me.error.status === 401;
    return {
      me: me.data ?? null,
      loading: me.isPending,
      error: unauthorized ? null : me.error,
      noAuth: !!me.data?.authDisabled,
      notice,
      signIn,
      signOut: () => signOut(),
      retry: () => void me.refetch(),
    };
  }, [me, notice, signIn, signOut]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
