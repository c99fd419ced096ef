import { describe, expect, it } from 'vitest';
import { parseChange, readEventStream, SseParser, type SseEvent, type StreamState } from './sse';

describe('SseParser', () => {
  it('reads ids, event names, multi-line data and skips comments', () => {
    const p = new SseParser();
    const evs = p.feed(': ping\n\nid: 1\nevent: change\ndata: {"a":1}\n\nid: 2\ndata: x\ndata: y\n\n');
    expect(evs).toEqual([
      { id: '1', event: 'change', data: '{"a":1}' },
      { id: '2', event: 'message', data: 'x\ny' },
    ]);
    expect(p.lastEventId).toBe('2');
  });

  it('joins events split anywhere across chunks, including inside \\r\\n', () => {
    const text = 'id: 7\r\nevent: change\r\ndata: {"executionId":"e"}\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      const evs = [...p.feed(text.slice(0, cut)), ...p.feed(text.slice(cut))];
      expect(evs, `cut at ${cut}`).toEqual([{ id: '7', event: 'change', data: '{"executionId":"e"}' }]);
    }
  });

  it('keeps the last id across events without one, and an id-only block moves it', () => {
    const p = new SseParser('5');
    expect(p.feed('data: a\n\n')).toEqual([{ id: '5', event: 'message', data: 'a' }]);
    expect(p.feed('id: 9\n\n')).toEqual([]);
    expect(p.lastEventId).toBe('9');
  });

  it('drops a half-received event on reset, keeping the last complete id', () => {
    const p = new SseParser();
    p.feed('id: 3\ndata: a\n\nid: 4\ndata: half');
    p.reset();
    expect(p.lastEventId).toBe('4');
  });

  it('reads retry', () => {
    const p = new SseParser();
    p.feed('retry: 1500\n\n');
    expect(p.retry).toBe(1500);
  });
});

function streamOf(text: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode(text));
      c.close();
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
}

describe('readEventStream', () => {
  it('resumes from the last id after the stream ends, and reports failing then live', async () => {
    const sent: (string | null)[] = [];
    const answers: (() => Response)[] = [
      () => streamOf('id: 1\nevent: change\ndata: {"executionId":"e","stepId":"a"}\n\n'),
      () => new Response('down', { status: 503 }),
      () => new Response('down', { status: 503 }),
      () => streamOf('id: 2\nevent: change\ndata: {"executionId":"e","stepId":"b"}\n\n'),
    ];
    const ctl = new AbortController();
    const events: SseEvent[] = [];
    const states: StreamState[] = [];
    const last = await readEventStream({
      url: 'http://x/v1/executions/e/events',
      headers: () => ({ Authorization: 'Bearer t' }),
      onEvent: (e) => events.push(e),
      onState: (s) => states.push(s),
      signal: ctl.signal,
      failAfter: 2,
      sleep: async () => undefined,
      fetch: (async (_url: string, init: RequestInit) => {
        sent.push(new Headers(init.headers).get('Last-Event-ID'));
        const next = answers.shift();
        if (!next) {
          ctl.abort();
          throw new DOMException('aborted', 'AbortError');
        }
        return next();
      }) as typeof fetch,
    });
    expect(events.map((e) => e.id)).toEqual(['1', '2']);
    expect(sent).toEqual([null, '1', '1', '1', '2']);
    expect(last).toBe('2');
    expect(states).toContain('failing');
    expect(states.lastIndexOf('live')).toBeGreaterThan(states.indexOf('failing'));
    expect(states.at(-1)).toBe('closed');
  });

  it('stops for good on 403', async () => {
    let calls = 0;
    const states: StreamState[] = [];
    await readEventStream({
      url: 'http://x/e',
      headers: () => ({}),
      onEvent: () => undefined,
      onState: (s) => states.push(s),
      signal: new AbortController().signal,
      sleep: async () => undefined,
      fetch: (async () => {
        calls++;
        return new Response('{}', { status: 403 });
      }) as typeof fetch,
    });
    expect(calls).toBe(1);
    expect(states.at(-1)).toBe('closed');
  });

  it('treats a 200 that is not an event stream as a failure (e.g. the SPA fallback)', async () => {
    let calls = 0;
    const ctl = new AbortController();
    const states: StreamState[] = [];
    await readEventStream({
      url: 'http://x/e',
      headers: () => ({}),
      onEvent: () => undefined,
      onState: (s) => states.push(s),
      signal: ctl.signal,
      failAfter: 1,
      sleep: async () => {
        if (calls >= 2) ctl.abort();
      },
      fetch: (async () => {
        calls++;
        return new Response('<html>', { headers: { 'Content-Type': 'text/html' } });
      }) as typeof fetch,
    });
    expect(states).toContain('failing');
    expect(states).not.toContain('live');
  });
});

describe('parseChange', () => {
  it.each([
    ['{"executionId":"e","stepId":"s","status":"Completed","attempt":1,"kind":"step"}', 'e'],
    ['{"stepId":"s"}', null],
    ['not json', null],
  ])('%s', (data, want) => expect(parseChange(data)?.executionId ?? null).toBe(want));
});
