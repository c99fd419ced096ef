/** Selection is what the canvas has selected: one step, transition or group, or nothing. */
export type Selection = { kind: 'step'; id: string } | { kind: 'transition'; id: string } | { kind: 'group'; id: string } | null;
