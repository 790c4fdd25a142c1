// A core that dies or hangs does not take the page with it: the page says
// what happened, keeps what was typed, stops saying the core is ready,
// starts a fresh core, and a reload does not run the link that broke it.
//
// The failures are real ones, brought about through the page's real worker
// (Playwright's handle on it): the worker's WebAssembly memory is grown to
// its limit, so the Go core's next allocation fails and the Go program dies
// of "fatal error: out of memory" as it did on a 900 MB transcript; or the
// worker's next call into the core never returns, as a matching that took
// minutes did.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, browser, open, replaceEditorText, repo, run, slrplay } from './lib.mjs';

let server;
let b;

before(async () => {
  server = await serve();
  b = await browser();
});

after(async () => {
  if (b) await b.close();
  if (server) await server.stop();
});

const policyHost = '#policy-editor';

/**
 * settled waits until the page has loaded AWS's catalog (or given up on it)
 * and its core has no call under way or waiting: once the catalog comes,
 * the page checks its policies again, and a failure the test causes must
 * not land in the middle of that.
 */
async function settled(page) {
  await page.waitForSelector('html[data-catalog]');
  await new Promise((r) => setTimeout(r, 100));
  await page.waitForSelector('html:not([data-core-busy])');
}

/** coreWorker waits for the page's core worker and returns Playwright's handle on it. */
async function coreWorker(page) {
  await page.waitForSelector('html[data-worker="ready"]');
  const w = page.workers().find((x) => x.url().endsWith('/core-worker.js'));
  assert.ok(w, 'the core runs in a worker');
  return w;
}

/**
 * editorDoc reads the whole document of the editor inside host from
 * CodeMirror's state (its DOM holds only the lines in view).
 */
const editorDoc = (page, host) =>
  page.evaluate((sel) => document.querySelector(sel).shadowRoot.querySelector('.cm-content').cmTile.root.view.state.doc.toString(), host);

/**
 * Every state the core status and the worker went through, in order
 * (recorded in the page from its first moment).
 */
async function recordStates(page) {
  await page.addInitScript(() => {
    window.__states = [];
    const note = () => {
      const s = document.getElementById('core-status');
      const d = document.documentElement.dataset;
      const line = `worker=${d.worker || '-'} ready=${d.ready || '-'} ${s ? s.textContent : ''}`;
      if (window.__states[window.__states.length - 1] !== line) window.__states.push(line);
    };
    new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-worker', 'data-ready'] });
  });
}

/**
 * onNextCall makes the next call into the Go core of target (the page, for
 * its main instance, or the worker) fail for real first:
 *   - 'memory' grows the core's WebAssembly memory to what WebAssembly
 *     allows (and shows wasm_exec the grown memory, as the Go runtime does
 *     when it grows it); the Go runtime keeps its own idea of its memory's
 *     end, so its next growth fails: "fatal error: out of memory";
 *   - 'hang' never returns.
 */
const onNextCall = (target, how) =>
  target.evaluate((kind) => {
    /* global Go */
    const resume = Go.prototype._resume;
    Go.prototype._resume = function () {
      Go.prototype._resume = resume;
      while (kind === 'hang') {
        /* the call never returns */
      }
      const mem = this._inst.exports.mem;
      for (let n = 65536; n >= 1; n >>= 1) {
        try {
          mem.grow(n);
        } catch {
          /* that much is not there */
        }
      }
      this.mem = new DataView(mem.buffer);
      return resume.call(this);
    };
  }, how);

const bigPolicy = () => {
  const statements = Array.from({ length: 3000 }, (_, i) => `{"Sid": "S${i}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket-${i}/*"}`);
  return `{"Version": "2012-10-17", "Statement": [${statements.join(',\n')}]}`;
};

