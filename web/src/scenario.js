// Scenarios: the gallery and your own, replayed by the core into a timeline
// of steps. Each step shows the request, whether IAM allowed it and why,
// AWS's answer or error, and the account's state with what changed. Steps
// can be added, edited and removed; the whole document can be edited as
// JSON, with the current step's deciding statements highlighted in it.
// The document is kept as text (see jsontext.js), so the core's places
// point into exactly what the editor shows.

import { h, replace, debounce, uid } from './dom.js';
import * as core from './core.js';
import { createEditor, setText, marksSpec, reveal, diagnosticsSpec } from './editor.js';
import { docOffset } from './positions.js';
import { renderMarkdown } from './markdown.js';
import { stepView, stepForm } from './steps.js';
import { parse as parseJSON, format as formatJSON, at as nodeAt, setAt, insertAt, removeAt } from './jsontext.js';

const STORE = 'slrplay.scenarios';

const newScenario = () =>
  formatJSON(
    JSON.stringify({
      scenario: 1,
      title: 'My scenario',
      description: 'What this scenario shows, in a sentence or two.',
      account: '111122223333',
      region: 'us-east-1',
      start: '2026-01-01T00:00:00Z',
      seed: 1,
      principals: {
        admin: {
          arn: 'arn:aws:iam::111122223333:user/admin',
          policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }],
        },
      },
      steps: [
        {
          as: 'admin',
          op: 'iam:CreateServiceLinkedRole',
          input: { AWSServiceName: 'elasticbeanstalk.amazonaws.com' },
          note: 'The service names its role.',
        },
      ],
    }),
  );

const sc = {
  gallery: [],
  concepts: {},
  mine: [],
  cur: null, // {source: 'gallery'|'mine'|'link', id, text, transcript, ranText, error, step}
  els: {},
  docView: null,
  editing: null, // index of the step whose form is open
  fresh: null, // the new step's JSON text while its form is open (not in the document until saved)
  onChange: () => {},
  onPrincipals: () => {},
};

function loadMine() {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) || '[]');
    return Array.isArray(v) ? v.filter((x) => x && typeof x.id === 'string' && typeof x.text === 'string') : [];
  } catch {
    return [];
  }
}

function saveMine() {
  try {
    localStorage.setItem(STORE, JSON.stringify(sc.mine));
  } catch {
    /* storage full or disabled: the scenario stays in this page */
  }
}

function titleOf(text) {
  try {
    const t = nodeAt(parseJSON(text), ['title']);
    return t && t.type === 'string' ? JSON.parse(t.raw) : 'Untitled scenario';
  } catch {
    return 'Untitled scenario';
  }
}

function descriptionOf(text) {
  try {
    const t = nodeAt(parseJSON(text), ['description']);
    return t && t.type === 'string' ? JSON.parse(t.raw) : '';
  } catch {
    return '';
  }
}

/** stepsOf reads the document's steps as values (for the form and the request view). */
function stepsOf(text) {
  try {
    const v = JSON.parse(text);
    return Array.isArray(v && v.steps) ? v.steps : [];
  } catch {
    return [];
  }
}

// ---- running ----

const runSoon = debounce(() => run(), 500);

async function run() {
  runSoon.cancel();
  const cur = sc.cur;
  if (!cur) return;
  const text = cur.text;
  const res = await core.call('run', [text], 'run', core.budgetOf([text], stepsOf(text).length));
  if (!res || sc.cur !== cur || cur.text !== text) return; // stale
  if (res.error) {
    cur.error = res.error;
  } else {
    cur.error = null;
    cur.transcript = res;
    cur.ranText = text;
    cur.step = Math.max(0, Math.min(cur.step, res.steps.length - 1));
  }
  render();
  principalsChanged();
}

function principalsChanged() {
  try {
    const v = JSON.parse(sc.cur.text);
    sc.onPrincipals(Object.values(v.principals || {}).map((p) => p && p.arn).filter((a) => typeof a === 'string'));
  } catch {
    /* the document has an error: the run says where */
  }
}

/**
 * rerunScenario runs the open scenario again (the core learnt more: AWS's
 * catalog came, which aws:Call steps need).
 */
export function rerunScenario() {
  if (sc.cur) run();
}

