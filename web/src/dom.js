// Building DOM nodes safely: text always goes in as text nodes, never as
// markup, so policies, names and messages can never become HTML.

/**
 * h creates an element. attrs: plain attributes (set with setAttribute),
 * `class`, `text` (textContent), `on` ({event: handler}), boolean
 * attributes as true/false, and `dataset` ({key: value}). Children are
 * nodes, strings (as text), arrays of them, or null/false (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'on') {
        for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
      } else if (k === 'text') {
        el.textContent = String(v);
      } else if (k === 'dataset') {
        for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv);
      } else if (k === 'value') {
        el.value = String(v);
      } else if (k === 'checked' || k === 'disabled' || k === 'hidden' || k === 'selected' || k === 'readOnly') {
        el[k] = Boolean(v);
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

/** append adds children (nodes, strings, arrays, null) to el. */
export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (typeof c === 'string' || typeof c === 'number') el.appendChild(document.createTextNode(String(c)));
    else el.appendChild(c);
  }
  return el;
}

/** replace empties el and adds the children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * debounce calls fn once calls have stopped for ms milliseconds; cancel
 * forgets a pending call, flush makes it now.
 */
export function debounce(fn, ms) {
  let t = 0;
  let pending = null;
  const d = (...args) => {
    clearTimeout(t);
    pending = args;
    t = setTimeout(d.flush, ms);
  };
  d.cancel = () => {
    clearTimeout(t);
    pending = null;
  };
  d.flush = () => {
    clearTimeout(t);
    const args = pending;
    pending = null;
    if (args) fn(...args);
  };
  return d;
}

let ids = 0;
/** uid returns a page-unique id for label/for and aria links. */
export function uid(prefix = 'id') {
  ids += 1;
  return `${prefix}-${ids}`;
}

// The page's one polite live region (#announce in index.html). What it
// says changes only after the page has been quiet for a moment, and only
// when the words differ: a verdict that follows every keystroke is read
// out once, when typing stops, not once per key.
const sayLater = debounce((text) => {
  const el = document.getElementById('announce');
  if (el && el.textContent !== text) el.textContent = text;
}, 1000);

/** announce says text through the live region once the page is quiet; "" says nothing new. */
export function announce(text) {
  if (text) sayLater(text);
  else sayLater.cancel();
}
