// The core: the Go core compiled to WebAssembly, loaded twice from one
// compiled module. The main thread's instance is window.slrplay (CONTRACT
// 4): synchronous, for outside scripts and the page's quick calls (share
// links). A Web Worker hosts the second instance for the page's own lint,
// evaluate and run calls, so that linting a pasted megabyte or replaying a
// long scenario never blocks typing; until the worker is up, or where
// workers are not allowed, those calls run on the main thread.

const WASM = 'slrplay.wasm';
// The service catalog travels beside the WebAssembly, not in it: each
// instance finds its text in slrplayCatalog when Go starts.
const CATALOG = 'catalog.json';

let worker = null; // the worker, once it said it is ready
let nextId = 1;
const queue = []; // calls not yet sent: {id, fn, args, key, resolve}
let inflight = null; // the call the worker is working on
let failure = null; // why the core could not load

/** load fetches and compiles the core once, for both instances. */
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

async function startMain(module, catalogText) {
  if (typeof Go !== 'function') throw new Error('wasm_exec.js did not load');
  globalThis.slrplayCatalog = catalogText;
  const go = new Go();
  const instance = await WebAssembly.instantiate(module, go.importObject);
  go.run(instance); // registers window.slrplay and marks the page ready, then waits for calls
  if (!window.slrplay) throw new Error('the core did not register window.slrplay');
}

function startWorker(module, catalogText) {
  return new Promise((resolve) => {
    let w;
    try {
      w = new Worker('core-worker.js');
    } catch {
      resolve(null);
      return;
    }
    const timer = setTimeout(() => resolve(null), 20000);
    w.onmessage = (e) => {
      if (e.data && e.data.type === 'ready') {
        clearTimeout(timer);
        w.onmessage = onWorkerMessage;
        resolve(w);
      } else if (e.data && e.data.type === 'failed') {
        clearTimeout(timer);
        resolve(null);
      }
    };
    w.onerror = () => {
      clearTimeout(timer);
      resolve(null);
    };
    w.postMessage({ type: 'init', module, catalog: catalogText });
  });
}

function onWorkerMessage(e) {
  const m = e.data;
  if (!inflight || m.id !== inflight.id) return;
  const call = inflight;
  inflight = null;
  call.resolve(m.error !== undefined ? { error: { message: m.error } } : JSON.parse(m.result));
  pump();
}

function pump() {
  if (inflight || !queue.length) return;
  const call = queue.shift();
  if (worker) {
    inflight = call;
    worker.postMessage({ id: call.id, fn: call.fn, args: call.args });
    return;
  }
  // No worker: run it here, after the current event.
  inflight = call;
  setTimeout(() => {
    inflight = null;
    call.resolve(callMain(call.fn, call.args));
    pump();
  }, 0);
}

/** callMain calls window.slrplay[fn] and parses its answer. */
export function callMain(fn, args) {
  try {
    return JSON.parse(window.slrplay[fn](...args));
  } catch (err) {
    return { error: { message: `the core failed: ${err && err.message ? err.message : err}` } };
  }
}

/**
 * call runs fn in the worker (or here) and resolves with its parsed answer.
 * A call with a key replaces an earlier call with the same key that has not
 * started yet; the replaced call resolves with null (its answer would be stale).
 */
export function call(fn, args, key) {
  return new Promise((resolve) => {
    if (key) {
      const i = queue.findIndex((c) => c.key === key);
      if (i >= 0) queue.splice(i, 1)[0].resolve(null);
    }
    if (failure) {
      resolve({ error: { message: failure } });
      return;
    }
    queue.push({ id: nextId++, fn, args, key, resolve });
    if (ready.settled) pump();
  });
}

let resolveReady;
/** ready resolves when window.slrplay is there (rejects if the core cannot load). */
export const ready = new Promise((res, rej) => {
  resolveReady = { res, rej };
});
ready.settled = false;

/** start loads the core; onWorker is told when the worker instance is up (or not). */
export async function start(onWorker) {
  let module;
  let catalogText;
  try {
    [module, catalogText] = await Promise.all([compile(), catalog()]);
    await startMain(module, catalogText);
  } catch (err) {
    failure = `the core could not load: ${(err && err.message) || err}`;
    for (const c of queue.splice(0)) c.resolve({ error: { message: failure } });
    resolveReady.rej(err);
    return;
  }
  ready.settled = true;
  resolveReady.res();
  pump();
  worker = await startWorker(module, catalogText);
  document.documentElement.dataset.worker = worker ? 'ready' : 'none';
  if (onWorker) onWorker(!!worker);
  pump();
}