/** changeText replaces the current document (an edit): a gallery scenario becomes one of yours. */
function changeText(text, { now = false } = {}) {
  const cur = sc.cur;
  cur.text = text;
  if (cur.source !== 'mine') {
    const id = `mine-${Date.now().toString(36)}`;
    sc.mine.unshift({ id, title: titleOf(text), text });
    cur.source = 'mine';
    cur.id = id;
  } else {
    const m = sc.mine.find((x) => x.id === cur.id);
    if (m) {
      m.text = text;
      m.title = titleOf(text);
    }
  }
  saveMine();
  renderList();
  if (sc.docView && sc.docView.state.doc.toString() !== text) setText(sc.docView, text);
  if (now) run();
  else runSoon();
  sc.onChange();
}

// ---- rendering ----

function renderList() {
  // A list redrawn under the focus (Enter on a scenario) gives it back to the same entry.
  const had = document.activeElement && document.activeElement.closest && document.activeElement.closest('.scenario-list') ? document.activeElement.dataset.id : null;
  const item = (source, e) =>
    h(
      'li',
      null,
      h(
        'button',
        {
          type: 'button',
          class: 'scenario-link',
          'aria-current': sc.cur && sc.cur.source === source && sc.cur.id === e.id ? 'true' : null,
          dataset: { id: e.id },
          on: {
            click: () => {
              openScenario(e.text, { source, id: e.id });
              // In one column the scenario is above the list: bring it into view (the focus stays here).
              if (matchMedia('(max-width: 900px)').matches) sc.els.title.scrollIntoView({ block: 'start' });
            },
          },
        },
        e.title,
      ),
    );
  replace(sc.els.galleryList, sc.gallery.map((e) => item('gallery', e)));
  replace(sc.els.mineList, sc.mine.length ? sc.mine.map((e) => item('mine', e)) : h('li', { class: 'hint' }, 'Edit a scenario, or start a new one: it is kept here, in this browser.'));
  if (had) {
    const again = [...sc.els.galleryList.querySelectorAll('.scenario-link'), ...sc.els.mineList.querySelectorAll('.scenario-link')].find((b) => b.dataset.id === had);
    if (again) again.focus();
  }
}

function lessonFor(cur) {
  const g = cur.source === 'gallery' ? sc.gallery.find((x) => x.id === cur.id) : sc.gallery.find((x) => x.title === titleOf(cur.text));
  return g ? g.concepts.map((c) => sc.concepts[c]).filter(Boolean) : [];
}

function renderLearn() {
  const cur = sc.cur;
  const lessons = lessonFor(cur);
  replace(
    sc.els.learn,
    h('h3', null, 'About this scenario'),
    h('div', { class: 'md' }, renderMarkdown(descriptionOf(cur.text) || 'This scenario has no description.')),
    lessons.map((c) => h('section', { class: 'concept' }, h('h3', null, c.title), h('div', { class: 'md' }, renderMarkdown(c.body)))),
  );
}

function outcome(s) {
  if (s.expect && !s.expect.ok) return 'expect-failed';
  if (s.error) return 'api-error';
  if (s.authorization && s.authorization.evalDecision !== 'allowed') return 'denied';
  return 'ok';
}

const outcomeText = { ok: 'done', denied: 'denied by IAM', 'api-error': 'AWS answered an error', 'expect-failed': 'expectation failed' };