test('a core that runs out of memory: the page says so, keeps the text, restarts the core, and a reload does not run the link again', async () => {
  const frag = run(slrplay, ['share', 'encode', path.join(repo, 'testdata/scenarios/protected-role.json')]).trim();
  const context = await b.newContext({ viewport: { width: 1400, height: 1000 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await recordStates(page);
  await page.goto(`${server.url}#${frag}`);
  await page.waitForSelector('html[data-link="opened"]');
  await page.waitForSelector('html[data-scenario-steps]');
  await settled(page);
  const w = await coreWorker(page);
  await page.getByRole('tab', { name: 'Policies & requests' }).click();

  await onNextCall(w, 'memory');
  const text = bigPolicy(); // copying it into Go needs more memory than Go has left
  await replaceEditorText(page, policyHost, text);
  await page.waitForSelector('#message:not([hidden])');
  assert.match(await page.locator('#message').textContent(), /The core ran out of memory while (checking a policy|deciding the request)/);
  assert.match(await page.locator('#message').textContent(), /What you typed is kept\. This link will not be run again/);
  // It said it stopped (not "ready") until a fresh core was up.
  await page.waitForSelector('html[data-worker="ready"]');
  const states = await page.evaluate(() => window.__states);
  const stoppedAt = states.findIndex((s) => s.startsWith('worker=stopped ') && /Stopped: restarting/.test(s));
  assert.ok(stoppedAt > 0, states.join(' | '));
  assert.ok(!states.slice(stoppedAt).some((s) => /^worker=stopped .*Ready/.test(s)), states.join(' | '));
  assert.match(states[states.length - 1], /^worker=ready ready=true Ready \(restarted\)$/);
  assert.equal(await editorDoc(page, policyHost), text);
  // The fresh core answers.
  const small = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}';
  await replaceEditorText(page, policyHost, small);
  await page.waitForSelector('#findings .finding[data-code="MISSING_RESOURCE"]');

  // A reload does not run the link: it is refused, with a way to open it anyway.
  await page.reload();
  await page.waitForSelector('html[data-link="refused"]');
  assert.match(await page.locator('#message').textContent(), /This link was not opened: the last time it was opened here, the core ran out of memory/);
  await page.waitForSelector('html[data-worker="ready"]');
  assert.equal(await page.getAttribute('html', 'data-scenario-steps'), null, 'the scenario did not run');
  assert.equal(await editorDoc(page, policyHost), small, 'what was typed in this tab is back');
  await page.getByRole('button', { name: 'Open it anyway' }).click();
  await page.waitForSelector('html[data-link="opened"]');
  await page.waitForSelector('html[data-scenario-steps]');
  assert.match(await page.locator('#scenario-title').textContent(), /Every other change is refused/);
  // Opened and left normally, it opens on the next reload too.
  await page.reload();
  await page.waitForSelector('html[data-link="opened"]');
  await context.close();
});

test('a call past its time budget: the worker is replaced and the page answers', async () => {
  const page = await open(b, server.url);
  await page.waitForFunction(() => document.documentElement.dataset.decision === 'allowed');
  await settled(page);
  const w = await coreWorker(page);
  await onNextCall(w, 'hang');
  const started = Date.now();
  await page.getByLabel('Action').fill('workmail:ListGroups');
  // The main thread keeps answering while the worker is stuck.
  await new Promise((r) => setTimeout(r, 1000));
  const t0 = Date.now();
  await page.evaluate(() => 1);
  assert.ok(Date.now() - t0 < 1000, 'the page answers at once');
  await page.waitForSelector('#message:not([hidden])', { timeout: 20000 });
  assert.ok(Date.now() - started >= 4500, 'not before its budget');
  // The stuck call is the worker's next one: deciding the request, or the
  // details of AWS's actions the page's aids asked for just before it.
  assert.match(await page.locator('#message').textContent(), /The core took more than 5 s while (deciding the request|taking in the details of AWS’s actions); a fresh one is being started/);
  await page.waitForSelector('html[data-worker="ready"]');
  await page.getByLabel('Action').fill('workmail:ListUsers');
  await page.waitForFunction(() => document.documentElement.dataset.decision === 'allowed');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('window.slrplay, killed by a call from outside the page, is started again', async () => {
  const context = await b.newContext();
  const page = await context.newPage();
  await recordStates(page);
  await page.goto(server.url);
  await page.waitForSelector('html[data-worker="ready"]');
  await settled(page);
  await onNextCall(page, 'memory');
  const answer = await page.evaluate((t) => typeof window.slrplay.lint(t, ''), bigPolicy());
  assert.equal(answer, 'undefined', 'the Go program died in the call');
  await page.waitForSelector('#message:not([hidden])');
  assert.match(await page.locator('#message').textContent(), /^The core ran out of memory; a fresh one is being started/);
  await page.waitForSelector('html[data-ready="true"]');
  const states = await page.evaluate(() => window.__states);
  assert.ok(states.some((s) => /ready=- Stopped: restarting/.test(s)), states.join(' | '));
  assert.match(states[states.length - 1], /ready=true Ready \(restarted\)$/);
  const lint = JSON.parse(await page.evaluate(() => window.slrplay.lint('{"Version": "2012-10-17", "Statement": []}', 'identity')));
  assert.ok(Array.isArray(lint.files), JSON.stringify(lint));
  // The page's own calls go on.
  await page.getByLabel('Action').fill('workmail:ListGroups');
  await page.waitForFunction(() => document.documentElement.dataset.decision === 'allowed');
  await context.close();
});

test('a worker that fails outside any call is replaced too', async () => {
  const page = await open(b, server.url);
  await settled(page);
  const w = await coreWorker(page);
  await w.evaluate(() => setTimeout(() => self.undefinedFunction()));
  await page.waitForSelector('#message:not([hidden])');
  assert.match(await page.locator('#message').textContent(), /^The core crashed; a fresh one is being started/);
  await page.waitForSelector('html[data-worker="ready"]');
  assert.notEqual(page.workers().find((x) => x.url().endsWith('/core-worker.js')), w, 'a new worker');
  await page.getByLabel('Action').fill('workmail:ListGroups');
  await page.waitForFunction(() => document.documentElement.dataset.decision === 'allowed');
  await page.context().close();
});

test('a link that was open when its page died is refused in that tab, not in a copy of a live one', async () => {
  const frag = run(slrplay, ['share', 'encode', path.join(repo, 'testdata/scenarios/protected-role.json')]).trim();
  const page = await open(b, `${server.url}#${frag}`);
  await page.waitForSelector('html[data-link="opened"]');
  // A page opened from this one starts with a copy of its tab's session
  // storage, as a duplicated tab does, and as a crashed tab's reload finds it.
  const copy = (u) => Promise.all([page.context().waitForEvent('page'), page.evaluate((x) => window.open(x), u)]).then(([p]) => p);
  // The page that opened the link is alive: the link opens.
  const twin = await copy(`${server.url}#${frag}`);
  await twin.waitForFunction(() => ['opened', 'refused'].includes(document.documentElement.dataset.link));
  assert.equal(await twin.getAttribute('html', 'data-link'), 'opened', await twin.locator('#message').textContent());
  await twin.close();
  // The page dies with the link open (it goes away without a word; its own
  // storage is not the copy's): the copy does not run the link.
  const next = await copy(server.url);
  await next.waitForSelector('html[data-ready="true"]');
  await page.close();
  await next.evaluate((f) => (location.hash = f), frag);
  await next.waitForSelector('html[data-link="refused"]');
  assert.match(await next.locator('#message').textContent(), /This link was not opened: the last time it was open in this tab, the page itself stopped/);
  assert.equal(await next.getAttribute('html', 'data-scenario-steps'), null, 'the scenario did not run');
  await next.getByRole('button', { name: 'Open it anyway' }).click();
  await next.waitForSelector('html[data-link="opened"]');
  await next.waitForSelector('html[data-scenario-steps]');
  // Opened and left normally, it opens on the next reload.
  await next.reload();
  await next.waitForSelector('html[data-link="opened"]');
  await next.context().close();
});

test('a scenario whose transcript passes the core\'s bound is refused by the core, which stays well', async () => {
  // 1000 denied steps, each repeating a 40 KB principal: a 40 MB transcript.
  // share encode refuses to make such a link, so it is made here as anyone could.
  const scenario = {
    scenario: 1,
    title: 'Long names',
    account: '111122223333',
    region: 'us-east-1',
    start: '2026-01-01T00:00:00Z',
    seed: 1,
    principals: { p: { arn: `arn:aws:iam::111122223333:user/${'a'.repeat(40000)}`, policies: [] } },
    steps: Array.from({ length: 1000 }, () => ({ as: 'p', op: 'iam:GetRole', input: { RoleName: 'x' } })),
  };
  const frag = `s=1.${zlib.deflateRawSync(JSON.stringify(scenario), { level: 9 }).toString('base64url')}`;
  const page = await open(b, `${server.url}#${frag}`);
  await page.waitForSelector('html[data-link="opened"]');
  await page.waitForSelector('#run-error:not([hidden])', { timeout: 30000 });
  assert.match(await page.locator('#run-error').textContent(), /the transcript passes 8388608 bytes \(8 MiB\)/);
  assert.equal(await page.getAttribute('html', 'data-worker'), 'ready', 'the core is fine');
  await page.context().close();
});

test('an answer too big to show is refused in the worker, not read on the page', async () => {
  const page = await open(b, server.url);
  // The core bounds what it answers; should an answer pass the page's own
  // bound all the same, the worker refuses to hand it over.
  const w = await coreWorker(page);
  await w.evaluate(() => {
    self.slrplay.run = () => 'x'.repeat(40 << 20);
  });
  const frag = run(slrplay, ['share', 'encode', path.join(repo, 'testdata/scenarios/trust-policy.json')]).trim();
  await page.evaluate((f) => (location.hash = f), frag);
  await page.waitForSelector('html[data-link="opened"]');
  await page.waitForSelector('#run-error:not([hidden])', { timeout: 30000 });
  assert.match(await page.locator('#run-error').textContent(), /the answer is \d+ MB, more than the page can show \(32 MB\)/);
  assert.equal(await page.getAttribute('html', 'data-worker'), 'ready', 'the core is fine');
  await page.context().close();
});

test('a worker that cannot be started again: the page says so and answers, never on its own thread', async () => {
  const context = await b.newContext({ serviceWorkers: 'block', permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(server.url);
  await settled(page);
  const w = await coreWorker(page);
  await page.route('**/core-worker.js', (route) => route.fulfill({ status: 503, body: 'down' }));
  await w.evaluate(() => setTimeout(() => self.undefinedFunction()));
  await page.waitForSelector('html[data-worker="failed"]');
  assert.match(await page.locator('#message').textContent(), /The core could not be started again \(a fresh worker did not start\): reload the page/);
  assert.equal(await page.locator('#core-status').textContent(), 'Stopped');
  await replaceEditorText(page, policyHost, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}');
  // A call under way when the worker died says so first; the next one is refused.
  await page.waitForFunction(() => /could not be started again/.test((document.querySelector('#findings p.bad') || {}).textContent || ''));
  assert.match(await page.locator('#findings p.bad').textContent(), /the core stopped and could not be started again: reload the page/);
  await context.close();
});
