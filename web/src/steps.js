// One step of a scenario: what it asked, whether IAM allowed it and why,
// what AWS answered, and the account afterwards with what changed; and the
// form that edits a step.

import { h, replace, uid } from './dom.js';
import { diffState, collections } from './statediff.js';
import { parse as parseJSON, format as formatJSON, at as nodeAt, JSONTextError } from './jsontext.js';
import { statementName } from './decision.js';

/** ops are the operations a step may name (CONTRACT 2.1). */
export const ops = [
  'iam:CreateServiceLinkedRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateRole',
  'iam:DeleteServiceLinkedRole',
  'iam:GetServiceLinkedRoleDeletionStatus',
  'iam:GetRole',
  'iam:ListRoles',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:TagRole',
  'iam:UntagRole',
  'sts:AssumeRole',
  'service:CreateResource',
  'service:DeleteResource',
  'service:StartSession',
  'service:EndSession',
  'service:Call',
  'aws:Call',
  'iam:ListAttachedRolePolicies',
  'clock:Advance',
];

function json(v) {
  return JSON.stringify(v, null, 2);
}

/**
 * readable decodes the JSON AWS answers inside strings (a role's
 * AssumeRolePolicyDocument, URL-encoded as IAM returns it), so that it
 * shows as JSON and not as one long escaped line. decoded(true) is called
 * when something was.
 */
export function readable(v, decoded = () => {}) {
  if (Array.isArray(v)) return v.map((x) => readable(x, decoded));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, readable(x, decoded)]));
  if (typeof v !== 'string') return v;
  const t = v.trim();
  let text = null;
  if (t.startsWith('{') || t.startsWith('[')) text = t;
  else if (/^%7B/i.test(t)) {
    try {
      text = decodeURIComponent(t);
    } catch {
      /* not URL-encoded after all */
    }
  }
  if (text === null) return v;
  try {
    const d = JSON.parse(text);
    if (!d || typeof d !== 'object') return v;
    decoded(true);
    return readable(d, decoded);
  } catch {
    return v;
  }
}

/** jsonBox shows a value as JSON, decoding JSON inside its strings, and says when it did. */
function jsonBox(v) {
  let decoded = false;
  const shown = readable(v, () => (decoded = true));
  return [
    h('pre', { class: 'json' }, json(shown)),
    decoded ? h('p', { class: 'hint decoded' }, 'JSON that AWS sends as text (a policy document) is shown decoded.') : null,
  ];
}

/**
 * pathSegments splits a gjson path (CONTRACT 2.1) into its members, or
 * returns null for what only the core resolves: queries (#(...)),
 * patterns (* ?) and every element's member (#.Name).
 */
function pathSegments(path) {
  const out = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && i + 1 < path.length) cur += path[++i];
    else if (c === '.') {
      out.push(cur);
      cur = '';
    } else if (c === '*' || c === '?' || (c === '#' && path[i + 1] === '(')) return null;
    else cur += c;
  }
  out.push(cur);
  const hash = out.indexOf('#');
  if (hash >= 0 && hash !== out.length - 1) return null;
  return out;
}

/**
 * resolveRef is the value "$N.Path" finds in the outputs of earlier steps
 * (outputs[N]): {value} when found, {unknown: true} when only the core
 * resolves it (a query), {missing: true} when there is nothing there.
 */
export function resolveRef(ref, outputs) {
  const m = /^\$(\d+)\.(.+)$/s.exec(ref);
  if (!m) return null;
  const segs = pathSegments(m[2]);
  if (!segs) return { unknown: true };
  let v = outputs[Number(m[1])];
  for (const k of segs) {
    if (k === '#' && Array.isArray(v)) v = v.length;
    else if (Array.isArray(v) && /^\d+$/.test(k)) v = v[Number(k)];
    else if (v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, k)) v = v[k];
    else return { missing: true };
  }
  return v === undefined ? { missing: true } : { value: v };
}

