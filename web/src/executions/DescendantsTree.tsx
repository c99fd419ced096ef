import { Anchor, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { ExecutionNode } from './api';
import { StatusBadge } from './StatusBadge';

/** findNode finds an execution in a tree. */
export function findNode(root: ExecutionNode, id: string): ExecutionNode | null {
  if (root.id === id) return root;
  for (const c of root.children ?? []) {
    const f = findNode(c, id);
    if (f) return f;
  }
  return null;
}

/** flatten lists a tree's executions, the root first. */
export function flatten(root: ExecutionNode): ExecutionNode[] {
  return [root, ...(root.children ?? []).flatMap(flatten)];
}

function Branch({ node, current, depth }: { node: ExecutionNode; current: string; depth: number }) {
  return (
    <li>
      <Group gap="sm" py={4} wrap="nowrap">
        {node.id === current ? (
          <Text size="sm" fw={700} aria-current="page">
            {node.name}
          </Text>
        ) : (
          <Anchor component={Link} to={`/executions/${node.id}`} size="sm">
            {node.name}
          </Anchor>
        )}
        <StatusBadge status={node.runtimeStatus} size="xs" />
      </Group>
      {(node.children?.length ?? 0) > 0 && (
        <ul className="dt-list" style={{ paddingLeft: 18, margin: 0, listStyle: 'none', borderLeft: '1px solid var(--mantine-color-gray-3)' }}>
          {node.children!.slice(0, 200).map((c) => (
            <Branch key={c.id} node={c} current={current} depth={depth + 1} />
          ))}
          {node.children!.length > 200 && (
            <li>
              <Text size="xs" c="dimmed">
                and {node.children!.length - 200} more (see the sub-workflow step's list)
              </Text>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

/** DescendantsTree shows an execution tree from its root, the current execution in bold. */
export function DescendantsTree({ root, current }: { root: ExecutionNode; current: string }) {
  return (
    <ul aria-label="Execution tree" style={{ paddingLeft: 0, margin: 0, listStyle: 'none' }}>
      <Branch node={root} current={current} depth={0} />
    </ul>
  );
}
