import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { fieldErrors, problemOf } from '../api/problem';
import type { DataSource } from '../api/types';
import { errorsUnder, JsonTextarea, parseJson } from '../ui/JsonTextarea';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useSaveDataSource } from './queries';

const sample = {
  method: 'GET',
  url: 'https://crm.example/api/customers/{customer.id}',
  timeoutMs: 5000,
  auth: { type: 'bearer', secretEnv: 'WFB_SECRET_CRM_TOKEN' },
};

/** DataSourceFormModal creates or edits an http data source; the worker's parser judges its config. */
export function DataSourceFormModal({ source, opened, onClose }: { source?: DataSource; opened: boolean; onClose: () => void }) {
  const save = useSaveDataSource();
  const [name, setName] = useState(source?.name ?? '');
  const [config, setConfig] = useState(JSON.stringify(source?.config ?? sample, null, 2));
  const [local, setLocal] = useState<Record<string, string>>({});
  const fe = { ...fieldErrors(problemOf(save.error)), ...local };
  const configError = errorsUnder(fe, 'config');

  const close = () => {
    save.reset();
    setLocal({});
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m: Record<string, string> = {};
    if (!name.trim()) m.name = 'A data source needs a name.';
    const parsed = parseJson(config);
    if (parsed.error) m.config = parsed.error;
    setLocal(m);
    if (Object.keys(m).length) return;
    save.mutate(
      { id: source?.id, body: { name: name.trim(), kind: 'http', config: parsed.value as DataSource['config'] } },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: source ? 'Data source saved' : 'Data source created' });
          close();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={source ? `Edit ${source.name}` : 'New data source'} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Name" description="Unique; definitions call it by id." required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={fe.name} />
          <TextInput label="Kind" value="http" readOnly description="The only kind today." />
          <JsonTextarea
            label="Configuration"
            description="method, url (a template; scheme and host literal), headers, body, timeoutMs, maxResponseBytes, auth {type, header, secretEnv}. Never put a secret here: name a WFB_SECRET_… variable."
            value={config}
            onChange={setConfig}
            error={configError}
            minRows={10}
          />
          <ProblemAlert error={save.error} shownFields={['name', 'config']} title="The data source was not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {source ? 'Save' : 'Create data source'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
