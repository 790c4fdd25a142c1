// The page's first script (index.html runs it before app.js, a classic
// deferred script of its own): it starts fetching and compiling the core
// and fetching the service catalog while app.js is still on its way and
// builds the page. Compiling needs this thread for a moment each time a
// piece of the WebAssembly arrives; started from app.js it waited for the
// page's whole setup, 300 to 500 ms, and only then began. core.js imports
// the same promise: whichever runs first starts the loading, once.

const WASM = 'slrplay.wasm';
const CATALOG = 'catalog.json';

/** compile fetches and compiles the core once, for both instances. */
async function compile() {
  const res = await fetch(WASM);
  if (!res.ok) throw new Error(`${WASM}: HTTP ${res.status}`);
  if (WebAssembly.compileStreaming && (res.headers.get('content-type') || '').startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(res);
  }
  return WebAssembly.compile(await res.arrayBuffer()); // hosts that do not say application/wasm
}

/** catalog fetches the service catalog's text. */
async function catalog() {
  const res = await fetch(CATALOG);
  if (!res.ok) throw new Error(`${CATALOG}: HTTP ${res.status}`);
  return res.text();
}

/** loading resolves with [the compiled core, the catalog's text]. */
export const loading = (globalThis.slrplayLoading ||= Promise.all([compile(), catalog()]));
loading.catch(() => {}); // core.js's start says why, once it is called
