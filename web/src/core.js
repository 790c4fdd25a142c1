// The core: the Go core compiled to WebAssembly, loaded twice from one
// compiled module. The main thread's instance is window.slrplay (CONTRACT
// 4): synchronous, for outside scripts and the page's quick calls (share
// links). A Web Worker hosts the second instance for the page's own lint,
// evaluate and run calls, so that linting a pasted megabyte or replaying a
// long scenario never blocks typing; those calls wait for the worker, and
// run on the main thread only where workers are not allowed.
//
// Either instance can die: the Go program exits (out of memory, a panic),
// the WebAssembly traps, or the worker crashes. A call can also take far
// too long. Each worker call has a time budget; a worker that stops or
// overruns is terminated and a fresh one started, and the call that broke
// it answers with an error saying what happened (it is not retried: it
// would break the next worker too). A main instance that stops is started
// again. start's onEvent hears of each of these, to say so on the page.

import { reasons, doing, watch } from './gostop.js';
import { loading } from './boot.js';

// The core and the service catalog come from boot.js's loading. The
// catalog travels beside the WebAssembly, not in it: each instance finds
// its text in slrplayCatalog when Go starts.

// AWS's Service Authorization Reference (which actions exist, their resource
// types and keys) comes after the page is ready: lint and evaluate work
// without it, leaving out the checks that need it, until it is there. It
// comes in two steps (core/reference's Split): a name index of every
// service and action (118 KB gzip), then a service's details (its resource
// types, ARN formats and condition keys) when an answer first needs them.
// The core says which it needed (wanted) after each call; the page fetches
// them, gives them to both instances, and calls again, so every answer it
// shows is the one the whole catalog gives. When more services are wanted
// at once than MANY (a policy of "*"), or a service's file cannot be had
// (offline), the whole catalog comes instead, in one file the service
// worker keeps.
const INDEX = 'reference/index.txt';
const detailsFile = (prefix) => `reference/${prefix}.txt`;
const REFERENCE = 'reference.txt';
const MANY = 16;

/**
 * budgetOf is how long a worker call may take before the worker is
 * replaced: 5 s, 5 s more per megabyte of input, and for a scenario 10 ms
 * per step. Each is a hundred times what the core needs, so only a core
 * that is stuck runs out of it.
 */
export function budgetOf(args, steps = 0) {
  const chars = args.reduce((n, a) => n + (typeof a === 'string' ? a.length : 0), 0);
  return 5000 + Math.ceil((chars / 1e6) * 5000) + 10 * steps;
}

/**
 * maxAnswer bounds a worker's answer, in characters: reading a bigger one
 * (a transcript of hundreds of megabytes) would freeze this thread, and
 * nothing on the page could show it.
 */
const maxAnswer = 32 * 1024 * 1024;

export { reasons, doing };

let module = null; // the compiled core, once loaded
let catalogText = '';
let referenceText = ''; // once loaded (the index, or the whole catalog): each instance started later is given it
let detailsText = ''; // the services' details given since, one after another: so is this
let whole = false; // the whole catalog is in: no service lacks its details
const given = new Set(); // the services whose details both instances have
let fetching = Promise.resolve(true); // details are fetched one batch at a time
const raw = {}; // the main instance's functions as Go registered them (window.slrplay's may return Promises)
let referenceTried = false; // loadReference has finished, whether it loaded or not
let referenceSettled; // resolves when loadReference has finished
const referenceDone = new Promise((res) => (referenceSettled = res));

/** hasReference tells whether the core holds AWS's reference: the editor's aids need it. */
export const hasReference = () => referenceText !== '';
let onEvent = () => {};

let worker = null; // the worker, while it is up and answering
let workerState = 'starting'; // starting | ready | restarting | none (workers cannot be made) | failed (none restarted)
let nextId = 1;
const queue = []; // calls not yet sent: {id, fn, args, key, budget, resolve}
let inflight = null; // the call being answered: {…call, timer}
let failure = null; // why the core could not load

// ---- the main thread's instance ----

let mainGo = null;
let mainOutput = null; // what the main instance printed: why it died

