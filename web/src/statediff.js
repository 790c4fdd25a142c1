// What changed in the account between two steps of a transcript: items
// added, removed, and the fields of kept items that changed. Items are
// matched by what names them in AWS: a role by its ARN, a deletion task by
// its id, a resource by its ARN, a session by its service and Region.

/** collections are the state's lists, with how to name an item and what to call them. */
export const collections = [
  { key: 'roles', title: 'Roles', id: (r) => r.Arn || r.RoleName },
  { key: 'deletionTasks', title: 'Deletion tasks', id: (t) => t.DeletionTaskId },
  { key: 'resources', title: 'Resources', id: (r) => r.ResourceArn },
  { key: 'sessions', title: 'Sessions', id: (s) => `${s.Service} ${s.Region}` },
];

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * diffState compares state `cur` with `prev` (null before the first step: an empty account)
 * and returns, per collection, rows {item, change: 'added'|'changed'|'same'|'removed',
 * fields: Set of changed field names}, plus whether the clock moved.
 */
export function diffState(prev, cur) {
  const out = { clockChanged: !!prev && prev.clock !== (cur && cur.clock), lists: {} };
  for (const c of collections) {
    const before = new Map(((prev && prev[c.key]) || []).map((x) => [c.id(x), x]));
    const rows = [];
    const seen = new Set();
    for (const item of (cur && cur[c.key]) || []) {
      const id = c.id(item);
      seen.add(id);
      const old = before.get(id);
      if (!old) {
        rows.push({ item, change: 'added', fields: new Set() });
        continue;
      }
      const fields = new Set();
      for (const k of new Set([...Object.keys(old), ...Object.keys(item)])) if (!same(old[k], item[k])) fields.add(k);
      rows.push({ item, change: fields.size ? 'changed' : 'same', fields });
    }
    for (const [id, item] of before) if (!seen.has(id)) rows.push({ item, change: 'removed', fields: new Set() });
    out.lists[c.key] = rows;
  }
  return out;
}
