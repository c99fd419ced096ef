// A server-sent-events reader over fetch. EventSource cannot send an Authorization header, so
// the app reads `text/event-stream` itself: this parser follows the HTML standard's rules
// (fields, comments, multi-line data, the last event id), and `readEventStream` reconnects,
// resuming with `Last-Event-ID`, and says when the stream is failing so the page can poll.

/** SseEvent is one dispatched event. */
export interface SseEvent {
  id: string;
  event: string;
  data: string;
}

/**
 * SseParser turns chunks of an event stream into events. Chunks may split lines and events
 * anywhere; `lastEventId` is the id to resume from (it survives events without an id).
 */
export class SseParser {
  lastEventId: string;
  /** The reconnection delay the server asked for (`retry:`), in milliseconds. */
  retry: number | undefined;
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private sawData = false;

  constructor(lastEventId = '') {
    this.lastEventId = lastEventId;
  }

  feed(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    for (;;) {
      const m = /\r\n|\n|\r/.exec(this.buffer);
      if (!m) break;
      // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
      if (m[0] === '\r' && m.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      const ev = this.line(line);
      if (ev) out.push(ev);
    }
    return out;
  }

  /** reset forgets a half-received event (the connection dropped in the middle of it). */
  reset(): void {
    this.buffer = '';
    this.data = [];
    this.event = '';
    this.sawData = false;
  }

  private line(line: string): SseEvent | null {
    if (line === '') {
      const ev = this.sawData ? { id: this.lastEventId, event: this.event || 'message', data: this.data.join('\n') } : null;
      this.data = [];
      this.event = '';
      this.sawData = false;
      return ev;
    }
    if (line.startsWith(':')) return null; // a comment: the heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        this.sawData = true;
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
    }
    return null;
  }
}

/** StreamState is what the page shows: live, reconnecting, or failing (then it polls). */
export type StreamState = 'connecting' | 'live' | 'failing' | 'closed';

export interface ReadEventStreamOptions {
  url: string;
  /** Headers for each (re)connection, read each time (the token may change). */
  headers: () => Record<string, string>;
  lastEventId?: string;
  onEvent: (ev: SseEvent) => void;
  onState: (state: StreamState, detail?: string) => void;
  signal: AbortSignal;
  fetch?: typeof fetch;
  /** Waits between reconnections, by consecutive failure; the last one repeats. */
  delays?: number[];
  /** After this many consecutive failed connections the state becomes `failing`. */
  failAfter?: number;
  /** Statuses that end the stream for good (no permission, no such execution). */
  fatal?: (status: number) => boolean;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const defaultDelays = [500, 1000, 2000, 5000, 10000, 30000];

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

/**
 * readEventStream keeps an event stream open until `signal` aborts: it reconnects after any
 * end or error with the last event id (header `Last-Event-ID`), backing off; after `failAfter`
 * consecutive failures it reports `failing` (the caller polls meanwhile) and keeps trying at
 * the slowest pace, so it goes live again when the server is back. A fatal status (401, 403,
 * 404 by default) ends it with `closed`. Resolves with the last event id.
 */
export async function readEventStream(opts: ReadEventStreamOptions): Promise<string> {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const delays = opts.delays ?? defaultDelays;
  const failAfter = opts.failAfter ?? 3;
  const fatal = opts.fatal ?? ((s: number) => s === 401 || s === 403 || s === 404);
  const sleep = opts.sleep ?? abortableSleep;
  const parser = new SseParser(opts.lastEventId ?? '');
  let failures = 0;
  while (!opts.signal.aborted) {
    opts.onState(failures >= failAfter ? 'failing' : 'connecting');
    let detail = '';
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream', ...opts.headers() };
      if (parser.lastEventId) headers['Last-Event-ID'] = parser.lastEventId;
      const res = await doFetch(opts.url, { headers, signal: opts.signal, cache: 'no-store' });
      if (fatal(res.status)) {
        opts.onState('closed', `HTTP ${res.status}`);
        return parser.lastEventId;
      }
      const type = res.headers.get('Content-Type') ?? '';
      if (!res.ok || !res.body || !type.startsWith('text/event-stream')) {
        detail = res.ok ? `not an event stream (${type || 'no content type'})` : `HTTP ${res.status}`;
        await res.body?.cancel().catch(() => undefined);
      } else {
        failures = 0;
        opts.onState('live');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const ev of parser.feed(value)) opts.onEvent(ev);
        }
        detail = 'the stream ended';
      }
    } catch (err) {
      if (opts.signal.aborted) break;
      detail = err instanceof Error ? err.message : String(err);
    }
    parser.reset();
    failures++;
    if (opts.signal.aborted) break;
    opts.onState(failures >= failAfter ? 'failing' : 'connecting', detail);
    await sleep(parser.retry ?? delays[Math.min(failures - 1, delays.length - 1)]!, opts.signal);
  }
  opts.onState('closed');
  return parser.lastEventId;
}

/** ChangeEvent is the data of an execution's `change` event (GET /v1/executions/{id}/events). */
export interface ChangeEvent {
  executionId: string;
  stepId?: string;
  status?: string;
  attempt?: number;
  at?: string;
  kind?: 'step' | 'execution' | 'child' | string;
}

/** parseChange reads a change event's data; null when it is not one. */
export function parseChange(data: string): ChangeEvent | null {
  try {
    const v: unknown = JSON.parse(data);
    if (v && typeof v === 'object' && typeof (v as ChangeEvent).executionId === 'string') return v as ChangeEvent;
  } catch {
    // not JSON: ignored, the next event or the poll catches up
  }
  return null;
}
