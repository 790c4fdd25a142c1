// The page's pure helpers, in Node: JSON text editing, position
// conversion, state diffs, and the share document's shape.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse, format, minify, at, setAt, insertAt, removeAt, JSONTextError } from '../src/jsontext.js';
import { lineOffset, codePoints, docOffset, docRange } from '../src/positions.js';
import { diffState } from '../src/statediff.js';
import { stateDoc, readDoc, parseFragment, scenarioOf, emptyScenario, linkWords } from '../src/share.js';
import { lessons, playgroundOf, policyRequests } from '../src/examples.js';
import { readable, resolveRef, placeOf as placeWords } from '../src/steps.js';
import { namesIn } from '../src/policies.js';
import { placeOf, stringAt } from '../src/aids.js';
import { doing } from '../src/gostop.js';
import { Text } from '@codemirror/state';
import { repo } from './lib.mjs';

test('format and minify keep every token as written, numbers and repeated keys included', () => {
  const text = '{"seed": 18446744073709551615, "x": 1.50, "k": 1, "k": 2, "s": "a\\u00e9\\"b", "a": [], "o": {}, "n": [true, null, -0.0e+3]}';
  assert.equal(minify(format(text)), '{"seed":18446744073709551615,"x":1.50,"k":1,"k":2,"s":"a\\u00e9\\"b","a":[],"o":{},"n":[true,null,-0.0e+3]}');
  assert.equal(
    format('{"a":[1,{"b":[]}],"c":{}}'),
    '{\n  "a": [\n    1,\n    {\n      "b": []\n    }\n  ],\n  "c": {}\n}',
  );
  assert.ok(format(text).includes('18446744073709551615'), 'a uint64 seed survives');
  // Every gallery scenario formats to text that means the same.
  const dir = path.join(repo, 'testdata/scenarios');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const t = fs.readFileSync(path.join(dir, f), 'utf8');
    assert.deepEqual(JSON.parse(format(t)), JSON.parse(t), f);
  }
});

test('parse refuses what JSON refuses, saying where', () => {
  for (const [bad, where] of [
    ['{"a": 1,}', 8],
    ['[1 2]', 3],
    ['{"a" 1}', 5],
    ['"\\x"', 1],
    ['01', 1],
    ['{} x', 3],
    ['', 0],
    ['"\u0001"', 1],
  ]) {
    assert.throws(() => parse(bad), (e) => e instanceof JSONTextError && e.offset === where, bad);
    assert.throws(() => JSON.parse(bad), SyntaxError, bad);
  }
});

test('setAt, insertAt and removeAt edit in place', () => {
  const doc = '{"steps": [{"op": "a"}, {"op": "b"}], "title": "t"}';
  assert.deepEqual(JSON.parse(setAt(doc, ['steps', 1], '{"op": "B", "n": 10000000000000000001}')).steps[1].op, 'B');
  assert.ok(setAt(doc, ['steps', 1], '{"n": 10000000000000000001}').includes('10000000000000000001'));
  assert.equal(JSON.parse(setAt(doc, ['playground'], '{"x": 1}')).playground.x, 1);
  assert.equal(JSON.parse(setAt('{}', ['p'], '1')).p, 1);
  assert.deepEqual(JSON.parse(insertAt(doc, ['steps'], 0, '{"op": "0"}')).steps.map((s) => s.op), ['0', 'a', 'b']);
  assert.deepEqual(JSON.parse(insertAt(doc, ['steps'], 1, '{"op": "m"}')).steps.map((s) => s.op), ['a', 'm', 'b']);
  assert.deepEqual(JSON.parse(insertAt(doc, ['steps'], 2, '{"op": "z"}')).steps.map((s) => s.op), ['a', 'b', 'z']);
  assert.deepEqual(JSON.parse(insertAt('{"steps": []}', ['steps'], 0, '1')).steps, [1]);
  assert.deepEqual(JSON.parse(removeAt(doc, ['steps', 0])).steps.map((s) => s.op), ['b']);
  assert.deepEqual(JSON.parse(removeAt(doc, ['steps', 1])).steps.map((s) => s.op), ['a']);
  assert.deepEqual(JSON.parse(removeAt('{"steps": [1]}', ['steps', 0])).steps, []);
  assert.deepEqual(JSON.parse(removeAt(doc, ['title'])), { steps: [{ op: 'a' }, { op: 'b' }] });
  assert.deepEqual(JSON.parse(removeAt('{"p": 1, "a": 2, "p": 3}', ['p'])), { a: 2 });
  assert.deepEqual(JSON.parse(removeAt('{"p": 1}', ['p'])), {});
  assert.throws(() => setAt(doc, ['steps', 0], '{bad'), JSONTextError);
  assert.equal(at(parse(doc), ['steps', 5]), null);
});

