// Short links against a stand-in for the short-link service: the page is
// built again with config.json's shareApi pointing at it (and its CSP
// allowing it), served by the real `slrplay serve`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, browser, open, shareStandIn, replaceEditorText, editorText, here, dist, cspViolations } from './lib.mjs';

let service;
let server;
let site;
let b;

before(async () => {
  service = await shareStandIn();
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'slrplay-site-'));
  execFileSync(
    process.execPath,
    [path.join(here, '../build.mjs'), '--out', site, '--wasm', path.join(dist, 'slrplay.wasm'), '--wasm-exec', path.join(dist, 'wasm_exec.js'), '--share-api', service.base],
    { stdio: 'pipe' },
  );
  server = await serve(site);
  b = await browser();
});

after(async () => {
  if (b) await b.close();
  if (server) await server.stop();
  if (service) await service.stop();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

test('the short-link button stores the state and #id= opens it', async () => {
  const page = await open(b, server.url);
  await page.waitForSelector('#short-link:not([hidden])');
  const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}';
  await replaceEditorText(page, '#policy-editor', policy);
  await page.waitForFunction(() => document.documentElement.dataset.decision === 'explicitDeny');
  await page.locator('#short-link').click();
  await page.waitForFunction(() => /#id=/.test(document.getElementById('share-url').value));
  const link = await page.locator('#share-url').inputValue();
  assert.equal(service.posts.length, 1);
  const stored = JSON.parse(service.posts[0]);
  assert.equal(stored.scenario, 1);
  assert.equal(stored.playground.tabs[0].text, policy);
  const id = new URL(link).hash.replace('#id=', '');
  assert.ok(service.store.has(id));
  assert.deepEqual(await cspViolations(page), []);

  const again = await open(b, link);
  await again.waitForSelector('html[data-link="opened"]');
  assert.equal(await editorText(again, '#policy-editor'), policy);
  await again.waitForFunction(() => document.documentElement.dataset.decision === 'explicitDeny');
  assert.deepEqual(again.problems, []);
  await again.context().close();
  await page.context().close();
});

test('an unknown short link gets a readable message, and what was on show stays', async () => {
  const page = await open(b, `${server.url}#id=nothing-here`);
  await page.waitForSelector('html[data-link="error"]');
  assert.match(await page.locator('#message').textContent(), /no scenario stored under the short link "nothing-here"/);
  assert.match(await editorText(page, '#policy-editor'), /workmail:List/);
  await page.context().close();
});

test('a short link that holds something other than a scenario is refused', async () => {
  service.store.set('junk', '{"hello": "world"}');
  const page = await open(b, `${server.url}#id=junk`);
  await page.waitForSelector('html[data-link="error"]');
  assert.match(await page.locator('#message').textContent(), /holds no scenario: unknown field "hello" in the scenario/);
  await page.context().close();
});

test('without a configured service there is no short-link button', async () => {
  const plain = await serve(dist);
  try {
    const page = await open(b, plain.url);
    await page.waitForFunction(() => document.documentElement.dataset.link === 'none');
    assert.equal(await page.locator('#short-link').isHidden(), true);
    await page.context().close();
  } finally {
    await plain.stop();
  }
});

test('a link over 8 KB warns, and offers the short link', async () => {
  const page = await open(b, server.url);
  await page.waitForSelector('#short-link:not([hidden])');
  const before = service.posts.length;
  // Sids that do not compress: a link of some 12 KB.
  let seed = 7;
  const noise = () => Array.from({ length: 40 }, () => ((seed = (seed * 1103515245 + 12345) % 2147483648) % 36).toString(36)).join('');
  const statements = Array.from({ length: 400 }, () => ({ Sid: noise(), Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }));
  await replaceEditorText(page, '#policy-editor', JSON.stringify({ Version: '2012-10-17', Statement: statements }));
  await page.waitForSelector('#findings .findings-summary');
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.waitForSelector('#message.warn:not([hidden])');
  assert.match(await page.locator('#message').textContent(), /This link is \d+ KB long: .* over about 8 KB/);
  await page.getByRole('button', { name: 'Make a short link' }).click();
  await page.waitForFunction(() => /^#id=/.test(location.hash));
  assert.equal(service.posts.length, before + 1);
  // A short state gets no warning.
  await replaceEditorText(page, '#policy-editor', '{"Version": "2012-10-17", "Statement": []}');
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.waitForFunction(() => /^#s=1\./.test(location.hash));
  assert.equal(await page.locator('#message').isHidden(), true);
  await page.context().close();
});
