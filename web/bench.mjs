// The page's budgets, measured on the built page (web/dist) served by
// `slrplay serve` and loaded in headless Chromium:
//   - the core's WebAssembly, gzip -9:                         at most 1.2 MB
//   - the whole first load (every file fetched until the core
//     and its worker are ready), gzip -9:                       at most 1.6 MB
//   - ready (html[data-ready]) after navigation, median:        at most 800 ms
//     (in a fresh window, nothing cached; see test/lib.mjs's browser
//     for the window's own UI, which is measured both ways)
//   - re-evaluation after an edit of the request, median of
//     window.slrplay.evaluate calls in the page:                at most 100 µs
// and, to show why heavy calls go to the worker, how long linting a
// megabyte blocks the main thread on it and off it; and the first load
// over a slow link (10 Mbit/s, 150 ms each way, the CPU 4x slower, as
// Chrome DevTools emulates them): time to ready and bytes on the wire,
// with the page's precompressed files and without (the same files, their
// .br/.gz variants left out).
//
//   node bench.mjs                 (make bench-web builds the page first)
//   node bench.mjs --throttled     only the slow-link first load
//   node bench.mjs --against DIR   ready, this page against the page built
//                                  into DIR, their loads interleaved: this
//                                  machine's speed moves by a third within
//                                  minutes, so one run's median says little
//                                  of a change, but two pages measured
//                                  side by side do

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, browser, dist, repo } from './test/lib.mjs';

const MB = 1000 * 1000;
/** gz is the size of buf after `gzip -9` (zlib's level 9 where gzip is missing). */
const gz = (buf) => {
  try {
    return execFileSync('gzip', ['-9c'], { input: buf, maxBuffer: 64 << 20 }).length;
  } catch {
    return zlib.gzipSync(buf, { level: 9 }).length;
  }
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = [];
const row = (name, value, budget, unit, fmt = (v) => v.toFixed(0)) => {
  const verdict = budget === undefined ? '' : value <= budget ? 'ok' : 'OVER';
  rows.push([name, `${fmt(value)} ${unit}`, budget === undefined ? '' : `${fmt(budget)} ${unit}`, verdict]);
};

async function firstLoad(b, url) {
  const context = await b.newContext();
  const page = await context.newPage();
  const fetched = [];
  let done = false;
  // What comes with AWS's catalog (the editor's aids) comes after ready, as
  // the catalog does: held back here, so a quick index cannot draw it into
  // the measure.
  await context.route(/\/reference(\.txt|\/)/, (route) => route.abort());
  context.on('request', (r) => {
    // The service worker's precache (after ready) is not part of the first load.
    // Nor is AWS's catalog, which the page asks for once it is ready (its
    // index, its services' details, whole), nor the hover's descriptions.
    const p = new URL(r.url()).pathname;
    if (!done && !r.serviceWorker() && !/^\/(reference(\.txt|\/)|descriptions)/.test(p)) fetched.push({ path: p });
  });
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('html[data-worker]');
  done = true;
  await context.close();
  // A file asked for twice (the worker's wasm_exec.js) comes the second time from the cache.
  const counts = new Map();
  for (const f of fetched) {
    const name = f.path === '/' ? 'index.html' : f.path.slice(1);
    counts.set(name, 1);
  }
  let raw = 0;
  let zipped = 0;
  const files = [];
  for (const [name, n] of counts) {
    const file = path.join(dist, name);
    if (!fs.existsSync(file)) continue;
    const buf = fs.readFileSync(file);
    raw += buf.length * n;
    zipped += gz(buf) * n;
    files.push(`${name} ${(gz(buf) / 1000).toFixed(1)} kB`);
  }
  return { raw, zipped, files };
}

// The slow link: what Chrome DevTools' network and CPU throttling emulate.
const slowLink = { latency: 150, downloadThroughput: (10 * 1000 * 1000) / 8, uploadThroughput: (10 * 1000 * 1000) / 8, cpuSlowdown: 4 };

/**
 * throttledLoad loads url in a fresh context (no cache, no service worker)
 * over the slow link, n times: the median time from navigation to ready,
 * and the bytes on the wire (bodies as sent, and headers) of every
 * response until then. The core's worker fetches through the page's
 * network stack, throttled the same.
 */
async function throttledLoad(b, url, n) {
  const times = [];
  const bytes = [];
  for (let i = 0; i < n; i++) {
    const context = await b.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: slowLink.latency, downloadThroughput: slowLink.downloadThroughput, uploadThroughput: slowLink.uploadThroughput });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowLink.cpuSlowdown });
    const finished = []; // every response until ready, the core's worker's among them
    let ready = false;
    context.on('requestfinished', (r) => !ready && !r.serviceWorker() && finished.push(r)); // the service worker's precache is not the load
    await page.addInitScript(() => {
      new MutationObserver((_, o) => {
        if (document.documentElement.dataset.ready === 'true') {
          window.__ready = performance.now();
          o.disconnect();
        }
      }).observe(document, { subtree: true, attributes: true });
    });
    await page.goto(url, { timeout: 120000 });
    await page.waitForSelector('html[data-ready="true"]', { timeout: 120000 });
    ready = true;
    times.push(await page.evaluate(() => window.__ready));
    let wire = 0;
    for (const r of finished) {
      const size = await r.sizes(); // the body as sent (compressed or not) and the headers
      wire += size.responseBodySize + size.responseHeadersSize;
    }
    bytes.push(wire);
    await context.close();
  }
  return { ready: median(times), bytes: median(bytes), all: times };
}

