// The JSON editors (CodeMirror 6): policies and scenario documents. Colours
// come from the page's CSS variables, so light and dark follow
// prefers-color-scheme. Each editor lives in a shadow root: there
// CodeMirror puts its styles in constructable stylesheets, which the page's
// Content-Security-Policy (style-src 'self', no inline styles) allows,
// where in the document itself it would write <style> elements the policy
// refuses. Tab is left to move focus, so the page stays keyboard reachable.

import { EditorState, StateEffect, StateField, Compartment } from '@codemirror/state';
import {
  EditorView,
  Decoration,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { syntaxHighlighting, HighlightStyle, bracketMatching, indentOnInput } from '@codemirror/language';
import { lintGutter, setDiagnostics, lintKeymap } from '@codemirror/lint';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { tags } from '@lezer/highlight';
import { docRange } from './positions.js';

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--syn-key)' },
  { tag: tags.string, color: 'var(--syn-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--syn-literal)' },
  { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: 'var(--syn-punct)' },
  { tag: tags.invalid, color: 'var(--bad)' },
]);

const theme = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--editor-bg)', fontSize: '13.5px' },
  '.cm-content': { caretColor: 'var(--fg)', fontFamily: 'var(--mono)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'var(--selection)',
  },
  '.cm-gutters': { backgroundColor: 'var(--editor-gutter)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--line)' },
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--fg)' },
  '.cm-panels input, .cm-panels button': { font: 'inherit', color: 'var(--fg)' },
  '.cm-scroller': { overflow: 'auto', minHeight: '14rem' },
  '.cm-deciding-allow': { backgroundColor: 'var(--mark-allow)' },
  '.cm-deciding-deny': { backgroundColor: 'var(--mark-deny)' },
});

// The policy editor's aids (completion and hover from AWS's vocabulary,
// aids.js) are loaded once AWS's reference is there, as a chunk of their
// own: they are not part of the page's first load.
const aidsSlot = new Compartment();
let aidsExtension = null;

/** loadAids loads the editors' aids and gives them to the views made with them; aidsSpec gives them to a policy's state. */
export async function loadAids() {
  if (!aidsExtension) aidsExtension = (await import('./aids.js')).policyAids();
  for (const v of views) if (aidsSlot.get(v.state) !== undefined) v.dispatch(aidsSpec());
}

/** aidsSpec is the transaction that gives a policy editor's state the aids, once loaded. */
export const aidsSpec = () => ({ effects: aidsSlot.reconfigure(aidsExtension || []) });

/** sized caps an editor's height; the page scrolls around it. */
const sized = (maxHeight) => EditorView.theme({ '&': { maxHeight }, '.cm-scroller': { maxHeight } });

/** markEffect replaces an editor's marked ranges: [{from, to, className}]. */
const markEffect = StateEffect.define();

/** marks highlights whole lines: a statement reads as one block. */
const marks = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(markEffect)) continue;
      const doc = tr.state.doc;
      const lines = [];
      for (const m of e.value) {
        if (m.to <= m.from) continue;
        const first = doc.lineAt(Math.min(m.from, doc.length)).number;
        const last = doc.lineAt(Math.min(m.to, doc.length)).number;
        for (let n = first; n <= last; n++) lines.push(Decoration.line({ class: m.className }).range(doc.line(n).from));
      }
      deco = Decoration.set(lines, true);
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const dark = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
const views = new Set();
const darkness = new Compartment();
if (dark) {
  dark.addEventListener('change', () => {
    for (const v of views) v.dispatch({ effects: darkness.reconfigure(EditorView.darkTheme.of(dark.matches)) });
  });
}

/**
 * editorState makes the state of a JSON editor: its text, history, findings
 * and marks. onUpdate(update) sees every transaction once the state is shown
 * in a view (CodeMirror's ViewUpdate). A policy's editor has aids too:
 * completion and hover from AWS's vocabulary.
 */
export function editorState({ doc = '', label, onUpdate, maxHeight = '60vh', aids = false }) {
  return EditorState.create({
    doc,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      json(),
      syntaxHighlighting(highlight),
      lintGutter(),
      marks,
      EditorView.lineWrapping,
      theme,
      sized(maxHeight),
      darkness.of(EditorView.darkTheme.of(!!(dark && dark.matches))),
      keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap]),
      // tabindex says outright what contenteditable implies: the scroller holds something that takes the focus (axe's scrollable-region-focusable).
      EditorView.contentAttributes.of({ 'aria-label': label || 'JSON text', spellcheck: 'false', tabindex: '0' }),
      onUpdate ? EditorView.updateListener.of(onUpdate) : [],
      aids ? aidsSlot.of(aidsExtension || []) : [],
    ],
  });
}

/** createView shows state in host, inside host's shadow root. */
export function createView(host, state) {
  const shadow = host.shadowRoot || host.attachShadow({ mode: 'open' });
  const parent = document.createElement('div');
  shadow.appendChild(parent);
  const view = new EditorView({ parent, state, root: shadow });
  views.add(view);
  return view;
}

/** showState puts another state (another tab's text) in view. */
export function showState(view, state) {
  view.setState(state);
  const want = !!(dark && dark.matches);
  if (view.state.facet(EditorView.darkTheme) !== want) view.dispatch({ effects: darkness.reconfigure(EditorView.darkTheme.of(want)) });
}

/** createEditor makes a view with its own state (with aids: the policy editor's, for the policies a scenario holds). */
export function createEditor({ parent, doc = '', label, onUpdate, maxHeight, aids = false }) {
  return createView(parent, editorState({ doc, label, onUpdate, maxHeight, aids }));
}

/** setText replaces an editor's whole text (one undoable change). */
export function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

const severities = { ERROR: 'error', SECURITY_WARNING: 'warning', WARNING: 'warning', SUGGESTION: 'info' };

/** diagnosticsOf turns the core's findings (CONTRACT 1.1) into CodeMirror diagnostics for doc. */
export function diagnosticsOf(doc, findings) {
  const out = [];
  for (const f of findings) {
    const loc = (f.locations || [])[0];
    const [from, to] = loc && loc.span ? docRange(doc, loc.span) : [0, 0];
    out.push({
      from,
      to,
      severity: severities[f.findingType] || 'info',
      source: f.issueCode,
      message: f.findingDetails,
    });
  }
  return out;
}

/** diagnosticsSpec is the transaction that puts diagnostics under state's text. */
export function diagnosticsSpec(state, diagnostics) {
  return setDiagnostics(state, diagnostics);
}

/** marksSpec is the transaction that highlights ranges [{from, to, className}], replacing the previous ones. */
export function marksSpec(ranges) {
  return { effects: markEffect.of(ranges) };
}

/** reveal moves the cursor to from and scrolls it into the middle of the view. */
export function reveal(view, from, focus = true) {
  const pos = Math.max(0, Math.min(from, view.state.doc.length));
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
  if (focus) view.focus();
}
