// AWS's vocabulary for the editor's completion and hover and the request
// builder: service prefixes, actions with their access levels, condition
// keys and operators, and what an action, wildcard or condition key is. The
// answers come from the main thread's core, which holds AWS's Service
// Authorization Reference once the page has loaded it (for lint and
// evaluate): no second copy of the names is fetched, and a wildcard covers
// here exactly what it covers in the checks. Each answer takes the core
// microseconds and is kept. Until the reference is there, or if it could not
// load, there is nothing to offer and every function says so (null, []).
//
// The core has the names at first (the reference's index), and a service's
// details (resource types, condition keys) once an answer needed them
// (core.js ensureDetails). An answer that needs details the core lacks is
// not given from what it has: the synchronous functions answer null and
// tell onDetails's listeners when the details are in, to ask again; those
// ending in Later wait for them.
//
// The descriptions of a service's actions and keys are apart, one small
// file per service (descriptions/PREFIX.json), fetched the first time the
// hover shows one of them.

import { call, callMainText, hasReference, mainWanted, ensureDetails } from './core.js';

const kept = new Map();
const listeners = new Set();

/** onDetails calls listener each time the core has been given services' details an earlier answer lacked. */
export const onDetails = (listener) => listeners.add(listener);

/**
 * ask calls the core's fn and keeps its answer; null when the core cannot
 * answer, or not yet: then wanted, if given, is the services whose details
 * it lacked (being fetched).
 */
function ask(fn, args, wanted = []) {
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
  const lacked = mainWanted();
  if (lacked.length) {
    wanted.push(...lacked);
    ensureDetails(lacked).then((ok) => ok && listeners.forEach((l) => l()));
    return null; // not kept: asked again once the details are in
  }
  if (answer && answer.error) answer = null;
  if (kept.size > 2000) kept.clear();
  kept.set(key, answer);
  return answer;
}

/** askLater is ask, waiting for the details the answer needs: a Promise of the answer or null. */
async function askLater(fn, args) {
  for (let round = 0; round < 3; round++) {
    const wanted = [];
    const answer = ask(fn, args, wanted);
    if (!wanted.length) return answer;
    if (!(await ensureDetails(wanted))) return null;
  }
  return null;
}

/** services are [{prefix, name}], or [] without the reference. */
export const services = () => (ask('names', ['services']) || { services: [] }).services;

/** actionsOf returns {service (AWS's casing of the prefix), actions: [{name, level}]}, or null. */
export const actionsOf = (prefix) => ask('names', ['actions', prefix.toLowerCase()]);

/**
 * keysOfLater resolves with the condition keys of the services ([prefix])
 * and the global ones: [{name, type}]. A service's keys are its details:
 * the first completion of them fetches them.
 */
export async function keysOfLater(prefixes) {
  const seen = new Map();
  for (const p of [...new Set(prefixes.map((x) => x.toLowerCase())), '']) {
    const a = await askLater('names', ['keys', p]);
    for (const k of (a && a.keys) || []) if (!seen.has(k.name)) seen.set(k.name, k);
  }
  return [...seen.values()];
}

/** operators are the condition operators [{name, type}] (known without the reference). */
export const operators = () => (ask('names', ['operators']) || { operators: [] }).operators;

/**
 * describe says what an action or wildcard covers: {count, services,
 * levels, actions: [{action, accessLevel, resourceTypes: [{name, arn,
 * required}]}], resourceTypes, resourceTypeNames, suggestions}, or null
 * (no reference, its services' details not in yet, or no action pattern at
 * all).
 */
export const describe = (pattern) => ask('describe', [pattern]);

/**
 * describeKeyLater resolves with what a condition key is: {name, type,
 * global, category} for a global key, {name, type, service, serviceName}
 * for a service's; or null (no such key, no reference).
 */
export const describeKeyLater = (name) => askLater('describeKey', [name]);

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

const descriptions = new Map(); // prefix -> Promise of {actions: {name: text}, conditionKeys: {name: text}}

/** descriptionsOf resolves with a service's descriptions (none if they cannot be had). */
function descriptionsOf(prefix) {
  if (!/^[a-z0-9-]+$/.test(prefix || '')) return Promise.resolve({});
  if (!descriptions.has(prefix)) {
    descriptions.set(
      prefix,
      fetch(`descriptions/${prefix}.json`)
        .then((res) => (res.ok ? res.json() : {}))
        .catch(() => {
          descriptions.delete(prefix); // offline and not kept: try again next time
          return {};
        }),
    );
  }
  return descriptions.get(prefix);
}

/** descriptionOf resolves with the description of an action ("s3:GetObject"), or ''. */
export async function descriptionOf(action) {
  const [prefix, name] = action.split(':');
  const d = await descriptionsOf(prefix);
  return (d.actions || {})[name] || '';
}

/**
 * keyDescriptionOf resolves with the description of a condition key as the
 * reference writes it ("s3:x-amz-acl", "aws:RequestTag/${TagKey}") by the
 * first of the services that has one, or ''.
 */
export async function keyDescriptionOf(name, prefixes) {
  for (const p of prefixes) {
    const text = ((await descriptionsOf(p)).conditionKeys || {})[name];
    if (text) return text;
  }
  return '';
}
