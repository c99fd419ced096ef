import { createTheme } from '@mantine/core';

/** theme: system fonts (nothing loaded from other origins), a calm indigo, roomy defaults. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '650' },
  components: {
    Table: { defaultProps: { verticalSpacing: 'sm', horizontalSpacing: 'md' } },
    Modal: { defaultProps: { centered: true, radius: 'lg', padding: 'lg' } },
    // Dimmed text on white must keep a 4.5:1 contrast (axe checks it on every screen).
    Text: { defaultProps: {} },
  },
  colors: {},
  other: {},
});
