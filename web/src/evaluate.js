// The policy playground: policies in tabs (one editor, one CodeMirror state
// per tab), their findings as you type, a request builder, and the
// decision with its deciding statements highlighted in the editor. Lint and
// evaluation go to the core's worker instance; an answer is shown only if
// the texts it was computed from are still the ones in the editor.

import { h, replace, debounce, uid, announce } from './dom.js';
import { createRequestBuilder, contextOf, emptyRequest, copyRequest } from './request.js';
import * as core from './core.js';
import { editorState, createView, showState, diagnosticsOf, diagnosticsSpec, marksSpec, reveal, setText, loadAids, aidsSpec } from './editor.js';
import { docOffset } from './positions.js';
import { types, typeIds, typeLabel, namesIn } from './policies.js';
import { renderDecision, verdictText } from './decision.js';
import { format as formatJSON, JSONTextError } from './jsontext.js';
import { safeHref } from './markdown.js';

/** maxShown bounds the findings listed under the editor (all are counted). */
const maxShown = 200;

const ws = {
  tabs: [], // {id, type, state, findings, linted (doc the findings belong to)}
  active: 0,
  rb: null, // the request builder
  view: null,
  els: {},
  result: null,
  evaluated: null, // {ids: Map(policyId -> tab), docs: Map(tab -> doc)}
  traceOpen: false,
  onChange: () => {},
  extraPrincipals: [],
  summaryOpen: false, // the Summary view of the active policy is shown
};

let nextTab = 1;

/** emptyPlayground is what a bad link opens: one blank identity policy, no request. */
export const emptyPlayground = () => ({
  tabs: [{ type: 'identity', text: '' }],
  active: 0,
  request: emptyRequest(),
});

/** defaultPlayground is the first screen: the WorkMail console policy and a request it allows. */
export const defaultPlayground = (policyText) => ({
  tabs: [{ type: 'identity', text: policyText }],
  active: 0,
  request: {
    principal: 'arn:aws:iam::111122223333:user/alice',
    action: 'workmail:ListUsers',
    resource: 'arn:aws:workmail:eu-west-1:111122223333:organization/m-n1pq2345678r901st2u3vx45x6789yza',
    resourceAccount: '',
    context: [
      { key: 'aws:RequestedRegion', values: ['eu-west-1'] },
      { key: 'aws:MultiFactorAuthPresent', values: ['true'] },
    ],
  },
});

const tabText = (t) => t.state.doc.toString();

function tabName(tab) {
  const same = ws.tabs.filter((t) => t.type === tab.type);
  const base = typeLabel(tab.type);
  return same.length > 1 ? `${base} ${same.indexOf(tab) + 1}` : base;
}

function newTab(type, text) {
  const tab = { id: nextTab++, type, state: null, findings: [], linted: null, lintError: null };
  tab.state = editorState({
    doc: text,
    label: 'Policy text',
    aids: true,
    onUpdate: (u) => {
      if (ws.tabs[ws.active] === tab) tab.state = u.state;
      if (u.docChanged) {
        scheduleLint(tab);
        evaluateSoon();
        refreshSuggestions();
        if (ws.summaryOpen && ws.tabs[ws.active] === tab) summarizeSoon();
        ws.onChange();
      }
    },
  });
  return tab;
}

function applySpec(tab, spec) {
  if (ws.tabs[ws.active] === tab && ws.view) ws.view.dispatch(spec);
  else tab.state = tab.state.update(spec).state;
}

// ---- lint ----

const lintTimers = new Map();

function scheduleLint(tab, delay = 250) {
  clearTimeout(lintTimers.get(tab.id));
  lintTimers.set(
    tab.id,
    setTimeout(() => lint(tab), delay),
  );
}

async function lint(tab) {
  const doc = tab.state.doc;
  if (doc.toString().trim() === '') {
    // Nothing to check yet: say what to do rather than report an empty document.
    tab.findings = [];
    tab.lintError = null;
    tab.linted = doc;
    applySpec(tab, diagnosticsSpec(tab.state, []));
    if (ws.tabs[ws.active] === tab) renderFindings();
    renderTabs();
    return;
  }
  const res = await core.call('lint', [doc.toString(), tab.type], `lint:${tab.id}`);
  if (!res || !ws.tabs.includes(tab) || tab.state.doc !== doc) return; // stale: a newer lint is on its way
  if (res.error) {
    tab.findings = [];
    tab.lintError = res.error.message;
  } else {
    tab.findings = (res.files && res.files[0] && res.files[0].findings) || [];
    tab.lintError = null;
  }
  tab.linted = doc;
  applySpec(tab, diagnosticsSpec(tab.state, diagnosticsOf(doc, tab.findings)));
  if (ws.tabs[ws.active] === tab) renderFindings();
  renderTabs();
}

