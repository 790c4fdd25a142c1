// JSON as text. The page keeps scenario documents as the text the learner
// sees and the core reads (so that the core's line and column places point
// into it), and edits them without a round trip through JSON.parse, which
// would round large numbers such as a uint64 seed and drop repeated keys.
// parse gives every value its place; format, minify and the edit helpers
// rebuild text from the original tokens.

/** JSONTextError is a syntax error at an offset (UTF-16 units). */
export class JSONTextError extends Error {
  constructor(message, offset) {
    super(message);
    this.offset = offset;
  }
}

const ws = (c) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * parse reads one JSON document. Nodes: {type: 'object', start, end,
 * members: [{key, keyRaw, keyStart, value}]}, {type: 'array', start, end,
 * items}, and scalars {type: 'string'|'number'|'true'|'false'|'null',
 * start, end, raw}. Throws JSONTextError.
 */
export function parse(text) {
  let i = 0;
  const skip = () => {
    while (i < text.length && ws(text.charCodeAt(i))) i++;
  };
  const fail = (msg) => {
    throw new JSONTextError(msg, i);
  };
  const str = () => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail('control character in a string');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape');
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e) || e === undefined) fail('bad escape');
        i += 2;
        continue;
      }
      i++;
    }
    i++;
    return { type: 'string', start, end: i, raw: text.slice(start, i) };
  };
  const num = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0].length === 0) fail('unexpected character');
    const start = i;
    i += m[0].length;
    return { type: 'number', start, end: i, raw: m[0] };
  };
  const value = (depth) => {
    if (depth > 512) fail('nested too deeply');
    skip();
    if (i >= text.length) fail('unexpected end of text');
    const c = text[i];
    if (c === '{') {
      const node = { type: 'object', start: i, end: 0, members: [] };
      i++;
      skip();
      if (text[i] === '}') {
        i++;
        node.end = i;
        return node;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail('expected a key');
        const k = str();
        skip();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        const v = value(depth + 1);
        node.members.push({ key: JSON.parse(k.raw), keyRaw: k.raw, keyStart: k.start, value: v });
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          node.end = i;
          return node;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      const node = { type: 'array', start: i, end: 0, items: [] };
      i++;
      skip();
      if (text[i] === ']') {
        i++;
        node.end = i;
        return node;
      }
      for (;;) {
        node.items.push(value(depth + 1));
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          node.end = i;
          return node;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        const start = i;
        i += lit.length;
        return { type: lit, start, end: i, raw: lit };
      }
    }
    return num();
  };
  const root = value(0);
  skip();
  if (i < text.length) fail('unexpected text after the document');
  return root;
}

function emit(node, indent, depth, out) {
  const pad = indent === null ? '' : '\n' + indent.repeat(depth + 1);
  const end = indent === null ? '' : '\n' + indent.repeat(depth);
  const colon = indent === null ? ':' : ': ';
  if (node.type === 'object') {
    if (node.members.length === 0) return out.push('{}');
    out.push('{');
    node.members.forEach((m, k) => {
      out.push(k ? ',' + pad : pad, m.keyRaw, colon);
      emit(m.value, indent, depth + 1, out);
    });
    out.push(end, '}');
  } else if (node.type === 'array') {
    if (node.items.length === 0) return out.push('[]');
    out.push('[');
    node.items.forEach((it, k) => {
      out.push(k ? ',' + pad : pad);
      emit(it, indent, depth + 1, out);
    });
    out.push(end, ']');
  } else {
    out.push(node.raw);
  }
}

/** format lays a JSON document out with `indent` per level, keeping every token as written. */
export function format(text, indent = '  ') {
  const out = [];
  emit(parse(text), indent, 0, out);
  return out.join('');
}

/** minify removes the white space between tokens. */
export function minify(text) {
  const out = [];
  emit(parse(text), null, 0, out);
  return out.join('');
}

/** at finds the node at path (keys and array indexes) in a parsed tree, or null. */
export function at(node, path) {
  for (const p of path) {
    if (!node) return null;
    if (typeof p === 'number') {
      node = node.type === 'array' ? node.items[p] || null : null;
    } else {
      if (node.type !== 'object') return null;
      let found = null;
      for (const m of node.members) if (m.key === p) found = m.value; // the last wins, as in Go and JSON.parse
      node = found;
    }
  }
  return node;
}

const splice = (text, start, end, insert) => text.slice(0, start) + insert + text.slice(end);

/** setAt replaces the value at path with valueText, or adds the member when the last key is missing. */
export function setAt(text, path, valueText) {
  parse(valueText);
  const root = parse(text);
  const node = at(root, path);
  if (node) return format(splice(text, node.start, node.end, valueText));
  const parent = at(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!parent || parent.type !== 'object' || typeof key !== 'string') throw new JSONTextError(`no place for ${path.join('.')}`, 0);
  const member = JSON.stringify(key) + ': ' + valueText;
  const insert = parent.members.length ? ', ' + member : member;
  return format(splice(text, parent.end - 1, parent.end - 1, insert));
}

/** insertAt puts valueText into the array at path before index (index = length appends). */
export function insertAt(text, path, index, valueText) {
  parse(valueText);
  const arr = at(parse(text), path);
  if (!arr || arr.type !== 'array') throw new JSONTextError(`${path.join('.')} is not an array`, 0);
  const n = arr.items.length;
  const k = Math.max(0, Math.min(index, n));
  if (n === 0) return format(splice(text, arr.start + 1, arr.end - 1, valueText));
  if (k === n) return format(splice(text, arr.items[n - 1].end, arr.items[n - 1].end, ', ' + valueText));
  return format(splice(text, arr.items[k].start, arr.items[k].start, valueText + ', '));
}

/** removeAt removes the array item at path[index] or the object member named by the last key. */
export function removeAt(text, path) {
  const root = parse(text);
  const parent = at(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent && parent.type === 'array' && typeof last === 'number' && last < parent.items.length) {
    const items = parent.items;
    if (items.length === 1) return format(splice(text, parent.start + 1, parent.end - 1, ''));
    if (last < items.length - 1) return format(splice(text, items[last].start, items[last + 1].start, ''));
    return format(splice(text, items[last - 1].end, items[last].end, ''));
  }
  if (parent && parent.type === 'object') {
    let ms = parent.members;
    let out = text;
    // Remove every member with the key (last first, so earlier places hold).
    for (let k = ms.length - 1; k >= 0; k--) {
      if (ms[k].key !== last) continue;
      const cur = parse(out);
      const p = at(cur, path.slice(0, -1));
      ms = p.members;
      if (ms.length === 1) out = splice(out, p.start + 1, p.end - 1, '');
      else if (k < ms.length - 1) out = splice(out, ms[k].keyStart, ms[k + 1].keyStart, '');
      else out = splice(out, ms[k - 1].value.end, ms[k].value.end, '');
    }
    return format(out);
  }
  return format(text);
}
