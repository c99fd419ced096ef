import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/** theme: system fonts (nothing loaded from other origins), a calm indigo, roomy defaults. */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Transitions (modals, notifications) are skipped for people who ask for less motion.
  respectReducedMotion: true,
  // Shade 7 keeps links and filled buttons at 4.5:1 against white.
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: 'md',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '650' },
  components: {
    Table: { defaultProps: { verticalSpacing: 'sm', horizontalSpacing: 'md' } },
    Modal: { defaultProps: { centered: true, radius: 'lg', padding: 'lg', closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Breadcrumbs: { styles: { separator: { color: 'var(--mantine-color-dimmed)' } } },
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    },
  },
});

/**
 * cssVariables keeps every text at 4.5:1 or more against its background (WCAG AA; axe-core
 * checks each screen): Mantine's dimmed grey, error red, light-variant text (badges, subtle
 * buttons, the active nav item) and filled backgrounds under white text are darker here.
 */
function darken(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const c = [n >> 16, (n >> 8) & 255, n & 255].map((x) => Math.round(x * (1 - amount)));
  return '#' + c.map((x) => x.toString(16).padStart(2, '0')).join('');
}

export const cssVariables: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': '#5f666d',
    '--mantine-color-placeholder': '#6c737a',
    '--mantine-color-error': '#c92a2a',
    '--mantine-primary-color-light-color': t.colors.indigo[9],
  };
  for (const [name, shades] of Object.entries(t.colors)) {
    light[`--mantine-color-${name}-light-color`] = darken(shades[9], 0.25);
    if (name !== 'indigo') {
      light[`--mantine-color-${name}-filled`] = shades[9];
      light[`--mantine-color-${name}-filled-hover`] = shades[8];
    }
  }
  return { variables: {}, light, dark: {} };
};