// ---- evaluation ----

/** buildCase writes the evaluation case (CONTRACT 1.2) of the tabs and the request. */
function buildCase() {
  const ids = new Map();
  const docs = new Map();
  const notes = [];
  // The page, like single `slrplay eval`, derives the keys AWS puts in
  // every request (aws:PrincipalArn, aws:CurrentTime, ...); a key the
  // request gives wins (CONTRACT 1.2).
  const c = { id: 'page', identityPolicies: [], deriveContext: true };
  const filled = ws.tabs.filter((t) => t.state.doc.length > 0 && tabText(t).trim() !== '');
  const of = (...kinds) => filled.filter((t) => kinds.includes(t.type));
  const use = (id, t) => {
    ids.set(id, t);
    docs.set(t, t.state.doc);
    return tabText(t);
  };
  of('identity').forEach((t, i) => c.identityPolicies.push(use(`identity[${i}]`, t)));
  const resource = of('resource', 'trust');
  if (resource.length) {
    c.resourcePolicy = use('resource', resource[0]);
    if (resource.length > 1) notes.push(`A request has one resource: only ${tabName(resource[0])} applies, not ${resource.slice(1).map(tabName).join(', ')}.`);
  }
  const boundary = of('boundary');
  if (boundary.length === 1) c.permissionsBoundary = use('boundary', boundary[0]);
  else if (boundary.length > 1) c.permissionsBoundary = boundary.map((t, i) => use(`boundary[${i}]`, t));
  const session = of('session');
  if (session.length) {
    c.sessionPolicy = use('session', session[0]);
    if (session.length > 1) notes.push(`A session has one session policy: only ${tabName(session[0])} applies.`);
    if (!ws.rb.get().principal.includes(':assumed-role/')) notes.push('Session policies apply to role sessions only (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION).');
  }
  const scps = of('scp');
  if (scps.length) c.scps = scps.map((t, i) => use(`scp[${i}]`, t));
  const rcps = of('rcp');
  if (rcps.length) c.rcps = rcps.map((t, i) => use(`rcp[${i}]`, t));
  const r = ws.rb.get();
  const request = { principal: r.principal.trim(), action: r.action.trim(), resource: r.resource.trim() || '*' };
  if (r.resourceAccount.trim()) request.resourceAccount = r.resourceAccount.trim();
  request.context = contextOf(r.context);
  c.request = request;
  return { c, ids, docs, notes };
}

const evaluateSoon = debounce(() => evaluate(), 150);

async function evaluate() {
  evaluateSoon.cancel();
  if (!ws.rb.get().action.trim()) {
    ws.result = null;
    ws.evaluated = null;
    renderResult([]);
    return;
  }
  const { c, ids, docs, notes } = buildCase();
  const res = await core.call('evaluate', [JSON.stringify(c)], 'evaluate');
  if (!res) return;
  for (const [t, d] of docs) if (!ws.tabs.includes(t) || t.state.doc !== d) return; // stale
  ws.result = res;
  ws.evaluated = { ids, docs };
  renderResult(notes);
}

function renderResult(notes) {
  const res = ws.result;
  renderDecision(ws.els.decision, res, {
    nameOf,
    reveal: revealPolicy,
    notes,
    traceOpen: ws.traceOpen,
    onTraceToggle: (open) => (ws.traceOpen = open),
  });
  document.documentElement.dataset.decision = res && res.evalDecision ? res.evalDecision : '';
  announce(verdictText(res));
  ws.rb.showMissing(res ? res.missingContextValues || [] : []);
  ws.rb.showDerived(res ? res.derivedContext : null);
  // Highlight the deciding statements in their tabs, and nothing elsewhere.
  const byTab = new Map(ws.tabs.map((t) => [t, []]));
  if (res && ws.evaluated) {
    const cls = res.evalDecision === 'allowed' ? 'cm-deciding cm-deciding-allow' : 'cm-deciding cm-deciding-deny';
    for (const m of res.matchedStatements || []) {
      const t = ws.evaluated.ids.get(m.sourcePolicyId);
      if (!t || !byTab.has(t)) continue;
      const doc = ws.evaluated.docs.get(t);
      byTab.get(t).push({ from: docOffset(doc, m.startPosition), to: docOffset(doc, m.endPosition), className: cls });
    }
  }
  for (const [t, ranges] of byTab) applySpec(t, marksSpec(ranges));
  renderTabs();
}

