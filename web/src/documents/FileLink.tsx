import { Anchor, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { downloadFile, fileUrl, type FileRef } from '../executions/api';

/** formatSize says how big a file is in words people read (12.3 kB). */
export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = -1;
  do {
    v /= 1000;
    i++;
  } while (v >= 1000 && i < units.length - 1);
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/**
 * FileLink is a document's download link. The file needs the bearer token, so the click
 * fetches it and hands the bytes to the browser; the href is there for copying.
 */
export function FileLink({ file }: { file: Pick<FileRef, 'fileId' | 'name' | 'size'> }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Anchor
        size="sm"
        href={fileUrl(file.fileId)}
        onClick={(e) => {
          e.preventDefault();
          downloadFile(file).catch((err: unknown) => notifications.show({ color: 'red', title: `${file.name} could not be downloaded`, message: err instanceof Error ? err.message : String(err) }));
        }}
        aria-label={`Download ${file.name}`}
      >
        <Group gap={4} wrap="nowrap" component="span">
          <IconDownload size={14} aria-hidden />
          {file.name}
        </Group>
      </Anchor>
      <Text span size="xs" c="dimmed">
        {formatSize(file.size)}
      </Text>
    </Group>
  );
}