/** startMain runs the main instance; when its Go program exits it is started again. */
async function startMain() {
  if (typeof Go !== 'function') throw new Error('wasm_exec.js did not load');
  globalThis.slrplayCatalog = catalogText;
  globalThis.slrplayReference = referenceText;
  globalThis.slrplayDetails = detailsText;
  if (!mainOutput) mainOutput = watch();
  mainOutput.reset();
  const go = new Go();
  go.env = { GOGC: '400' }; // the core's garbage collection: see wasm/browser/main.go
  const instance = await WebAssembly.instantiate(module, go.importObject);
  // Registers window.slrplay and marks the page ready, then waits for calls;
  // it settles only if the Go program exits.
  const exited = go.run(instance);
  if (go.exited || !window.slrplay) throw new Error('the core did not register window.slrplay');
  // CONTRACT 4: summarize needs AWS's reference; while it loads, the answer
  // is a Promise of what the core says once it is there (or could not be).
  // Any call that needs a service's details the core lacks answers a
  // Promise of its answer once they are in.
  Object.assign(raw, window.slrplay);
  for (const fn of ['lint', 'evaluate', 'run', 'summarize', 'compare', 'names', 'describe', 'describeKey']) {
    if (typeof raw[fn] !== 'function') continue;
    window.slrplay[fn] = (...args) => {
      if (fn === 'summarize' && !referenceTried) return referenceDone.then(() => window.slrplay[fn](...args));
      const out = raw[fn](...args);
      const wanted = mainWanted();
      if (!wanted.length) return out;
      return ensureDetails(wanted).then((ok) => (ok ? window.slrplay[fn](...args) : out));
    };
  }
  mainGo = go;
  exited.then(
    () => mainStopped(go),
    (err) => mainStopped(go, err),
  );
}

/** mainStopped replaces the main instance go, which died (throwing err); it returns why in words. */
function mainStopped(go, err) {
  const reason = mainOutput.reason(err);
  if (go !== mainGo) return reasons[reason]; // already replaced
  mainGo = null;
  delete document.documentElement.dataset.ready;
  onEvent({ type: 'stopped', instance: 'main', reason, detail: mainOutput.detail(err) });
  startMain().then(
    () => onEvent({ type: 'restarted', instance: 'main' }),
    (e) => onEvent({ type: 'failed', instance: 'main', message: String((e && e.message) || e) }),
  );
  return reasons[reason];
}

/**
 * callMainText calls window.slrplay[fn] on the main thread and returns its
 * answer as written, or throws an Error saying why there is none.
 */
export function callMainText(fn, args) {
  const go = mainGo;
  if (!go) throw new Error('the core is restarting: try again in a moment');
  let out;
  try {
    out = (raw[fn] || window.slrplay[fn])(...args);
  } catch (err) {
    // Every answer is JSON, errors included: a throw (a trap, an exception
    // through the Go runtime) leaves the instance in no state to go on.
    throw new Error(`the core ${mainStopped(go, err)} while ${doing[fn] || fn}; it is being started again`);
  }
  if (go.exited || typeof out !== 'string') {
    throw new Error(`the core ${mainStopped(go)} while ${doing[fn] || fn}; it is being started again`);
  }
  return out;
}

/** callMain calls window.slrplay[fn] on the main thread and parses its answer. */
export function callMain(fn, args) {
  try {
    return JSON.parse(callMainText(fn, args));
  } catch (err) {
    return { error: { message: err.message } };
  }
}

// ---- the worker's instance ----

/** startWorker resolves with a worker whose core is up, or null where there can be none. */
function startWorker() {
  return new Promise((resolve) => {
    let w;
    try {
      w = new Worker('core-worker.js');
    } catch {
      resolve(null);
      return;
    }
    const give = (v) => {
      clearTimeout(timer);
      if (!v) w.terminate();
      resolve(v);
    };
    const timer = setTimeout(() => give(null), 20000);
    w.onmessage = (e) => {
      if (e.data && e.data.type === 'ready') {
        w.onmessage = (ev) => onWorkerMessage(w, ev.data);
        w.onerror = (ev) => {
          ev.preventDefault();
          workerStopped(w, 'crash', ev.message || '');
        };
        w.onmessageerror = () => workerStopped(w, 'crash', 'an answer could not be read');
        give(w);
      } else if (e.data && e.data.type === 'failed') {
        give(null);
      }
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      give(null);
    };
    w.postMessage({ type: 'init', module, catalog: catalogText, reference: referenceText, details: detailsText, maxAnswer });
  });
}