/** uncompressed copies the page without its precompressed variants: the page as served before them. */
function uncompressed() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slrplay-page-'));
  fs.cpSync(dist, dir, { recursive: true, filter: (f) => !/\.(br|gz)$/.test(f) });
  return dir;
}

async function throttled(b, n) {
  const plainDir = uncompressed();
  const plain = await serve(plainDir);
  const zipped = await serve();
  try {
    const before = await throttledLoad(b, plain.url, n);
    const after = await throttledLoad(b, zipped.url, n);
    const link = `10 Mbit/s, ${slowLink.latency} ms, CPU ${slowLink.cpuSlowdown}x slower`;
    row(`first load over ${link}: ready, median of ${n}, uncompressed`, before.ready, undefined, 'ms');
    row(`  the same, precompressed (brotli)`, after.ready, undefined, 'ms');
    row(`  bytes on the wire until ready, uncompressed`, before.bytes / MB, undefined, 'MB', (v) => v.toFixed(3));
    row(`  bytes on the wire until ready, precompressed`, after.bytes / MB, undefined, 'MB', (v) => v.toFixed(3));
    return `slow-link ready times (ms): uncompressed ${before.all.map((x) => x.toFixed(0)).join(' ')}; precompressed ${after.all.map((x) => x.toFixed(0)).join(' ')}`;
  } finally {
    await plain.stop();
    await zipped.stop();
    fs.rmSync(plainDir, { recursive: true, force: true });
  }
}

/**
 * readyTimes loads the page at url n times, each in a fresh context (a new
 * window, nothing cached), settleMs after opening the window: what a
 * window does when it opens is not the page's.
 */
