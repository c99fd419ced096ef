import { autocompletion, closeBrackets, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Annotation, Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderExt } from '@codemirror/view';
import { Box, Group, Input, Text } from '@mantine/core';
import { useEffect, useId, useRef } from 'react';
import type { WorkflowDefinition } from '../definition';
import { completionSource } from './completion';
import { errorRange, evaluate } from './evaluate';
import { jsonata } from './language';
import type { ExpressionScope } from './scope';
import { TryIt } from './TryIt';
import './expression.css';

/** Marks the editor's own sync from `value`, which must not echo back through onChange. */
const fromProps = Annotation.define<boolean>();

export interface ExpressionInputProps {
  label: string;
  value: string;
  onChange: (src: string) => void;
  /** What the expression can read, for completion and "Try it". */
  scope: ExpressionScope;
  definition: WorkflowDefinition;
  readOnly?: boolean;
  description?: string;
  /** An issue the server's validation reported for this field. */
  error?: string;
  /** A condition: "Try it" says when the result is not a boolean. */
  condition?: boolean;
  /** Marks the field for focusPath (a JSON Pointer suffix). */
  path?: string;
}

/**
 * ExpressionInput edits a JSONata expression with CodeMirror: highlighting, completion of the
 * scope (Ctrl+Space, or typing `__steps__.`, `$`...), compile errors underlined where the
 * server's parser puts them, and "Try it" against a sample scope.
 */
export function ExpressionInput(props: ExpressionInputProps) {
  const { label, value, onChange, scope, readOnly = false, description, error, path } = props;
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, scope });
  const editable = useRef(new Compartment());
  // Texts this editor sent through onChange and the parent has not caught up with. React may
  // render an older one while the user types on (a default-priority render yields); such a
  // value is ours, stale, and must not replace what was typed since.
  const emitted = useRef(new Set<string>());
  const labelId = useId();
  const errorId = useId();

  useEffect(() => {
    latest.current = { onChange, scope };
  });

  useEffect(() => {
    if (!host.current) return;
    const compile = linter(
      async (v): Promise<Diagnostic[]> => {
        const src = v.state.doc.toString();
        if (!src.trim()) return [];
        try {
          const o = await evaluate(src, {}, true);
          if (o.kind !== 'error') return [];
          const r = errorRange(o.position, o.token, src.length);
          return [{ from: r.from, to: r.to, severity: 'error', message: `${o.code ?? o.problemCode}: ${o.message}` }];
        } catch {
          return []; // the server did not answer; the save's validation reports it later
        }
      },
      { delay: 400 },
    );
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          closeBrackets(),
          jsonata,
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          autocompletion({ override: [completionSource(() => latest.current.scope)], activateOnTyping: true }),
          compile,
          lintGutter(),
          placeholderExt('e.g. __steps__.review.approved = true'),
          keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
          EditorView.lineWrapping,
          editable.current.of([EditorView.editable.of(!readOnly), EditorState.readOnly.of(readOnly)]),
          EditorView.contentAttributes.of({ 'aria-labelledby': labelId, 'aria-label': label, ...(path ? { 'data-path': path } : {}) }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged || u.transactions.some((t) => t.annotation(fromProps))) return;
            const text = u.state.doc.toString();
            emitted.current.add(text);
            latest.current.onChange(text);
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The view is created once; value and readOnly changes are pushed by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    if (v.state.doc.toString() === value) {
      emitted.current.clear();
      return;
    }
    if (emitted.current.has(value)) return;
    emitted.current.clear();
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value }, annotations: fromProps.of(true) });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: editable.current.reconfigure([EditorView.editable.of(!readOnly), EditorState.readOnly.of(readOnly)]) });
  }, [readOnly]);

  return (
    <Box>
      <Group justify="space-between" gap="xs" wrap="nowrap" mb={4}>
        <Input.Label id={labelId} component="div" size="sm">
          {label}
        </Input.Label>
        <TryIt src={value} scope={scope} definition={props.definition} condition={props.condition} label={label} />
      </Group>
      {description && (
        <Text size="xs" c="dimmed" mb={4}>
          {description}
        </Text>
      )}
      <div ref={host} className={error ? 'wfb-expr wfb-expr-error' : 'wfb-expr'} aria-describedby={error ? errorId : undefined} />
      {error && (
        <Input.Error id={errorId} mt={4}>
          {error}
        </Input.Error>
      )}
    </Box>
  );
}
