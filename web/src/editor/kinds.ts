import {
  IconCheckbox,
  IconCircleDashed,
  IconExternalLink,
  IconFileUpload,
  IconForms,
  IconHelpHexagon,
  IconPlayerPlayFilled,
  IconPlayerStopFilled,
  IconPlus,
  IconStack2,
  IconSubtask,
  IconX,
  type Icon,
} from '@tabler/icons-react';
import type { StepKind } from './definition';

/** KindStyle is how a step kind looks on the canvas. */
export interface KindStyle {
  /** What the kind is called in the UI. */
  title: string;
  icon: Icon;
  /** A Mantine palette name: nodes use its shades through CSS variables. */
  color: string;
}

/** kindStyles gives every step kind its title, icon and colour. */
export const kindStyles: Record<StepKind, KindStyle> = {
  start: { title: 'Start', icon: IconPlayerPlayFilled, color: 'teal' },
  end: { title: 'End', icon: IconPlayerStopFilled, color: 'red' },
  'human.confirm': { title: 'Confirm', icon: IconCheckbox, color: 'blue' },
  'human.form': { title: 'Form', icon: IconForms, color: 'indigo' },
  'human.url_redirect': { title: 'URL redirect', icon: IconExternalLink, color: 'cyan' },
  'human.doc_upload': { title: 'Document upload', icon: IconFileUpload, color: 'blue' },
  'sys.sub_workflow': { title: 'Sub-workflow', icon: IconSubtask, color: 'violet' },
  'gateway.parallel_split': { title: 'Parallel split', icon: IconPlus, color: 'orange' },
  'gateway.parallel_join': { title: 'Parallel join', icon: IconPlus, color: 'orange' },
  'gateway.exclusive_split': { title: 'Exclusive split', icon: IconX, color: 'orange' },
  'gateway.inclusive_split': { title: 'Inclusive split', icon: IconCircleDashed, color: 'orange' },
};

/** unknownKind is how a step whose type the app does not know is drawn. */
export const unknownKind: KindStyle = { title: 'Unknown type', icon: IconHelpHexagon, color: 'gray' };

/** batchIcon marks a BATCH sub-workflow (one child per item), like BPMN's multi-instance marker. */
export const batchIcon = IconStack2;

/** styleOf gives a step's look, BATCH sub-workflows titled as such. */
export function styleOf(kind: StepKind | null, batch = false): KindStyle {
  if (!kind) return unknownKind;
  const s = kindStyles[kind];
  if (kind === 'sys.sub_workflow') return { ...s, title: batch ? 'Sub-workflow · batch' : 'Sub-workflow · single', icon: batch ? IconStack2 : IconSubtask };
  return s;
}
