// AWS's vocabulary for the editor's completion and hover and the request
// builder: service prefixes, actions with their access levels, condition
// keys and operators, and what an action or wildcard covers. The answers
// come from the main thread's core, which holds AWS's Service Authorization
// Reference once the page has loaded it (reference.txt, for lint and
// evaluate): no second copy of the names is fetched, and a wildcard covers
// here exactly what it covers in the checks. Each answer takes the core
// microseconds and is kept. Until the reference is there, or if it could not
// load, there is nothing to offer and every function says so (null, []).
//
// The descriptions of a service's actions are apart, one small file per
// service (descriptions/PREFIX.json), fetched the first time the hover shows
// one of its actions.

import { call, callMainText, hasReference } from './core.js';

const kept = new Map();

/** ask calls the core's fn and keeps its answer; null when the core cannot answer. */
function ask(fn, ...args) {
  const key = `${fn}\u0000${args.join('\u0000')}`;
  if (kept.has(key)) return kept.get(key);
  if (fn !== 'names' || args[0] !== 'operators') {
    if (!hasReference()) return null;
  }
  let answer = null;
  try {
    answer = JSON.parse(callMainText(fn, args));
  } catch {
    return null; // a core restarting: ask again later
  }
  if (answer && answer.error) answer = null;
  if (kept.size > 2000) kept.clear();
  kept.set(key, answer);
  return answer;
}

/** services are [{prefix, name}], or [] without the reference. */
export const services = () => (ask('names', 'services') || { services: [] }).services;

/** actionsOf returns {service (AWS's casing of the prefix), actions: [{name, level}]}, or null. */
export const actionsOf = (prefix) => ask('names', 'actions', prefix.toLowerCase());

/** keysOf are the condition keys of the services ([prefix]) and the global ones: [{name, type}]. */
export function keysOf(prefixes) {
  const seen = new Map();
  for (const p of [...new Set(prefixes.map((x) => x.toLowerCase())), '']) {
    const a = ask('names', 'keys', p);
    for (const k of (a && a.keys) || []) if (!seen.has(k.name)) seen.set(k.name, k);
  }
  return [...seen.values()];
}

/** operators are the condition operators [{name, type}] (known without the reference). */
export const operators = () => (ask('names', 'operators') || { operators: [] }).operators;

/**
 * describe says what an action or wildcard covers: {count, services,
 * levels, actions: [{action, accessLevel, resourceTypes: [{name, arn,
 * required}]}], resourceTypes, resourceTypeNames, suggestions}, or null
 * (no reference, or no action pattern at all).
 */
export const describe = (pattern) => ask('describe', pattern);

const described = new Map(); // pattern -> Promise of describe's answer

/**
 * describeLater is describe in the core's worker: a wildcard such as "*"
 * makes the core read every service (tens of milliseconds, once), which the
 * hover must not take from typing.
 */
export function describeLater(pattern) {
  if (!hasReference()) return Promise.resolve(null);
  if (!described.has(pattern)) {
    described.set(
      pattern,
      call('describe', [pattern], 'describe').then((a) => {
        if (a && !a.error) return a;
        described.delete(pattern); // replaced by a later hover, or the core restarting: ask again next time
        return null;
      }),
    );
  }
  return described.get(pattern);
}

const descriptions = new Map(); // prefix -> Promise of {actionName: text}

/** descriptionOf resolves with the description of an action ("s3:GetObject"), or ''. */
export async function descriptionOf(action) {
  const [prefix, name] = action.split(':');
  if (!/^[a-z0-9-]+$/.test(prefix || '')) return '';
  if (!descriptions.has(prefix)) {
    descriptions.set(
      prefix,
      fetch(`descriptions/${prefix}.json`)
        .then((res) => (res.ok ? res.json() : { actions: {} }))
        .then((d) => d.actions || {})
        .catch(() => {
          descriptions.delete(prefix); // offline: try again next time
          return {};
        }),
    );
  }
  const actions = await descriptions.get(prefix);
  return actions[name] || '';
}