test('positions: code points in the core, UTF-16 units in the editor', () => {
  const line = '"Sid": "🚀x", "Effect": "Alow"';
  const cp = [...line.slice(0, line.indexOf('"Alow"'))].length;
  assert.equal(lineOffset(line, cp), line.indexOf('"Alow"'));
  assert.equal(codePoints(line, line.indexOf('"Alow"')), cp);
  assert.equal(lineOffset(line, 1000), line.length);
  assert.equal(lineOffset('\ud800x', 1), 1, 'a lone surrogate is one character');
  const text = 'ab\n🚀🚀cd\n';
  const lines = text.split('\n');
  const starts = lines.reduce((a, l, i) => (i ? [...a, a[i - 1] + lines[i - 1].length + 1] : [0]), []);
  const doc = { lines: lines.length, length: text.length, line: (n) => ({ from: starts[n - 1], text: lines[n - 1] }) };
  assert.equal(docOffset(doc, { line: 2, column: 2 }), text.indexOf('cd'));
  assert.equal(docOffset(doc, { line: 9, column: 0 }), text.length);
  assert.equal(docOffset(doc, { line: 0, column: 5 }), 0);
  assert.deepEqual(docRange(doc, { start: { line: 2, column: 3 }, end: { line: 2, column: 1 } }), [5, 8]);
});

test('the state diff names what was added, changed and removed', () => {
  const a = { clock: 't0', roles: [{ Arn: 'r1', Description: 'x' }], deletionTasks: [], resources: [{ ResourceArn: 'res' }], sessions: [] };
  const b = { clock: 't1', roles: [{ Arn: 'r1', Description: 'y' }], deletionTasks: [{ DeletionTaskId: 'd', Status: 'NOT_STARTED' }], resources: [], sessions: [] };
  const d = diffState(a, b);
  assert.equal(d.clockChanged, true);
  assert.deepEqual(d.lists.roles.map((r) => [r.change, [...r.fields]]), [['changed', ['Description']]]);
  assert.deepEqual(d.lists.deletionTasks.map((r) => r.change), ['added']);
  assert.deepEqual(d.lists.resources.map((r) => r.change), ['removed']);
  assert.deepEqual(diffState(null, a).lists.roles.map((r) => r.change), ['added']);
  assert.equal(diffState(null, a).clockChanged, false);
});

test('the share document carries the playground beside the scenario, and back', () => {
  const pg = { tabs: [{ type: 'identity', text: '{}' }], active: 0, request: { principal: '', action: 'a', resource: '', resourceAccount: '', context: [] } };
  const scenario = '{"scenario": 1, "seed": 18446744073709551615, "steps": []}';
  const doc = stateDoc(scenario, pg, 'scenarios');
  const back = readDoc(doc);
  assert.equal(back.view, 'scenarios');
  assert.deepEqual(back.playground.tabs, pg.tabs);
  assert.ok(back.scenario.includes('18446744073709551615'));
  assert.equal(JSON.parse(back.scenario).playground, undefined);
  const none = readDoc(stateDoc(null, pg, 'policies'));
  assert.equal(none.scenario, null);
  assert.equal(none.view, 'policies');
  assert.equal(readDoc(scenario).playground, null, 'a link from slrplay share encode is a scenario');
  assert.equal(JSON.parse(emptyScenario).scenario, 1);
  assert.deepEqual(parseFragment('#id=abc&step=3'), { kind: 'id', id: 'abc', step: 3, fragment: 'id=abc&step=3' });
  assert.deepEqual(parseFragment(''), { kind: '' });
  assert.equal(parseFragment('#s=1.x&step=2').kind, 's');
  // Fragments that are not links of ours are left alone.
  for (const f of ['#foo', '#main', '#step=2', '#1.abc']) assert.equal(parseFragment(f).kind, '', f);
  assert.equal(scenarioOf('{"scenario": {"seed": 18446744073709551615}, "step": 0}'), '{"seed": 18446744073709551615}');
});

