// The decision panel: allowed, explicit deny or implicit deny, big and
// clear; the statements that decided (each one a button that shows it in
// its editor); each policy type's verdict; the keys the decision needed and
// the request lacked; and the statement-by-statement, condition-by-condition
// trace on demand.

import { h, replace } from './dom.js';

const verdicts = {
  allowed: { cls: 'allowed', icon: '✓', title: 'Allowed', sub: 'A statement allows it and nothing denies it.' },
  explicitDeny: { cls: 'explicit-deny', icon: '✕', title: 'Explicit deny', sub: 'A Deny statement matches: nothing can override it.' },
  implicitDeny: { cls: 'implicit-deny', icon: '○', title: 'Implicit deny', sub: 'Nothing allows it (every request starts denied).' },
  error: { cls: 'error', icon: '!', title: 'Cannot decide', sub: 'A policy does not validate, or the request cannot happen in AWS: see why below.' },
};

const detailNames = {
  identity: 'Identity policies',
  resourcePolicy: 'Resource policy',
  permissionsBoundary: 'Permissions boundary',
  sessionPolicy: 'Session policy',
  scp: 'SCPs',
  rcp: 'RCPs',
};

// Each kind's verdict, agreeing with its name: "Identity policies allow",
// "Permissions boundary does not allow".
const verdictWord = {
  one: { allowed: 'allows', explicitDeny: 'denies explicitly', implicitDeny: 'does not allow' },
  many: { allowed: 'allow', explicitDeny: 'deny explicitly', implicitDeny: 'do not allow' },
};
const plural = new Set(['identity', 'scp', 'rcp']);

/**
 * statementName names a statement of a result (matched, trace or error
 * entry) the same way everywhere: its policy, its index as the core and the
 * command line count (from 0) and its Sid when it has one.
 */
export const statementName = (policy, m) => `${policy}, statement ${m.statementIndex}${m.sid ? ` (${m.sid})` : ''}`;

/** verdictText is what the live region says of a result: the verdict and why, in one sentence. */
export function verdictText(result) {
  if (!result) return '';
  if (result.error && !result.evalDecision) return `Cannot decide: ${result.error.message}`;
  const v = verdicts[result.evalDecision] || verdicts.error;
  return `${v.title}. ${result.explanation || v.sub}`;
}

/**
 * renderDecision fills el with a result (CONTRACT 1.3). nameOf(policyId)
 * names a policy for people; reveal(policyId, position) shows a place.
 * notes are the page's own remarks about the case (string list).
 */
