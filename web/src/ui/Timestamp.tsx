import { Text, Tooltip } from '@mantine/core';

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

/** ago says how long before now a time was, in words ("3 minutes ago"). */
export function ago(iso: string, now = Date.now()): string {
  let delta = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of steps) {
    if (Math.abs(delta) < size) return relative.format(Math.round(delta), unit);
    delta /= size;
  }
  return absolute.format(new Date(iso));
}

/** Timestamp shows a time relative to now, with the exact time on hover and for screen readers. */
export function Timestamp({ value }: { value: string | null | undefined }) {
  if (!value) return <Text span c="dimmed" size="sm">—</Text>;
  const exact = absolute.format(new Date(value));
  return (
    <Tooltip label={exact} openDelay={300}>
      <Text span size="sm" component="time" dateTime={value} style={{ whiteSpace: "nowrap" }}>
        {ago(value)}
      </Text>
    </Tooltip>
  );
}