function onWorkerMessage(w, m) {
  if (w !== worker) return;
  if (m.type === 'stopped') {
    workerStopped(w, m.reason, m.detail);
    return;
  }
  if (!inflight || m.id !== inflight.id) return;
  const call = inflight;
  inflight = null;
  clearTimeout(call.timer);
  call.resolve({ answer: m.error !== undefined ? { error: { message: m.error } } : JSON.parse(m.result), wanted: m.wanted || [] });
  pump();
}

/**
 * workerStopped ends worker w (stopped, crashed or overrunning): the call it
 * was answering gets an error, a fresh worker takes the calls waiting.
 */
function workerStopped(w, reason, detail = '') {
  if (w !== worker) return;
  w.terminate();
  worker = null;
  workerState = 'restarting';
  const call = inflight;
  inflight = null;
  if (call) {
    clearTimeout(call.timer);
    const what = reason === 'timeout' ? `took more than ${Math.round(call.budget / 1000)} s ${doing[call.fn] || call.fn}` : `${reasons[reason] || reasons.exit} while ${doing[call.fn] || call.fn}`;
    call.resolve({ answer: { error: { message: `the core ${what}; a fresh one took its place, and this was not tried again`, stopped: reason } }, wanted: [] });
  }
  onEvent({ type: 'stopped', instance: 'worker', reason, fn: call ? call.fn : '', budget: call ? call.budget : 0, detail });
  startWorker().then((nw) => {
    worker = nw;
    // Without a fresh worker the calls are refused, not run here: what
    // broke the last one could freeze the page.
    workerState = nw ? 'ready' : 'failed';
    onEvent(nw ? { type: 'restarted', instance: 'worker' } : { type: 'failed', instance: 'worker', message: 'a fresh worker did not start' });
    pump();
  });
}

/**
 * pump sends the next call to the worker when it is free, and marks the
 * page busy (html[data-core-busy]) while calls are under way or waiting.
 */
function pump() {
  next();
  const root = globalThis.document && document.documentElement;
  if (!root) return;
  if (inflight || queue.length) root.dataset.coreBusy = 'true';
  else delete root.dataset.coreBusy;
}

function next() {
  if (inflight || !queue.length || !module) return;
  if (workerState === 'starting' || workerState === 'restarting') return; // the worker takes them once it is up
  const call = queue.shift();
  if (workerState === 'failed') {
    call.resolve({ answer: { error: { message: 'the core stopped and could not be started again: reload the page' } }, wanted: [] });
    pump();
    return;
  }
  inflight = call;
  if (worker) {
    const w = worker;
    call.timer = setTimeout(() => workerStopped(w, 'timeout'), call.budget);
    w.postMessage({ id: call.id, fn: call.fn, args: call.args });
    return;
  }
  // No worker can run here: run it on this thread, after the current event.
  setTimeout(() => {
    inflight = null;
    const answer = callMain(call.fn, call.args);
    call.resolve({ answer, wanted: mainWanted() });
    pump();
  }, 0);
}

/**
 * send runs fn in the worker (or here) and resolves with {answer, wanted}:
 * its parsed answer and the services whose details it lacked. A call with
 * a key replaces an earlier call with the same key that has not started
 * yet; the replaced call resolves with null (its answer would be stale).
 */
function send(fn, args, key, budget) {
  return new Promise((resolve) => {
    if (key) {
      const i = queue.findIndex((c) => c.key === key);
      if (i >= 0) queue.splice(i, 1)[0].resolve(null);
    }
    if (failure) {
      resolve({ answer: { error: { message: failure } }, wanted: [] });
      return;
    }
    queue.push({ id: nextId++, fn, args, key, budget, resolve });
    pump();
  });
}

const latest = new Map(); // key -> the number of its latest call

/**
 * call runs fn in the worker (or here) and resolves with its parsed answer,
 * made with every service's details it needed: if the core lacked some, they
 * are fetched and the call made again. A call with a key replaces an
 * earlier call with the same key that has not been answered yet; the
 * replaced call resolves with null (its answer would be stale). budget is
 * how long the call may take in the worker (budgetOf by default); past it
 * the worker is replaced and the call answers an error.
 */
