// The API key lives in sessionStorage only: it is gone when the tab closes and never written
// to localStorage or a cookie.
const KEY = 'wfb.token';

export function readToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function writeToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
}
