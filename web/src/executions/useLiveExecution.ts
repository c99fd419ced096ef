import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { authHeaders, eventsUrl } from './api';
import { executionKeys } from './queries';
import { parseChange, readEventStream, type StreamState } from './sse';

/** How often, at most, a burst of events refreshes the page (a BATCH of 1,000 finishing). */
const coalesceMs = 250;

/**
 * useLiveExecution keeps an execution's queries current from its event stream: each change
 * refreshes the execution, its tree, its children pages and files (coalesced, so a burst
 * costs one refresh). It returns the stream's state; the page polls while it is not `live`.
 * A stream that ends (server restart) resumes from the last event id.
 */
export function useLiveExecution(id: string, enabled: boolean): StreamState {
  const qc = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  const lastId = useRef<string>('');
  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      void qc.invalidateQueries({ queryKey: executionKeys.all });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
    };
    void readEventStream({
      url: eventsUrl(id),
      headers: authHeaders,
      lastEventId: lastId.current,
      signal: ctl.signal,
      onState: (s) => {
        // Going live (again) may follow missed changes: catch up once.
        if (s === 'live') flush();
        setState(s);
      },
      onEvent: (ev) => {
        lastId.current = ev.id;
        if (ev.event !== 'change' || !parseChange(ev.data)) return;
        timer ??= setTimeout(flush, coalesceMs);
      },
    }).then((last) => {
      lastId.current = last;
    });
    return () => {
      ctl.abort();
      if (timer) clearTimeout(timer);
    };
  }, [id, enabled, qc]);
  return enabled ? state : 'closed';
}
