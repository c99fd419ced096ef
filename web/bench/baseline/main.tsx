// The benchmark's floor: plain React Flow (default nodes and edges, no editor) drawing the same
// nodes and edges as the editor. Built by bench/editor.mjs into a temporary folder and served
// to the browser by request interception; never part of the app's dist.
import '@xyflow/react/dist/style.css';
import { ReactFlow, useEdgesState, useNodesState, type Edge, type Node } from '@xyflow/react';
import ELK from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';

declare global {
  interface Window {
    benchGraph: { nodes: { id: string; x: number; y: number }[]; edges: { id: string; source: string; target: string }[] };
    /** Lays the graph out with ELK (in its Web Worker, as the editor does) and draws every node at its new place. */
    benchRelayout?: () => void;
  }
}

const g = window.benchGraph;
const initialNodes: Node[] = g.nodes.map((n) => ({ id: n.id, position: { x: n.x, y: n.y }, data: { label: n.id }, width: 232, height: 68 }));
// ELK's layered algorithm left to right with its default options: the same engine, in a worker,
// on the same nodes (their size) and edges; the editor adds ports, edge labels and spacing.
const elk = new ELK({ workerUrl, workerFactory: (url) => new Worker(url ?? workerUrl) });

const initialEdges: Edge[] = g.edges.map((e) => ({ id: e.id, source: e.source, target: e.target }));

function App() {
  const [nodes, setNodes, onNodesChange] = useNodesState(initialNodes);
  const [edges, , onEdgesChange] = useEdgesState(initialEdges);
  useEffect(() => {
    window.benchRelayout = () => {
      const root = {
        id: '__root__',
        layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT' },
        children: g.nodes.map((n) => ({ id: n.id, width: 232, height: 68 })),
        edges: g.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
      };
      void elk.layout(root).then((laid) => {
        const at = new Map((laid.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
        setNodes((ns) => ns.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })));
      });
    };
  }, [setNodes]);
  return <ReactFlow nodes={nodes} edges={edges} onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} fitView minZoom={0.05} />;
}

createRoot(document.getElementById('root')!).render(<App />);