async function readyTimes(b, url, n, settleMs = 0) {
  const ready = [];
  const editor = [];
  for (let i = 0; i < n; i++) {
    const context = await b.newContext();
    const page = await context.newPage();
    if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
    await page.addInitScript(() => {
      const seen = {};
      window.__times = seen;
      new MutationObserver(() => {
        if (!seen.editor && document.querySelector('#policy-editor')?.shadowRoot?.querySelector('.cm-content')) seen.editor = performance.now();
        if (!seen.ready && document.documentElement.dataset.ready === 'true') seen.ready = performance.now();
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await page.goto(url);
    await page.waitForSelector('html[data-ready="true"]');
    const t = await page.evaluate(() => window.__times);
    ready.push(t.ready);
    editor.push(t.editor);
    await context.close();
  }
  return { ready: median(ready), editor: median(editor), all: ready };
}

async function reevaluation(b, url) {
  const context = await b.newContext();
  const page = await context.newPage();
  await page.goto(url);
  // The steady case: AWS's reference is in (its checks run), and so are
  // WorkMail's details, which the first call asks for.
  await page.waitForSelector('html[data-ready="true"][data-catalog="ready"]');
  const policy = fs.readFileSync(path.join(repo, 'testdata/policies/workmail-console-mfa-region.json'), 'utf8');
  const res = await page.evaluate(async (text) => {
    // The page's own case: its first policy as text and a request the
    // learner edits; each call changes the request.
    const request = (i) => ({
      principal: 'arn:aws:iam::111122223333:user/alice',
      action: 'workmail:ListUsers',
      resource: 'arn:aws:workmail:eu-west-1:111122223333:organization/m-n1pq2345678r901st2u3vx45x6789yza',
      context: { 'aws:RequestedRegion': i % 3 ? 'eu-west-1' : 'us-east-1', 'aws:MultiFactorAuthPresent': i % 2 ? 'true' : 'false' },
    });
    const line = (i) => JSON.stringify({ id: 'page', identityPolicies: [text], request: request(i) });
    await window.slrplay.evaluate(line(0)); // the first call compiles the policies and brings WorkMail's details
    if (typeof window.slrplay.evaluate(line(0)) !== 'string') throw new Error('evaluate still waits for details');
    // The page's clock is coarse (100 µs without cross-origin isolation):
    // time batches of calls and take the median of the per-call times.
    const batch = 25;
    const call = [];
    const round = [];
    let i = 1;
    for (let k = 0; k < 120; k++) {
      const lines = Array.from({ length: batch }, () => line(i++));
      const t0 = performance.now();
      for (const l of lines) window.slrplay.evaluate(l);
      const t1 = performance.now();
      for (let j = 0; j < batch; j++) JSON.parse(window.slrplay.evaluate(line(i++)));
      const t2 = performance.now();
      call.push((t1 - t0) / batch);
      round.push((t2 - t1) / batch);
    }
    const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
    const fresh = [];
    for (let k = 0; k < 20; k++) {
      const lines = Array.from({ length: batch }, (_, j) => JSON.stringify({ id: `new-${k}-${j}`, identityPolicies: [text.replace('eu-west-1', `eu-west-${k}-${j}`)], request: request(j) }));
      const t = performance.now();
      for (const l of lines) window.slrplay.evaluate(l);
      fresh.push((performance.now() - t) / batch);
    }
    return { call: med(call), round: med(round), fresh: med(fresh) };
  }, policy);
  await context.close();
  return res;
}

async function heavy(b, url) {
  const context = await b.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('html[data-worker="ready"]');
  const res = await page.evaluate(async () => {
    const statements = Array.from({ length: 8000 }, (_, i) => `{"Sid": "S${i}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket-${i}/*"}`);
    const big = `{"Version": "2012-10-17", "Statement": [${statements.join(',\n')}]}`;
    const t0 = performance.now();
    window.slrplay.lint(big, 'identity');
    const main = performance.now() - t0;
    // The same in the worker: how long does the main thread go without a turn?
    const worker = new Worker('core-worker.js');
    const mod = await WebAssembly.compileStreaming(fetch('slrplay.wasm'));
    await new Promise((r) => {
      worker.onmessage = (e) => e.data.type === 'ready' && r();
      worker.postMessage({ type: 'init', module: mod });
    });
    let longest = 0;
    let last = performance.now();
    const tick = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 4);
    const t1 = performance.now();
    await new Promise((r) => {
      worker.onmessage = () => r();
      worker.postMessage({ id: 1, fn: 'lint', args: [big, 'identity'] });
    });
    const inWorker = performance.now() - t1;
    clearInterval(tick);
    worker.terminate();
    return { size: big.length, main, inWorker, longest };
  });
  await context.close();
  return res;
}

async function main() {
  const wasm = fs.readFileSync(path.join(dist, 'slrplay.wasm'));
  const server = await serve();
  const b = await browser();
  try {
    const against = process.argv.indexOf('--against');
    if (process.argv.includes('--throttled')) {
      console.log(await throttled(b, 3));
    } else if (against > 0) {
      await sideBySide(b, server.url, process.argv[against + 1]);
    } else {
      await all(b, server.url, wasm);
    }
  } finally {
    await b.close();
    await server.stop();
  }
  printRows();
}

/** all measures every budget, and the slow link. */
async function all(b, url, wasm) {
  row('core WebAssembly, gzip -9', gz(wasm) / MB, 1.2, 'MB', (v) => v.toFixed(3));
  row('core WebAssembly, raw', wasm.length / MB, undefined, 'MB', (v) => v.toFixed(3));
  const load = await firstLoad(b, url);
  row('whole first load, gzip -9', load.zipped / MB, 1.6, 'MB', (v) => v.toFixed(3));
  row('whole first load, raw', load.raw / MB, undefined, 'MB', (v) => v.toFixed(3));
  // AWS's catalog comes after ready: a name index, then a service's details
  // when an answer first needs them (whole, when many are needed at once).
  // The editor's aids ask the core, which holds it: they fetch no index of their own.
  const size = (f) => gz(fs.readFileSync(path.join(dist, f)));
  row('AWS catalog after ready: its name index, gzip -9', size('reference/index.txt') / MB, 0.12, 'MB', (v) => v.toFixed(3));
  const details = fs.readdirSync(path.join(dist, 'reference')).filter((f) => /^[a-z0-9-]+\.txt$/.test(f) && f !== 'index.txt');
  row('  a service\'s details, when first needed, largest gzip -9', Math.max(...details.map((f) => size(`reference/${f}`))) / 1024, undefined, 'KB');
  row('  the whole catalog (many services at once, offline), gzip -9', size('reference.txt') / MB, undefined, 'MB', (v) => v.toFixed(3));
  // A service's action descriptions come at the hover's first action of it.
  const descs = fs.readdirSync(path.join(dist, 'descriptions')).map((f) => gz(fs.readFileSync(path.join(dist, 'descriptions', f))));
  row('  descriptions of a service, at its first hover, largest gzip -9', Math.max(...descs) / 1024, undefined, 'KB');
  const rt = await readyTimes(b, url, 9);
  row('ready after navigation, median of 9', rt.ready, 800, 'ms');
  row('editor shown after navigation, median of 9', rt.editor, undefined, 'ms');
  // The same with Chromium's omnibox popup left in (test/lib.mjs): its
  // preloading in each new window takes both cores while the page loads
  // unless the window is left a moment first, as a user's window is.
  const withUI = await browser({ windowUI: true });
  try {
    row('  the same with the window\'s own UI, the window settled 2 s', (await readyTimes(withUI, url, 9, 2000)).ready, undefined, 'ms');
  } finally {
    await withUI.close();
  }
  const ev = await reevaluation(b, url);
  row('re-evaluation after a request edit, median per call (slrplay.evaluate)', ev.call * 1000, 100, 'µs');
  row('  the same with the case\'s JSON.stringify and the answer\'s JSON.parse', ev.round * 1000, undefined, 'µs');
  row('  evaluation with policies never seen, median', ev.fresh * 1000, undefined, 'µs');
  const hv = await heavy(b, url);
  row(`lint of ${(hv.size / MB).toFixed(2)} MB on the main thread (blocks it)`, hv.main, undefined, 'ms');
  row('  the same in the worker, elapsed', hv.inWorker, undefined, 'ms');
  row('  longest main-thread gap meanwhile', hv.longest, undefined, 'ms');
  const slow = await throttled(b, 3);
  console.log('\nfirst load:', load.files.join(', '));
  console.log(slow);
  console.log(`ready times (ms): ${rt.all.map((x) => x.toFixed(0)).join(' ')}\n`);
}

/** sideBySide measures ready for the page at url and the page built into dir, one load of each in turn. */
async function sideBySide(b, url, dir) {
  if (!dir || !fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`--against: ${dir || 'no directory'} holds no built page`);
  const other = await serve(path.resolve(dir));
  try {
    const times = [[], []];
    for (let i = 0; i < 15; i++) {
      times[0].push(...(await readyTimes(b, url, 1)).all);
      times[1].push(...(await readyTimes(b, other.url, 1)).all);
    }
    row('ready after navigation, this page, median of 15', median(times[0]), 800, 'ms');
    row(`  the page in ${dir}, loads interleaved, median of 15`, median(times[1]), 800, 'ms');
    console.log(`ready times (ms): this page ${times[0].map((x) => x.toFixed(0)).join(' ')}; ${dir} ${times[1].map((x) => x.toFixed(0)).join(' ')}\n`);
  } finally {
    await other.stop();
  }
}

function printRows() {
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`${'page budget'.padEnd(w[0])}  ${'measured'.padStart(w[1])}  ${'budget'.padStart(w[2])}`);
  for (const r of rows) console.log(`${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padStart(w[2])}  ${r[3]}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
