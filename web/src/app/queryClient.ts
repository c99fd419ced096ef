import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/problem';

/** queryClient: reads retry once on network trouble, never on a 4xx the server meant. */
export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 1,
      },
      mutations: { retry: false },
    },
  });
}
