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
// comes; offline, descriptions never fetched are cut from the bundle.
const CACHE = 'slrplay-{{VERSION}}';
const FILES = {{FILES}};
const LATER = /^(reference\/[a-z0-9-]+\.txt|descriptions\/[a-z0-9-]+\.json)$/;
const BUNDLE = 'descriptions.json';

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
        caches.match(req, { ignoreSearch: true }).then((hit) => hit || (key.startsWith('descriptions/') ? described(key) : Response.error())),
      ),
  );
});
