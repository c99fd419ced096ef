import { Button, Group, Modal, Radio, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { fieldErrors, problemOf } from '../api/problem';
import type { Link, LinkCreate } from '../api/types';
import { ProblemAlert } from '../ui/ProblemAlert';
import { entityTypes, useCreateLink, useUpdateLink } from './queries';
import { TemplateSelect } from './TemplateSelect';

interface LinkFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** The link being edited; absent to add one. */
  link?: Link;
  linkTemplateName?: string;
}

/** LinkFormModal is "Add Link" (and edit): which workflow starts for which service-request type or product. */
export function LinkFormModal({ opened, onClose, link, linkTemplateName }: LinkFormModalProps) {
  const create = useCreateLink();
  const update = useUpdateLink();
  const mutation = link ? update : create;
  const [templateId, setTemplateId] = useState<string | null>(link?.workflowTemplateId ?? null);
  const [entityType, setEntityType] = useState<LinkCreate['entityType']>(link?.entityType ?? 'SERVICE_CATALOG');
  const [entityId, setEntityId] = useState(link?.entityId ?? '');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const fe = { ...fieldErrors(problemOf(mutation.error)), ...missing };
  const identifierLabel = entityTypes.find((e) => e.value === entityType)?.identifier ?? 'Identifier';

  const close = () => {
    create.reset();
    update.reset();
    setMissing({});
    if (!link) {
      setTemplateId(null);
      setEntityId('');
    }
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m: Record<string, string> = {};
    if (!templateId) m.workflowTemplateId = 'Choose the workflow to start.';
    if (!entityId.trim()) m.entityId = `Enter the ${identifierLabel.toLowerCase()}.`;
    setMissing(m);
    if (Object.keys(m).length || !templateId) return;
    const body: LinkCreate = { workflowTemplateId: templateId, entityType, entityId: entityId.trim() };
    const done = { onSuccess: () => { notifications.show({ color: 'green', message: link ? 'Link saved' : 'Link added' }); close(); } };
    if (link) update.mutate({ id: link.id, body }, done);
    else create.mutate(body, done);
  };

  return (
    <Modal opened={opened} onClose={close} title={link ? 'Edit Link' : 'Add Link'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TemplateSelect value={templateId} onChange={setTemplateId} error={fe.workflowTemplateId} selectedName={linkTemplateName} />
          <Radio.Group label="Link type" value={entityType} onChange={(v) => setEntityType(v as LinkCreate['entityType'])} error={fe.entityType} required>
            <Group mt={6}>
              {entityTypes.map((t) => (
                <Radio key={t.value} value={t.value} label={t.label} />
              ))}
            </Group>
          </Radio.Group>
          <TextInput
            label={identifierLabel}
            description={entityType === 'SERVICE_CATALOG' ? 'Requests of this type start the workflow.' : 'Purchases of this product start the workflow.'}
            required
            value={entityId}
            onChange={(e) => setEntityId(e.currentTarget.value)}
            error={fe.entityId}
            classNames={{ input: "mono-input" }}
          />
          <ProblemAlert error={mutation.error} shownFields={['workflowTemplateId', 'entityType', 'entityId']} title={link ? 'The link was not saved' : 'The link was not added'} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {link ? 'Save link' : 'Add link'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
