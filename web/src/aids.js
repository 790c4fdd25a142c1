// The policy editor's aids, from AWS's vocabulary (vocabulary.js):
// completion of service prefixes and actions inside "Action" and
// "NotAction" strings, of condition operators and keys inside "Condition",
// a hover on an action or wildcard saying its access level, its resource
// types, how many actions it covers and what it does, and one on a
// condition key saying its type, who defines it and what it means. The
// scenario editor has them too: its policies are JSON objects like any
// other, and its steps name actions under "Action".
//
// Where the cursor is in the policy is read from the text around it, not
// from the syntax tree: while one types, the string is not closed yet and
// the JSON parser's recovery says little, where a look back to the
// enclosing brackets and property names says enough.

import { autocompletion, startCompletion } from '@codemirror/autocomplete';
import { EditorView, hoverTooltip } from '@codemirror/view';
import { h } from './dom.js';
import { services, actionsOf, keysOfLater, operators, describeLater, descriptionOf, describeKeyLater, keyDescriptionOf } from './vocabulary.js';

/** stringAt returns the JSON string around pos, on pos's line: {from, to} inside its quotes (to is the line's end if it is not closed yet), or null. */
export function stringAt(doc, pos) {
  const line = doc.lineAt(pos);
  const text = line.text;
  const at = pos - line.from;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue;
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    j = Math.min(j, text.length);
    if (at > i && at <= j) return { from: line.from + i + 1, to: line.from + j, closed: j < text.length };
    i = j;
  }
  return null;
}

/** before is the index of the last character before i that is not white space, or -1. */
function before(text, i) {
  for (i--; i >= 0; i--) if (!/\s/.test(text[i])) return i;
  return -1;
}

/** stringStart is the index of the opening quote of the string whose closing quote is at i. */
function stringStart(text, i) {
  for (let j = i - 1; j >= 0; j--) {
    if (text[j] !== '"') continue;
    let k = j - 1;
    while (k >= 0 && text[k] === '\\') k--;
    if ((j - k) % 2 === 1) return j; // not escaped
  }
  return -1;
}

