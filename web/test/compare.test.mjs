// The Compare view in a real browser: two editors, the core's verdict and
// its differences worded as the command line words them, and each
// difference opened as a request in the policy view, where one policy
// allows it and the other does not.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, browser, open, cspViolations, replaceEditorText, run, slrplay } from './lib.mjs';

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

const A = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
const B =
  '{"Version": "2012-10-17", "Statement": [{"Sid": "Put", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}';

/** openCompare opens the page on the Compare view, once AWS's catalog is there. */
async function openCompare() {
  const page = await open(b, server.url);
  await page.waitForSelector('html[data-catalog="ready"]');
  await page.locator('#tab-compare').click();
  await page.waitForSelector('html[data-view="compare"]');
  return page;
}

/** compareTo writes both policies and waits for the verdict on them. */
async function compareTo(page, a, bText) {
  await replaceEditorText(page, '#compare-a', a);
  await replaceEditorText(page, '#compare-b', bText);
  await page.waitForFunction(
    ([a, b]) => {
      const el = document.querySelector('#compare-result');
      const text = (sel) => [...document.querySelector(sel).shadowRoot.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n'); // the editor lives in a shadow root
      return el && el.dataset.state === 'ready' && text('#compare-a') === a && text('#compare-b') === b;
    },
    [a, bText],
  );
}

test('the Compare view says what B adds, as the command line does', async () => {
  const page = await openCompare();
  await compareTo(page, A, B);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-'));
  fs.writeFileSync(path.join(dir, 'a.json'), A);
  fs.writeFileSync(path.join(dir, 'b.json'), B);
  const cli = JSON.parse(run(slrplay, ['compare', '--json', path.join(dir, 'a.json'), path.join(dir, 'b.json')]));
  fs.rmSync(dir, { recursive: true });
  assert.equal(cli.result, 'incomparable'); // B adds PutObject; A allows GetObject from anywhere
  assert.equal(await page.locator('#compare-result .compare-verdict').getAttribute('data-result'), cli.result);
  const sentences = await page.locator('#compare-result .sentence').allTextContents();
  assert.deepEqual(sentences, [...cli.newInB, ...cli.newInA].map((w) => w.sentence));
  assert.ok(sentences.some((s) => /^B adds s3:PutObject on arn:aws:s3:::b\/\*/.test(s)), sentences.join('\n'));
  assert.deepEqual(await cspViolations(page), []);
  await page.close();
});

test('a difference opens as a request in the policy view: one policy allows it, the other does not', async () => {
  const page = await openCompare();
  await compareTo(page, A, B);
  const added = page.locator('#compare-result li.witness[data-by="B"]').first();
  await added.locator('button', { hasText: 'Open with B' }).click();
  await page.waitForSelector('html[data-view="policies"]');
  await page.waitForFunction(() => document.documentElement.dataset.decision === 'allowed');
  await page.locator('#tab-compare').click();
  await added.locator('button', { hasText: 'Open with A' }).click();
  await page.waitForSelector('html[data-view="policies"]');
  await page.waitForFunction(() => document.documentElement.dataset.decision === 'implicitDeny');
  await page.close();
});

test('an invalid policy gets its place, and equal policies are equivalent', async () => {
  const page = await openCompare();
  await replaceEditorText(page, '#compare-b', '{"Statement": [{"Effect": "Alow", "Action": "*", "Resource": "*"}]}');
  await page.waitForFunction(() => document.querySelector('#compare-result').dataset.state === 'error');
  assert.match(await page.locator('#compare-result').textContent(), /B is not valid as an identity policy.*line 1/);
  await compareTo(page, A, A);
  assert.equal(await page.locator('#compare-result .compare-verdict').getAttribute('data-result'), 'equivalent');
  await page.close();
});
