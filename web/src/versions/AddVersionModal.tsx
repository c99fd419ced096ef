import { Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { fieldErrors, problemOf } from '../api/problem';
import type { VersionSummary } from '../api/types';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useCreateVersion } from './queries';
import { nextVersion, semverHint } from './semver';

type Start = 'blank' | 'copy' | 'example';

interface AddVersionModalProps {
  templateId: string;
  versions: VersionSummary[];
  opened: boolean;
  onClose: () => void;
}

/**
 * AddVersionModal creates a DRAFT: a semver version, an optional note, and what it starts from —
 * the minimal graph, a copy of another version (starter), or one of the product's examples.
 */
export function AddVersionModal({ templateId, versions, opened, onClose }: AddVersionModalProps) {
  const create = useCreateVersion(templateId);
  const navigate = useNavigate();
  const [version, setVersion] = useState('');
  const [note, setNote] = useState('');
  const [start, setStart] = useState<Start>('blank');
  const [starter, setStarter] = useState<string | null>(null);
  const [example, setExample] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const examples = useQuery({
    queryKey: ['examples'],
    queryFn: () => call(api.GET('/v1/examples')),
    enabled: opened && start === 'example',
    staleTime: Infinity,
  });
  const fe = fieldErrors(problemOf(create.error));
  const suggestion = nextVersion(versions.map((v) => v.version));
  const hint = semverHint(version.trim());

  const close = () => {
    create.reset();
    setVersion('');
    setNote('');
    setStart('blank');
    setStarter(null);
    setExample(null);
    setLocalError(null);
    onClose();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = version.trim() || suggestion;
    if (start === 'copy' && !starter) return setLocalError('Choose the version to copy.');
    if (start === 'example' && !example) return setLocalError('Choose an example.');
    setLocalError(null);
    let definition: unknown;
    if (start === 'example' && example) {
      try {
        // The answer is the example's definition document itself.
        definition = await call(api.GET('/v1/examples/{name}', { params: { path: { name: example } } }));
      } catch (err) {
        create.reset();
        return setLocalError(err instanceof Error ? `The example could not be loaded: ${err.message}` : 'The example could not be loaded.');
      }
    }
    create.mutate(
      {
        version: v,
        ...(note.trim() ? { versionNote: note.trim() } : {}),
        ...(start === 'copy' && starter ? { starterVersionId: starter } : {}),
        ...(definition !== undefined ? { definition } : {}),
      },
      {
        onSuccess: (created) => {
          notifications.show({ color: 'green', title: `Version ${created.version} created`, message: 'It is a DRAFT until you publish it.' });
          close();
          navigate(`/workflows/${templateId}/versions/${created.id}`);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Add Version" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Version"
            description="Semantic version, unique in this workflow."
            placeholder={suggestion}
            required
            data-autofocus
            value={version}
            onChange={(e) => setVersion(e.currentTarget.value)}
            error={hint ?? fe.version}
            classNames={{ input: "mono-input" }}
          />
          <Textarea label="Version note" placeholder="What changes in this version" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fe.versionNote} />
          <Stack gap={6}>
            <Text size="sm" fw={500} id="start-from-label">
              Start from
            </Text>
            <SegmentedControl
              aria-labelledby="start-from-label"
              value={start}
              onChange={(v) => {
                setStart(v as Start);
                setLocalError(null);
              }}
              data={[
                { value: 'blank', label: 'Start and end only' },
                { value: 'copy', label: 'Copy a version', disabled: versions.length === 0 },
                { value: 'example', label: 'An example' },
              ]}
            />
          </Stack>
          {start === 'copy' && (
            <Select
              label="Starter version"
              description="Its definition is copied into the new draft."
              placeholder="Choose a version"
              data={versions.map((v) => ({ value: v.id, label: `${v.version} · ${v.status}` }))}
              value={starter}
              onChange={setStarter}
              error={fe.starterVersionId}
              searchable
            />
          )}
          {start === 'example' && (
            <Select
              label="Example"
              description="A workflow shipped with the product, copied into the new draft."
              placeholder={examples.isPending ? 'Loading examples…' : 'Choose an example'}
              data={(examples.data?.items ?? []).map((x) => ({ value: x.name, label: x.title ? `${x.title} (${x.name})` : x.name }))}
              value={example}
              onChange={setExample}
              error={examples.error ? 'Examples could not be loaded.' : undefined}
              searchable
            />
          )}
          {localError && (
            <Text size="sm" c="red" role="alert">
              {localError}
            </Text>
          )}
          <ProblemAlert error={create.error} shownFields={['version', 'versionNote', 'starterVersionId']} title="The version was not created" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!!hint}>
              Add version {version.trim() || suggestion}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
