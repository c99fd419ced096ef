import { Stack, Text, UnstyledButton } from '@mantine/core';
import type { DragEvent } from 'react';
import { paletteMime } from './EditorCanvas';
import { styleOf } from './kinds';
import { palette, type PaletteItem } from './ops';

const sections: { title: string; keys: string[] }[] = [
  { title: 'Events', keys: ['start', 'end'] },
  { title: 'Human steps', keys: ['human.confirm', 'human.form', 'human.url_redirect', 'human.doc_upload'] },
  { title: 'Sub-workflows', keys: ['sub.single', 'sub.batch'] },
  { title: 'Gateways', keys: ['gateway.parallel_split', 'gateway.parallel_join', 'gateway.exclusive_split', 'gateway.inclusive_split'] },
];

/**
 * StepsPanel lists every step kind. Drag one onto the canvas to place it there, or press it
 * (click, Enter or Space) to add it in the middle of the view.
 */
export function StepsPanel({ disabled, onAdd }: { disabled: boolean; onAdd: (item: PaletteItem) => void }) {
  return (
    <nav aria-label="Steps" className="wfb-steps-panel">
      <Stack gap="md">
        {sections.map((section) => (
          <Stack key={section.title} gap={4}>
            <Text size="xs" fw={700} c="gray.7" tt="uppercase" style={{ letterSpacing: 0.4 }} id={`steps-${section.title}`}>
              {section.title}
            </Text>
            <ul className="wfb-steps-list" aria-labelledby={`steps-${section.title}`}>
              {section.keys.map((key) => {
                const item = palette.find((p) => p.key === key)!;
                const look = styleOf(item.kind, item.mode === 'BATCH');
                const Icon = look.icon;
                const onDragStart = (e: DragEvent) => {
                  e.dataTransfer.setData(paletteMime, item.key);
                  e.dataTransfer.effectAllowed = 'copy';
                };
                return (
                  <li key={key}>
                    <UnstyledButton
                      className="wfb-steps-item"
                      draggable={!disabled}
                      disabled={disabled}
                      onDragStart={onDragStart}
                      onClick={() => onAdd(item)}
                      aria-label={`Add ${item.title} step`}
                      data-step-kind={item.key}
                      style={{ '--wfb-c': `var(--mantine-color-${look.color}-6)`, '--wfb-c-light': `var(--mantine-color-${look.color}-0)`, '--wfb-c-dark': `var(--mantine-color-${look.color}-8)` } as React.CSSProperties}
                    >
                      <span className="wfb-steps-icon" aria-hidden>
                        <Icon size={16} stroke={1.8} />
                      </span>
                      <span>{item.title}</span>
                    </UnstyledButton>
                  </li>
                );
              })}
            </ul>
          </Stack>
        ))}
      </Stack>
    </nav>
  );
}