function render() {
  const cur = sc.cur;
  sc.els.empty.hidden = !!cur;
  sc.els.main.hidden = !cur;
  if (!cur) return;
  replace(sc.els.title, titleOf(cur.text));
  sc.els.forget.hidden = cur.source !== 'mine';
  renderLearn();
  const t = cur.transcript;
  if (cur.error) {
    const e = cur.error;
    replace(
      sc.els.runError,
      h('strong', null, 'The scenario does not run: '),
      e.line ? `line ${e.line}, column ${(e.column || 0) + 1}: ` : '',
      e.message,
      t ? h('span', { class: 'hint' }, ' The timeline shows the last version that ran.') : null,
    );
    sc.els.runError.hidden = false;
    if (sc.docView && e.line) {
      const d = sc.docView.state.doc;
      const from = docOffset(d, { line: e.line, column: e.column || 0 });
      sc.docView.dispatch(diagnosticsSpec(sc.docView.state, [{ from, to: Math.min(d.length, from + 1), severity: 'error', message: e.message }]));
    }
  } else {
    sc.els.runError.hidden = true;
    replace(sc.els.runError);
    if (sc.docView) sc.docView.dispatch(diagnosticsSpec(sc.docView.state, []));
  }
  if (!t) {
    replace(sc.els.timeline);
    replace(sc.els.detail, h('p', { class: 'hint' }, cur.error ? '' : 'Running…'));
    replace(sc.els.position, '');
    return;
  }
  const n = t.steps.length;
  document.documentElement.dataset.scenarioSteps = String(n);
  document.documentElement.dataset.scenarioStep = String(cur.step);
  replace(sc.els.position, n ? `Step ${cur.step} (${cur.step + 1} of ${n})` : 'No steps');
  sc.els.jump.max = String(Math.max(0, n - 1));
  sc.els.jump.value = String(cur.step);
  sc.els.back.disabled = cur.step <= 0;
  sc.els.forward.disabled = cur.step >= n - 1;
  replace(
    sc.els.overall,
    t.ok ? h('span', { class: 'good' }, '✓ every expectation holds') : h('span', { class: 'bad' }, '✕ an expectation fails'),
  );
  replace(
    sc.els.timeline,
    t.steps.map((s, i) => {
      const o = outcome(s);
      return h(
        'div',
        {
          role: 'option',
          id: `step-opt-${i}`,
          class: `step-chip ${o}${i === cur.step ? ' current' : ''}`,
          'aria-selected': i === cur.step ? 'true' : 'false',
          title: `${i}. ${s.as}: ${s.op} — ${outcomeText[o]}${s.note ? `\n${s.note}` : ''}`,
          on: { click: () => go(i) },
        },
        h('span', { class: 'n' }, String(i)),
        h('span', { class: 'op' }, s.op.split(':')[1] || s.op),
      );
    }),
  );
  sc.els.timeline.setAttribute('aria-activedescendant', n ? `step-opt-${cur.step}` : '');
  const chip = sc.els.timeline.children[cur.step];
  if (chip && chip.scrollIntoView) chip.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  if (sc.editing !== null && (sc.editing < n || sc.fresh !== null)) renderForm(sc.editing);
  else renderStep();
  highlightDoc();
}

function renderStep() {
  const cur = sc.cur;
  const steps = cur.transcript.steps;
  const written = stepsOf(cur.ranText)[cur.step] || {};
  const prev = cur.step > 0 ? steps[cur.step - 1].state : null;
  const outputs = steps.map((s) => s.output);
  replace(sc.els.detail, ...stepView(steps[cur.step], { index: cur.step, written, prev, outputs }, { edit: openForm, add: addStep, remove: removeStep, showInDoc }));
}

// ---- step editing ----

function openForm(i) {
  sc.editing = i;
  sc.fresh = null;
  renderForm(i);
}

function renderForm(i) {
  const fresh = sc.fresh;
  const form = stepForm(sc.cur.text, i, {
    fresh,
    onSave: (stepText) => {
      sc.editing = null;
      sc.fresh = null;
      if (fresh !== null) sc.cur.step = i;
      changeText(fresh === null ? setAt(sc.cur.text, ['steps', i], stepText) : insertAt(sc.cur.text, ['steps'], i, stepText), { now: true });
    },
    onCancel: () => {
      sc.editing = null;
      sc.fresh = null;
      render();
    },
  });
  replace(sc.els.detail, form.el);
  form.focus();
}

function addStep(after) {
  const steps = stepsOf(sc.cur.text);
  const as = (steps[after] && steps[after].as) || (() => {
    try {
      return Object.keys(JSON.parse(sc.cur.text).principals || {})[0] || 'admin';
    } catch {
      return 'admin';
    }
  })();
  // The step is written into the document when it is saved: Cancel leaves
  // the document, and a gallery scenario, as they were.
  sc.editing = after + 1;
  sc.fresh = `{"as": ${JSON.stringify(as)}, "op": "clock:Advance", "input": {"Seconds": 10}}`;
  renderForm(after + 1);
}

function removeStep(i) {
  sc.editing = null;
  sc.fresh = null;
  sc.cur.step = Math.max(0, i - 1);
  changeText(removeAt(sc.cur.text, ['steps', i]), { now: true });
}

// ---- the document editor ----

function toggleDoc(open = sc.els.docPanel.hidden) {
  sc.els.docPanel.hidden = !open;
  sc.els.docToggle.setAttribute('aria-expanded', String(open));
  replace(sc.els.docToggle, open ? 'Hide the document' : 'Edit the document');
  if (!open) return;
  if (!sc.docView) {
    sc.docView = createEditor({
      parent: sc.els.docHost,
      doc: sc.cur.text,
      label: 'Scenario document',
      maxHeight: '70vh',
      aids: true, // completion and hover in its policies and its steps' actions
      onUpdate: (u) => {
        if (u.docChanged) {
          const text = u.state.doc.toString();
          if (text !== sc.cur.text) changeText(text);
        }
      },
    });
  } else if (sc.docView.state.doc.toString() !== sc.cur.text) {
    setText(sc.docView, sc.cur.text);
  }
  highlightDoc();
  sc.els.docPanel.scrollIntoView({ block: 'nearest' });
}

