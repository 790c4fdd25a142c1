// Links that stopped the core are not run again by a reload. Two records,
// both in this browser only, keyed by a hash of the link's fragment:
//   - localStorage remembers a link whose scenario or policies the page saw
//     stop the core (out of memory, an internal error, a call past its time);
//   - sessionStorage remembers the link this tab has open until the page is
//     left normally, so a page that died with it (the whole tab ran out of
//     memory, say) finds it there on the reload. A duplicated tab starts
//     with a copy of it too, but there the page that wrote it is alive and
//     says so when asked (BroadcastChannel).
// A remembered link is shown as refused, with a button to open it anyway.

const STOPPED = 'slrplay.stoppedLinks';
const OPEN = 'slrplay.openLink';
const CHANNEL = 'slrplay.openLinks';
/** page names this page in its note, to be asked whether it is alive. */
const page = Math.random().toString(36).slice(2);
/** keep bounds the links remembered. */
const keep = 20;

/**
 * keyOf is a short hash of a fragment: two 32-bit FNV-1a hashes with
 * different seeds and primes, enough to tell a browser's links apart.
 */
export function keyOf(fragment) {
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (let i = 0; i < fragment.length; i++) {
    const c = fragment.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x0100019d) >>> 0;
  }
  const word = (x) => x.toString(36).padStart(7, '0');
  return word(a) + word(b);
}

function read(storage, key) {
  try {
    return JSON.parse(storage.getItem(key) || 'null');
  } catch {
    return null;
  }
}

function write(storage, key, value) {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage disabled or full: the link is simply not remembered */
  }
}

const stoppedList = () => {
  const v = read(localStorage, STOPPED);
  return Array.isArray(v) ? v.filter((x) => x && typeof x.key === 'string') : [];
};

/**
 * alive asks whether the page named id is still there, waiting at most ms
 * for its answer (a busy tab, or a popup sharing its opener's thread, can
 * take a while to answer).
 */
function alive(id, ms = 1000) {
  if (typeof BroadcastChannel !== 'function') return Promise.resolve(false);
  return new Promise((resolve) => {
    const c = new BroadcastChannel(CHANNEL);
    const done = (v) => {
      clearTimeout(t);
      c.close();
      resolve(v);
    };
    const t = setTimeout(() => done(false), ms);
    c.onmessage = (e) => {
      if (e.data && e.data.alive === id) done(true);
    };
    c.postMessage({ ask: id });
  });
}

/**
 * refusal resolves with why the link with this fragment is not to be run:
 * {reason} ('memory', 'timeout', …, or 'page' when the page died with it
 * open), or null.
 */
export async function refusal(fragment) {
  const key = keyOf(fragment);
  const hit = stoppedList().find((x) => x.key === key);
  if (hit) return { reason: String(hit.reason || 'exit') };
  const open = read(sessionStorage, OPEN);
  if (open && open.key === key && !(await alive(open.page))) return { reason: 'page' };
  return null;
}

let listening = false;
/**
 * opening notes that this tab is running the link; leaving the page
 * normally forgets it. A page that dies with it open leaves the note.
 */
export function opening(fragment) {
  write(sessionStorage, OPEN, { key: keyOf(fragment), page });
  if (listening) return;
  listening = true;
  addEventListener('pagehide', () => write(sessionStorage, OPEN, null));
  if (typeof BroadcastChannel === 'function') {
    const c = new BroadcastChannel(CHANNEL);
    c.onmessage = (e) => {
      if (e.data && e.data.ask === page) c.postMessage({ alive: page });
    };
  }
}

/** stopped remembers that the link with this fragment stopped the core. */
export function stopped(fragment, reason) {
  const key = keyOf(fragment);
  const list = stoppedList().filter((x) => x.key !== key);
  list.unshift({ key, reason, at: new Date().toISOString() });
  write(localStorage, STOPPED, list.slice(0, keep));
}

/** forgive forgets what the link did: it is opened as any other. */
export function forgive(fragment) {
  const key = keyOf(fragment);
  write(localStorage, STOPPED, stoppedList().filter((x) => x.key !== key));
  const open = read(sessionStorage, OPEN);
  if (open && open.key === key) write(sessionStorage, OPEN, null);
}
