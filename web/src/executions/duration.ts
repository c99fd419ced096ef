/** formatDuration says how long something took in short words: 850 ms, 12 s, 3 min 5 s, 2 h 4 min. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** stepSpan is when a step ran: its start and its end (now while it is open). */
export function stepSpan(step: { startedAt?: string; completedAt?: string; failedAt?: string }, now: number): { start: number; end: number; open: boolean } | null {
  if (!step.startedAt) return null;
  const start = Date.parse(step.startedAt);
  const endText = step.completedAt ?? step.failedAt;
  const end = endText ? Date.parse(endText) : now;
  return { start, end: Math.max(start, end), open: !endText };
}
