// AWS's vocabulary on the page, in a real browser: completion and hover in
// the policy editor, the request builder's action names and ARN templates,
// the Summary view and window.slrplay.summarize, each checked against what
// the command line says; and a page that works on without the reference.
// The reference comes as a name index, then each service's details when
// an answer first needs them; the hover's descriptions work offline.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, browser, open, replaceEditorText, editorText, repo, run, slrplay, dist } from './lib.mjs';

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
  const tip = page.locator('.cm-tooltip-hover .cm-aid'); // not the lint's hover beside it
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
  await tip.waitFor(); // the aid itself: the finding's tooltip may come first: the core reads every service for this one
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
  await context.route('**/reference/*.txt', (route) => route.fulfill({ status: 503, body: 'down' }));
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

/** fetchesOf records the paths the page's context fetches (its service worker's too). */
function fetchesOf(page) {
  const fetched = [];
  page.context().on('request', (r) => fetched.push(new URL(r.url()).pathname));
  return fetched;
}

const gzipped = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;

test('AWS\'s reference comes as a name index once the page is ready, then a service\'s details once, when first needed', async () => {
  const context = await b.newContext({ serviceWorkers: 'block', permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  const fetched = fetchesOf(page);
  await page.goto(server.url);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('html[data-catalog="ready"][data-aids="ready"]');
  assert.ok(fetched.includes('/reference/index.txt'), fetched.join(' '));
  assert.ok(!fetched.includes('/reference.txt'), 'not the whole reference');
  assert.ok(gzipped('reference/index.txt') <= 120000, `the index is ${gzipped('reference/index.txt')} bytes gzip`);
  assert.ok(gzipped('reference/index.txt') < gzipped('reference.txt') * 0.6);
  // Completing action names takes the index alone.
  const before = fetched.length;
  await typeAfter(page, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": "', 'sqs:SendM');
  await page.locator(options, { hasText: 'sqs:SendMessage' }).first().waitFor();
  assert.ok(!fetched.slice(before).includes('/reference/sqs.txt'), 'completion of names fetched details');
  // A policy naming sqs: lint wants its details (a key sqs does not have
  // is an error only they can tell), fetched once, and the findings are the
  // command line's, which has the whole catalog.
  const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q", "Condition": {"StringEquals": {"sqs:NoSuchKey": "x"}}}]}';
  await page.keyboard.press('Escape');
  await replaceEditorText(page, policyHost, policy);
  await page.locator('#findings', { hasText: 'sqs:NoSuchKey does not exist in the service sqs' }).waitFor();
  assert.equal(fetched.filter((p) => p === '/reference/sqs.txt').length, 1);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slrplay-aids-')), 'p.json');
  fs.writeFileSync(file, policy);
  const cli = JSON.parse(run(slrplay, ['lint', '--json', file])).files[0];
  fs.rmSync(path.dirname(file), { recursive: true });
  const got = JSON.parse(await page.evaluate((t) => window.slrplay.lint(t, 'identity'), policy)).files[0];
  assert.deepEqual(got.findings, cli.findings);
  // Edits and other calls about sqs fetch nothing more.
  await replaceEditorText(page, policyHost, policy.replace('NoSuchKey', 'NoSuchKey2'));
  await page.locator('#findings', { hasText: 'sqs:NoSuchKey2' }).waitFor();
  assert.equal(fetched.filter((p) => p === '/reference/sqs.txt').length, 1);
  // window.slrplay answers a Promise while a service's details load, then the whole catalog's answer.
  const evalCase = JSON.stringify({ identityPolicies: ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}]}'], request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 'ec2:DescribeInstances', resource: 'arn:aws:ec2:us-east-1:111122223333:instance/i-1' } });
  const answer = await page.evaluate((c) => {
    const a = window.slrplay.evaluate(c);
    return Promise.resolve(a).then((text) => ({ promise: typeof a !== 'string', text }));
  }, evalCase);
  assert.equal(answer.promise, true);
  assert.match(JSON.parse(answer.text).errors[0].findingDetails, /ec2:DescribeInstances has no resource type: AWS authorizes it on "\*"/);
  assert.equal(fetched.filter((p) => p === '/reference/ec2.txt').length, 1);
  // A policy of every action wants every service: the whole reference comes, once.
  await replaceEditorText(page, policyHost, fs.readFileSync(path.join(repo, 'testdata/summary/AdministratorAccess.json'), 'utf8'));
  await page.locator('#summary-toggle').click();
  await page.waitForSelector('#summary[data-state="ready"] table tbody tr');
  assert.equal(fetched.filter((p) => p === '/reference.txt').length, 1);
  assert.ok(fetched.filter((p) => p.startsWith('/reference/')).length < 20, 'not every service one by one');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('hovering a condition key says its type, which service defines it, and what it means', async () => {
  const page = await openWithCatalog();
  await replaceEditorText(page, policyHost, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*", "Condition": {"StringEquals": {"s3:x-amz-acl": "private"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}');
  const tip = page.locator('.cm-tooltip-hover .cm-aid');
  await page.locator(`${policyHost} .cm-line span`, { hasText: '"s3:x-amz-acl"' }).first().hover();
  await tip.waitFor();
  assert.match(await tip.textContent(), /^s3:x-amz-acl · StringA condition key of Amazon S3 \(s3\)\./);
  const desc = JSON.parse(fs.readFileSync(path.join(repo, 'core/reference/descriptions/s3.json'), 'utf8')).conditionKeys['s3:x-amz-acl'];
  assert.ok(desc);
  await tip.locator('.cm-aid-desc', { hasText: desc }).waitFor();

  await page.mouse.move(5, 5);
  await tip.waitFor({ state: 'detached' });
  await page.locator(`${policyHost} .cm-line span`, { hasText: '"aws:SourceIp"' }).first().hover();
  await tip.waitFor();
  assert.match(await tip.textContent(), /^aws:SourceIp · IPAddressA global condition key \(network\)/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the scenario editor completes and describes the actions and keys of its policies and steps', async () => {
  const page = await openWithCatalog();
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.locator('#gallery button', { hasText: 'WorkMail event logging' }).click();
  await page.waitForSelector('html[data-scenario-steps]');
  await page.locator('#doc-toggle').click();
  const host = '.doc-editor';
  await page.locator(`${host} .cm-content`).waitFor();
  // A step's action.
  await replaceEditorText(page, host, '{"scenario": 1, "steps": [{"as": "dana", "op": "aws:Call", "input": {"Action": "');
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('workmail:ListU', { delay: 20 });
  await page.locator(options, { hasText: 'workmail:ListUsers' }).first().waitFor();
  const offered = await page.locator(options).allTextContents();
  assert.ok(offered.every((o) => /^workmail:ListU/i.test(o)), offered.join(' | '));
  await page.keyboard.press('Escape');
  // A key of a policy's statement: the service's keys, fetched with its details.
  await replaceEditorText(page, host, '{"principals": {"dana": {"policies": [{"Statement": [{"Effect": "Allow", "Resource": "*", "Action": "s3:PutObject", "Condition": {"StringEquals": {"');
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('s3:x-amz-a', { delay: 20 });
  await page.locator(options, { hasText: /^s3:x-amz-aclString$/ }).waitFor();
  await page.keyboard.press('Escape');
  // And the hover on a step's action.
  await replaceEditorText(page, host, '{"scenario": 1, "steps": [{"as": "dana", "op": "aws:Call", "input": {"Action": "workmail:CreateOrganization", "Resource": "*"}}]}');
  // The scenario takes its new text in (runs it half a second after the
  // edit, says why it does not run above the editor): a hover over a text
  // that changed under it shows nothing, and one shown before the run's
  // message moves the editor down closes.
  await page.locator('#run-error', { hasText: 'names no principal of the scenario: "dana"' }).waitFor();
  await page.waitForFunction(() => !document.documentElement.dataset.coreBusy);
  const tip = page.locator('.cm-tooltip-hover .cm-aid');
  for (let i = 0; i < 5 && !(await tip.count()); i++) {
    await page.mouse.move(5, 5);
    await page.locator(`${host} .cm-line span`, { hasText: '"workmail:CreateOrganization"' }).first().hover();
    await tip.waitFor({ timeout: 2000 }).catch(() => {});
  }
  assert.match(await tip.textContent(), /workmail:CreateOrganization · Write.*No resource type: AWS authorizes it on "\*"\./);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the hover\'s descriptions and a service\'s details work offline, from what the service worker kept', async () => {
  const own = await serve();
  const context = await b.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    const fetched = fetchesOf(page);
    await page.goto(own.url);
    await page.waitForSelector('html[data-catalog="ready"][data-aids="ready"]');
    // The worker keeps every description once the page is ready, and none is part of the first load.
    const kept = () => page.evaluate(async () => !!navigator.serviceWorker.controller && !!(await caches.match('descriptions.json')));
    for (let i = 0; !(await kept()); i++) {
      assert.ok(i < 300, 'the service worker did not keep descriptions.json');
      await page.waitForTimeout(100);
    }
    assert.ok(!fetched.some((p) => p.startsWith('/descriptions/')), 'no description before a hover');
    await own.stop(); // offline: nothing answers any more
    // A service the page has not needed yet: its details and descriptions come from what the worker kept whole.
    await replaceEditorText(page, policyHost, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}');
    await page.locator(`${policyHost} .cm-line span`, { hasText: '"sqs:SendMessage"' }).first().hover();
    const desc = JSON.parse(fs.readFileSync(path.join(repo, 'core/reference/descriptions/sqs.json'), 'utf8')).actions.SendMessage;
    await page.locator('.cm-tooltip-hover .cm-aid-desc', { hasText: desc }).waitFor();
    assert.deepEqual(await page.locator('.cm-tooltip-hover .cm-aid-types li strong').allTextContents(), ['queue']);
  } finally {
    await context.close();
    await own.stop();
  }
});