export function renderDecision(el, result, { nameOf, reveal, notes = [], traceOpen = false, onTraceToggle }) {
  if (!result) {
    replace(el, h('p', { class: 'hint' }, 'Write a request: an action is all it needs.'));
    return;
  }
  if (result.error && !result.evalDecision) {
    replace(el, h('div', { class: 'verdict error' }, h('span', { class: 'verdict-title' }, 'Cannot decide')), h('p', { class: 'error-text' }, result.error.message));
    return;
  }
  const v = verdicts[result.evalDecision] || verdicts.error;
  const out = [
    h(
      'div',
      // Not a live region: the page's one region (dom.js announce) says it once typing stops.
      { class: `verdict ${v.cls}`, dataset: { decision: result.evalDecision } },
      h('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, v.icon),
      h('span', { class: 'verdict-title' }, v.title),
      // A denial says which policy refused and why (the core's sentence).
      h('span', { class: 'verdict-sub' }, result.explanation || v.sub),
    ),
  ];
  const matched = result.matchedStatements || [];
  if (matched.length) {
    out.push(
      h('h3', null, result.evalDecision === 'allowed' ? 'Allowed by' : 'Denied by'),
      h(
        'ul',
        { class: 'matched' },
        matched.map((m) =>
          h(
            'li',
            null,
            h(
              'button',
              { type: 'button', class: 'link', on: { click: () => reveal(m.sourcePolicyId, m.startPosition) } },
              `${statementName(nameOf(m.sourcePolicyId), m)}, line ${m.startPosition.line}`,
            ),
          ),
        ),
      ),
    );
  }
  const details = Object.entries(result.decisionDetails || {});
  if (details.length) {
    out.push(
      h('h3', null, 'Each kind of policy'),
      h(
        'ul',
        { class: 'details' },
        details.map(([k, d]) => h('li', { class: `detail ${d}` }, h('span', null, detailNames[k] || k), ' ', h('strong', null, verdictWord[plural.has(k) ? 'many' : 'one'][d] || d))),
      ),
    );
  }
  const errors = result.errors || [];
  if (errors.length) {
    out.push(
      h('h3', null, 'Why it cannot decide'),
      h(
        'ul',
        { class: 'errors' },
        errors.map((e) => {
          const loc = e.locations && e.locations[0] && e.locations[0].span;
          const label = `${e.sourcePolicyId ? nameOf(e.sourcePolicyId) + ', ' : ''}${loc ? `line ${loc.start.line}: ` : ''}${e.findingDetails} [${e.issueCode}]`;
          return h(
            'li',
            null,
            e.sourcePolicyId && loc
              ? h('button', { type: 'button', class: 'link', on: { click: () => reveal(e.sourcePolicyId, loc.start) } }, label)
              : label,
          );
        }),
      ),
    );
  }
  for (const n of notes) out.push(h('p', { class: 'note' }, n));
  if (result.trace && result.trace.length) {
    const det = h(
      'details',
      { class: 'trace', open: traceOpen, on: { toggle: () => onTraceToggle && onTraceToggle(det.open) } },
      h('summary', null, `Trace: the ${result.trace.length} statement${result.trace.length === 1 ? '' : 's'} looked at`),
      renderTrace(result.trace, nameOf, reveal),
    );
    out.push(det);
  }
  replace(el, ...out);
}

// A part of a statement the evaluation never reached is null: not checked,
// which is not the same as a mismatch.
const unchecked = () => h('span', { class: 'unchecked' }, 'not checked');

const yes = (b) => (b === null ? unchecked() : h('span', { class: b ? 'yes' : 'no' }, b ? 'yes' : 'no'));

const tf = (b) => (b === null ? unchecked() : h('span', { class: b ? 'yes' : 'no' }, b ? 'true' : 'false'));

const values = (vs) => (vs === null || vs === undefined ? h('em', null, 'absent') : `[${vs.map((x) => JSON.stringify(x)).join(', ')}]`);

/** renderTrace lists every statement looked at and how each part met the request. */
export function renderTrace(trace, nameOf, reveal) {
  // A list without numbers: the statements' own names carry theirs.
  return h(
    'ul',
    { class: 'trace-list' },
    trace.map((t) =>
      h(
        'li',
        { class: t.applies ? 'applies' : '' },
        h(
          'div',
          { class: 'trace-head' },
          h(
            'button',
            { type: 'button', class: 'link', on: { click: () => reveal(t.sourcePolicyId, t.startPosition) } },
            statementName(nameOf(t.sourcePolicyId), t),
          ),
          ` ${t.effect}: action `,
          yes(t.action),
          ', resource ',
          yes(t.resource),
          ', principal ',
          yes(t.principal),
          ' → ',
          h('strong', null, t.applies ? 'applies' : 'does not apply'),
        ),
        t.conditions && t.conditions.length
          ? h(
              'ul',
              { class: 'conditions' },
              t.conditions.map((c) =>
                h(
                  'li',
                  null,
                  h('code', null, c.operator),
                  ' ',
                  h('code', null, c.key),
                  ': request ',
                  values(c.requestValues),
                  ', policy ',
                  values(c.policyValues),
                  ' → ',
                  tf(c.result),
                ),
              ),
            )
          : null,
      ),
    ),
  );
}
