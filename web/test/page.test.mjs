// The page in a real browser, served by the real `slrplay serve`: lint as
// you type, a decision that follows edits, a gallery scenario stepped to
// its end, share links that round-trip, and bad links that get a message.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, browser, open, cspViolations, replaceEditorText, editorText, repo, run, slrplay } from './lib.mjs';

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
const readFile = (p) => fs.readFileSync(path.join(repo, p), 'utf8');

/** findings reads the findings list: [{code, line, place, text}]. */
const findings = (page) =>
  page.locator('#findings .finding').evaluateAll((els) =>
    els.map((e) => ({ code: e.dataset.code, line: Number(e.dataset.line), place: (e.querySelector('.place') || {}).textContent, text: e.textContent })),
  );

const decision = (page) => page.locator('#decision .verdict').getAttribute('data-decision');

async function waitDecision(page, want) {
  await page.waitForFunction((w) => document.documentElement.dataset.decision === w, want);
  assert.equal(await decision(page), want);
}

test('the page loads with the editor, the core and no policy violations', async () => {
  const page = await open(b, server.url);
  assert.equal(await page.locator(`${policyHost} .cm-content`).count(), 1);
  await waitDecision(page, 'allowed');
  await page.waitForSelector('html[data-worker="ready"]');
  assert.equal(await page.evaluate(() => typeof window.slrplay.lint), 'function');
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(page.problems, []);
  const res = await fetch(server.url);
  assert.match(res.headers.get('content-security-policy'), /style-src 'self';/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the editor works before the core is there, and what was typed is checked once it is', async () => {
  const context = await b.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  let release;
  const held = new Promise((r) => (release = r));
  await page.route('**/slrplay.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(server.url);
  await page.waitForSelector(`${policyHost} .cm-content`);
  assert.equal(await page.getAttribute('html', 'data-ready'), null);
  assert.match(await page.locator('#core-status').textContent(), /Loading/);
  await replaceEditorText(page, policyHost, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}');
  release();
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('#findings .finding[data-code="MISSING_RESOURCE"]');
  await context.close();
});

test('a core that cannot load leaves a working editor and says why', async () => {
  const context = await b.newContext();
  const page = await context.newPage();
  await page.route('**/slrplay.wasm', (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto(server.url);
  await page.waitForSelector('#message:not([hidden])');
  assert.match(await page.locator('#message').textContent(), /The core could not load \(slrplay\.wasm: HTTP 503\)/);
  await page.locator(`${policyHost} .cm-content`).click();
  await page.keyboard.type('{');
  assert.match(await editorText(page, policyHost), /^\{/);
  await context.close();
});

test('what was typed in the policies and the request is there after a reload, and in the next tab', async () => {
  const page = await open(b, server.url);
  await waitDecision(page, 'allowed');
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
  await replaceEditorText(page, policyHost, text);
  await page.getByLabel('Action').fill('s3:GetObject');
  await page.getByLabel('Resource', { exact: true }).fill('arn:aws:s3:::amzn-s3-demo-bucket/report.csv');
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await editorText(page, policyHost), text);
  assert.equal(await page.getByLabel('Action').inputValue(), 's3:GetObject');
  assert.equal(await page.getByLabel('Resource', { exact: true }).inputValue(), 'arn:aws:s3:::amzn-s3-demo-bucket/report.csv');
  await waitDecision(page, 'allowed');
  // It is kept in this browser (localStorage), not only this tab: a page
  // closed by mistake and opened again has it.
  const other = await page.context().newPage();
  await other.goto(server.url);
  await other.waitForSelector('html[data-ready="true"]');
  assert.equal(await editorText(other, policyHost), text);
  assert.equal(await other.getByLabel('Action').inputValue(), 's3:GetObject');
  // A fresh browser starts from the first screen.
  const fresh = await open(b, server.url);
  assert.match(await editorText(fresh, policyHost), /workmail/);
  await fresh.context().close();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the WorkMail guide policy, pasted, shows its syntax errors at their lines and columns', async () => {
  const page = await open(b, server.url);
  const text = readFile('testdata/policies/workmail-read-only.json').trimEnd();
  await replaceEditorText(page, policyHost, text);
  await page.waitForFunction(() => document.querySelectorAll('#findings .finding[data-code="JSON_SYNTAX_ERROR"]').length === 2);
  const fs1 = await findings(page);
  const missing = text.indexOf('"ses:Describe*"') + '"ses:Describe*"'.length; // where the comma belongs
  const stray = text.lastIndexOf('}');
  assert.deepEqual(
    fs1.map((f) => [f.code, f.line, f.place]),
    [
      ['JSON_SYNTAX_ERROR', 1, `line 1, column ${missing + 1}`],
      ['JSON_SYNTAX_ERROR', 1, `line 1, column ${stray + 1}`],
    ],
  );
  // The error is under the text too, at the same place.
  assert.deepEqual(await page.locator(`${policyHost} .cm-lintRange-error`).allTextContents(), [text[missing], text[stray]]);
  await waitDecision(page, 'error');

  // The same policy laid out over lines: the error moves to the line of "ses:Describe*".
  const lines = text.replace(/, /g, ',\n    ').replace('"ses:Describe*" "ses:Get*"', '"ses:Describe*"\n    "ses:Get*"');
  await replaceEditorText(page, policyHost, lines);
  const want = lines.slice(0, lines.indexOf('"ses:Describe*"')).split('\n').length;
  await page.waitForFunction((w) => {
    const f = document.querySelector('#findings .finding[data-code="JSON_SYNTAX_ERROR"]');
    return f && Number(f.dataset.line) === w;
  }, want);
  assert.ok(want > 1, `the error is on line ${want}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('places after characters outside the BMP land on the right text (UTF-16 in the editor, code points in the core)', async () => {
  const page = await open(b, server.url);
  const text = '{"Version": "2012-10-17", "Statement": [{"Sid": "🚀🛰️launch", "Effect": "Alow", "Action": "s3:GetObject", "Resource": "*"}]}';
  await replaceEditorText(page, policyHost, text);
  await page.waitForSelector('#findings .finding[data-code="INVALID_EFFECT"]');
  const [f] = (await findings(page)).filter((x) => x.code === 'INVALID_EFFECT');
  // The core counts code points: the column is the UTF-16 index less the two rockets' extra units.
  const col = [...text.slice(0, text.indexOf('"Alow"'))].length;
  assert.equal(f.place, `line 1, column ${col + 1}`);
  const marked = await page.locator(`${policyHost} .cm-lintRange-error`).allTextContents();
  assert.ok(marked.includes('"Alow"'), `marked ${JSON.stringify(marked)}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a request is allowed, then denied after an edit of the request and of the policy', async () => {
  const page = await open(b, server.url);
  await waitDecision(page, 'allowed');
  assert.ok((await page.locator(`${policyHost} .cm-deciding-allow`).count()) > 5, 'the allowing statement is highlighted');
  assert.match(await page.locator('#decision .matched').textContent(), /Identity, statement 0, line 4/);

  // MFA false: the condition fails, nothing allows.
  await page.getByLabel('Value 1 of aws:MultiFactorAuthPresent').fill('false');
  await waitDecision(page, 'implicitDeny');
  assert.equal(await page.locator(`${policyHost} .cm-deciding-allow`).count(), 0);

  // Without the key at all, the decision says which key it needed.
  await page.locator('.ctx-row').nth(1).getByRole('button', { name: /Remove the key/ }).click();
  await page.waitForSelector('#missing:not([hidden])');
  assert.match(await page.locator('#missing').textContent(), /aws:MultiFactorAuthPresent/);
  await page.locator('#missing button', { hasText: 'aws:MultiFactorAuthPresent' }).click();
  await page.locator('.ctx-row').nth(1).locator('input.ctx-value').fill('true');
  await waitDecision(page, 'allowed');

  // The policy's Allow becomes a Deny: explicit deny, highlighted as such.
  const text = await editorText(page, policyHost);
  await replaceEditorText(page, policyHost, text.replace('"Effect": "Allow"', '"Effect": "Deny"'));
  await waitDecision(page, 'explicitDeny');
  assert.ok((await page.locator(`${policyHost} .cm-deciding-deny`).count()) > 5);

  // The trace shows every condition with the values compared.
  await page.locator('#decision details.trace summary').click();
  assert.match(await page.locator('#decision .conditions').textContent(), /aws:RequestedRegion: request \["eu-west-1"\], policy \["eu-west-1"\] → true/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('several policies in tabs: an SCP denies what the identity policy allows', async () => {
  const page = await open(b, server.url);
  await waitDecision(page, 'allowed');
  await page.getByLabel('Add a policy').selectOption('scp');
  await replaceEditorText(page, policyHost, '{"Version": "2012-10-17", "Statement": [{"Sid": "NoWorkMail", "Effect": "Deny", "Action": "workmail:*", "Resource": "*"}]}');
  await waitDecision(page, 'explicitDeny');
  assert.match(await page.locator('#decision .matched').textContent(), /SCP, statement 0 \(NoWorkMail\)/);
  // The verdict names the policy that refused, in a sentence.
  assert.match(await page.locator('#decision .verdict-sub').textContent(), /An explicit deny in the service control policy/);
  // Each kind's verdict agrees with its name.
  assert.deepEqual(await page.locator('#decision li.detail').allTextContents(), ['Identity policies allow', 'SCPs deny explicitly']);
  // The deciding statement is in the SCP tab; the identity tab is not marked.
  await page.getByRole('tab', { name: /^Identity/ }).click();
  assert.equal(await page.locator(`${policyHost} .cm-deciding-deny, ${policyHost} .cm-deciding-allow`).count(), 0);
  await page.locator('#decision .matched button').click();
  assert.equal(await page.getByRole('tab', { name: /^SCP/ }).getAttribute('aria-selected'), 'true');
  assert.ok((await page.locator(`${policyHost} .cm-deciding-deny`).count()) > 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a boundary that does not allow: the verdict says so, and the trace marks what it never checked', async () => {
  const page = await open(b, server.url);
  await waitDecision(page, 'allowed');
  await page.getByLabel('Add a policy').selectOption('boundary');
  await replaceEditorText(page, policyHost, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}');
  await waitDecision(page, 'implicitDeny');
  assert.match(await page.locator('#decision .verdict-sub').textContent(), /Your identity policy allows this, but the permissions boundary does not/);
  await page.locator('#decision details.trace summary').click();
  assert.match(await page.locator('#decision .trace-list').textContent(), /action yes, resource yes, principal not checked → applies/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('format lays a valid policy out and leaves a broken one with a reason', async () => {
  const page = await open(b, server.url);
  await replaceEditorText(page, policyHost, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}');
  await page.locator('#format').click();
  assert.match(await editorText(page, policyHost), /^\{\n {4}"Version": "2012-10-17",\n {4}"Statement": \[/);
  await replaceEditorText(page, policyHost, '{"Version": "2012-10-17" "Statement": []}');
  await page.locator('#format').click();
  assert.match(await page.locator('.tool-status').textContent(), /Format needs valid JSON/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/** golden reads a scenario's transcript as `slrplay run --json` wrote it. */
const golden = (name) => JSON.parse(readFile(`testdata/scenarios/${name}.golden.json`));

test('a gallery scenario steps to its end, with its lesson beside the timeline', async () => {
  const page = await open(b, server.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.locator('#gallery button', { hasText: 'WorkMail event logging' }).click();
  const want = golden('workmail-event-logging');
  await page.waitForFunction((n) => document.documentElement.dataset.scenarioSteps === String(n), want.steps.length);
  assert.match(await page.locator('#learn').textContent(), /Why deletion is asynchronous/);
  assert.equal(await page.locator('#learn strong', { hasText: 'AWSServiceRoleForAmazonWorkMailEvents' }).count(), 1, 'the description\'s Markdown is rendered');
  await page.locator('#timeline').focus();
  for (let i = 0; i < want.steps.length; i++) {
    const s = want.steps[i];
    await page.waitForFunction((n) => document.documentElement.dataset.scenarioStep === String(n), i);
    const detail = page.locator('#step-detail');
    assert.match(await detail.locator('.step-title').textContent(), new RegExp(`^${i}\\. ${s.as} → ${s.op}$`));
    if (s.authorization) assert.equal(await detail.locator('.verdict-small').getAttribute('data-decision'), s.authorization.evalDecision);
    if (s.error) assert.match(await detail.locator('.api-error').textContent(), new RegExp(s.error.code));
    if (i < want.steps.length - 1) await page.keyboard.press(i % 2 ? 'ArrowRight' : 'j');
  }
  // At the end: the role is back, marked as added since the previous step.
  const roles = page.locator('.state-list[data-list="roles"] .item');
  assert.equal(await roles.count(), 1);
  assert.equal(await roles.getAttribute('data-change'), 'added');
  assert.equal(await page.locator('#step-forward').isDisabled(), true);
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.documentElement.dataset.scenarioStep === '0');
  await page.keyboard.press('End');
  await page.waitForFunction((n) => document.documentElement.dataset.scenarioStep === String(n), want.steps.length - 1);
  await page.keyboard.press('k');
  await page.waitForFunction((n) => document.documentElement.dataset.scenarioStep === String(n), want.steps.length - 2);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('steps can be added, edited and removed, and the timeline follows', async () => {
  const page = await open(b, server.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.locator('#gallery button', { hasText: 'Only the linked service may assume the role' }).click();
  const n = golden('trust-policy').steps.length;
  await page.waitForFunction((k) => document.documentElement.dataset.scenarioSteps === String(k), n);
  // Add a step, then Cancel: nothing is added, and the gallery scenario is not copied into yours.
  await page.getByRole('button', { name: 'Add a step after' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForSelector('#step-detail .step-title');
  assert.equal(await page.getAttribute('html', 'data-scenario-steps'), String(n));
  assert.equal(await page.locator('#mine button').count(), 0, 'nothing kept in Yours');
  assert.equal(await page.locator('#gallery button[aria-current="true"]').count(), 1, 'still the gallery scenario');
  await page.getByRole('button', { name: 'Add a step after' }).click();
  // The new step's form is open: make it a GetRole of the service's role.
  await page.getByLabel('Operation').selectOption('iam:GetRole');
  await page.getByLabel(/^Input/).fill('{"RoleName": "NoSuchRoleHere"}');
  await page.getByRole('button', { name: 'Save step' }).click();
  await page.waitForFunction((k) => document.documentElement.dataset.scenarioSteps === String(k), n + 1);
  await page.waitForSelector('#step-detail .api-error');
  assert.match(await page.locator('#step-detail .api-error').textContent(), /NoSuchEntity/);
  // It is now one of yours, kept in this browser.
  assert.equal(await page.locator('#mine button').count(), 1);
  await page.getByRole('button', { name: 'Remove step' }).click();
  await page.waitForFunction((k) => document.documentElement.dataset.scenarioSteps === String(k), n);
  // A broken input is refused with a reason, and nothing changes.
  await page.getByRole('button', { name: 'Edit step' }).click();
  // The form says how to point at an earlier step's output.
  assert.match(await page.locator('.step-form .paths-help').textContent(), /gjson paths: \$0\.Role\.Arn.*\$4\.Roles\.#/);
  await page.getByLabel(/^Input/).fill('{\n  "RoleName": \n}');
  await page.getByRole('button', { name: 'Save step' }).click();
  // JSON errors in the form say where, as the editors do.
  assert.match(await page.locator('.step-form [role="alert"]').textContent(), /^Input, line 3, column 1: /);
  await page.getByLabel(/^Expect/).fill('{"error": "X",}');
  await page.getByLabel(/^Input/).fill('{}');
  await page.getByRole('button', { name: 'Save step' }).click();
  assert.match(await page.locator('.step-form [role="alert"]').textContent(), /^Expect, line 1, column 15: /);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a share link restores the policies, the request, the scenario and its step', async () => {
  const page = await open(b, server.url, { permissions: ['clipboard-read', 'clipboard-write'] });
  await waitDecision(page, 'allowed');
  const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Sid": "ReadBooks", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::books/📚/*"}]\n}';
  await replaceEditorText(page, policyHost, policy);
  await page.getByLabel('Principal', { exact: true }).fill('arn:aws:iam::111122223333:user/bob');
  await page.getByLabel('Action').fill('s3:GetObject');
  await page.getByLabel('Resource', { exact: true }).fill('arn:aws:s3:::books/📚/moby-dick.txt');
  await page.locator('.ctx-row').nth(0).getByRole('button', { name: 'Add a value to aws:RequestedRegion' }).click();
  await page.locator('.ctx-row').nth(0).locator('input.ctx-value').nth(1).fill('eu-central-1');
  await waitDecision(page, 'allowed');
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.locator('#gallery button', { hasText: 'Six resources, five reported' }).click();
  await page.waitForSelector('html[data-scenario-steps]');
  await page.locator('#timeline').focus();
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.documentElement.dataset.scenarioStep === '7');
  await page.locator('#copy-link').click();
  await page.waitForFunction(() => document.getElementById('share-url').value.includes('#s=1.'));
  const link = await page.locator('#share-url').inputValue();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  assert.match(link, /#s=1\.[A-Za-z0-9_-]+&step=7$/);
  // The command line reads the same link: the scenario and the playground are in it.
  const doc = JSON.parse(run(slrplay, ['share', 'decode', link]));
  assert.equal(doc.title, 'Six resources, five reported');
  assert.equal(doc.playground.tabs[0].text, policy);

  const again = await open(b, link);
  await again.waitForSelector('html[data-link="opened"]');
  assert.equal(await again.getAttribute('html', 'data-view'), 'scenarios');
  await again.waitForFunction(() => document.documentElement.dataset.scenarioStep === '7');
  assert.match(await again.locator('#scenario-title').textContent(), /Six resources, five reported/);
  await again.getByRole('tab', { name: 'Policies & requests' }).click();
  assert.equal(await editorText(again, policyHost), policy);
  assert.equal(await again.getByLabel('Principal', { exact: true }).inputValue(), 'arn:aws:iam::111122223333:user/bob');
  assert.equal(await again.getByLabel('Resource', { exact: true }).inputValue(), 'arn:aws:s3:::books/📚/moby-dick.txt');
  assert.deepEqual(await again.locator('.ctx-row').nth(0).locator('input.ctx-value').evaluateAll((es) => es.map((e) => e.value)), ['eu-west-1', 'eu-central-1']);
  await waitDecision(again, 'allowed');
  // Same state, same link.
  await again.getByRole('tab', { name: 'Scenarios' }).click();
  await again.locator('#copy-link').click();
  await again.waitForFunction(() => document.getElementById('share-url').value.includes('#s=1.'));
  assert.equal(await again.locator('#share-url').inputValue(), link);
  assert.deepEqual(again.problems, []);
  await again.context().close();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a link made by `slrplay share encode` opens its scenario at its step', async () => {
  const file = path.join(repo, 'testdata/scenarios/protected-role.json');
  const frag = run(slrplay, ['share', 'encode', file]).trim();
  const page = await open(b, `${server.url}#${frag}&step=3`);
  await page.waitForSelector('html[data-link="opened"]');
  await page.waitForFunction(() => document.documentElement.dataset.scenarioStep === '3');
  assert.match(await page.locator('#scenario-title').textContent(), /Every other change is refused/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/** linkOf makes a version-1 link around any bytes, as a hostile or broken link would. */
const linkOf = (text) => `s=1.${zlib.deflateRawSync(Buffer.from(text)).toString('base64url')}`;

test('bad links say what is wrong in plain words and keep the work on show', async () => {
  const cases = [
    ['s=9.abc', /made by another version of the playground/],
    ['s=1.@@@', /damaged or cut short/],
    [`s=1.${Buffer.from('not deflate').toString('base64url')}`, /damaged or cut short/],
    [linkOf('{"title": "no scenario here"}'), /not a scenario/],
    ['id=abc', /short link/],
    // A scenario whose playground part is broken opens the scenario, and says so.
    [`${linkOf('{"scenario": 1, "steps": [], "playground": {"tabs": "nope"}}')}`, /playground part is not readable/, 'opened'],
  ];
  for (const [frag, want, opened] of cases) {
    const page = await open(b, `${server.url}#${frag}`);
    await page.waitForSelector('#message:not([hidden])');
    await page.waitForFunction(() => !['waiting', 'opening'].includes(document.documentElement.dataset.link));
    assert.match(await page.locator('#message').textContent(), want, frag);
    assert.equal(await page.locator(`${policyHost} .cm-content`).count(), 1, 'the editor is there');
    assert.equal(await page.getAttribute('html', 'data-link'), opened || 'error');
    assert.doesNotMatch(await page.locator('#message').textContent(), /flate|base64|corrupt/i, 'no codec words');
    // What was on show (here the first screen) is kept.
    if (!opened) assert.match(await editorText(page, policyHost), /workmail:List/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('names and descriptions from a link are shown as text, never as markup', async () => {
  const hostile = {
    scenario: 1,
    title: '<img src=x id=pwned-title>',
    description: 'Hi <script>document.body.dataset.pwned = 1</script> **bold** [click](javascript:alert(1)) [ok](https://docs.aws.amazon.com/)',
    principals: { '<b id=pwned-name>x</b>': { arn: 'arn:aws:iam::111122223333:user/x', policies: [] } },
    steps: [{ as: '<b id=pwned-name>x</b>', op: 'clock:Advance', input: { Seconds: 1 }, note: '<img src=y id=pwned-note>' }],
  };
  const page = await open(b, `${server.url}#${linkOf(JSON.stringify(hostile))}`);
  await page.waitForSelector('html[data-link="opened"]');
  await page.waitForSelector('#step-detail .step-title');
  assert.equal(await page.locator('#pwned-title, #pwned-name, #pwned-note, script:not([src])').count(), 0);
  assert.equal(await page.locator('#scenario-title').textContent(), hostile.title);
  assert.match(await page.locator('#learn').textContent(), /<script>/);
  assert.equal(await page.locator('#learn a[href^="javascript"]').count(), 0);
  assert.equal(await page.locator('#learn a[href="https://docs.aws.amazon.com/"]').count(), 1);
  assert.equal(await page.evaluate(() => document.body.dataset.pwned), undefined);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('every control is reachable with Tab, and the focus shows', async () => {
  const page = await open(b, server.url);
  const seen = new Set();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      let el = document.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      const style = getComputedStyle(el);
      // The editor shows its focus around the whole editor, not on its text.
      const shown = el.classList.contains('cm-content') ? getComputedStyle(el.closest('.cm-editor')) : style;
      return { id: el.id || el.className || el.tagName, outline: shown.outlineStyle !== 'none' || shown.boxShadow !== 'none' };
    });
    seen.add(f.id);
    if (f.id !== 'BODY') assert.ok(f.outline, `focus shows on ${f.id}`);
  }
  for (const want of ['tab-policies', 'copy-link', 'format', 'cm-content']) assert.ok([...seen].some((s) => String(s).includes(want)), `${want} in ${[...seen].join(' ')}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a megabyte pasted is linted in the worker while the page keeps taking input', async () => {
  const page = await open(b, server.url);
  await page.waitForSelector('html[data-worker="ready"]');
  const statements = Array.from({ length: 6000 }, (_, i) => `{"Sid": "S${i}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket-${i}/*"}`);
  const big = `{"Version": "2012-10-17", "Statement": [${statements.join(',\n')}]}`;
  assert.ok(big.length > 700000);
  await replaceEditorText(page, policyHost, big);
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type('x');
  await page.waitForSelector('#findings .finding[data-code="JSON_SYNTAX_ERROR"]');
  await page.keyboard.press('Backspace');
  await page.waitForFunction(() => /No findings|warning|suggestion/.test(document.querySelector('.findings-summary').textContent), null, { timeout: 30000 });
  assert.equal(await page.locator('#findings .finding.error').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('light and dark follow the system', async () => {
  const colors = {};
  for (const scheme of ['light', 'dark']) {
    const page = await open(b, server.url, { colorScheme: scheme });
    colors[scheme] = await page.evaluate(() => {
      const host = document.querySelector('#policy-editor');
      const ed = host.shadowRoot.querySelector('.cm-editor');
      return { body: getComputedStyle(document.body).backgroundColor, editor: getComputedStyle(ed).backgroundColor };
    });
    await page.context().close();
  }
  assert.notEqual(colors.light.body, colors.dark.body);
  assert.notEqual(colors.light.editor, colors.dark.editor);
});

test('once loaded, the page works offline', async () => {
  const page = await open(b, server.url, { serviceWorkers: 'allow' });
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.waitForFunction(() => !!navigator.serviceWorker.controller); // clients.claim() takes this page
  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await waitDecision(page, 'allowed');
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.locator('#gallery button').first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('once AWS\'s catalog is loaded, a misspelt action is named with what was meant, and a request for it cannot happen', async () => {
  const page = await open(b, server.url);
  await page.waitForSelector('html[data-catalog="ready"]');
  await replaceEditorText(page, policyHost, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}');
  await page.waitForSelector('#findings .finding[data-code="INVALID_ACTION"]');
  const f = (await findings(page)).find((x) => x.code === 'INVALID_ACTION');
  assert.match(f.text, /The action s3:GetObjekt does not exist\. Did you mean s3:GetObject\?/);
  await page.getByLabel('Action').fill('s3:GetObjekt');
  await page.waitForFunction(() => document.documentElement.dataset.decision === 'error');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('without AWS\'s catalog the page works on, without the checks it brings', async () => {
  const context = await b.newContext({ serviceWorkers: 'block', permissions: ['clipboard-read', 'clipboard-write'] });
  await context.route('**/reference.txt', (route) => route.fulfill({ status: 503, body: 'down' }));
  await context.route('**/reference/*.txt', (route) => route.fulfill({ status: 503, body: 'down' }));
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('html[data-catalog="failed"]');
  await page.waitForFunction(() => document.documentElement.dataset.decision === 'allowed');
  await replaceEditorText(page, policyHost, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt"}]}');
  await page.waitForSelector('#findings .finding[data-code="MISSING_RESOURCE"]');
  assert.equal(await page.locator('#findings .finding[data-code="INVALID_ACTION"]').count(), 0);
  await context.close();
});

test('the keys AWS adds to every request are derived, shown greyed, and a key the request gives wins', async () => {
  const page = await open(b, server.url);
  await waitDecision(page, 'allowed');
  await page.getByLabel('Add a policy').selectOption('scp');
  await replaceEditorText(
    page,
    policyHost,
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/admin*"}}}]}',
  );
  // The principal is filled in, so aws:PrincipalArn is not absent: the SCP's Deny fires on its value.
  await waitDecision(page, 'explicitDeny');
  assert.match(await page.locator('#derived').textContent(), /aws:PrincipalArn = arn:aws:iam::111122223333:user\//);
  await page.getByLabel('Principal', { exact: true }).fill('arn:aws:iam::111122223333:user/admin-ana');
  await waitDecision(page, 'allowed');
  // The list is folded; overriding a derived key puts it among the request's own keys, which win.
  assert.match(await page.locator('#derived summary').textContent(), /^8 keys derived from the request/);
  await page.locator('#derived summary').click();
  await page.getByRole('button', { name: 'Override aws:PrincipalArn' }).click();
  const row = page.locator('.ctx-row').last();
  await row.locator('input.ctx-value').fill('arn:aws:iam::111122223333:user/mallory');
  await waitDecision(page, 'explicitDeny');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a lesson opened before AWS\'s catalog came runs again with it: its aws:Call steps are decided, not unavailable', async () => {
  const frag = run(slrplay, ['share', 'encode', path.join(repo, 'testdata/scenarios/workmail-tag-based-authorization.json')]).trim();
  const context = await b.newContext();
  // The catalog comes late, after the link's scenario has run once without it.
  let release;
  const late = new Promise((r) => (release = r));
  await context.route('**/reference/index.txt', async (route) => {
    await late;
    await route.continue();
  });
  const page = await context.newPage();
  await page.goto(`${server.url}#${frag}`);
  await page.waitForSelector('html[data-scenario-steps]');
  // Each step's chip carries what happened in its title.
  const titles = () => [...document.querySelectorAll('#timeline .step-chip')].map((c) => c.title).join('\n');
  await page.waitForFunction(`/3\\. alice: aws:Call — expectation failed/.test((${titles})())`);
  const before = await page.evaluate(titles);
  release();
  await page.waitForSelector('html[data-catalog="ready"]');
  await page.waitForFunction((b) => {
    const now = [...document.querySelectorAll('#timeline .step-chip')].map((c) => c.title).join('\n');
    return now !== b;
  }, before);
  const after = await page.evaluate(titles);
  assert.match(after, /3\. alice: aws:Call — done/, after);
  assert.doesNotMatch(after, /expectation failed/, after);
  await context.close();
});

test('a role\'s last use shows in the account, and the delete step reminds of it', async () => {
  const frag = run(slrplay, ['share', 'encode', path.join(repo, 'testdata/scenarios/check-last-use-before-delete.json')]).trim();
  const page = await open(b, `${server.url}#${frag}&step=1`);
  await page.waitForSelector('html[data-scenario-steps]');
  // Before the service has used it: no activity. The role did not change
  // at this step, so it is folded under one line; opened, it shows.
  const fold = page.locator('.state [data-list="roles"] details.unchanged');
  await fold.waitFor();
  assert.equal(await fold.locator('summary').textContent(), '1 unchanged');
  await fold.locator('summary').click();
  await page.waitForSelector('.state [data-list="roles"] .last-activity');
  assert.match(await page.locator('.state [data-list="roles"] .last-activity').textContent(), /^None: no service has used this role yet/);
  // The delete step, after SES used the role: when and where, as the console shows it.
  const again = await open(b, `${server.url}#${frag}&step=7`);
  await again.waitForSelector('.last-use');
  assert.match(await again.locator('.last-use').textContent(), /Last activity of AWSServiceRoleForAmazonSES before this delete: 2026-01-01T00:00:00Z in us-east-1/);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(again.problems, []);
  await page.context().close();
  await again.context().close();
});
