import { Alert, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy } from '@tabler/icons-react';
import { useReactFlow, type Connection } from '@xyflow/react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { api, call, callWithResponse } from '../api/client';
import { ApiError } from '../api/problem';
import type { Version } from '../api/types';
import { ProblemAlert } from '../ui/ProblemAlert';
import { PublishIssuesModal } from '../versions/PublishIssuesModal';
import { useEditDraft } from '../versions/queries';
import { useLifecycle } from '../versions/useLifecycle';
import { copySteps, pasteClipboard, type Clipboard } from './clipboard';
import { summarize, type DiffSummary } from './compare/diff';
import { ConfigPanel } from './config/ConfigPanel';
import { ElementChooser } from './config/ElementChooser';
import { ConflictDialog } from './ConflictDialog';
import { asDefinition, type WorkflowDefinition } from './definition';
import { EditorCanvas, noneSelected, type SelectedIds } from './EditorCanvas';
import { EditorToolbar, type EditorView } from './EditorToolbar';
import { definitionToGraph, graphToDefinition, groupNodeId, nodeSize, nodeType } from './graph';
import { JsonPanel } from './JsonPanel';
import { layoutGraph, prepareDefinition } from './layout';
import { LeavePrompt } from './LeavePrompt';
import { addGroup, addStep, connect, groupable, removeElements, type PaletteItem } from './ops';
import { ProblemsList } from './ProblemsList';
import type { Selection } from './selection';
import { StepsPanel } from './StepsPanel';
import type { RunMarks } from './test/marks';
import { TestPanel } from './test/TestPanel';
import { useEditorHistory } from './useEditorHistory';
import { useEditorKeys } from './useEditorKeys';
import { useLiveValidation } from './useLiveValidation';
import { isBlocking, issueTarget, pinIssues, type ValidationIssue } from './validation';

interface EditorWorkspaceProps {
  version: Version;
  /** The definition as opened, laid out when it had no usable positions. */
  initial: WorkflowDefinition;
  etag: string | null;
  onNewVersion?: () => void;
  creatingVersion?: boolean;
}

/** selectionOf is the element the Configuration Panel shows: the first selected. */
function selectionOf(ids: SelectedIds, def: WorkflowDefinition): Selection {
  const node = ids.nodes[0];
  if (node?.startsWith('group:')) return { kind: 'group', id: node.slice('group:'.length) };
  if (node && def.steps.some((s) => s.id === node)) return { kind: 'step', id: node };
  const edge = ids.edges[0];
  if (edge && def.stepTransitions.some((t) => t.id === edge)) return { kind: 'transition', id: edge };
  return null;
}

/** selectedIdsOf is the canvas selection that shows one element in the Configuration Panel. */
function selectedIdsOf(s: Selection): SelectedIds {
  if (!s) return noneSelected;
  if (s.kind === 'transition') return { nodes: [], edges: [s.id] };
  return { nodes: [s.kind === 'group' ? groupNodeId(s.id) : s.id], edges: [] };
}

function download(name: string, def: WorkflowDefinition) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(def, null, 2) + '\n'], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * EditorWorkspace edits one version's definition: Steps Panel, canvas (or JSON), Configuration
 * Panel, problems, and the toolbar with Save and Publish. The definition on screen is one
 * document with undo history; the last saved one says whether there is anything to save.
 */
