// What the page knows about policies without the core: their types and
// names, and the names (actions, resources, principals, condition keys) a
// policy mentions, which the request builder suggests.

/** types are the policy types the editor offers, in the order of the selector. */
export const types = [
  { id: 'identity', label: 'Identity policy', short: 'Identity' },
  { id: 'boundary', label: 'Permissions boundary', short: 'Boundary' },
  { id: 'scp', label: 'Service control policy (SCP)', short: 'SCP' },
  { id: 'rcp', label: 'Resource control policy (RCP)', short: 'RCP' },
  { id: 'resource', label: 'Resource policy', short: 'Resource' },
  { id: 'trust', label: 'Trust policy (a role’s resource policy)', short: 'Trust' },
  { id: 'session', label: 'Session policy', short: 'Session' },
];

export const typeIds = new Set(types.map((t) => t.id));

/** typeLabel is a type's short name. */
export const typeLabel = (id) => (types.find((t) => t.id === id) || { short: id }).short;

const list = (v) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/**
 * namesIn reads what a policy's text mentions: {actions, resources,
 * principals, keys}, each a Set. A text that is not JSON (yet) mentions
 * nothing: the editor's findings say why.
 */
export function namesIn(text) {
  const out = { actions: new Set(), resources: new Set(), principals: new Set(), keys: new Set() };
  if (!text || text.length > 256 * 1024) return out; // suggestions are not worth a long parse
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return out;
  }
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return out;
    }
  }
  if (!doc || typeof doc !== 'object') return out;
  const statements = list(doc.Statement !== undefined ? doc.Statement : doc.Effect ? doc : []);
  for (const st of statements) {
    if (!st || typeof st !== 'object') continue;
    for (const a of [...list(st.Action), ...list(st.NotAction)]) if (typeof a === 'string') out.actions.add(a);
    for (const r of [...list(st.Resource), ...list(st.NotResource)]) {
      if (typeof r !== 'string') continue;
      out.resources.add(r);
      for (const m of r.matchAll(/\$\{([^}]+)\}/g)) {
        const key = m[1].split(',')[0].trim();
        if (!['*', '?', '$'].includes(key)) out.keys.add(key);
      }
    }
    for (const p of [st.Principal, st.NotPrincipal]) {
      if (!p || typeof p !== 'object') continue;
      for (const v of Object.values(p)) for (const x of list(v)) if (typeof x === 'string' && x !== '*') out.principals.add(x);
    }
    if (st.Condition && typeof st.Condition === 'object') {
      for (const block of Object.values(st.Condition)) {
        if (block && typeof block === 'object') for (const k of Object.keys(block)) out.keys.add(k);
      }
    }
  }
  return out;
}

/** examplePrincipals are suggested whatever the policies say. */
export const examplePrincipals = [
  'arn:aws:iam::111122223333:user/alice',
  'arn:aws:iam::111122223333:role/Dev',
  'arn:aws:sts::111122223333:assumed-role/Dev/alice-session',
  'arn:aws:iam::111122223333:root',
  'arn:aws:iam::444455556666:user/bob',
  'ses.amazonaws.com',
];