function nameOf(policyId) {
  const t = ws.evaluated && ws.evaluated.ids.get(policyId);
  return t && ws.tabs.includes(t) ? tabName(t) : policyId;
}

function revealPolicy(policyId, pos) {
  const t = ws.evaluated && ws.evaluated.ids.get(policyId);
  if (!t || !ws.tabs.includes(t)) return;
  selectTab(ws.tabs.indexOf(t));
  reveal(ws.view, docOffset(ws.view.state.doc, pos));
}

// ---- the summary ----

const summarizeSoon = debounce(() => summarize(), 250);

/** toggleSummary shows or hides the Summary view of the active policy. */
function toggleSummary() {
  ws.summaryOpen = !ws.summaryOpen;
  ws.els.summaryButton.setAttribute('aria-pressed', String(ws.summaryOpen));
  ws.els.summary.hidden = !ws.summaryOpen;
  if (ws.summaryOpen) summarize();
}

/** summarize asks the core (CONTRACT 6) what the active policy grants, and shows it. */
async function summarize() {
  summarizeSoon.cancel();
  if (!ws.summaryOpen) return;
  const tab = ws.tabs[ws.active];
  const doc = tab.state.doc;
  const type = tab.type;
  if (doc.toString().trim() === '') {
    replace(ws.els.summary, h('p', { class: 'hint' }, 'Write a policy to see what it grants.'));
    return;
  }
  const res = await core.call('summarize', [doc.toString(), type], 'summarize');
  if (!res || ws.tabs[ws.active] !== tab || tab.state.doc !== doc || tab.type !== type) return; // stale
  renderSummary(res);
}