export function EditorWorkspace({ version, initial, etag: initialEtag, onNewVersion, creatingVersion }: EditorWorkspaceProps) {
  const readOnly = version.status !== 'DRAFT';
  const history = useEditorHistory(initial);
  const def = history.present;
  const [saved, setSaved] = useState(initial);
  const [etag, setEtag] = useState(initialEtag);
  const [selected, setSelected] = useState<SelectedIds>(noneSelected);
  const [focusPath, setFocusPath] = useState<string | undefined>();
  const [view, setView] = useState<EditorView>('canvas');
  const [conflict, setConflict] = useState<{ summary: DiffSummary; theirs: WorkflowDefinition; etag: string | null } | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [blocking, setBlocking] = useState<ValidationIssue[] | null>(null);
  const clipboard = useRef<Clipboard | null>(null);
  const [testing, setTesting] = useState(false);
  const [runMarks, setRunMarks] = useState<RunMarks | null>(null);
  const flow = useReactFlow();
  const save = useEditDraft(version.workflowTemplateId);
  const lifecycle = useLifecycle(version.workflowTemplateId);
  const validation = useLiveValidation(readOnly ? null : def, version.workflowTemplateId);
  const pins = useMemo(() => pinIssues(def, validation.issues), [def, validation.issues]);
  const dirty = def !== saved;
  const selection = selectionOf(selected, def);

  const change = useCallback((next: WorkflowDefinition) => history.set(next), [history]);

  const addAt = (item: PaletteItem, centre: { x: number; y: number }) => {
    // The step's centre goes where it was dropped.
    const size = nodeSize[nodeType(item.kind)];
    const { def: next, id } = addStep(def, item, { x: centre.x - size.width / 2, y: centre.y - size.height / 2 });
    history.set(next);
    setSelected({ nodes: [id], edges: [] });
  };
  const addInView = (item: PaletteItem) => {
    const box = document.querySelector('.wfb-editor-canvas')?.getBoundingClientRect();
    const centre = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
    // Each click lands a little further along, so repeated adds do not stack exactly.
    const n = def.steps.length % 6;
    addAt(item, { x: centre.x + n * 24, y: centre.y + n * 24 });
  };
  const onConnect = (c: Connection) => {
    const made = connect(def, c.source, c.target, c.sourceHandle, c.targetHandle);
    if (!made) {
      notifications.show({ color: 'yellow', message: c.source === c.target ? 'A step cannot lead to itself.' : 'These steps are already connected.' });
      return;
    }
    history.set(made.def);
    setSelected({ nodes: [], edges: [made.id] });
  };
  const deleteIds = (ids: SelectedIds) => {
    const groups = ids.nodes.filter((n) => n.startsWith('group:')).map((n) => n.slice('group:'.length));
    const next = removeElements(def, { steps: ids.nodes.filter((n) => !n.startsWith('group:')), transitions: ids.edges, groups });
    history.set(next);
    setSelected(noneSelected);
  };
  const copy = () => {
    const clip = copySteps(def, selected.nodes);
    if (clip) clipboard.current = clip;
  };
  const paste = () => {
    if (readOnly || !clipboard.current) return;
    const out = pasteClipboard(def, clipboard.current);
    history.set(out.def);
    setSelected({ nodes: out.stepIds, edges: out.transitionIds });
  };
  const tidy = async () => {
    const laid = await layoutGraph(definitionToGraph(def));
    history.set(graphToDefinition(def, laid.nodes));
    window.requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 200 }));
  };
  const group = () => {
    const members = selected.nodes.filter((id) => def.steps.some((s) => s.id === id && groupable(s)));
    const { def: next, id } = addGroup(def, members);
    history.set(next);
    setSelected({ nodes: [groupNodeId(id)], edges: [] });
  };

  const doSave = async (overwriteEtag?: string | null): Promise<string | null> => {
    const tag = overwriteEtag ?? etag;
    if (!tag) {
      setSaveError(new Error('The server sent no ETag for this draft; reload the page.'));
      return null;
    }
    const sent = def;
    setSaveError(null);
    try {
      const { response } = await save.mutateAsync({ id: version.id, etag: tag, definition: sent });
      const next = response.headers.get('ETag');
      setSaved(sent);
      setEtag(next);
      notifications.show({ color: 'green', message: 'Draft saved.' });
      return next;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 412 || (err.status === 409 && err.problem.code === 'stale_write'))) {
        const { data, response } = await callWithResponse(api.GET('/v1/versions/{id}', { params: { path: { id: version.id } } }));
        const theirs = asDefinition(data.definition) ?? { steps: [], stepTransitions: [] };
        setConflict({ summary: summarize(sent, theirs), theirs, etag: response.headers.get('ETag') });
      } else setSaveError(err);
      return null;
    }
  };
  const publish = async () => {
    // The definition on screen, checked now: the live answer may be for an earlier edit.
    let checked: ValidationIssue[];
    try {
      checked = (await call(api.POST('/v1/definitions/validate', { params: { query: { workflowTemplateId: version.workflowTemplateId } }, body: def }))).issues ?? [];
    } catch (err) {
      setSaveError(err);
      return;
    }
    const errors = checked.filter(isBlocking);
    if (errors.length) {
      setBlocking(errors);
      return;
    }
    const tag = dirty ? await doSave() : etag;
    if (tag) lifecycle.publish(version.id, version.version, tag);
  };

  useEditorKeys({ save: () => void (readOnly ? undefined : doSave()), undo: history.undo, redo: history.redo, copy, paste }, !readOnly);

  const pick = (issue: ValidationIssue) => {
    const target = issueTarget(def, issue);
    setFocusPath(issue.path);
    if (!target) return setSelected(noneSelected);
    if (target.kind === 'transition') setSelected({ nodes: [], edges: [target.id] });
    else setSelected({ nodes: [target.kind === 'group' ? groupNodeId(target.id) : target.id], edges: [] });
    if (target.kind === 'step') void flow.fitView({ nodes: [{ id: target.id }], maxZoom: 1, duration: 200, padding: 0.6 });
  };

  const canvas = (
    <div className="wfb-canvas wfb-editor-canvas" role="region" aria-label="Workflow canvas">
      <EditorCanvas
        definition={def}
        readOnly={readOnly}
        issues={pins}
        selected={selected}
        onSelect={setSelected}
        onChange={change}
        onConnect={onConnect}
        onDelete={deleteIds}
        onDropItem={addAt}
        onRefused={(message) => notifications.show({ color: 'yellow', title: 'Not grouped', message })}
        run={testing ? runMarks : null}
      />
    </div>
  );

  return (
    <div className="wfb-editor">
      <EditorToolbar
        readOnly={readOnly}
        dirty={dirty}
        saving={save.isPending}
        publishing={lifecycle.pending}
        canUndo={history.canUndo}
        canRedo={history.canRedo}
        canGroup={selected.nodes.some((id) => def.steps.some((s) => s.id === id && groupable(s)))}
        view={view}
        onView={setView}
        onUndo={history.undo}
        onRedo={history.redo}
        onTidy={() => void tidy()}
        onFit={() => void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 200 })}
        onGroup={group}
        onImport={(file) => void importFile(file, history.set)}
        onExport={() => download(`${version.workflowTemplateId}-${version.version}.json`, def)}
        onSave={() => void doSave()}
        onPublish={() => void publish()}
        testing={testing}
        onTest={() => {
          setTesting((on) => !on);
          // The canvas changes height with the Test panel: keep the whole workflow in view.
          window.setTimeout(() => void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 200 }), 50);
        }}
      />
      {readOnly && (
        <Alert variant="light" color="gray" py="xs">
          <Group justify="space-between" gap="sm">
            <Text size="sm">A {version.status.toLowerCase()} version never changes: this editor is read-only. To change it, start a new version from it.</Text>
            {onNewVersion && (
              <Button size="xs" leftSection={<IconCopy size={14} aria-hidden />} onClick={onNewVersion} loading={creatingVersion}>
                New version from this
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {saveError != null && <ProblemAlert error={saveError} title="The draft was not saved; your changes are still here" />}
      <div className={`wfb-editor-body${readOnly ? ' wfb-editor-readonly' : ''}${testing && !readOnly ? ' wfb-editor-testing' : ''}`}>
        {!readOnly && !testing && <StepsPanel disabled={readOnly} onAdd={addInView} />}
        <div className={`wfb-editor-centre wfb-view-${view}`}>
          {view !== 'json' && canvas}
          {view !== 'canvas' && <JsonPanel definition={def} readOnly={readOnly} onChange={change} />}
        </div>
        <aside className="wfb-config" aria-label="Configuration">
          <ElementChooser definition={def} selection={selection} onSelect={(s) => setSelected(selectedIdsOf(s))} />
          <ConfigPanel definition={def} selection={selection} readOnly={readOnly} issues={validation.issues} focusPath={focusPath} onChange={change} />
        </aside>
      </div>
      {testing && <TestPanel versionId={version.id} readOnly={readOnly} definition={def} onMarks={setRunMarks} onClose={() => setTesting(false)} />}
      {!readOnly && <ProblemsList issues={validation.issues} checking={validation.checking} error={validation.error} onPick={pick} />}
      <ConflictDialog
        summary={conflict?.summary ?? null}
        onKeep={() => setConflict(null)}
        onReload={() => {
          if (!conflict) return;
          history.reset(conflict.theirs);
          setSaved(conflict.theirs);
          setEtag(conflict.etag);
          setSelected(noneSelected);
          setConflict(null);
        }}
        onOverwrite={() => {
          const tag = conflict?.etag;
          setConflict(null);
          void doSave(tag);
        }}
      />
      <PublishIssuesModal issues={blocking ?? lifecycle.refused?.issues ?? null} detail={blocking ? 'The definition on screen has errors' : lifecycle.refused?.detail} onClose={() => (blocking ? setBlocking(null) : lifecycle.clearRefused())} />
      {!readOnly && <LeavePrompt dirty={dirty} />}
    </div>
  );
}

async function importFile(file: File | null, set: (def: WorkflowDefinition) => void) {
  if (!file) return;
  const text = await file.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    notifications.show({ color: 'red', title: `${file.name} is not JSON`, message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const def = asDefinition(parsed);
  if (!def) {
    notifications.show({ color: 'red', title: `${file.name} is not a definition`, message: 'It needs a "steps" list and "stepTransitions".' });
    return;
  }
  set(await prepareDefinition(def));
  notifications.show({ color: 'green', title: `Imported ${file.name}`, message: 'Save to keep it; undo to go back.' });
}

