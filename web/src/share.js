// Share links (CONTRACT 5). The page's whole state travels as one scenario
// document: the open scenario (or an empty one) with a "playground" member
// holding the policy tabs, the request and the view, which the core's
// scenario reader ignores. "Copy link" writes #s=1.<data>&step=N through the
// core's encoder; "Short link" stores the document with the short-link
// service (config.json's shareApi) and writes #id=<id>.

import * as jt from './jsontext.js';

/** emptyScenario carries a playground when no scenario is open. */
export const emptyScenario = '{"scenario": 1, "title": "Policy playground", "steps": []}';

/** maxShort is the most the short-link service stores (CONTRACT 5). */
export const maxShort = 64 * 1024;

/**
 * stateDoc writes the page's state as one scenario document. scenario is
 * the open scenario's text or null; pg the playground (tabs, active,
 * request); view the view shown. Throws when the scenario's text is not JSON.
 */
export function stateDoc(scenario, pg, view) {
  const member = JSON.stringify({ view, scenario: !!scenario, ...pg });
  return jt.setAt(scenario || emptyScenario, ['playground'], member);
}

/**
 * readDoc splits a shared document into {scenario (text or null), playground
 * (parsed value or null), view}. A document without a playground member is
 * a scenario (a link made by `slrplay share encode`).
 */
export function readDoc(text) {
  const root = jt.parse(text);
  const node = root.type === 'object' ? jt.at(root, ['playground']) : null;
  if (!node) return { scenario: text, playground: null, view: 'scenarios' };
  const pg = JSON.parse(text.slice(node.start, node.end));
  const rest = jt.removeAt(text, ['playground']);
  const hasScenario = !(pg && pg.scenario === false);
  return { scenario: hasScenario ? rest : null, playground: pg, view: pg && pg.view === 'scenarios' ? 'scenarios' : 'policies' };
}

/**
 * parseFragment reads a location hash: {kind: 's'|'id'|'', id, step}. A
 * fragment that is not a link of ours (#foo, #main from the skip link, an
 * anchor a host adds) is kind '': the page leaves it alone.
 */
export function parseFragment(hash) {
  const frag = hash.replace(/^#/, '');
  if (!frag) return { kind: '' };
  const q = new URLSearchParams(frag);
  const step = Number.parseInt(q.get('step') || '0', 10);
  if (q.has('s')) return { kind: 's', fragment: frag };
  if (q.has('id')) return { kind: 'id', id: q.get('id'), step: Number.isFinite(step) && step > 0 ? step : 0, fragment: frag };
  return { kind: '' };
}

/**
 * linkWords says what is wrong with a link in words its reader knows: the
 * codec's own words (base64, DEFLATE) mean nothing to someone who was sent
 * a link, so they become what probably happened to it.
 */
export function linkWords(message) {
  const m = String(message || '');
  if (/flate|deflate|corrupt|unexpected EOF|base64|illegal|checksum/i.test(m)) {
    return 'it is damaged or cut short (a link copied in part, or broken over two lines?). Ask for it again, or copy it whole.';
  }
  if (/version/i.test(m)) return 'it was made by another version of the playground, which this page cannot read.';
  if (/too large|MiB|larger than|over 1/i.test(m)) return 'it holds more than the playground opens (1 MiB).';
  return m.endsWith('.') ? m : `${m}.`;
}

/** scenarioOf takes the scenario's text out of window.slrplay.decode's answer (keeping its numbers as written). */
export function scenarioOf(decoded) {
  const root = jt.parse(decoded);
  const node = jt.at(root, ['scenario']);
  if (!node) return null;
  return decoded.slice(node.start, node.end);
}

/** pageURL is the page's address without its fragment. */
export const pageURL = () => location.href.split('#')[0];

/** shortURL joins the service's base and an id. */
export function apiURL(base, id) {
  const b = base.replace(/\/+$/, '');
  return id === undefined ? b : `${b}/${encodeURIComponent(id)}`;
}

/** postShort stores text with the service and resolves with its id, or throws a readable Error. */
export async function postShort(base, text) {
  const body = jt.minify(text);
  const size = new TextEncoder().encode(body).length;
  if (size > maxShort) throw new Error(`this state is ${Math.ceil(size / 1024)} KiB; a short link holds at most 64 KiB. Use "Copy link" instead.`);
  let res;
  try {
    res = await fetch(apiURL(base), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  } catch (err) {
    throw new Error(`the short-link service cannot be reached (${err.message}).`);
  }
  if (res.status !== 201 && res.status !== 200) throw new Error(`the short-link service answered ${res.status} ${await safeText(res)}`.trim());
  const v = await res.json().catch(() => null);
  if (!v || typeof v.id !== 'string' || !v.id) throw new Error('the short-link service did not give an id.');
  return v.id;
}

/** getShort fetches a stored document, or throws a readable Error. */
export async function getShort(base, id) {
  let res;
  try {
    res = await fetch(apiURL(base, id), { headers: { accept: 'application/json' } });
  } catch (err) {
    throw new Error(`the short-link service cannot be reached (${err.message}).`);
  }
  if (res.status === 404) throw new Error(`there is no scenario stored under the short link "${id}": was it mistyped?`);
  if (!res.ok) throw new Error(`the short-link service answered ${res.status} ${await safeText(res)}`.trim());
  return res.text();
}

async function safeText(res) {
  try {
    return (await res.text()).slice(0, 200);
  } catch {
    return '';
  }
}
