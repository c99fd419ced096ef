import { IconBan, IconCheck, IconPlayerPause, IconPlayerPlayFilled, IconX } from '@tabler/icons-react';
import type { StepRunMark } from './marks';
import { runWords } from './decorateRun';

const look = {
  current: { icon: IconPlayerPlayFilled, text: 'Now' },
  ran: { icon: IconCheck, text: 'Ran' },
  failed: { icon: IconX, text: 'Failed' },
  waiting: { icon: IconPlayerPause, text: 'Waiting' },
  skipped: { icon: IconBan, text: 'Not run' },
} as const;

/**
 * RunTag is the tag a test run pins on a step: an icon and a word for its state, and "×N" when
 * it ran more than once. The node's accessible name says the same (decorateRun.ts).
 */
export function RunTag({ mark }: { mark: StepRunMark }) {
  const { icon: Icon, text } = look[mark.state];
  return (
    <span className={`wfb-run-tag wfb-run-tag-${mark.state}`} aria-hidden title={runWords(mark)}>
      <Icon size={11} stroke={2.4} />
      {text}
      {mark.count > 1 && <span className="wfb-run-count">×{mark.count}</span>}
    </span>
  );
}