export async function call(fn, args, key, budget = budgetOf(args)) {
  const mine = key ? (latest.get(key) || 0) + 1 : 0;
  if (key) latest.set(key, mine);
  for (let round = 0; ; round++) {
    const sent = await send(fn, args, key, budget);
    if (!sent) return null;
    const { answer, wanted } = sent;
    if (!wanted.length || round === 3) return answer;
    const ok = await ensureDetails(wanted);
    if (key && latest.get(key) !== mine) return null;
    if (!ok) {
      // Lint and evaluate leave out what needs the missing details; a
      // summary would be wrong without them.
      return fn === 'summarize' ? { error: { message: `the details of ${wanted.join(', ')} in AWS’s reference could not load` } } : answer;
    }
  }
}

let resolveReady;
/** ready resolves when window.slrplay is there (rejects if the core cannot load). */
export const ready = new Promise((res, rej) => {
  resolveReady = { res, rej };
});

/**
 * start loads the core. listener hears {type: 'worker', up} once the worker
 * is up (or cannot be), and {type: 'stopped' | 'restarted' | 'failed',
 * instance: 'main' | 'worker', reason, fn, budget} when an instance stops
 * and is replaced.
 */
export async function start(listener = () => {}) {
  onEvent = listener;
  try {
    [module, catalogText] = await loading;
    await startMain();
  } catch (err) {
    module = null;
    failure = `the core could not load: ${(err && err.message) || err}`;
    for (const c of queue.splice(0)) c.resolve({ error: { message: failure } });
    resolveReady.rej(err);
    return;
  }
  resolveReady.res();
  worker = await startWorker();
  workerState = worker ? 'ready' : 'none';
  onEvent({ type: 'worker', up: !!worker });
  pump();
  loadReference();
}

/** fetchText fetches a file of the page as text. */
async function fetchText(file) {
  const res = await fetch(file);
  if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
  return res.text();
}

/**
 * give calls fn (useReference or useDetails) with text in both instances;
 * instances started from then on are given it at once (remember, called
 * once the main instance took it).
 */
async function give(fn, text, remember) {
  const answer = JSON.parse(callMainText(fn, [text]));
  if (answer.error) throw new Error(answer.error.message);
  remember();
  const inWorker = (await send(fn, [text], '', budgetOf([text]))).answer;
  if (inWorker && inWorker.error && !inWorker.error.stopped) throw new Error(inWorker.error.message);
}

/** mainWanted returns the services whose details the main instance's last call lacked (main.go sets lastWanted). */
export function mainWanted() {
  const w = globalThis.slrplay && globalThis.slrplay.lastWanted;
  return w ? JSON.parse(w) : [];
}

/** detailsLoaded lists the services whose details the core has been given (all of them: "*"). */
export const detailsLoaded = () => (whole ? ['*'] : [...given]);

/**
 * ensureDetails gives both instances the details of the services (prefixes)
 * they lack, and resolves true once they have them, false if they could not
 * be had. Each service's file is fetched once; many at once, or one that
 * cannot be had, bring the whole catalog instead.
 */
export function ensureDetails(prefixes) {
  fetching = fetching.then(async () => {
    const missing = whole ? [] : [...new Set(prefixes)].filter((p) => !given.has(p));
    if (!missing.length) return true;
    try {
      if (missing.length > MANY) throw new Error('many');
      const texts = await Promise.all(missing.map((p) => fetchText(detailsFile(p))));
      const text = texts.join('');
      await give('useDetails', text, () => {
        detailsText += text;
        for (const p of missing) given.add(p);
      });
      return true;
    } catch {
      try {
        const text = await fetchText(REFERENCE);
        await give('useReference', text, () => {
          referenceText = text;
          detailsText = '';
          whole = true;
        });
        return true;
      } catch (err) {
        console.warn(`slrplay: the details of ${missing.join(', ')} in AWS's reference did not load: ${(err && err.message) || err}`);
        return false;
      }
    }
  });
  return fetching;
}

/**
 * loadReference fetches the name index of AWS's Service Authorization
 * Reference and gives it to both instances, then tells the listener
 * ({type: 'reference', ok}). A page without it works on, without the
 * checks it brings.
 */
async function loadReference() {
  try {
    const text = await fetchText(INDEX);
    await give('useReference', text, () => (referenceText = text));
    referenceTried = true;
    referenceSettled();
    onEvent({ type: 'reference', ok: true });
  } catch (err) {
    referenceTried = true;
    referenceSettled();
    onEvent({ type: 'reference', ok: false, message: String((err && err.message) || err) });
  }
}
