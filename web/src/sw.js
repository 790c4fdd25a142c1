// The page's service worker: network first, so a new build shows at once,
// and the cache when the network is gone, so the page keeps working
// offline once it has loaded. Only this origin's GET requests are handled;
// the short-link service is never cached.
//
// FILES are cached when the worker installs, after the page is ready:
// among them AWS's reference whole (reference.txt, which the page falls
// back on when a service's details cannot be had) and every service's
// descriptions in one file (descriptions.json). What the page fetches
// later, a service's details and descriptions (LATER), is kept as it
// comes; offline, those never fetched are cut from the whole (the
// reference's, as core/reference's Split cuts them; the descriptions').
const CACHE = 'slrplay-{{VERSION}}';
const FILES = {{FILES}};
const LATER = /^(reference\/[a-z0-9-]+\.txt|descriptions\/[a-z0-9-]+\.json)$/;
const BUNDLE = 'descriptions.json';
const WHOLE = 'reference.txt';

self.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('slrplay-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** keyOf is a URL's path below the worker's own directory ('./' for the page itself), or null. */
function keyOf(url) {
  const base = new URL('./', self.location).pathname;
  if (!url.pathname.startsWith(base)) return null;
  return url.pathname.slice(base.length) || './';
}

let bundle = null; // a Promise of descriptions.json, read once offline

/** described answers descriptions/PREFIX.json from the bundle of all, or fails. */
async function described(key) {
  const prefix = key.slice('descriptions/'.length, -'.json'.length);
  if (!bundle) {
    bundle = caches.match(new URL(BUNDLE, self.location).href).then((hit) => (hit ? hit.json() : null));
  }
  const all = await bundle;
  if (!all) bundle = null;
  const d = all && all.services[prefix];
  return d ? new Response(JSON.stringify(d), { headers: { 'content-type': 'application/json' } }) : Response.error();
}

let whole = null; // a Promise of reference.txt's services' parts by prefix, read once offline

/**
 * parts cuts a whole catalog (core/reference's catalog.txt) into its
 * services' parts: each one's header line ("PREFIX NAME KEYS TYPES ACTIONS
 * BYTES") and the BYTES that follow it, by prefix. Null if it is not one.
 */
function parts(text) {
  const out = new Map();
  const lines = (from, n) => {
    for (let i = 0; i < n && from >= 0; i++) from = text.indexOf('\n', from) + 1 || -1;
    return from;
  };
  const count = (at, word) => (text.startsWith(`${word} `, at) ? parseInt(text.slice(at + word.length + 1), 10) : NaN);
  let at = lines(0, 1);
  const globals = count(at, 'globals');
  at = lines(at, globals + 1);
  const services = count(at, 'services');
  if (!(at > 0) || !(services >= 0)) return null;
  at = lines(at, 1);
  // BYTES counts bytes, and the catalog is ASCII: here they are characters.
  for (let i = 0; i < services && at > 0; i++) {
    const end = text.indexOf('\n', at) + 1;
    const f = text.slice(at, end - 1).split('\t');
    const size = parseInt(f[5], 10);
    if (!end || f.length !== 6 || !(size >= 0)) return null;
    out.set(f[0], text.slice(at, end + size));
    at = end + size;
  }
  return out;
}

/** detailed answers reference/PREFIX.txt from the whole catalog kept, or fails. */
async function detailed(key) {
  const prefix = key.slice('reference/'.length, -'.txt'.length);
  if (!whole) whole = caches.match(new URL(WHOLE, self.location).href).then((hit) => (hit ? hit.text().then(parts) : null));
  const all = await whole;
  if (!all) whole = null;
  const d = all && all.get(prefix);
  return d ? new Response(d, { headers: { 'content-type': 'text/plain; charset=utf-8' } }) : Response.error();
}

self.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  const key = keyOf(url);
  if (key === null || !(FILES.includes(key) || LATER.test(key))) return;
  e.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() =>
        caches.match(req, { ignoreSearch: true }).then((hit) => hit || (key.startsWith('descriptions/') ? described(key) : key.startsWith('reference/') ? detailed(key) : Response.error())),
      ),
  );
});
