import { ActionIcon, Button, FileButton, Group, SegmentedControl, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconArrowForwardUp, IconDeviceFloppy, IconDownload, IconFolderPlus, IconLayoutDistributeHorizontal, IconMaximize, IconUpload, IconFileImport, IconFlask } from '@tabler/icons-react';

export type EditorView = 'canvas' | 'split' | 'json';

interface EditorToolbarProps {
  readOnly: boolean;
  dirty: boolean;
  saving: boolean;
  publishing: boolean;
  canUndo: boolean;
  canRedo: boolean;
  canGroup: boolean;
  view: EditorView;
  onView: (v: EditorView) => void;
  onUndo: () => void;
  onRedo: () => void;
  onTidy: () => void;
  onFit: () => void;
  onGroup: () => void;
  onImport: (file: File | null) => void;
  onExport: () => void;
  onSave: () => void;
  onPublish: () => void;
  /** Whether the Test panel is open, and its toggle (absent: no Test button). */
  testing?: boolean;
  onTest?: () => void;
}

const mod = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';

function Tool({ label, onClick, disabled, children }: { label: string; onClick: () => void; disabled?: boolean; children: React.ReactNode }) {
  return (
    <Tooltip label={label} withArrow openDelay={300}>
      <ActionIcon variant="default" size="lg" aria-label={label} onClick={onClick} disabled={disabled}>
        {children}
      </ActionIcon>
    </Tooltip>
  );
}

/** EditorToolbar holds the editor's actions: history, layout, view, file, then Save and Publish. */
export function EditorToolbar(p: EditorToolbarProps) {
  return (
    <Group justify="space-between" gap="sm" className="wfb-editor-toolbar" role="toolbar" aria-label="Editor">
      <Group gap={6}>
        {!p.readOnly && (
          <>
            <Tool label={`Undo (${mod}Z)`} onClick={p.onUndo} disabled={!p.canUndo}>
              <IconArrowBackUp size={18} />
            </Tool>
            <Tool label={`Redo (${mod}Shift+Z)`} onClick={p.onRedo} disabled={!p.canRedo}>
              <IconArrowForwardUp size={18} />
            </Tool>
            <Button variant="default" leftSection={<IconLayoutDistributeHorizontal size={16} aria-hidden />} onClick={p.onTidy}>
              Tidy up
            </Button>
            <Tool label="Group the selected steps" onClick={p.onGroup} disabled={!p.canGroup}>
              <IconFolderPlus size={18} />
            </Tool>
          </>
        )}
        <Tool label="Zoom to fit" onClick={p.onFit}>
          <IconMaximize size={18} />
        </Tool>
        <SegmentedControl
          aria-label="Editor view"
          size="xs"
          value={p.view}
          onChange={(v) => p.onView(v as EditorView)}
          data={[
            { value: 'canvas', label: 'Canvas' },
            { value: 'split', label: 'Split' },
            { value: 'json', label: 'JSON' },
          ]}
        />
      </Group>
      <Group gap={6}>
        {!p.readOnly && (
          <FileButton onChange={p.onImport} accept="application/json,.json">
            {(props) => (
              <Tooltip label="Import a definition file" withArrow openDelay={300}>
                <ActionIcon {...props} variant="default" size="lg" aria-label="Import a definition file">
                  <IconFileImport size={18} />
                </ActionIcon>
              </Tooltip>
            )}
          </FileButton>
        )}
        <Tool label="Export the definition (.json)" onClick={p.onExport}>
          <IconDownload size={18} />
        </Tool>
        {p.onTest && (
          <Button variant={p.testing ? 'light' : 'default'} leftSection={<IconFlask size={16} aria-hidden />} aria-pressed={p.testing} onClick={p.onTest}>
            Test
          </Button>
        )}
        {!p.readOnly && (
          <>
            <Button variant={p.dirty ? 'filled' : 'default'} leftSection={<IconDeviceFloppy size={16} aria-hidden />} loading={p.saving} onClick={p.onSave}>
              {p.dirty ? 'Save' : 'Saved'}
            </Button>
            <Button color="teal" leftSection={<IconUpload size={16} aria-hidden />} loading={p.publishing} onClick={p.onPublish}>
              Publish
            </Button>
          </>
        )}
      </Group>
    </Group>
  );
}