/** renderSummary shows summarize's answer as the IAM console's policy summary. */
function renderSummary(res) {
  const el = ws.els.summary;
  el.dataset.state = res.error ? 'error' : 'ready';
  if (res.error) {
    const msg = core.hasReference() ? res.error.message : 'The summary needs AWS’s Service Authorization Reference, which has not loaded (yet).';
    const place = res.error.line ? ` (line ${res.error.line}, column ${res.error.column + 1})` : '';
    replace(el, h('p', { class: 'hint' }, msg + place));
    return;
  }
  const f = res.files[0];
  const lines = (xs) => (xs.length ? xs.map((x) => h('div', null, x)) : h('span', { class: 'hint' }, 'None'));
  const row = (s) =>
    h(
      'tr',
      { dataset: { service: s.service, effect: s.effect } },
      h('th', { scope: 'row' }, s.name, ' ', h('code', null, s.service)),
      h('td', null, s.effect === 'Deny' ? 'Explicit deny' : 'Allow'),
      h(
        'td',
        { class: 'access', title: Object.entries(s.levels).map(([l, n]) => `${l}: ${n.granted} of ${n.total}`).join('\n') },
        s.accessLevel,
      ),
      h('td', null, lines(s.resources)),
      h('td', null, lines(s.conditions)),
    );
  const un = f.uncategorized;
  replace(
    el,
    f.services.length
      ? h(
          'table',
          { class: 'summary-table' },
          h('caption', { class: 'sr-only' }, 'What the policy grants, per service'),
          h('thead', null, h('tr', null, ['Service', 'Effect', 'Access level', 'Resource', 'Request condition'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', null, f.services.map(row)),
        )
      : h('p', { class: 'hint' }, 'No service AWS knows.'),
    un.services.length || un.actions.length
      ? h(
          'div',
          { class: 'summary-uncategorized' },
          h('h4', null, 'Uncategorized'),
          un.services.length ? h('p', null, 'Services AWS does not know: ', un.services.join(', ')) : null,
          un.actions.length ? h('p', null, 'Actions AWS does not know: ', un.actions.join(', ')) : null,
        )
      : null,
    f.warnings.length ? h('ul', { class: 'summary-warnings' }, f.warnings.map((w) => h('li', { class: 'warning' }, w))) : null,
  );
}

// ---- rendering ----

function selectTab(i) {
  if (i < 0 || i >= ws.tabs.length) return;
  ws.active = i;
  if (ws.view) showState(ws.view, ws.tabs[i].state);
  else ws.view = createView(ws.els.editorHost, ws.tabs[i].state);
  ws.els.type.value = ws.tabs[i].type;
  renderTabs();
  renderFindings();
  if (ws.summaryOpen) summarize();
  ws.onChange();
}

function renderTabs() {
  const bar = ws.els.tabbar;
  const hasMarks = new Set();
  if (ws.result && ws.evaluated) for (const m of ws.result.matchedStatements || []) hasMarks.add(ws.evaluated.ids.get(m.sourcePolicyId));
  replace(
    bar,
    ws.tabs.map((t, i) => {
      const errors = t.findings.filter((f) => f.findingType === 'ERROR').length;
      return h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `policy-tab-${t.id}`,
          class: `tab${hasMarks.has(t) ? ' deciding' : ''}`,
          // The dot after a deciding tab's name, in words.
          title: hasMarks.has(t) ? 'This policy holds a deciding statement, highlighted in the text' : null,
          'aria-selected': i === ws.active ? 'true' : 'false',
          'aria-controls': 'policy-editor',
          tabindex: i === ws.active ? '0' : '-1',
          dataset: { type: t.type },
          on: {
            click: () => selectTab(i),
            keydown: (e) => {
              const k = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
              if (k) {
                e.preventDefault();
                selectTab((i + k + ws.tabs.length) % ws.tabs.length);
                bar.querySelector('[aria-selected="true"]').focus();
              }
            },
          },
        },
        tabName(t),
        errors ? h('span', { class: 'badge bad', title: `${errors} error${errors > 1 ? 's' : ''}` }, String(errors)) : null,
      );
    }),
  );
}

function renderFindings() {
  const tab = ws.tabs[ws.active];
  const el = ws.els.findings;
  if (!tab) return replace(el);
  if (tab.lintError) return replace(el, h('p', { class: 'bad' }, tab.lintError));
  if (tab.linted === null) return replace(el, h('p', { class: 'hint' }, 'Checking…'));
  const fs = tab.findings;
  const count = { ERROR: 0, SECURITY_WARNING: 0, WARNING: 0, SUGGESTION: 0 };
  for (const f of fs) count[f.findingType] = (count[f.findingType] || 0) + 1;
  const blank = tab.state.doc.toString().trim() === '';
  const summary = blank
    ? 'Paste or write a policy, or load an example.'
    : fs.length
    ? Object.entries(count)
        .filter(([, n]) => n)
        .map(([k, n]) => `${n} ${k.toLowerCase().replace('_', ' ')}${n > 1 ? 's' : ''}`)
        .join(', ')
    : 'No findings: the policy is valid.';
  replace(
    el,
    h('p', { class: `findings-summary ${blank ? 'hint' : count.ERROR ? 'bad' : 'good'}` }, summary),
    h(
      'ul',
      { class: 'findings-list' },
      fs.slice(0, maxShown).map((f) => {
        const span = f.locations && f.locations[0] && f.locations[0].span;
        return h(
          'li',
          { class: `finding ${f.findingType.toLowerCase()}`, dataset: { code: f.issueCode, line: span ? span.start.line : '' } },
          h('span', { class: 'sev' }, f.findingType.replace('_', ' ')),
          ' ',
          span
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'link place',
                  on: { click: () => tab === ws.tabs[ws.active] && reveal(ws.view, docOffset(ws.view.state.doc, span.start)) },
                },
                `line ${span.start.line}, column ${span.start.column + 1}`,
              )
            : null,
          ' ',
          h('span', { class: 'msg' }, f.findingDetails),
          ' ',
          h('code', { class: 'code' }, f.issueCode),
          f.learnMoreLink && safeHref(f.learnMoreLink)
            ? [' ', h('a', { href: f.learnMoreLink, target: '_blank', rel: 'noopener noreferrer' }, 'learn more')]
            : null,
        );
      }),
      fs.length > maxShown ? h('li', { class: 'hint' }, `and ${fs.length - maxShown} more`) : null,
    ),
  );
}

