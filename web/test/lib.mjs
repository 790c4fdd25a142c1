// What the browser tests share: the real page served by the real
// `slrplay serve` on a free loopback port, Debian's Chromium driven by
// playwright-core, and a few lines of Node standing in for the short-link
// service. Every process started here is stopped by the returned stop(),
// and every wait is bounded.

import { spawn, execFileSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
export const slrplay = process.env.SLRPLAY || path.join(repo, 'bin/slrplay');
export const dist = process.env.PAGE_DIR || path.join(repo, 'web/dist');

const started = new Set();
function stopAll() {
  for (const p of started) {
    try {
      p.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopAll();
    process.exit(1);
  });
}

/** serve starts `slrplay serve --dir dir` on a free port; resolves {url, stop}. */
export function serve(dir = dist, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const p = spawn(slrplay, ['serve', '--addr', '127.0.0.1:0', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.add(p);
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`slrplay serve did not start in ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    p.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[0],
          stop: () =>
            new Promise((res) => {
              if (p.exitCode !== null || p.signalCode !== null) return res();
              const t = setTimeout(() => p.kill('SIGKILL'), 3000);
              p.once('exit', () => {
                clearTimeout(t);
                started.delete(p);
                res();
              });
              p.kill('SIGTERM');
            }),
        });
      }
    });
    p.stderr.on('data', (d) => (err += d));
    p.once('exit', (code) => {
      clearTimeout(timer);
      started.delete(p);
      reject(new Error(`slrplay serve exited (${code}): ${err}`));
    });
  });
}

/**
 * shareStandIn is the short-link service's two routes (CONTRACT 5) on a
 * free loopback port, with CORS for a page on another origin:
 * POST /api/share -> 201 {"id"}; GET /api/share/{id} -> the JSON or 404.
 */
export function shareStandIn() {
  const store = new Map();
  const posts = [];
  const server = http.createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type');
    res.setHeader('access-control-allow-methods', 'GET, POST');
    const url = new URL(req.url, 'http://x');
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    if (req.method === 'POST' && url.pathname === '/api/share') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        if (body.length > 64 * 1024) return res.writeHead(413).end('too large');
        const id = `t${store.size + 1}`;
        store.set(id, body);
        posts.push(body);
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      });
      return;
    }
    const m = /^\/api\/share\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && m) {
      const doc = store.get(decodeURIComponent(m[1]));
      if (doc === undefined) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return res.writeHead(200, { 'content-type': 'application/json' }).end(doc);
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        base: `http://127.0.0.1:${port}/api/share`,
        store,
        posts,
        stop: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

/** flags are what headless Chromium needs on this machine. */
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/**
 * noWindowUI leaves out Chromium's omnibox popup: Chromium (156, Debian's
 * here) preloads it in every new window, a WebUI page in a renderer of its
 * own, which a headless window never shows. Each browser context a test or
 * the benchmark opens is a new window, so left in it takes this machine's
 * two cores for about 0.4 s at every test's start, in the middle of the
 * page's load (the page's ready, 950 ms median with it, 580 without; the
 * teacher tests 38 s → 28 s). bench.mjs also measures ready with it, in a
 * window left to settle first, as a user's window is.
 */
const noWindowUI = '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup';

/** browser launches headless Debian Chromium, without its window's own UI unless windowUI. */
export function browser({ windowUI = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: windowUI ? flags : [...flags, noWindowUI],
    timeout: 30000,
  });
}

/**
 * open loads url in a new context and page and waits for the core. Console
 * errors, page errors and CSP violations are collected in page.problems.
 * bypassCSP lets a test inject a script of its own (axe-core). The
 * service worker is left out unless a test asks for it (serviceWorkers:
 * 'allow', the offline tests): installed in every fresh context, it fetches
 * and keeps the whole site beside the test, a third of a second of this
 * machine's two cores each time.
 */
export async function open(b, url, { colorScheme = 'light', ready = true, permissions = ['clipboard-read', 'clipboard-write'], viewport = { width: 1400, height: 1000 }, bypassCSP = false, serviceWorkers = 'block' } = {}) {
  const context = await b.newContext({ viewport, colorScheme, permissions, bypassCSP, serviceWorkers });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp = window.__csp || [];
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(url);
  if (ready) await page.waitForSelector('html[data-ready="true"]');
  return page;
}

/** cspViolations returns the page's CSP violations so far. */
export const cspViolations = (page) => page.evaluate(() => window.__csp || []);

/** run runs a command and returns its standard output (exit status 0..2 accepted). */
export function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (err) {
    if (err.status === 1 || err.status === 2) return err.stdout;
    throw err;
  }
}

/** replaceEditorText pastes text over the whole text of the editor inside host (a CSS selector). */
export async function replaceEditorText(page, host, text) {
  const content = page.locator(`${host} .cm-content`);
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  if (text === '') {
    await page.keyboard.press('Delete');
    return;
  }
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+v');
}

/** editorText reads the text of the editor inside host. */
export const editorText = (page, host) =>
  page.locator(`${host} .cm-line`).evaluateAll((lines) => lines.map((l) => l.textContent).join('\n'));
