// The request builder: principal, action, resource, resource account and
// context keys (a key with several values is multi-valued), with the names
// the policies use as suggestions and a warning for the keys a decision
// needed and the request did not carry. Once AWS's reference is loaded the
// action field completes from it, and a chosen action's resource types
// offer their ARN formats as the resource's template.

import { h, replace, uid } from './dom.js';
import { examplePrincipals } from './policies.js';
import { services, actionsOf, describe, onDetails } from './vocabulary.js';

/** maxOffered bounds the catalog's actions the action field offers at a time. */
const maxOffered = 100;

/** catalogActions are the catalog's names that complete typed: service prefixes ("s3:"), then a service's actions. */
function catalogActions(typed) {
  const colon = typed.indexOf(':');
  if (colon < 0) {
    const t = typed.toLowerCase();
    return services()
      .filter((s) => s.prefix.startsWith(t))
      .map((s) => `${s.prefix}:`);
  }
  const of = actionsOf(typed.slice(0, colon));
  if (!of) return [];
  const rest = typed.slice(colon + 1).toLowerCase();
  return of.actions
    .filter((a) => a.name.toLowerCase().startsWith(rest))
    .slice(0, maxOffered)
    .map((a) => `${of.service}:${a.name}`);
}

/** variables counts the ${...} of an ARN format: the fewest is the simplest to fill in. */
const variables = (arn) => (arn.match(/\$\{/g) || []).length;

/** templateOf is the resource type to offer first: a required one, else the simplest. */
function templateOf(types) {
  return [...types].sort((a, b) => b.required - a.required || variables(a.arn) - variables(b.arn))[0];
}

/** commonKeys are suggested whatever the policies say. */
const commonKeys = [
  'aws:CurrentTime',
  'aws:EpochTime',
  'aws:MultiFactorAuthPresent',
  'aws:MultiFactorAuthAge',
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalOrgID',
  'aws:RequestedRegion',
  'aws:SecureTransport',
  'aws:SourceIp',
  'aws:TagKeys',
  'aws:username',
  'iam:AWSServiceName',
  'iam:PassedToService',
];

/** emptyRequest is a request with nothing in it. */
export const emptyRequest = () => ({ principal: '', action: '', resource: '', resourceAccount: '', context: [] });

/** copyRequest copies a request, rows and values included. */
export const copyRequest = (r) => ({ ...r, context: r.context.map((row) => ({ key: row.key, values: [...row.values] })) });

/** contextOf turns the builder's rows into the case's context: a key given twice is multi-valued. */
export function contextOf(rows) {
  const ctx = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key) continue;
    const vals = row.values.length ? row.values : [''];
    if (Object.prototype.hasOwnProperty.call(ctx, key)) ctx[key] = [].concat(ctx[key], vals);
    else ctx[key] = vals.length === 1 ? vals[0] : [...vals];
  }
  return ctx;
}

/**
 * createRequestBuilder makes the builder. onChange() is called after every
 * edit. It returns {el, missing (the warning's element), get, set, suggest, showMissing}.
 */
