import { ActionIcon, Alert, Badge, Button, Checkbox, Group, Paper, Select, Stack, Tabs, TagsInput, Text, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { JsonSchemaRaw } from './JsonSchemaRaw';
import {
  advancedKeywords,
  emptyObjectSchema,
  fieldTypes,
  fieldsOf,
  isBuildable,
  isObject,
  itemTypeOf,
  newFieldKey,
  typeOf,
  withEnum,
  withFields,
  withItemType,
  withText,
  withType,
  type FieldType,
  type Json,
  type SchemaField,
  type SchemaObject,
} from './model';

export interface SchemaBuilderProps {
  /** Names the builder for assistive technology: "Output schema", "Form". */
  label: string;
  /** The schema; undefined when the step has none yet. */
  value: unknown;
  /** undefined removes the schema. */
  onChange: (next: unknown) => void;
  readOnly?: boolean;
  error?: string;
}

/**
 * SchemaBuilder edits a JSON Schema of an object's fields (a step's outputSchema, a form): fields
 * with a type, required flag, allowed values and description, nested objects and lists, and a
 * raw tab for what the builder cannot show. Keywords it does not know are kept on every edit.
 */
export function SchemaBuilder({ label, value, onChange, readOnly = false, error }: SchemaBuilderProps) {
  const buildable = value === undefined || isBuildable(value);
  const [tab, setTab] = useState<string | null>(buildable ? 'fields' : 'raw');
  return (
    <Paper withBorder p="xs" radius="sm">
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List aria-label={`${label}: view`}>
          <Tabs.Tab value="fields" disabled={!buildable}>
            Fields
          </Tabs.Tab>
          <Tabs.Tab value="raw">Raw JSON Schema</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="fields" pt="xs">
          {value === undefined ? (
            <Stack gap="xs" align="flex-start">
              <Text size="sm" c="dimmed">
                No schema: this step's output is not checked.
              </Text>
              {!readOnly && (
                <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onChange(emptyObjectSchema())}>
                  Add a schema
                </Button>
              )}
            </Stack>
          ) : (
            isBuildable(value) && <FieldList label={label} schema={value} onChange={onChange} readOnly={readOnly} depth={0} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="raw" pt="xs">
          <JsonSchemaRaw label={`${label} (raw JSON Schema)`} value={value} onChange={onChange} readOnly={readOnly} />
        </Tabs.Panel>
      </Tabs>
      {!buildable && (
        <Text size="xs" c="dimmed" mt={4}>
          The builder shows object schemas with properties; edit this one raw.
        </Text>
      )}
      {error && (
        <Alert color="red" variant="light" mt="xs" p="xs">
          {error}
        </Alert>
      )}
    </Paper>
  );
}

interface FieldListProps {
  label: string;
  schema: SchemaObject;
  onChange: (next: SchemaObject) => void;
  readOnly: boolean;
  depth: number;
}

/** FieldList edits the properties of one object schema. */
function FieldList({ label, schema, onChange, readOnly, depth }: FieldListProps) {
  const fields = fieldsOf(schema);
  const write = (next: SchemaField[]) => onChange(withFields(schema, next));
  const set = (i: number, f: SchemaField) => write(fields.map((x, j) => (j === i ? f : x)));
  const move = (i: number, by: number) => {
    const next = [...fields];
    const [f] = next.splice(i, 1);
    next.splice(i + by, 0, f);
    write(next);
  };
  return (
    <Stack gap="xs">
      {fields.length === 0 && (
        <Text size="sm" c="dimmed">
          No fields yet.
        </Text>
      )}
      <Stack gap="xs" role="list" aria-label={`${label}: fields`}>
      {fields.map((f, i) => (
        <FieldRow
          key={i}
          field={f}
          siblings={fields}
          label={label}
          readOnly={readOnly}
          depth={depth}
          onChange={(next) => set(i, next)}
          onRemove={() => write(fields.filter((_, j) => j !== i))}
          onMove={(by) => move(i, by)}
          first={i === 0}
          last={i === fields.length - 1}
        />
      ))}
      </Stack>
      {!readOnly && (
        <Group>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => write([...fields, { key: newFieldKey(fields), required: false, schema: { type: 'string' } }])}
          >
            Add field{depth > 0 ? ` to ${label}` : ''}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

interface FieldRowProps {
  field: SchemaField;
  siblings: SchemaField[];
  label: string;
  readOnly: boolean;
  depth: number;
  onChange: (f: SchemaField) => void;
  onRemove: () => void;
  onMove: (by: number) => void;
  first: boolean;
  last: boolean;
}

function FieldRow({ field, siblings, readOnly, depth, onChange, onRemove, onMove, first, last }: FieldRowProps) {
  const t = typeOf(field.schema);
  const s: SchemaObject = isObject(field.schema) ? field.schema : {};
  const advanced = advancedKeywords(field.schema);
  const name = field.key || '(unnamed)';
  const duplicate = siblings.filter((x) => x.key === field.key).length > 1;
  const patch = (schema: Json) => onChange({ ...field, schema });
  const enumValues = Array.isArray(s.enum) ? s.enum.filter((v) => typeof v === 'string' || typeof v === 'number').map(String) : [];
  return (
    <Paper withBorder p="xs" radius="sm" role="listitem" aria-label={`Field ${name}`} bg={depth % 2 ? 'gray.0' : undefined}>
      <Stack gap={6}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label="Name"
            size="xs"
            value={field.key}
            onChange={(e) => onChange({ ...field, key: e.currentTarget.value })}
            readOnly={readOnly}
            error={field.key === '' ? 'Required' : duplicate ? 'Used twice' : undefined}
            style={{ flex: 1, minWidth: 0 }}
          />
          <Select
            label="Type"
            size="xs"
            w={120}
            data={t === 'other' ? [...fieldTypes, { value: 'other', label: 'Advanced' }] : fieldTypes}
            value={t}
            onChange={(v) => v && v !== 'other' && patch(withType(field.schema, v as Exclude<FieldType, 'other'>))}
            readOnly={readOnly}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        {t !== 'other' && (
          <TextInput
            label="Description"
            size="xs"
            value={typeof s.description === 'string' ? s.description : ''}
            onChange={(e) => patch(withText(s, 'description', e.currentTarget.value))}
            readOnly={readOnly}
          />
        )}
        <Group justify="space-between" gap="xs">
          <Checkbox
            label="Required"
            size="xs"
            checked={field.required}
            onChange={(e) => onChange({ ...field, required: e.currentTarget.checked })}
            disabled={readOnly}
          />
          {!readOnly && (
            <Group gap={2} wrap="nowrap">
              <ActionIcon variant="subtle" color="gray" size="sm" onClick={() => onMove(-1)} disabled={first} aria-label={`Move ${name} up`}>
                <IconArrowUp size={14} />
              </ActionIcon>
              <ActionIcon variant="subtle" color="gray" size="sm" onClick={() => onMove(1)} disabled={last} aria-label={`Move ${name} down`}>
                <IconArrowDown size={14} />
              </ActionIcon>
              <ActionIcon variant="subtle" color="red" size="sm" onClick={onRemove} aria-label={`Remove ${name}`}>
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
          )}
        </Group>
        {(t === 'text' || t === 'number' || t === 'integer') && (
          <TagsInput
            label="Allowed values"
            size="xs"
            description="Empty: any value. Enter adds one."
            value={enumValues}
            onChange={(vals) => patch(withEnum(s, vals))}
            readOnly={readOnly}
          />
        )}
        {t === 'array' && (
          <Select
            label="Items"
            size="xs"
            w={160}
            data={itemTypeOf(s) === 'other' ? [...fieldTypes.filter((x) => x.value !== 'array'), { value: 'other', label: 'Advanced' }] : fieldTypes.filter((x) => x.value !== 'array')}
            value={itemTypeOf(s)}
            onChange={(v) => v && v !== 'other' && patch(withItemType(s, v as Exclude<FieldType, 'other'>))}
            readOnly={readOnly}
            allowDeselect={false}
          />
        )}
        {t === 'object' && (
          <FieldList label={name} schema={s} onChange={patch} readOnly={readOnly} depth={depth + 1} />
        )}
        {t === 'array' && isObject(s.items) && typeOf(s.items) === 'object' && (
          <FieldList
            label={`${name} item`}
            schema={s.items}
            onChange={(items) => patch({ ...s, items })}
            readOnly={readOnly}
            depth={depth + 1}
          />
        )}
        {advanced.length > 0 && (
          <Group gap={4}>
            <Badge size="xs" color="grape" variant="light">
              Advanced
            </Badge>
            <Text size="xs" c="dimmed">
              {advanced.join(', ')}: kept as they are; edit in Raw JSON Schema.
            </Text>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
