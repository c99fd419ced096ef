/**
 * A small JSONata highlighter (a CodeMirror StreamLanguage): strings, numbers, names, the scope's
 * `__names__`, `$functions`, keywords and operators. Highlighting only; the server parses.
 */
import { StreamLanguage, type StringStream } from '@codemirror/language';

const keywords = new Set(['and', 'or', 'in', 'function', 'λ']);
const atoms = new Set(['true', 'false', 'null']);

interface State {
  comment: boolean;
}

function token(stream: StringStream, state: State): string | null {
  if (state.comment) {
    if (stream.skipTo('*/')) {
      stream.next();
      stream.next();
      state.comment = false;
    } else stream.skipToEnd();
    return 'comment';
  }
  if (stream.eatSpace()) return null;
  if (stream.match('/*')) {
    state.comment = true;
    return 'comment';
  }
  const ch = stream.peek();
  if (ch === '"' || ch === "'") {
    const quote = stream.next();
    let escaped = false;
    for (let c = stream.next(); c != null; c = stream.next()) {
      if (c === quote && !escaped) break;
      escaped = !escaped && c === '\\';
    }
    return 'string';
  }
  if (ch === '`') {
    stream.next();
    stream.skipTo('`');
    stream.next();
    return 'variableName';
  }
  if (stream.match(/^-?\d+(\.\d+)?([eE][+-]?\d+)?/)) return 'number';
  if (stream.match(/^\$[A-Za-z_][\w]*/) || stream.match(/^\$\$?/)) return 'variableName.special';
  if (stream.match(/^__(context|steps|datasources|each)__/)) return 'keyword';
  const word = stream.match(/^[A-Za-z_λ][\w]*/) as RegExpMatchArray | null;
  if (word) {
    if (keywords.has(word[0])) return 'keyword';
    if (atoms.has(word[0])) return 'atom';
    return 'propertyName';
  }
  if (stream.match(/^(:=|!=|<=|>=|~>|\.\.|\?\?|\?:|[-+*/%=<>&!?:~|^@#])/)) return 'operator';
  stream.next();
  return 'punctuation';
}

/** jsonata is the language support the expression editor highlights with. */
export const jsonata = StreamLanguage.define<State>({
  name: 'jsonata',
  startState: () => ({ comment: false }),
  token,
  languageData: { commentTokens: { block: { open: '/*', close: '*/' } } },
});