export function createRequestBuilder({ onChange }) {
  let req = emptyRequest();
  let used = new Set(); // condition keys the policies use
  const inputs = {};
  const rowsEl = h('div', { class: 'ctx', id: 'context' });
  const suggestEl = h('div', { class: 'suggest' });
  const missingEl = h('div', { class: 'missing', id: 'missing', role: 'status', hidden: true });
  // The keys AWS puts in every request, which the core derived from this one.
  const derivedEl = h('div', { class: 'derived', id: 'derived', hidden: true });
  let derivedOpen = false; // the list stays folded, or open, across decisions
  const lists = {
    actions: h('datalist', { id: 'dl-actions' }),
    resources: h('datalist', { id: 'dl-resources' }),
    principals: h('datalist', { id: 'dl-principals' }),
    keys: h('datalist', { id: 'dl-keys' }),
  };

  const typesEl = h('div', { class: 'resource-types', id: 'resource-types', 'aria-live': 'polite' });
  let policyNames = { actions: new Set(), resources: new Set() };

  const changed = () => {
    renderSuggestions();
    onChange();
  };

  /** renderCatalog offers the catalog's actions for what the action field holds, and its action's resource types. */
  function renderCatalog() {
    const action = req.action.trim();
    fill(lists.actions, new Set([...policyNames.actions, ...catalogActions(action)]));
    const d = action && !/[*?]/.test(action) ? describe(action) : null;
    const a = d && d.count === 1 ? d.actions[0] : null;
    const types = a ? a.resourceTypes : [];
    inputs.resource.placeholder = a ? (types.length ? templateOf(types).arn : '*') : '* or an ARN';
    fill(lists.resources, new Set([...policyNames.resources, ...types.map((r) => r.arn)]));
    replace(
      typesEl,
      !a
        ? []
        : types.length
        ? [
            h('span', null, `${a.action} acts on`),
            types.map((r) =>
              h('button', { type: 'button', class: 'chip', title: `Use its ARN format: ${r.arn}`, dataset: { arn: r.arn }, on: { click: () => useTemplate(r.arn) } }, r.name),
            ),
          ]
        : [h('span', null, `${a.action} has no resource type: AWS authorizes it on "*".`)],
    );
  }

  onDetails(renderCatalog); // an action's resource types come with its service's details

  /** useTemplate puts an ARN format in the resource field, its first variable selected to be typed over. */
  function useTemplate(arn) {
    req.resource = arn;
    inputs.resource.value = arn;
    changed();
    inputs.resource.focus();
    const m = /\$\{[^}]*\}/.exec(arn);
    if (m) inputs.resource.setSelectionRange(m.index, m.index + m[0].length);
  }

  function field(label, key, attrs) {
    const id = uid('req');
    inputs[key] = h('input', {
      id,
      autocomplete: 'off',
      spellcheck: 'false',
      ...attrs,
      on: {
        input: (e) => {
          req[key] = e.target.value;
          if (key === 'action') renderCatalog();
          changed();
        },
      },
    });
    return h('div', { class: 'field' }, h('label', { for: id }, label), inputs[key], key === 'resource' ? typesEl : null);
  }

  function addKey(key, value = '') {
    req.context.push({ key, values: [value] });
    renderRows();
    changed();
    const rows = rowsEl.querySelectorAll('.ctx-row');
    const last = rows[rows.length - 1];
    if (last) last.querySelector(key ? '.ctx-value' : '.ctx-key').focus();
  }

  function renderRows() {
    replace(
      rowsEl,
      req.context.map((row, r) => {
        const keyId = uid('ctx-key');
        const name = row.key || `key ${r + 1}`;
        const edit = (fn) => () => {
          fn();
          renderRows();
          changed();
        };
        return h(
          'div',
          { class: 'ctx-row' },
          h('label', { class: 'sr-only', for: keyId }, `Context key ${r + 1}`),
          h('input', {
            id: keyId,
            class: 'ctx-key',
            list: 'dl-keys',
            value: row.key,
            placeholder: 'aws:RequestedRegion',
            autocomplete: 'off',
            spellcheck: 'false',
            on: {
              input: (e) => {
                row.key = e.target.value;
                changed();
              },
            },
          }),
          h(
            'div',
            { class: 'ctx-values' },
            row.values.map((v, k) =>
              h(
                'span',
                { class: 'ctx-value-wrap' },
                h('input', {
                  class: 'ctx-value',
                  value: v,
                  placeholder: 'value',
                  autocomplete: 'off',
                  spellcheck: 'false',
                  'aria-label': `Value ${k + 1} of ${name}`,
                  on: {
                    input: (e) => {
                      row.values[k] = e.target.value;
                      changed();
                    },
                  },
                }),
                row.values.length > 1
                  ? h(
                      'button',
                      { type: 'button', class: 'icon', 'aria-label': `Remove value ${k + 1} of ${name}`, on: { click: edit(() => row.values.splice(k, 1)) } },
                      '×',
                    )
                  : null,
              ),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'small',
                'aria-label': `Add a value to ${name}`,
                title: 'A key with several values is multi-valued (aws:TagKeys, for instance)',
                on: {
                  click: () => {
                    edit(() => row.values.push(''))();
                    const vals = rowsEl.querySelectorAll('.ctx-row')[r].querySelectorAll('.ctx-value');
                    vals[vals.length - 1].focus();
                  },
                },
              },
              '+ value',
            ),
          ),
          h(
            'button',
            { type: 'button', class: 'small icon', 'aria-label': `Remove the key ${row.key || r + 1}`, title: 'Remove this key', on: { click: edit(() => req.context.splice(r, 1)) } },
            '✕',
          ),
        );
      }),
    );
  }

  function renderSuggestions() {
    const present = new Set(req.context.map((r) => r.key.trim().toLowerCase()));
    const missing = [...used].filter((k) => !present.has(k.toLowerCase())).sort();
    replace(
      suggestEl,
      missing.length
        ? [h('span', null, 'Keys your policies use: '), missing.map((k) => h('button', { type: 'button', class: 'chip', on: { click: () => addKey(k) } }, `+ ${k}`))]
        : [],
    );
  }

  const fill = (el, values) => replace(el, [...values].sort().map((v) => h('option', { value: v })));

  const el = h(
    'div',
    { class: 'request' },
    field('Principal', 'principal', { list: 'dl-principals', placeholder: 'arn:aws:iam::111122223333:user/alice' }),
    field('Action', 'action', { list: 'dl-actions', placeholder: 's3:GetObject' }),
    field('Resource', 'resource', { list: 'dl-resources', placeholder: '* or an ARN' }),
    field('Resource account', 'resourceAccount', { placeholder: 'from the resource ARN, else the principal’s', inputmode: 'numeric' }),
    h(
      'fieldset',
      { class: 'ctx-set' },
      h('legend', null, 'Context keys'),
      rowsEl,
      h('button', { type: 'button', class: 'small', id: 'add-key', on: { click: () => addKey('') } }, '+ Add a key'),
      suggestEl,
      derivedEl,
    ),
    Object.values(lists),
  );

  return {
    el,
    missing: missingEl,
    /** get returns the request being built (not a copy). */
    get: () => req,
    /** set replaces the request. */
    set(r) {
      req = copyRequest(r);
      for (const k of ['principal', 'action', 'resource', 'resourceAccount']) inputs[k].value = req[k];
      renderRows();
      renderSuggestions();
      renderCatalog();
    },
    /** refreshCatalog offers AWS's names once the core has them. */
    refreshCatalog: () => renderCatalog(),
    /** suggest offers what the policies mention ({actions, resources, principals, keys}) and more principals. */
    suggest(names, principals = []) {
      used = names.keys;
      policyNames = names;
      renderCatalog();
      fill(lists.principals, new Set([...principals, ...examplePrincipals, ...[...names.principals].filter((p) => p.startsWith('arn:') || p.endsWith('.amazonaws.com'))]));
      fill(lists.keys, new Set([...names.keys, ...commonKeys]));
      renderSuggestions();
    },
    /**
     * showDerived lists the keys the core derived from the request
     * ({key: value}), as AWS adds them to every request: greyed, each with a
     * way to give its own value instead.
     */
    showDerived(derived) {
      const keys = Object.keys(derived || {}).sort();
      derivedEl.hidden = !keys.length;
      replace(
        derivedEl,
        keys.length
          ? h(
              'details',
              { open: derivedOpen, on: { toggle: (e) => (derivedOpen = e.target.open) } },
              h('summary', null, `${keys.length} keys derived from the request, as AWS adds them to every request`),
              h('p', { class: 'hint' }, 'A key you add to the request wins over the derived one.'),
              h(
                'ul',
                null,
                keys.map((k) =>
                  h(
                    'li',
                    null,
                    h('code', null, k),
                    ' = ',
                    h('code', null, derived[k]),
                    ' ',
                    h('button', { type: 'button', class: 'link', 'aria-label': `Override ${k}`, on: { click: () => addKey(k, derived[k]) } }, 'override'),
                  ),
                ),
              ),
            )
          : [],
      );
    },
    /** showMissing warns about the keys the decision needed and the request lacked. */
    showMissing(keys) {
      missingEl.hidden = !keys.length;
      replace(
        missingEl,
        keys.length
          ? [
              h('strong', null, 'The decision needed keys the request did not carry: '),
              keys.map((k) => h('button', { type: 'button', class: 'chip warn', on: { click: () => addKey(k) } }, `+ ${k}`)),
              h('p', { class: 'hint' }, 'A missing key makes its condition false (or true for …IfExists and Null). Add it to see the other outcome.'),
            ]
          : [],
      );
    },
  };
}
