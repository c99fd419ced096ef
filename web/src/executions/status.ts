import {
  IconBan,
  IconCircleCheck,
  IconCircleDashed,
  IconCircleOff,
  IconCircleX,
  IconHandStop,
  IconPlayerPlay,
  type Icon,
} from '@tabler/icons-react';
import type { components } from '../api/schema';

/** StepStatus is a step's runtime status (SPEC §6). */
export type StepStatus = components['schemas']['RuntimeStep']['status'];

/** RuntimeStatus is an execution's runtime status. */
export type RuntimeStatus = components['schemas']['RuntimeView']['runtimeStatus'];

/** StatusStyle is how a status is shown: never colour alone, always an icon and a word too. */
export interface StatusStyle {
  label: string;
  color: string;
  icon: Icon;
  /** What the status means, for tooltips and the legend. */
  meaning: string;
}

/** stepStatusStyles maps every runtime status to its colour, icon and text. */
export const stepStatusStyles: Record<StepStatus, StatusStyle> = {
  NotStarted: { label: 'Not started', color: 'gray', icon: IconCircleDashed, meaning: 'Not reached (yet), or on a path not taken.' },
  InProgress: { label: 'In progress', color: 'blue', icon: IconPlayerPlay, meaning: 'Running, or waiting for a person.' },
  ActionRequired: { label: 'Action required', color: 'orange', icon: IconHandStop, meaning: 'Open and flagged for attention.' },
  Completed: { label: 'Completed', color: 'green', icon: IconCircleCheck, meaning: 'Done.' },
  Failed: { label: 'Failed', color: 'red', icon: IconCircleX, meaning: 'Stopped with an error: retry it or cancel the execution.' },
  Cancelled: { label: 'Cancelled', color: 'dark', icon: IconBan, meaning: 'Closed by END or by a cancel while open.' },
  Disabled: { label: 'Disabled', color: 'gray', icon: IconCircleOff, meaning: 'Skipped by its activation policy.' },
};

const fallback: StatusStyle = { label: 'Unknown', color: 'gray', icon: IconCircleDashed, meaning: 'A status this app does not know.' };

/** statusStyle is the style of any status string (an unknown one is shown as its own text). */
export function statusStyle(status: string | null | undefined): StatusStyle {
  if (status && status in stepStatusStyles) return stepStatusStyles[status as StepStatus];
  return status ? { ...fallback, label: status } : fallback;
}

/** isOpen says whether a step waits for something: a person, a child, a retry. */
export function isOpen(status: string): boolean {
  return status === 'InProgress' || status === 'ActionRequired';
}

/** isTerminal says whether an execution has ended (nothing more will change on its own). */
export function isTerminal(runtimeStatus: string | null | undefined): boolean {
  return runtimeStatus === 'Completed' || runtimeStatus === 'Cancelled';
}