const refreshSuggestions = debounce(() => {
  const all = { actions: new Set(), resources: new Set(), principals: new Set(), keys: new Set() };
  for (const t of ws.tabs) {
    const n = namesIn(tabText(t));
    for (const k of Object.keys(all)) for (const v of n[k]) all[k].add(v);
  }
  ws.rb.suggest(all, ws.extraPrincipals);
}, 200);

function formatActive() {
  const tab = ws.tabs[ws.active];
  const text = tabText(tab);
  try {
    const out = formatJSON(text, '    ');
    if (out !== text) setText(ws.view, out);
    flash('Formatted.');
  } catch (err) {
    if (err instanceof JSONTextError) {
      const line = text.slice(0, err.offset).split('\n').length;
      flash(`Format needs valid JSON: ${err.message} on line ${line}. The findings say what to fix.`);
    } else throw err;
  }
}

function flash(msg) {
  replace(ws.els.toolStatus, msg);
  clearTimeout(flash.t);
  flash.t = setTimeout(() => replace(ws.els.toolStatus), 5000);
}

function addTab(type, text = '') {
  ws.tabs.push(newTab(type, text));
  selectTab(ws.tabs.length - 1);
  scheduleLint(ws.tabs[ws.tabs.length - 1], 0);
  evaluateSoon();
  ws.view.focus();
}

function removeActive() {
  if (ws.tabs.length <= 1) {
    flash('The last policy stays: empty it instead.');
    return;
  }
  ws.tabs.splice(ws.active, 1);
  selectTab(Math.min(ws.active, ws.tabs.length - 1));
  evaluate();
}

/** initPolicies builds the playground in root. */
export function initPolicies(root, { onChange = () => {} } = {}) {
  ws.onChange = onChange;
  const typeId = uid('type');
  ws.els.tabbar = h('div', { class: 'tabbar', role: 'tablist', 'aria-label': 'Policies' });
  ws.els.type = h(
    'select',
    {
      id: typeId,
      on: {
        change: (e) => {
          const tab = ws.tabs[ws.active];
          tab.type = e.target.value;
          renderTabs();
          scheduleLint(tab, 0);
          evaluate();
          if (ws.summaryOpen) summarize();
          ws.onChange();
        },
      },
    },
    types.map((t) => h('option', { value: t.id, title: t.label }, t.short)),
  );
  const add = h(
    'select',
    {
      'aria-label': 'Add a policy',
      on: {
        change: (e) => {
          if (e.target.value) addTab(e.target.value);
          e.target.value = '';
        },
      },
    },
    h('option', { value: '' }, '+ Policy'),
    types.map((t) => h('option', { value: t.id }, t.label)),
  );
  ws.els.findings = h('div', { class: 'findings', id: 'findings', 'aria-label': 'Findings' });
  ws.els.toolStatus = h('span', { class: 'tool-status', role: 'status' });
  ws.els.summaryButton = h(
    'button',
    { type: 'button', id: 'summary-toggle', 'aria-pressed': 'false', 'aria-controls': 'summary', title: 'What this policy grants, per service, as the IAM console summarizes it', on: { click: toggleSummary } },
    'Summary',
  );
  // A region that may scroll sideways (a wide table on a phone) takes the focus, so the keyboard can scroll it.
  ws.els.summary = h('div', { class: 'summary', id: 'summary', role: 'region', tabindex: '0', 'aria-label': 'Policy summary', hidden: true });
  const editorHost = h('div', { class: 'editor', id: 'policy-editor', role: 'tabpanel' });
  ws.els.decision = h('div', { class: 'decision', id: 'decision' });
  ws.rb = createRequestBuilder({
    onChange: () => {
      evaluate();
      ws.onChange();
    },
  });

  // One row of tools over the editor: the policies' tabs, then what acts
  // on the one shown. The decision sits beside the editor, the request
  // beside or under it (style.css lays them out for the width).
  replace(
    root,
    h(
      'div',
      { class: 'pol-grid' },
      h(
        'section',
        { class: 'pol-left', 'aria-labelledby': 'policies-h' },
        h('h2', { id: 'policies-h', class: 'sr-only' }, 'Policies'),
        h(
          'div',
          { class: 'toolbar' },
          ws.els.tabbar,
          add,
          h('span', { class: 'toolbar-gap' }),
          h('label', { for: typeId, class: 'sr-only' }, 'Type of this policy'),
          ws.els.type,
          h('button', { type: 'button', id: 'format', title: 'Lay the policy out, four spaces a level', on: { click: formatActive } }, 'Format'),
          ws.els.summaryButton,
          h('button', { type: 'button', id: 'remove-policy', class: 'icon', title: 'Remove this policy', 'aria-label': 'Remove this policy', on: { click: removeActive } }, '✕'),
        ),
        ws.els.toolStatus,
        editorHost,
        ws.els.summary,
        h('h3', { class: 'findings-h' }, 'Findings'),
        ws.els.findings,
      ),
      h(
        'section',
        { class: 'pol-request', 'aria-labelledby': 'request-h' },
        h('h2', { id: 'request-h' }, 'Request'),
        ws.rb.el,
        ws.rb.missing,
      ),
      h('section', { class: 'pol-decision', 'aria-labelledby': 'decision-h' }, h('h2', { id: 'decision-h' }, 'Decision'), ws.els.decision),
    ),
  );
  // The editor is made with the first tab loadPlayground shows: made here
  // empty, it would be drawn twice before the page is ready.
  ws.els.editorHost = editorHost;
  ws.tabs = [];
}

