// The Compare view: two policies, A and B, and what each allows that the
// other does not (CONTRACT 7), decided by the core, not sampled. Each
// difference is a request the core's evaluator confirmed; it opens in the
// policy view with either policy, to see one allow it and the other not.

import { h, replace, debounce } from './dom.js';
import * as core from './core.js';
import { createEditor } from './editor.js';

const EXAMPLE_A = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::examplebucket/*"}
  ]
}`;

const EXAMPLE_B = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadWrite", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::examplebucket/*"}
  ]
}`;

// An SCP lets a request through only beside an identity policy that
// allows it: the policy view opens an SCP's witness with this one.
const ALLOW_ALL = `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
}`;

const cv = { els: {}, open: () => {}, last: null };

/**
 * initCompare builds the view in panel. open(playground) shows a
 * playground (tabs and request) in the policy view.
 */
export function initCompare(panel, { open }) {
  cv.open = open;
  cv.panel = panel;
  // Hidden, the view asks the core nothing; shown, it answers what changed.
  // Its editors are made when it is first shown: two editors cost the
  // page's start a tenth of a second, before the core is ready.
  const shown = () => {
    if (panel.hidden) return;
    if (!cv.a) {
      cv.a = createEditor({ parent: hostA, doc: EXAMPLE_A, label: 'Policy A', onUpdate, maxHeight: '40vh' });
      cv.b = createEditor({ parent: hostB, doc: EXAMPLE_B, label: 'Policy B', onUpdate, maxHeight: '40vh' });
    }
    if (cv.dirty) compareNow();
  };
  new MutationObserver(shown).observe(panel, { attributes: true, attributeFilter: ['hidden'] });
  const soon = debounce(() => compareNow(), 300);
  const onUpdate = (u) => {
    if (!u.docChanged) return;
    cv.els.result.dataset.state = 'busy'; // what shows is of the text before
    soon();
  };
  const hostA = h('div', { class: 'editor', id: 'compare-a' });
  const hostB = h('div', { class: 'editor', id: 'compare-b' });
  cv.els.type = h(
    'select',
    { id: 'compare-type', on: { change: () => compareNow() } },
    h('option', { value: 'identity' }, 'as identity policies'),
    h('option', { value: 'scp' }, 'as SCPs (what each lets through)'),
  );
  cv.els.result = h('div', { id: 'compare-result', class: 'compare-result', 'aria-live': 'polite' });
  replace(
    panel,
    h('p', { class: 'hint' }, 'Does B allow a request A does not, and the reverse? Every action, resource and context is decided, not sampled; each difference is a request the evaluator confirmed.'),
    h('label', { for: 'compare-type' }, 'Compare '),
    cv.els.type,
    h(
      'div',
      { class: 'compare-editors pol-grid' },
      h('div', null, h('h2', null, 'Policy A'), hostA),
      h('div', null, h('h2', null, 'Policy B'), hostB),
    ),
    cv.els.result,
  );
  cv.dirty = true; // the examples, when the view is first shown
  shown();
}

/** recheckCompare compares again (the core learnt AWS's catalog). */
export function recheckCompare() {
  if (cv.a) compareNow();
}

/** compareNow asks the core and shows its answer. */
async function compareNow() {
  cv.dirty = cv.panel.hidden;
  if (cv.dirty) return;
  const a = cv.a.state.doc.toString();
  const b = cv.b.state.doc.toString();
  const type = cv.els.type.value;
  const el = cv.els.result;
  if (a.trim() === '' || b.trim() === '') {
    el.dataset.state = 'empty';
    replace(el, h('p', { class: 'hint' }, 'Write both policies to compare them.'));
    return;
  }
  el.dataset.state = 'busy';
  const res = await core.call('compare', [a, b, type], 'compare');
  if (!res || cv.a.state.doc.toString() !== a || cv.b.state.doc.toString() !== b || cv.els.type.value !== type) return; // stale
  render(res, { a, b, type });
}

/** render shows a comparison: the verdict, each difference, what could not be decided. */
function render(res, asked) {
  const el = cv.els.result;
  cv.last = res;
  if (res.error) {
    el.dataset.state = 'error';
    const msg = core.hasReference() ? res.error.message : 'Comparing needs AWS’s Service Authorization Reference, which has not loaded (yet).';
    const place = res.error.line ? ` (line ${res.error.line}, column ${res.error.column + 1})` : '';
    replace(el, h('p', { class: 'hint' }, msg + place));
    return;
  }
  el.dataset.state = 'ready';
  el.dataset.result = res.result;
  const witness = (w, i, side) =>
    h(
      'li',
      { class: 'witness', dataset: { by: side, index: i } },
      h('span', { class: 'sentence' }, w.sentence),
      ' ',
      h('button', { type: 'button', class: 'link', on: { click: () => openWitness(w, 'A', asked) } }, 'Open with A'),
      ' ',
      h('button', { type: 'button', class: 'link', on: { click: () => openWitness(w, 'B', asked) } }, 'Open with B'),
      h('details', null, h('summary', null, 'request'), h('pre', null, JSON.stringify(w.request, null, 2))),
    );
  const list = (ws, side) => (ws.length ? h('ul', { class: `witnesses by-${side}` }, ws.map((w, i) => witness(w, i, side))) : null);
  replace(
    el,
    h('p', { class: 'compare-verdict', dataset: { result: res.result } }, res.headline),
    list(res.newInB, 'B'),
    list(res.newInA, 'A'),
    res.unknown.length
      ? h(
          'ul',
          { class: 'undecided' },
          res.unknown.map((u) =>
            h('li', null, `${u.statement.policy}’s statement ${u.statement.index}${u.statement.sid ? ` (${u.statement.sid})` : ''}, line ${u.statement.line}: ${u.reason}`),
          ),
        )
      : null,
    res.newInA.length || res.newInB.length
      ? h('p', { class: 'hint' }, 'The policy view adds the keys AWS puts in every request (aws:SecureTransport, aws:CurrentTime, …): where a policy tests them, its decision there may differ from the witness’s own context, which is complete.')
      : null,
  );
}

/** openWitness shows the witness's request in the policy view, with policy A or B. */
function openWitness(w, which, asked) {
  const text = which === 'A' ? asked.a : asked.b;
  const tabs = asked.type === 'scp' ? [{ type: 'identity', text: ALLOW_ALL }, { type: 'scp', text }] : [{ type: 'identity', text }];
  const r = w.request;
  const context = Object.entries(r.context).map(([key, v]) => ({ key, values: Array.isArray(v) ? v : [v] }));
  cv.open({
    tabs,
    active: tabs.length - 1,
    request: { principal: r.principal, action: r.action, resource: r.resource, resourceAccount: r.resourceAccount, context },
  });
}
