import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, type ValidationIssue } from '../api/problem';
import { conflictHint } from '../ui/conflictHints';
import { useActivate, useDeprecate, usePublish } from './queries';

export interface RefusedPublish {
  issues: ValidationIssue[];
  detail?: string;
}

function notifyFailure(what: string, err: unknown) {
  const problem = err instanceof ApiError ? err.problem : undefined;
  notifications.show({
    color: 'red',
    title: `${what} was refused`,
    message: [problem?.detail ?? (err instanceof Error ? err.message : String(err)), conflictHint(problem?.code)].filter(Boolean).join(' '),
    autoClose: 10_000,
  });
}

/**
 * useLifecycle runs publish, activate and deprecate with feedback: a refused publish keeps its
 * issues for the issues dialog; other refusals say why and what to do.
 */
export function useLifecycle(templateId: string) {
  const publish = usePublish(templateId);
  const activate = useActivate(templateId);
  const deprecate = useDeprecate(templateId);
  const [refused, setRefused] = useState<RefusedPublish | null>(null);

  return {
    refused,
    clearRefused: () => setRefused(null),
    pending: publish.isPending || activate.isPending || deprecate.isPending,
    publish: (id: string, label: string, etag?: string | null) =>
      publish.mutate(
        { id, etag },
        {
          onSuccess: () => notifications.show({ color: 'green', title: `Version ${label} published`, message: 'Activate it to make new executions use it.' }),
          onError: (err) => {
            if (err instanceof ApiError && err.problem.code === 'validation_failed') {
              setRefused({ issues: err.problem.issues ?? [], detail: err.problem.detail });
            } else notifyFailure('Publishing', err);
          },
        },
      ),
    activate: (id: string, label: string) =>
      activate.mutate(
        { id },
        {
          onSuccess: () => notifications.show({ color: 'green', title: `Version ${label} is active`, message: 'New executions start this version.' }),
          onError: (err) => notifyFailure('Activating', err),
        },
      ),
    deprecate: (id: string, label: string) =>
      deprecate.mutate(
        { id },
        {
          onSuccess: () => notifications.show({ color: 'green', message: `Version ${label} deprecated` }),
          onError: (err) => notifyFailure('Deprecating', err),
        },
      ),
  };
}

export type Lifecycle = ReturnType<typeof useLifecycle>;
