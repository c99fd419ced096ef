import './test.css';
import { ActionIcon, Alert, Button, Group, List, Tabs, Text, Tooltip } from '@mantine/core';
import { IconFlask, IconPlayerPlayFilled, IconRefresh, IconX } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';
import type { WorkflowDefinition } from '../definition';
import { runMarks, timeline, type RunMarks } from './marks';
import { RunResult } from './RunResult';
import { SavedScenarios } from './SavedScenarios';
import type { Scenario } from './scenarios';
import { ScriptForm } from './ScriptForm';
import { buildScript, draftFromScenario, expectFromResult, prefill, withStepsOf, type SimulationOutcome, type TestDraft } from './script';

interface TestPanelProps {
  versionId: string;
  readOnly: boolean;
  /** The definition on screen: what Run simulates. */
  definition: WorkflowDefinition;
  /** The run's marks at the stepper's position, for the canvas; null when there is no run. */
  onMarks: (marks: RunMarks | null) => void;
  onClose: () => void;
}

/** A run on screen: the definition it ran, what it answered, and the scenario it came from. */
interface Run {
  definition: WorkflowDefinition;
  outcome: SimulationOutcome;
  scenario?: string;
}

/** How long the player stays on each step. */
const playStepMs = 900;

/**
 * TestPanel dry-runs the definition on screen with the outside world scripted (POST
 * /v1/simulations: nothing is written, nothing is sent), shows the steps in the order they ran,
 * lights the path on the canvas step by step, and saves runs as the version's scenarios.
 */
export function TestPanel({ versionId, readOnly, definition, onMarks, onClose }: TestPanelProps) {
  const [form, setForm] = useState<TestDraft>(() => prefill(definition));
  const draft = withStepsOf(definition, form);
  const [run, setRun] = useState<Run | null>(null);
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tab, setTab] = useState<string | null>('script');
  const built = buildScript(draft);

  const tl = useMemo(() => (run ? timeline(run.definition, run.outcome.result) : null), [run]);
  const marks = useMemo(() => (run && tl ? runMarks(run.definition, run.outcome.result, position, tl) : null), [run, tl, position]);
  useEffect(() => {
    onMarks(marks);
  }, [marks, onMarks]);
  useEffect(
    () => () => {
      onMarks(null);
    },
    [onMarks],
  );

  const last = (run?.outcome.result.steps?.length ?? 0) - 1;
  useEffect(() => {
    if (!playing || position >= last) return;
    const t = setTimeout(() => {
      setPosition(position + 1);
      if (position + 1 >= last) setPlaying(false);
    }, playStepMs);
    return () => clearTimeout(t);
  }, [playing, position, last]);

  const simulate = async (context: Record<string, unknown>, script: Record<string, unknown>, expect?: unknown, scenario?: string) => {
    const sent = definition;
    setRunning(true);
    setError(null);
    setPlaying(false);
    try {
      const outcome = await call(api.POST('/v1/simulations', { body: { definition: sent, context, script, ...(expect ? { expect } : {}) } }));
      setRun({ definition: sent, outcome, scenario });
      setPosition((outcome.result.steps?.length ?? 0) - 1);
    } catch (err) {
      setError(err);
    } finally {
      setRunning(false);
    }
  };
  const runForm = () => {
    if (built.ok) void simulate(built.context, built.script);
  };
  const runScenario = (s: Scenario) => {
    const loaded = draftFromScenario(definition, s.document);
    setForm(loaded);
    setTab('script');
    const b = buildScript(loaded);
    const doc = s.document as { expect?: unknown; script?: Record<string, unknown> };
    // The scenario's own script as saved (steps it left out stay out), with its expectations.
    if (b.ok) void simulate(b.context, { ...(doc.script ?? {}) }, doc.expect, s.name);
  };
  const names = useMemo(() => new Map((run?.definition ?? definition).steps.map((s) => [s.id, s.name || s.id])), [run, definition]);

  return (
    <section className="wfb-test-panel" aria-label="Test run">
      <Group justify="space-between" className="wfb-test-head" gap="xs">
        <Group gap={8}>
          <IconFlask size={18} aria-hidden />
          <Text fw={600} size="sm">
            Test run
          </Text>
          <Text size="xs" c="dimmed">
            A dry run of the definition on screen: nothing is written, nothing is sent.
          </Text>
        </Group>
        <Group gap={6}>
          <Tooltip label="Start the script again from the workflow's steps" withArrow>
            <Button size="xs" variant="default" leftSection={<IconRefresh size={14} aria-hidden />} onClick={() => setForm(prefill(definition))}>
              Reset script
            </Button>
          </Tooltip>
          <Button size="xs" leftSection={<IconPlayerPlayFilled size={12} aria-hidden />} onClick={runForm} loading={running} disabled={!built.ok}>
            Run
          </Button>
          <Tooltip label="Close the Test panel" withArrow>
            <ActionIcon variant="subtle" color="gray" aria-label="Close the Test panel" onClick={onClose}>
              <IconX size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <div className="wfb-test-body">
        <div className="wfb-test-col">
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List mb="xs">
              <Tabs.Tab value="script">Script</Tabs.Tab>
              <Tabs.Tab value="scenarios">Scenarios</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="script">
              <ScriptForm draft={draft} onChange={setForm} />
            </Tabs.Panel>
            <Tabs.Panel value="scenarios">
              <SavedScenarios
                versionId={versionId}
                readOnly={readOnly}
                current={built.ok ? { context: built.context, script: built.script } : null}
                expected={run ? expectFromResult(run.definition, run.outcome.result) : null}
                onRun={runScenario}
              />
            </Tabs.Panel>
          </Tabs>
        </div>
        <div className="wfb-test-col" aria-busy={running}>
          {!built.ok && (
            <Alert color="red" variant="light" title="The script cannot run yet" py={6} mb="xs">
              <List size="xs">
                {built.errors.map((e) => (
                  <List.Item key={e}>{e}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {error != null && <ProblemAlert error={error} title="The run was refused" />}
          {run ? (
            <>
              {run.scenario && (
                <Text size="xs" c="dimmed" mb={4}>
                  Scenario “{run.scenario}”: {run.outcome.passed ? '✓ every expectation held' : '✕ expectations missed'}
                </Text>
              )}
              <RunResult outcome={run.outcome} names={names} position={position} onPosition={(p) => { setPlaying(false); setPosition(p); }} playing={playing} onPlaying={(on) => { if (on && position >= last) setPosition(0); setPlaying(on); }} />
            </>
          ) : (
            !running &&
            error == null && (
              <Text size="sm" c="dimmed">
                Script what people and services answer, then Run: the steps show here in the order they ran, and the path lights up on the canvas.
              </Text>
            )
          )}
        </div>
      </div>
    </section>
  );
}