/** refsIn lists the "$N.Path" strings of a step's input, with where they sit. */
function refsIn(v, at = '', out = []) {
  if (typeof v === 'string' && /^\$\d+\./.test(v)) out.push({ at, ref: v });
  else if (Array.isArray(v)) v.forEach((x, i) => refsIn(x, `${at}[${i}]`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) refsIn(x, at ? `${at}.${k}` : k, out);
  return out;
}

/** resolvedRefs shows each "$N.Path" of an input with the value it found when the step ran. */
function resolvedRefs(input, outputs) {
  const refs = refsIn(input);
  if (!refs.length) return null;
  return h(
    'dl',
    { class: 'refs' },
    refs.map(({ at, ref }) => {
      const r = resolveRef(ref, outputs);
      return [
        h('dt', null, h('code', null, at), ' = ', h('code', null, ref)),
        h(
          'dd',
          null,
          r.value !== undefined
            ? ['→ ', h('code', { class: 'resolved' }, typeof r.value === 'string' ? r.value : JSON.stringify(r.value))]
            : h('span', { class: 'hint' }, r.unknown ? '→ a query: the core resolved it when the step ran' : '→ nothing there: the step’s error says what the output holds'),
        ),
      ];
    }),
  );
}

const decisionWords = { allowed: 'Allowed', explicitDeny: 'Explicit deny', implicitDeny: 'Implicit deny', error: 'Cannot decide' };

/**
 * stepView shows step s of a transcript: index, the step as written, the
 * state before it (null for the first), and what its buttons do
 * ({edit, add, remove, showInDoc(position)}).
 */
export function stepView(s, { index, written = {}, prev = null, outputs = [] }, act) {
  if (!s) return [h('p', { class: 'hint' }, 'This scenario has no steps yet: add one.'), stepButtons(-1, act)];
  const a = s.authorization;
  const sections = [
    h('h3', { class: 'step-title' }, `${index}. `, h('code', null, s.as), ' → ', h('code', null, s.op)),
    s.note ? h('p', { class: 'note' }, s.note) : null,
    h(
      'div',
      { class: 'step-grid' },
      h(
        'section',
        { class: 'box request-box' },
        h('h4', null, 'Request'),
        jsonBox(written.input || {}),
        resolvedRefs(written.input || {}, outputs),
        beforeDelete(s, written, prev),
      ),
      h(
        'section',
        { class: 'box iam-box' },
        h('h4', null, 'IAM'),
        a
          ? [
              h('p', { class: `verdict-small ${a.evalDecision}`, dataset: { decision: a.evalDecision } }, decisionWords[a.evalDecision] || a.evalDecision),
              (a.matchedStatements || []).length
                ? h(
                    'ul',
                    { class: 'matched' },
                    a.matchedStatements.map((m) =>
                      h(
                        'li',
                        null,
                        h(
                          'button',
                          { type: 'button', class: 'link', on: { click: () => act.showInDoc(m.startPosition) } },
                          `${statementName(m.sourcePolicyId, m)}, line ${m.startPosition.line}`,
                        ),
                      ),
                    ),
                  )
                : h('p', { class: 'hint' }, a.evalDecision === 'allowed' ? '' : 'No statement allows it.'),
              (a.missingContextValues || []).length ? h('p', { class: 'warn' }, `The request lacked: ${a.missingContextValues.join(', ')}`) : null,
              (a.errors || []).map((e) => h('p', { class: 'bad' }, `${e.sourcePolicyId || ''} ${e.findingDetails} [${e.issueCode}]`)),
            ]
          : h('p', { class: 'hint' }, 'No IAM check: the service or the clock acts.'),
      ),
      h(
        'section',
        { class: 'box answer-box' },
        h('h4', null, 'AWS answers'),
        s.error
          ? h('p', { class: 'bad api-error' }, h('strong', null, s.error.code), ': ', s.error.message)
          : s.output && Object.keys(s.output).length
            ? jsonBox(s.output)
            : h('p', { class: 'hint' }, 'Done, with no output.'),
        s.expect
          ? h(
              'p',
              { class: s.expect.ok ? 'good expect' : 'bad expect' },
              s.expect.ok ? '✓ as expected' : '✕ not as expected',
              s.expect.detail ? `: ${s.expect.detail}` : '',
            )
          : null,
      ),
    ),
    stateView(prev, s.state),
    stepButtons(index, act),
  ];
  return sections;
}

/**
 * lastActivity words a role's RoleLastUsed as the IAM console does: when
 * and where the service last used it, or that it never has.
 */
export function lastActivity(role) {
  const u = role && role.RoleLastUsed;
  if (!u || !u.LastUsedDate) return 'None: no service has used this role yet';
  return `${u.LastUsedDate}${u.Region ? ` in ${u.Region}` : ''}`;
}

/**
 * beforeDelete reminds, on a DeleteServiceLinkedRole step, when the role was
 * last used: the console's delete dialog asks you to review it first.
 */
function beforeDelete(s, written, prev) {
  const name = written.input && written.input.RoleName;
  if (s.op !== 'iam:DeleteServiceLinkedRole' || typeof name !== 'string' || !prev) return null;
  const role = (prev.roles || []).find((r) => r.RoleName === name);
  if (!role) return null;
  return h('p', { class: 'hint last-use' }, `Last activity of ${name} before this delete: ${lastActivity(role)}. Check it before you delete a role a service may still need.`);
}

/** value shows a state field: text, a list, or nested fields (a deletion task's Reason). */
function value(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.length ? h('ul', null, v.map((x) => h('li', null, value(x)))) : '[]';
  if (typeof v === 'object') return h('dl', null, Object.entries(v).map(([k, x]) => [h('dt', null, k), h('dd', null, value(x))]));
  return String(v);
}

/** itemView shows one item of the account, its changed fields marked. */
function itemView(c, r) {
  const changed = (k) => (r.fields.has(k) ? 'changed' : '');
  return h(
    'li',
    { class: `item ${r.change}`, dataset: { change: r.change } },
    // In the flow (floated), so it never covers the item's text.
    r.change !== 'same' ? h('span', { class: 'change' }, r.change) : null,
    h(
      'dl',
      null,
      Object.entries(r.item)
        .filter(([k]) => !(c.key === 'roles' && k === 'RoleLastUsed'))
        .map(([k, v]) => [h('dt', { class: changed(k) }, k), h('dd', { class: changed(k) }, value(readable(v)))]),
      // A role's last use, as the console's Last activity column shows it.
      c.key === 'roles'
        ? [h('dt', { class: changed('RoleLastUsed') }, 'Last activity'), h('dd', { class: `last-activity ${changed('RoleLastUsed')}` }, lastActivity(r.item))]
        : null,
    ),
  );
}

// The lists whose unchanged items the learner opened: they stay open when
// the step is drawn again (the next step, or AWS's details arriving).
const openFolds = new Set();

/**
 * stateView shows the account after a step: what changed since prev in
 * full, marked; what did not, folded under one line per list.
 */
export function stateView(prev, state) {
  const d = diffState(prev, state);
  return h(
    'section',
    { class: 'state', 'aria-label': 'The account after this step' },
    h('h4', null, 'The account after this step ', h('span', { class: `clock${d.clockChanged ? ' changed' : ''}` }, `clock ${state.clock}`)),
    collections.map((c) => {
      const rows = d.lists[c.key];
      const moved = rows.filter((r) => r.change !== 'same');
      const same = rows.filter((r) => r.change === 'same');
      return h(
        'div',
        { class: 'state-list', dataset: { list: c.key } },
        h('h5', null, `${c.title} (${rows.filter((r) => r.change !== 'removed').length})`),
        moved.length ? h('ul', null, moved.map((r) => itemView(c, r))) : null,
        same.length
          ? h(
              'details',
              { class: 'unchanged', open: openFolds.has(c.key) },
              // Remembered at the click (Enter and Space click it too), not at
              // the toggle that follows: a redraw in between must not lose it.
              h('summary', { on: { click: () => (openFolds.has(c.key) ? openFolds.delete(c.key) : openFolds.add(c.key)) } }, moved.length ? `${same.length} more, unchanged` : `${same.length} unchanged`),
              h('ul', null, same.map((r) => itemView(c, r))),
            )
          : null,
        rows.length ? null : h('p', { class: 'hint' }, 'none'),
      );
    }),
  );
}

function stepButtons(i, act) {
  return h(
    'div',
    { class: 'step-actions' },
    i >= 0 ? h('button', { type: 'button', on: { click: () => act.edit(i) } }, 'Edit step') : null,
    h('button', { type: 'button', on: { click: () => act.add(i) } }, i >= 0 ? 'Add a step after' : 'Add a step'),
    i >= 0 ? h('button', { type: 'button', class: 'danger', on: { click: () => act.remove(i) } }, 'Remove step') : null,
  );
}

/**
 * placeOf words an offset into text as "line L, column C" (both from 1),
 * as the editors and the command line say places.
 */
export function placeOf(text, offset) {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/**
 * stepForm is the form that edits step i of the scenario document text,
 * or, given fresh (a step's JSON text), a new step i that the document does
 * not hold until it is saved. onSave(stepText) gets the step as JSON text
 * (its input and expect as the learner wrote them); onCancel() closes it.
 * Returns {el, focus}: focus() puts the cursor in its first field once el
 * is in the page.
 */
export function stepForm(text, i, { onSave, onCancel, fresh = null }) {
  let doc = {};
  try {
    doc = JSON.parse(text);
  } catch {
    /* the form starts empty */
  }
  const source = fresh === null ? text : fresh;
  const path = fresh === null ? ['steps', i] : [];
  let step = {};
  try {
    step = fresh === null ? (Array.isArray(doc.steps) && doc.steps[i]) || {} : JSON.parse(fresh);
  } catch {
    /* the form starts empty */
  }
  const principals = Object.keys(doc.principals || {});
  const ids = { as: uid('as'), op: uid('op'), input: uid('input'), expect: uid('expect'), note: uid('note') };
  // The step's own input and expect text, as written (numbers kept).
  let inputText = '{}';
  let expectText = '';
  try {
    const node = nodeAt(parseJSON(source), path);
    const raw = (k) => {
      const n = nodeAt(node, [k]);
      return n ? formatJSON(source.slice(n.start, n.end)) : '';
    };
    inputText = raw('input') || '{}';
    expectText = raw('expect');
  } catch {
    /* keep the defaults */
  }
  const err = h('p', { class: 'bad', role: 'alert' });
  const as = h('input', { id: ids.as, list: 'dl-as', value: step.as || principals[0] || '', autocomplete: 'off', spellcheck: 'false' });
  const op = h('select', { id: ids.op }, ops.map((o) => h('option', { value: o, selected: o === step.op }, o)));
  const input = h('textarea', { id: ids.input, rows: '6', spellcheck: 'false', class: 'mono' });
  input.value = inputText;
  const expect = h('textarea', { id: ids.expect, rows: '3', spellcheck: 'false', class: 'mono', placeholder: '{"error": "UnmodifiableEntity"}' });
  expect.value = expectText;
  const note = h('input', { id: ids.note, value: step.note || '', autocomplete: 'off' });
  const save = () => {
    const parts = [`"as": ${JSON.stringify(as.value.trim())}`, `"op": ${JSON.stringify(op.value)}`];
    for (const [name, el, need] of [
      ['input', input, true],
      ['expect', expect, false],
    ]) {
      const v = el.value.trim();
      if (!v && !need) continue;
      try {
        const node = parseJSON(v || '{}');
        if (node.type !== 'object') throw new JSONTextError('it must be a JSON object', 0);
      } catch (e) {
        if (!(e instanceof JSONTextError)) throw e;
        replace(err, `${name === 'input' ? 'Input' : 'Expect'}, ${placeOf(v, e.offset)}: ${e.message}`);
        el.focus();
        if (e.offset <= v.length) el.setSelectionRange(el.value.indexOf(v) + e.offset, el.value.indexOf(v) + e.offset);
        return;
      }
      parts.push(`"${name}": ${v || '{}'}`);
    }
    if (note.value.trim()) parts.push(`"note": ${JSON.stringify(note.value.trim())}`);
    onSave(`{${parts.join(', ')}}`);
  };
  const el = h(
      'form',
      {
        class: 'step-form',
        on: {
          submit: (e) => {
            e.preventDefault();
            save();
          },
        },
      },
      h('h3', null, fresh === null ? `Edit step ${i}` : `New step ${i}`),
      h('datalist', { id: 'dl-as' }, principals.map((p) => h('option', { value: p }))),
      h('div', { class: 'field' }, h('label', { for: ids.as }, 'As (a principal, or a service principal)'), as),
      h('div', { class: 'field' }, h('label', { for: ids.op }, 'Operation'), op),
      h('div', { class: 'field' }, h('label', { for: ids.input }, 'Input (JSON; "$N.Path" is step N’s output)'), input),
      h(
        'p',
        { class: 'hint paths-help' },
        'Paths are ',
        h('a', { href: 'https://github.com/tidwall/gjson/blob/master/SYNTAX.md', target: '_blank', rel: 'noopener noreferrer' }, 'gjson paths'),
        ': ',
        h('code', null, '$0.Role.Arn'),
        ', ',
        h('code', null, '$4.Roles.0.RoleName'),
        ', a count ',
        h('code', null, '$4.Roles.#'),
        ', a query ',
        h('code', null, '$4.Roles.#(RoleName%"*Batch").Arn'),
        '. An expectation can check them too: ',
        h('code', null, '{"paths": {"Roles.#": 2}}'),
        '.',
      ),
      h('div', { class: 'field' }, h('label', { for: ids.expect }, 'Expect (optional JSON)'), expect),
      h('div', { class: 'field' }, h('label', { for: ids.note }, 'Note'), note),
      err,
      h(
        'div',
        { class: 'step-actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Save step'),
        h(
          'button',
          {
            type: 'button',
            on: { click: onCancel },
          },
          'Cancel',
        ),
      ),
  );
  return { el, focus: () => as.focus() };
}