test('namesIn finds what a policy mentions for the request builder', () => {
  const n = namesIn(
    JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/${aws:username}/*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, NotAction: 'iam:*', Resource: '*' },
      ],
    }),
  );
  assert.deepEqual([...n.actions], ['s3:GetObject', 'iam:*']);
  assert.deepEqual([...n.keys].sort(), ['aws:MultiFactorAuthPresent', 'aws:username']);
  assert.deepEqual([...n.principals], ['arn:aws:iam::444455556666:root']);
  assert.equal(namesIn('{ broken').actions.size, 0);
});

/** storage is a Storage over a Map, as the browser's localStorage and sessionStorage. */
const storage = () => {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k) };
};

/** Bus is a BroadcastChannel between the pages (module instances) of one test. */
class Bus {
  static all = new Set();
  constructor(name) {
    this.name = name;
    this.onmessage = null;
    Bus.all.add(this);
  }
  postMessage(data) {
    for (const c of Bus.all) if (c !== this && c.name === this.name) setTimeout(() => c.onmessage && c.onmessage({ data }));
  }
  close() {
    Bus.all.delete(this);
  }
}

test('a link that stopped the core, or whose page died with it open, is refused until forgiven', async () => {
  const listeners = {};
  Object.assign(globalThis, {
    localStorage: storage(),
    sessionStorage: storage(),
    addEventListener: (type, fn) => (listeners[type] = listeners[type] || []).push(fn),
    BroadcastChannel: Bus,
  });
  // Each import is one page of the same tab.
  const page = (n) => import(`../src/stoppedlinks.js?page=${n}`);
  const links = await page(1);
  const a = 's=1.AAAA&step=2';
  const b = 's=1.AAAA&step=3';
  assert.notEqual(links.keyOf(a), links.keyOf(b));
  assert.equal(await links.refusal(a), null);

  // A page opens the link and dies (it does not answer, it did not leave):
  // the next page of the tab refuses it.
  globalThis.BroadcastChannel = undefined;
  (await page(2)).opening(a);
  globalThis.BroadcastChannel = Bus;
  assert.deepEqual(await links.refusal(a), { reason: 'page' });
  // A page that has it open and is alive (the tab was duplicated) says so.
  const live = await page(3);
  live.opening(a);
  assert.equal(await links.refusal(a), null);
  // Left normally, it leaves nothing.
  for (const fn of listeners.pagehide) fn();
  globalThis.BroadcastChannel = undefined;
  assert.equal(await links.refusal(a), null);
  globalThis.BroadcastChannel = Bus;

  // The core stopped on it: refused, whatever the tab.
  links.stopped(a, 'memory');
  globalThis.sessionStorage = storage();
  assert.deepEqual(await links.refusal(a), { reason: 'memory' });
  assert.equal(await links.refusal(b), null, 'another link (here, another step) is not');
  links.forgive(a);
  assert.equal(await links.refusal(a), null);

  // At most twenty are remembered, the latest.
  for (let i = 0; i < 25; i++) links.stopped(`s=1.${i}`, 'timeout');
  assert.equal(await links.refusal('s=1.4'), null);
  assert.deepEqual(await links.refusal('s=1.5'), { reason: 'timeout' });
  assert.deepEqual(await links.refusal('s=1.24'), { reason: 'timeout' });
  // Storage that is broken or full is no reason to fail.
  globalThis.localStorage = { getItem: () => '{not json', setItem: () => { throw new Error('full'); }, removeItem: () => {} };
  links.stopped(a, 'memory');
  assert.equal(await links.refusal(a), null);
});

test('the editor\'s aids read where a string is in a policy, closed or still being typed', () => {
  // Each case: the text before the cursor's string, its opening quote last; the place expected.
  const cases = [
    ['{"Statement": [{"Action": "', { kind: 'action' }],
    ['{"Statement": {"NotAction": ["s3:GetObject", "', { kind: 'action' }],
    ['{"Statement": [{"Action": [\n  "s3:*",\n  "', { kind: 'action' }],
    ['{"Statement": [{"Resource": "', null],
    ['{"Statement": [{"Action": "s3:*", "', null], // a property name beside Action
    ['{"Statement": [{"Sid": "a\\"Action\\": ", "Resource": "', null], // quotes escaped in a string are text
    ['{"Statement": [{"Condition": {"', { kind: 'operator' }],
    ['{"Statement": [{"Condition": {"StringEquals": {"a": "b"}, "Bool": {"', { kind: 'key', statement: 15 }],
    ['{"Statement": [{"Condition": {"StringEquals": {"s3:prefix": "', null], // a value, not a key
    ['{"Statement": [{"Condition": {"StringEquals": {"s3:prefix": ["x", "', null],
  ];
  for (const [text, want] of cases) {
    const q = text.length - 1;
    assert.deepEqual(placeOf(text, q), want, text);
  }
  const doc = Text.of(['{"Action": "s3:Get', '  "Resource": "*"}']);
  assert.deepEqual(stringAt(doc, 18), { from: 12, to: 18, closed: false }); // still being typed: to the line's end
  assert.deepEqual(stringAt(doc, 14), { from: 12, to: 18, closed: false });
  assert.deepEqual(stringAt(doc, 19 + 15), { from: 19 + 15, to: 19 + 16, closed: true });
  assert.equal(stringAt(doc, 19 + 12), null); // between strings
  assert.equal(stringAt(doc, 10), null); // after "Action"'s closing quote
});

test('a link that cannot open is said in words its reader knows, not the codec\'s', () => {
  for (const m of ['flate: corrupt input before offset 3', 'the link is not base64url: illegal base64 data at input byte 4', 'the link\'s data does not inflate: unexpected EOF']) {
    assert.match(linkWords(m), /damaged or cut short/, m);
  }
  assert.match(linkWords('unsupported link version "9": this page reads version 1'), /another version of the playground/);
  assert.equal(linkWords('not a scenario: it needs "scenario": 1'), 'not a scenario: it needs "scenario": 1.');
});

test('every example opens its policies and a request, and names only gallery policies that exist', () => {
  const lessonsFile = JSON.parse(fs.readFileSync(path.join(repo, 'web/learn/lessons.json'), 'utf8'));
  const gallery = lessonsFile.policies.map((p) => ({ name: p.name, type: p.type, text: fs.readFileSync(path.join(repo, 'testdata/policies', p.file), 'utf8') }));
  for (const ex of [...lessons, ...gallery]) {
    const pg = playgroundOf(ex, gallery);
    assert.ok(pg, `${ex.name} opens`);
    assert.ok(pg.tabs.length >= 1 && pg.tabs.every((t) => t.text.length > 0), `${ex.name} has its policies`);
    assert.ok(pg.request.action, `${ex.name} comes with a request`);
  }
  for (const name of Object.keys(policyRequests)) assert.ok(gallery.some((p) => p.name === name), `the request for "${name}" belongs to a gallery policy`);
  // A lesson is a copy: changing what it opened leaves the lesson as it was.
  const a = playgroundOf(lessons[0], gallery);
  a.request.context.push({ key: 'x', values: ['y'] });
  assert.notDeepEqual(playgroundOf(lessons[0], gallery).request, a.request);
  // A lesson naming a policy the gallery lacks opens nothing, rather than half of itself.
  assert.equal(playgroundOf(lessons[0], []), null);
});

test('step results read well: JSON inside strings decoded, $N.Path resolved, places in words', () => {
  const doc = { Version: '2012-10-17', Statement: [] };
  let decoded = false;
  assert.deepEqual(readable({ Role: { AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc)), Name: 'r' } }, () => (decoded = true)), { Role: { AssumeRolePolicyDocument: doc, Name: 'r' } });
  assert.ok(decoded);
  assert.deepEqual(readable({ A: '{not json', B: '{"x": 1}', C: '"s"' }), { A: '{not json', B: { x: 1 }, C: '"s"' });
  const outputs = [{ Role: { Arn: 'arn:1' } }, { Roles: [{ RoleName: 'a' }, { RoleName: 'b' }], 'a.b': 5 }];
  assert.deepEqual(resolveRef('$0.Role.Arn', outputs), { value: 'arn:1' });
  assert.deepEqual(resolveRef('$1.Roles.1.RoleName', outputs), { value: 'b' });
  assert.deepEqual(resolveRef('$1.Roles.#', outputs), { value: 2 });
  assert.deepEqual(resolveRef('$1.a\\.b', outputs), { value: 5 });
  assert.deepEqual(resolveRef('$1.Roles.#(RoleName=="b").RoleName', outputs), { unknown: true });
  assert.deepEqual(resolveRef('$1.Roles.#.RoleName', outputs), { unknown: true });
  assert.deepEqual(resolveRef('$0.Nope', outputs), { missing: true });
  assert.deepEqual(resolveRef('$7.Role', outputs), { missing: true });
  assert.equal(placeWords('{\n  "a": \n}', 10), 'line 3, column 1');
  assert.equal(placeWords('{"x",}', 5), 'line 1, column 6');
});

test('every call the core registers has words for the message saying it stopped', () => {
  const main = fs.readFileSync(path.join(repo, 'wasm/browser/main.go'), 'utf8');
  const registered = [...main.matchAll(/register\("(\w+)"/g)].map((m) => m[1]);
  assert.ok(registered.length >= 10, `found ${registered}`);
  for (const fn of registered) assert.ok(doing[fn], `${fn} has no words in gostop.js's doing: a message would say "while ${fn}"`);
});