function highlightDoc() {
  const v = sc.docView;
  if (!v || sc.els.docPanel.hidden) return;
  const cur = sc.cur;
  const s = cur.transcript && cur.transcript.steps[cur.step];
  const ranges = [];
  if (s && s.authorization && cur.ranText === v.state.doc.toString()) {
    const cls = s.authorization.evalDecision === 'allowed' ? 'cm-deciding cm-deciding-allow' : 'cm-deciding cm-deciding-deny';
    for (const m of s.authorization.matchedStatements || []) {
      ranges.push({ from: docOffset(v.state.doc, m.startPosition), to: docOffset(v.state.doc, m.endPosition), className: cls });
    }
  }
  v.dispatch(marksSpec(ranges));
}

function showInDoc(pos) {
  toggleDoc(true);
  if (sc.cur.ranText !== sc.docView.state.doc.toString()) return;
  reveal(sc.docView, docOffset(sc.docView.state.doc, pos));
}

// ---- navigation ----

/** go shows step i (clamped). */
export function go(i) {
  const cur = sc.cur;
  if (!cur || !cur.transcript) return;
  const n = cur.transcript.steps.length;
  const to = Math.max(0, Math.min(i, n - 1));
  if (to === cur.step && sc.editing === null) return;
  cur.step = to;
  sc.editing = null;
  sc.fresh = null;
  render();
  sc.onChange();
}

/** typing is whether a key goes to something that takes text or keys of its own (a field, a menu, an editor). */
const typing = (t) => !!(t && t.closest && t.closest('input, textarea, select, [contenteditable], .cm-editor, .editor, form'));

/**
 * onTimelineKey moves between steps: arrows, j/k, Page Up/Down, Home/End,
 * from anywhere in the scenario view but fields, menus and editors.
 */
