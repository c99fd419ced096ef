import { Code, Text } from '@mantine/core';
import './run.css';

function Leaf({ value }: { value: unknown }) {
  if (value === null) return <span className="jt-null">null</span>;
  if (typeof value === 'string') return <span className="jt-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="jt-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="jt-bool">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

function Node({ name, value, depth }: { name: string | null; value: unknown; depth: number }) {
  const label = name === null ? null : <span className="jt-key">{name}: </span>;
  if (value && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    if (entries.length === 0) {
      return (
        <div className="jt-row">
          {label}
          <span className="jt-meta">{Array.isArray(value) ? '[]' : '{}'}</span>
        </div>
      );
    }
    return (
      <details className="jt-branch" open={depth < 2}>
        <summary>
          {label}
          <span className="jt-meta">{summary}</span>
        </summary>
        <div className="jt-children">
          {entries.map(([k, v]) => (
            <Node key={k} name={k} value={v} depth={depth + 1} />
          ))}
        </div>
      </details>
    );
  }
  return (
    <div className="jt-row">
      {label}
      <Leaf value={value} />
    </div>
  );
}

/** JsonTree shows a JSON value as a tree whose objects and arrays fold (native <details>). */
export function JsonTree({ value, label }: { value: unknown; label: string }) {
  if (value === undefined) return <Text size="sm" c="dimmed">None.</Text>;
  if (value === null || typeof value !== 'object') return <Code>{JSON.stringify(value)}</Code>;
  return (
    <div className="jt" role="group" aria-label={label}>
      <Node name={null} value={value} depth={0} />
    </div>
  );
}