/** opener is the index of the { or [ that encloses index i and is not closed before it, or -1. */
function opener(text, i) {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const c = text[j];
    if (c === '"') j = stringStart(text, j);
    else if (c === '}' || c === ']') depth++;
    else if (c === '{' || c === '[') {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

/** keyOf is the name of the property whose value starts at index i, or ''. */
function keyOf(text, i) {
  const colon = before(text, i);
  if (colon < 0 || text[colon] !== ':') return '';
  const q = before(text, colon);
  if (q < 0 || text[q] !== '"') return '';
  return text.slice(stringStart(text, q) + 1, q);
}

/**
 * placeOf says what the string whose opening quote is at q is in the
 * policy text: {kind: 'action'} inside "Action" or "NotAction", {kind:
 * 'operator'} as a property of "Condition", {kind: 'key', statement (the
 * index of its statement's brace)} as a property of an operator's block, or
 * null.
 */
export function placeOf(text, q) {
  const prev = before(text, q);
  const o = opener(text, q);
  const isValue = prev >= 0 && text[prev] === ':';
  const key = isValue ? keyOf(text, q) : o >= 0 && text[o] === '[' ? keyOf(text, o) : '';
  if (key === 'Action' || key === 'NotAction') return { kind: 'action' };
  if (isValue || o < 0 || text[o] !== '{') return null;
  const block = keyOf(text, o);
  if (block === 'Condition') return { kind: 'operator' };
  const cond = opener(text, o);
  if (block && cond >= 0 && keyOf(text, cond) === 'Condition') return { kind: 'key', statement: opener(text, cond) };
  return null;
}

/** actionPrefixes are the service prefixes of the actions a statement (from its brace at start) names. */
function actionPrefixes(text, start) {
  if (start < 0) return [];
  let depth = 0;
  let end = text.length;
  for (let j = start; j < text.length; j++) {
    const c = text[j];
    if (c === '"') {
      for (j++; j < text.length && text[j] !== '"'; j++) if (text[j] === '\\') j++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth === 0) {
        end = j + 1;
        break;
      }
    }
  }
  const out = [];
  const stmt = text.slice(start, end);
  for (const m of stmt.matchAll(/"(?:Not)?Action"\s*:\s*(\[[^\]]*\]|"[^"]*")/g)) {
    for (const a of m[1].matchAll(/"([A-Za-z0-9-]+):/g)) out.push(a[1]);
  }
  return out;
}

/** complete is the completion source (a Promise for a service's keys, which come with its details). */
function complete(ctx) {
  const doc = ctx.state.doc;
  const s = stringAt(doc, ctx.pos);
  if (!s) return null;
  const text = doc.sliceString(0, s.from - 1);
  const place = placeOf(text, s.from - 1);
  if (!place) return null;
  const typed = doc.sliceString(s.from, ctx.pos);
  if (/[*?]/.test(typed)) return null;
  const result = (options) => (options.length ? { from: s.from, options, validFor: /^[\w:.\-/]*$/ } : null);
  if (place.kind === 'action') {
    const colon = typed.indexOf(':');
    if (colon < 0) {
      return result(
        services().map((sv) => ({
          label: sv.prefix,
          detail: sv.name,
          type: 'namespace',
          apply: (view, _c, from, to) => {
            view.dispatch({ changes: { from, to, insert: `${sv.prefix}:` }, selection: { anchor: from + sv.prefix.length + 1 } });
            startCompletion(view);
          },
        })),
      );
    }
    const of = actionsOf(typed.slice(0, colon));
    if (!of) return null;
    return result(of.actions.map((a) => ({ label: `${of.service}:${a.name}`, detail: a.level, type: 'function' })));
  }
  if (place.kind === 'operator') return result(operators().map((op) => ({ label: op.name, detail: op.type, type: 'keyword' })));
  return keysOfLater(actionPrefixes(doc.sliceString(0), place.statement)).then((keys) => result(keys.map((k) => ({ label: k.name, detail: k.type, type: 'property' }))));
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** hoverContent is the hover's text for an action or wildcard: d is describe's answer. */
function hoverContent(pattern, d) {
  const one = d.count === 1 && d.actions[0].action.toLowerCase() === pattern.toLowerCase() ? d.actions[0] : null;
  if (d.count === 0) {
    return h(
      'div',
      { class: 'cm-aid' },
      h('strong', null, pattern),
      ' names no action AWS knows.',
      d.suggestions && d.suggestions.length ? ` Did you mean ${d.suggestions.join(', ')}?` : '',
    );
  }
  if (one) {
    const desc = h('p', { class: 'cm-aid-desc' });
    descriptionOf(one.action).then((t) => (desc.textContent = t));
    return h(
      'div',
      { class: 'cm-aid' },
      h('p', null, h('strong', null, one.action), ' · ', h('span', { class: 'cm-aid-level' }, one.accessLevel)),
      desc,
      one.resourceTypes.length
        ? h(
            'ul',
            { class: 'cm-aid-types' },
            one.resourceTypes.map((r) => h('li', null, h('strong', null, r.name), r.required ? ' (required) ' : ' ', h('code', null, r.arn))),
          )
        : h('p', null, 'No resource type: AWS authorizes it on "*".'),
    );
  }
  const levels = Object.entries(d.levels)
    .map(([l, n]) => `${l} ${n}`)
    .join(', ');
  const more = d.resourceTypes > d.resourceTypeNames.length ? `, and ${d.resourceTypes - d.resourceTypeNames.length} more` : '';
  return h(
    'div',
    { class: 'cm-aid' },
    h('p', null, h('strong', null, pattern), ` covers ${plural(d.count, 'action')}`, d.services > 1 ? ` in ${plural(d.services, 'service')}` : '', '.'),
    h('p', { class: 'cm-aid-level' }, levels),
    h('p', null, d.resourceTypes ? `Resource types: ${d.resourceTypeNames.join(', ')}${more}.` : 'No resource type: AWS authorizes them on "*".'),
    h(
      'ul',
      { class: 'cm-aid-list' },
      d.actions.slice(0, 8).map((a) => h('li', null, a.action, ' ', h('span', { class: 'cm-aid-level' }, a.accessLevel))),
      d.count > 8 ? h('li', null, '…') : null,
    ),
  );
}

/** keyContent is the hover's text for a condition key: d is describeKey's answer, prefixes the statement's services. */
function keyContent(d, prefixes) {
  const desc = h('p', { class: 'cm-aid-desc' });
  keyDescriptionOf(d.name, d.global ? prefixes : [d.service]).then((t) => (desc.textContent = t));
  return h(
    'div',
    { class: 'cm-aid' },
    h('p', null, h('strong', null, d.name), ' · ', h('span', { class: 'cm-aid-type' }, d.type)),
    h('p', { class: 'cm-aid-owner' }, d.global ? `A global condition key (${d.category}): any service's request may carry it.` : `A condition key of ${d.serviceName} (${d.service}).`),
    desc,
  );
}

/** hover is the hover source: on an action or wildcard in "Action" or "NotAction", and on a condition key. */
async function hover(view, pos) {
  const doc = view.state.doc;
  const s = stringAt(doc, pos);
  if (!s || !s.closed || s.to === s.from) return null;
  const place = placeOf(doc.sliceString(0, s.from - 1), s.from - 1);
  if (!place || (place.kind !== 'action' && place.kind !== 'key')) return null;
  const name = doc.sliceString(s.from, s.to);
  let dom;
  if (place.kind === 'key') {
    const d = await describeKeyLater(name);
    if (!d || view.state.doc !== doc) return null;
    dom = () => keyContent(d, actionPrefixes(doc.sliceString(0), place.statement).map((p) => p.toLowerCase()));
  } else {
    const d = await describeLater(name);
    if (!d || view.state.doc !== doc) return null; // edited meanwhile
    dom = () => hoverContent(name, d);
  }
  return { pos: s.from, end: s.to, above: true, create: () => ({ dom: dom() }) };
}

const theme = EditorView.baseTheme({
  '.cm-aid': { padding: '0.35rem 0.6rem', maxWidth: '34rem', fontSize: '12.5px', lineHeight: '1.4' },
  '.cm-aid p': { margin: '0.2rem 0' },
  '.cm-aid ul': { margin: '0.2rem 0', paddingLeft: '1.1rem' },
  '.cm-aid code': { fontFamily: 'var(--mono)', wordBreak: 'break-all' },
  '.cm-aid-level, .cm-aid-type, .cm-aid-owner': { color: 'var(--muted)' },
  '.cm-aid-desc:empty': { display: 'none' },
});

/**
 * policyAids are the policy (and scenario) editor's completion (its keys: Ctrl+Space,
 * Enter, Escape) and hover. Completion matches the start of a name: AWS's
 * names share most of their letters, and fuzzy matches of "s3:GetO" would
 * be dozens of unrelated actions.
 */
export const policyAids = () => [
  autocompletion({ override: [complete], icons: false, filterStrict: true }),
  hoverTooltip(hover, { hoverTime: 300 }),
  theme,
];