/** loadPlayground replaces the tabs and the request (a checked playground, see readPlayground). */
export function loadPlayground(pg) {
  ws.tabs = pg.tabs.map((t) => newTab(t.type, t.text));
  ws.rb.set(pg.request);
  ws.result = null;
  ws.evaluated = null;
  selectTab(Math.min(Math.max(0, pg.active), ws.tabs.length - 1));
  for (const t of ws.tabs) scheduleLint(t, 0);
  refreshSuggestions();
  evaluate();
}

/** recheckPolicies lints every tab and decides the request again (the core learnt more). */
export function recheckPolicies() {
  for (const t of ws.tabs) scheduleLint(t, 0);
  evaluate();
  summarize();
  ws.rb.refreshCatalog();
}

/** enableAids gives the policy editors completion and hover (AWS's reference is there). */
export async function enableAids() {
  await loadAids();
  for (const t of ws.tabs) applySpec(t, aidsSpec());
}

/** playground returns the tabs and the request, for share links. */
export function playground() {
  return {
    tabs: ws.tabs.map((t) => ({ type: t.type, text: tabText(t) })),
    active: ws.active,
    request: copyRequest(ws.rb.get()),
  };
}

/**
 * readPlayground checks a playground read from a link and returns it, or
 * throws an Error saying what is wrong: links come from anywhere.
 */
export function readPlayground(v) {
  const bad = (what) => {
    throw new Error(`the link's playground part is not readable: ${what}`);
  };
  if (!v || typeof v !== 'object') bad('not an object');
  if (!Array.isArray(v.tabs) || v.tabs.length === 0 || v.tabs.length > 50) bad('"tabs" is not a list of 1 to 50 policies');
  const tabs = v.tabs.map((t, i) => {
    if (!t || typeof t.text !== 'string' || !typeIds.has(t.type)) bad(`tab ${i + 1} needs a "type" (${[...typeIds].join(', ')}) and a "text"`);
    return { type: t.type, text: t.text };
  });
  const r = v.request || {};
  const str = (x, name) => {
    if (x === undefined) return '';
    if (typeof x !== 'string') bad(`request.${name} is not a string`);
    return x;
  };
  const context = Array.isArray(r.context) ? r.context : [];
  return {
    tabs,
    active: Number.isInteger(v.active) ? v.active : 0,
    request: {
      principal: str(r.principal, 'principal'),
      action: str(r.action, 'action'),
      resource: str(r.resource, 'resource'),
      resourceAccount: str(r.resourceAccount, 'resourceAccount'),
      context: context.map((row, i) => {
        if (!row || typeof row.key !== 'string' || !Array.isArray(row.values) || !row.values.every((x) => typeof x === 'string')) {
          bad(`context row ${i + 1} needs a "key" and string "values"`);
        }
        return { key: row.key, values: [...row.values] };
      }),
    },
  };
}

/** setPrincipals adds principals (from the open scenario) to the suggestions. */
export function setPrincipals(arns) {
  ws.extraPrincipals = arns;
  refreshSuggestions();
}