function onTimelineKey(e) {
  const cur = sc.cur;
  if (!cur || !cur.transcript || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
  if (sc.editing !== null) return;
  const last = cur.transcript.steps.length - 1;
  const moves = { ArrowLeft: -1, ArrowUp: -1, k: -1, ArrowRight: 1, ArrowDown: 1, j: 1, PageUp: -5, PageDown: 5 };
  if (e.key in moves) go(cur.step + moves[e.key]);
  else if (e.key === 'Home') go(0);
  else if (e.key === 'End') go(last);
  else return;
  e.preventDefault();
}

/** openScenario shows a scenario document (text) at step. */
export function openScenario(text, { source = 'link', id = '', step = 0 } = {}) {
  let pretty = text;
  try {
    pretty = formatJSON(text);
  } catch {
    /* shown as it is; the run says where it is broken */
  }
  sc.cur = { source, id, text: pretty, transcript: null, ranText: null, error: null, step: Math.max(0, step | 0) };
  sc.editing = null;
  sc.fresh = null;
  renderList();
  if (sc.docView) setText(sc.docView, pretty);
  render();
  run();
  sc.onChange();
}

/** current returns the open scenario's text and step, or null. */
export function current() {
  return sc.cur ? { text: sc.cur.text, step: sc.cur.step, title: titleOf(sc.cur.text) } : null;
}

/** closeScenario shows no scenario. */
export function closeScenario() {
  sc.cur = null;
  renderList();
  render();
}

/** initScenarios builds the view. gallery: [{id, title, concepts, text}], concepts: {id: {title, body}}. */
export function initScenarios(root, { gallery = [], concepts = {}, onChange = () => {}, onPrincipals = () => {} } = {}) {
  sc.gallery = gallery;
  sc.concepts = concepts;
  sc.onChange = onChange;
  sc.onPrincipals = onPrincipals;
  sc.mine = loadMine();
  const jumpId = uid('jump');
  sc.els.galleryList = h('ul', { class: 'scenario-list', id: 'gallery' });
  sc.els.mineList = h('ul', { class: 'scenario-list', id: 'mine' });
  sc.els.title = h('h2', { id: 'scenario-title' });
  sc.els.learn = h('aside', { class: 'learn', id: 'learn', 'aria-label': 'Learn' });
  sc.els.timeline = h('div', {
    class: 'timeline',
    id: 'timeline',
    role: 'listbox',
    tabindex: '0',
    'aria-label': 'Steps (arrow keys, j/k, Home, End)',
    'aria-orientation': 'horizontal',
  });
  // Named by their words (the arrows are decoration), so a voice command of what is seen finds them.
  sc.els.back = h('button', { type: 'button', id: 'step-back', title: 'Previous step (←, k)', on: { click: () => go(sc.cur.step - 1) } }, h('span', { 'aria-hidden': 'true' }, '◀ '), 'Back');
  sc.els.forward = h('button', { type: 'button', id: 'step-forward', title: 'Next step (→, j)', on: { click: () => go(sc.cur.step + 1) } }, 'Forward', h('span', { 'aria-hidden': 'true' }, ' ▶'));
  sc.els.position = h('span', { class: 'position', id: 'step-position', role: 'status' });
  sc.els.jump = h('input', {
    id: jumpId,
    type: 'number',
    min: '0',
    class: 'jump',
    on: {
      change: (e) => go(Number(e.target.value)),
    },
  });
  sc.els.overall = h('span', { class: 'overall' });
  sc.els.detail = h('div', { class: 'step-detail', id: 'step-detail' });
  sc.els.runError = h('div', { class: 'run-error', id: 'run-error', role: 'alert', hidden: true });
  sc.els.docHost = h('div', { class: 'editor doc-editor' });
  sc.els.docPanel = h('section', { class: 'doc-panel', hidden: true, 'aria-label': 'Scenario document' }, sc.els.docHost);
  sc.els.docToggle = h('button', { type: 'button', id: 'doc-toggle', 'aria-expanded': 'false', on: { click: () => toggleDoc() } }, 'Edit the document');
  sc.els.empty = h('div', { class: 'scenario-empty' }, h('p', null, 'Pick a scenario from the gallery, or start a new one.'));
  sc.els.main = h(
    'div',
    { class: 'scenario-main', hidden: true },
    h(
      'div',
      { class: 'scenario-head' },
      sc.els.title,
      h(
        'div',
        { class: 'scenario-actions' },
        sc.els.overall,
        sc.els.docToggle,
        (sc.els.forget = h(
          'button',
          {
            type: 'button',
            class: 'danger',
            id: 'forget',
            on: {
              click: () => {
                if (!sc.cur || sc.cur.source !== 'mine') return;
                sc.mine = sc.mine.filter((m) => m.id !== sc.cur.id);
                saveMine();
                closeScenario();
              },
            },
          },
          'Forget this scenario',
        )),
      ),
    ),
    sc.els.runError,
    h(
      'div',
      { class: 'scenario-body' },
      h(
        'div',
        { class: 'scenario-run' },
        h(
          'div',
          { class: 'timeline-bar' },
          sc.els.back,
          sc.els.position,
          sc.els.forward,
          h('label', { for: jumpId }, 'Go to step'),
          sc.els.jump,
        ),
        sc.els.timeline,
        h(
          'p',
          { class: 'legend', 'aria-label': 'What the colours of the steps mean' },
          Object.entries(outcomeText).map(([k, words]) => h('span', { class: `key ${k}` }, words)),
          h('span', { class: 'hint' }, '← → or j k: move between steps'),
        ),
        sc.els.docPanel,
        sc.els.detail,
      ),
      sc.els.learn,
    ),
  );
  replace(
    root,
    h(
      'div',
      { class: 'sc-grid' },
      h(
        'nav',
        { class: 'sc-side', 'aria-label': 'Scenarios' },
        h('h2', null, 'Gallery'),
        sc.els.galleryList,
        h('h2', null, 'Yours'),
        sc.els.mineList,
        h('button', { type: 'button', id: 'new-scenario', on: { click: () => openScenario(newScenario(), { source: 'link' }) } }, '+ New scenario'),
      ),
      h('div', { class: 'sc-content' }, sc.els.empty, sc.els.main),
    ),
  );
  renderList();
  // Step keys work wherever the focus is in the scenario view (or nowhere
  // in particular), not only on the timeline.
  document.addEventListener('keydown', (e) => {
    if (root.hidden || !sc.cur) return;
    const t = e.target;
    if (t !== document.body && t !== document.documentElement && !root.contains(t) && !(t.id === 'main')) return;
    onTimelineKey(e);
  });
}

/** setGallery fills the gallery once it is fetched. */
export function setGallery(gallery, concepts) {
  sc.gallery = gallery;
  sc.concepts = concepts;
  renderList();
  if (sc.cur) renderLearn();
}
