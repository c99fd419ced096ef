import type { EditorNode, Graph } from '../graph';
import type { RunMarks, StepRunMark } from './marks';

const stateWords = { current: 'current step of the test run', ran: 'ran', failed: 'failed', waiting: 'waiting for the script', skipped: 'not run (dead path)' } as const;

/** runWords is how a step's run mark reads, in its accessible name and tooltip. */
export function runWords(m: StepRunMark): string {
  return `${stateWords[m.state]}${m.count > 1 ? `, ${m.count} times` : ''}`;
}

/** sameRun says whether two step run marks draw the same. */
export function sameRun(a: StepRunMark | undefined, b: StepRunMark | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.state === b.state && a.count === b.count);
}

/**
 * withRunMarks pins a test run's marks on the graph (nodes and edges the run did not touch keep
 * their objects) and says them in the accessible names.
 */
export function withRunMarks(g: Graph, run: RunMarks | null): Graph {
  if (!run) return g;
  return {
    nodes: g.nodes.map((n): EditorNode => {
      if (n.type === 'group') return n;
      const m = run.steps.get(n.id);
      return m ? { ...n, data: { ...n.data, run: m }, ariaLabel: `${n.ariaLabel ?? n.data.label}, ${runWords(m)}` } : n;
    }),
    edges: g.edges.map((e) => {
      const m = run.transitions.get(e.data?.transition.id ?? e.id);
      if (!m || !e.data) return e;
      return { ...e, data: { ...e.data, run: m }, ariaLabel: `${e.ariaLabel ?? ''}, ${m === 'taken' ? 'taken by the test run' : 'dead path in the test run'}` };
    }),
  };
}
