// AWS's vocabulary on the page, in a real browser: completion and hover in
// the policy editor, the request builder's action names and ARN templates,
// the Summary view and window.slrplay.summarize, each checked against what
// the command line says; and a page that works on without the reference.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, browser, open, replaceEditorText, editorText, repo, run, slrplay } from './lib.mjs';

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
const options = '.cm-tooltip-autocomplete li';

/** openWithCatalog opens the page and waits for AWS's reference and the editor's aids, loaded with it. */
async function openWithCatalog() {
  const page = await open(b, server.url);
  await page.waitForSelector('html[data-catalog="ready"][data-aids="ready"]');
  return page;
}

/** typeAfter pastes text over the editor's and types more after it, as one would, so completion starts. */
async function typeAfter(page, text, typed) {
  await replaceEditorText(page, policyHost, text);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(typed, { delay: 20 });
}

test('the editor completes actions, service prefixes, condition operators and keys from AWS\'s reference', async () => {
  const page = await openWithCatalog();
  await typeAfter(page, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": "', 's3:GetO');
  await page.locator(options, { hasText: 's3:GetObject' }).first().waitFor();
  const offered = await page.locator(options).allTextContents();
  assert.ok(offered.some((o) => o.startsWith('s3:GetObjectRead')), offered.join(' | ')); // its access level beside it
  assert.ok(offered.every((o) => /^s3:GetO/i.test(o)), offered.join(' | '));
  // Enter takes the one selected (the best match is first).
  await page.locator(options, { hasText: /^s3:GetObjectRead$/ }).click();
  assert.match(await editorText(page, policyHost), /"Action": "s3:GetObject$/);

  // A service prefix inside an action list.
  await typeAfter(page, '{"Statement": [{"Effect": "Allow", "Resource": "*", "Action": ["s3:GetObject", "', 'workma');
  await page.locator(options, { hasText: 'workmail' }).first().waitFor();

  // An operator in Condition, then a key of the statement's services (and the global ones).
  await typeAfter(page, '{"Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*", "Condition": {"', 'StringLi');
  await page.locator(options, { hasText: /^StringLikeString$/ }).waitFor();
  await typeAfter(page, '{"Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*", "Condition": {"StringEquals": {"', 's3:x-amz-a');
  await page.locator(options, { hasText: /^s3:x-amz-aclString$/ }).waitFor();
  await typeAfter(page, '{"Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*", "Condition": {"IpAddress": {"', 'aws:SourceI');
  await page.locator(options, { hasText: /^aws:SourceIpIPAddress$/ }).waitFor();
  // No completion of a key where an action goes, and none outside the vocabulary's places.
  await typeAfter(page, '{"Statement": [{"Effect": "Allow", "Resource": "', 'arn:aws:s3');
  await page.waitForTimeout(300);
  assert.equal(await page.locator(options).count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('hovering an action says its access level, resource types and description; a wildcard how many actions it covers', async () => {
  const page = await openWithCatalog();
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await replaceEditorText(page, policyHost, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*", "s3:GetObjekt"], "Resource": "*"}]}');
  assert.ok(!fetched.some((p) => p.includes('descriptions/')), 'descriptions are fetched only when shown');

  const token = (text) => page.locator(`${policyHost} .cm-line span`, { hasText: text }).first();
  const tip = page.locator('.cm-tooltip-hover');
  await token('"s3:GetObject"').hover();
  await tip.waitFor();
  const actions = JSON.parse(run(slrplay, ['actions', '--json', 's3:GetObject'])).patterns[0].actions[0];
  assert.match(await tip.textContent(), new RegExp(`s3:GetObject · ${actions.accessLevel}`));
  const types = await tip.locator('.cm-aid-types li strong').allTextContents();
  assert.deepEqual(types.sort(), [...actions.resourceTypes].sort());
  assert.match(await tip.textContent(), /arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}/);
  const desc = JSON.parse(fs.readFileSync(path.join(repo, 'core/reference/descriptions/s3.json'), 'utf8')).actions.GetObject;
  await page.waitForFunction((d) => document.querySelector('#policy-editor').shadowRoot.querySelector('.cm-aid-desc')?.textContent === d, desc);
  assert.ok(fetched.includes('/descriptions/s3.json'));

  await page.mouse.move(5, 5);
  await tip.waitFor({ state: 'detached' });
  await token('"s3:Get*"').hover();
  await tip.waitFor();
  const covered = JSON.parse(run(slrplay, ['actions', '--json', 's3:Get*'])).patterns[0].actions.length;
  assert.match(await tip.textContent(), new RegExp(`s3:Get\\* covers ${covered} actions\\.`));
  assert.match(await tip.textContent(), /Resource types: .*object/);

  await page.mouse.move(5, 5);
  await tip.waitFor({ state: 'detached' });
  await token('"s3:GetObjekt"').hover();
  await tip.waitFor();
  assert.match(await tip.textContent(), /names no action AWS knows\. Did you mean s3:GetObject\?/);

  // Every action: the core reads every service for it, in its worker.
  await page.mouse.move(5, 5);
  await tip.waitFor({ state: 'detached' });
  await replaceEditorText(page, policyHost, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "*", "Resource": "*"}]}');
  await token('"*"').hover();
  await tip.locator('.cm-aid').waitFor(); // the finding's tooltip may come first: the core reads every service for this one
  const all = JSON.parse(run(slrplay, ['actions', '--json', '*'])).patterns[0].actions;
  const services = new Set(all.map((a) => a.action.split(':')[0])).size;
  assert.match(await tip.textContent(), new RegExp(`^\\* covers ${all.length} actions in ${services} services\\.`));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the request builder completes actions and offers the ARN format of the action\'s resource types', async () => {
  const page = await openWithCatalog();
  const action = page.getByLabel('Action', { exact: true });
  const resource = page.getByLabel('Resource', { exact: true });
  await action.fill('s3:GetO');
  await page.waitForFunction(() => [...document.querySelectorAll('#dl-actions option')].some((o) => o.value === 's3:GetObject'));
  await action.fill('s3:GetObject');
  await page.locator('#resource-types button', { hasText: /^object$/ }).waitFor();
  assert.equal(await resource.getAttribute('placeholder'), 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  await page.locator('#resource-types button', { hasText: /^object$/ }).click();
  assert.equal(await resource.inputValue(), 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  // The first variable is selected: typing replaces it.
  await page.keyboard.type('aws');
  assert.equal(await resource.inputValue(), 'arn:aws:s3:::${BucketName}/${ObjectName}');

  await action.fill('s3:ListAllMyBuckets');
  await page.locator('#resource-types', { hasText: 'has no resource type: AWS authorizes it on "*"' }).waitFor();
  assert.equal(await resource.getAttribute('placeholder'), '*');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Summary view shows what a policy grants as the IAM console does, from the same core as the command line', async () => {
  const page = await openWithCatalog();
  const file = path.join(repo, 'testdata/summary/AdministratorAccess.json');
  const text = fs.readFileSync(file, 'utf8');
  await replaceEditorText(page, policyHost, text);
  await page.locator('#summary-toggle').click();
  assert.equal(await page.locator('#summary-toggle').getAttribute('aria-pressed'), 'true');
  await page.waitForSelector('#summary[data-state="ready"] table tbody tr');
  const cli = JSON.parse(run(slrplay, ['summarize', '--json', file])).files[0];
  const rows = await page.locator('#summary tbody tr').evaluateAll((trs) => trs.map((tr) => ({ service: tr.dataset.service, access: tr.querySelector('.access').textContent, cells: tr.textContent })));
  assert.equal(rows.length, cli.services.length);
  assert.ok(rows.length > 400);
  for (const r of rows) assert.equal(r.access, 'Full access', r.service);
  assert.match(rows.find((r) => r.service === 's3').cells, /Amazon S3.*AllowFull accessAll resourcesNone/);

  // window.slrplay.summarize is the command line's JSON for the file.
  const got = JSON.parse(await page.evaluate((t) => window.slrplay.summarize(t, ''), text)).files[0];
  assert.deepEqual(got, { ...cli, file: 'policy' });

  // It follows edits: a policy with an unknown service and a limited one.
  await replaceEditorText(page, policyHost, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "codedploy:List*"], "Resource": "arn:aws:s3:::b/*"}]}');
  await page.locator('#summary tbody tr[data-service="s3"] .access', { hasText: 'Limited: Read' }).waitFor();
  await page.locator('#summary .summary-uncategorized', { hasText: 'codedploy' }).waitFor();
  // A policy IAM refuses gets no summary, and says where it is wrong.
  await replaceEditorText(page, policyHost, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}');
  await page.locator('#summary[data-state="error"]', { hasText: 'nothing to summarize' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('without AWS\'s reference the editor, request builder and Summary view work on, without their aids', async () => {
  const context = await b.newContext({ serviceWorkers: 'block', permissions: ['clipboard-read', 'clipboard-write'] });
  await context.route('**/reference.txt', (route) => route.fulfill({ status: 503, body: 'down' }));
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('html[data-ready="true"]');
  // While it loads (and once it failed) summarize answers, never hangs.
  const answer = JSON.parse(await page.evaluate(() => window.slrplay.summarize('{"Statement": []}', '')));
  assert.match(answer.error.message, /not loaded/);
  await page.waitForSelector('html[data-catalog="failed"]');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.aids), undefined); // not even loaded
  await typeAfter(page, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": "', 's3:GetO');
  await page.waitForTimeout(300);
  assert.equal(await page.locator(options).count(), 0);
  await page.keyboard.type('bject"}]}');
  await page.waitForSelector('#findings .findings-summary.good');
  await page.locator('#summary-toggle').click();
  await page.locator('#summary', { hasText: 'has not loaded' }).waitFor();
  await page.getByLabel('Action', { exact: true }).fill('s3:GetObject');
  await page.waitForFunction(() => document.documentElement.dataset.decision === 'allowed');
  assert.equal(await page.locator('#resource-types button').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
