// The benchmark's floor: plain React Flow (default nodes and edges, no editor) drawing the same
// nodes and edges as the editor. Built by bench/editor.mjs into a temporary folder and served
// to the browser by request interception; never part of the app's dist.
import '@xyflow/react/dist/style.css';
import { ReactFlow, useEdgesState, useNodesState, type Edge, type Node } from '@xyflow/react';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';

declare global {
  interface Window {
    benchGraph: { nodes: { id: string; x: number; y: number }[]; edges: { id: string; source: string; target: string }[] };
    /** Moves every node (the baseline of a tidy-up: new positions for all, drawn once). */
    benchRelayout?: () => void;
  }
}

const g = window.benchGraph;
const initialNodes: Node[] = g.nodes.map((n) => ({ id: n.id, position: { x: n.x, y: n.y }, data: { label: n.id }, width: 232, height: 68 }));
const initialEdges: Edge[] = g.edges.map((e) => ({ id: e.id, source: e.source, target: e.target }));

function App() {
  const [nodes, setNodes, onNodesChange] = useNodesState(initialNodes);
  const [edges, , onEdgesChange] = useEdgesState(initialEdges);
  useEffect(() => {
    window.benchRelayout = () => setNodes((ns) => ns.map((n) => ({ ...n, position: { x: n.position.y, y: n.position.x } })));
  }, [setNodes]);
  return <ReactFlow nodes={nodes} edges={edges} onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} fitView minZoom={0.05} />;
}

createRoot(document.getElementById('root')!).render(<App />);
