import { JsonInput } from '@mantine/core';

interface JsonTextareaProps {
  label: string;
  description?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  minRows?: number;
}

/** JsonTextarea is a labelled JSON field that formats on blur and flags text that is not JSON. */
export function JsonTextarea({ label, description, value, onChange, error, minRows = 8 }: JsonTextareaProps) {
  return (
    <JsonInput
      label={label}
      description={description}
      value={value}
      onChange={onChange}
      error={error}
      validationError="This is not valid JSON."
      formatOnBlur
      autosize
      minRows={minRows}
      maxRows={24}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
    />
  );
}

/** parseJson reads a JSON field's text, or says what is wrong with it. */
export function parseJson(text: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { error: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** errorsUnder joins the field errors at or under a prefix (config, config.url...) into one message. */
export function errorsUnder(fields: Record<string, string>, prefix: string): string | undefined {
  const msgs = Object.entries(fields)
    .filter(([k]) => k === prefix || k.startsWith(prefix + '.') || k.startsWith(prefix + '['))
    .map(([k, m]) => (k === prefix ? m : `${k.slice(prefix.length).replace(/^\./, '')}: ${m}`));
  return msgs.length ? msgs.join('; ') : undefined;
}
