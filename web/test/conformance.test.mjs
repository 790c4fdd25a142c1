// window.slrplay in the browser answers as the native command line does,
// on the conformance corpora: the same core, the same options.
//   evaluate(case)  = `slrplay eval --batch FILE --explain` (the page's results carry the trace)
//   lint(text, "")  = `slrplay lint --json FILE` (type detected on both sides; the file name differs)
//   run(scenario)   = `slrplay run --json FILE`
//   encode(scenario) = `slrplay share encode FILE`

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, browser, open, repo, run, slrplay } from './lib.mjs';
import { minify, removeAt } from '../src/jsontext.js';

let server;
let b;
let page;

before(async () => {
  server = await serve();
  b = await browser();
  page = await open(b, server.url);
  // The command line has AWS's catalog compiled in; the page loads it once ready.
  await page.waitForSelector('html[data-catalog="ready"]');
});

after(async () => {
  if (b) await b.close();
  if (server) await server.stop();
});

const files = (dir, keep) =>
  fs
    .readdirSync(path.join(repo, dir))
    .filter(keep)
    .sort()
    .map((f) => path.join(repo, dir, f));

/**
 * caseOf is a conformance line as the evaluation case it holds: without the
 * members it adds (expect, doc, rule, note), which the evaluator refuses as
 * unknown fields. Every other token stays as written: a number past what a
 * double holds (9007199254740993) is the point of some cases.
 */
const caseOf = (line) => minify(['expect', 'doc', 'rule', 'note'].reduce((text, k) => removeAt(text, [k]), line));

/** inPage calls window.slrplay[fn] on each argument list in the page and parses the answers. */
// A call that needs a service's details the page has not loaded yet answers a Promise (CONTRACT 4).
const inPage = (fn, argLists) => page.evaluate(([f, lists]) => Promise.all(lists.map(async (a) => JSON.parse(await window.slrplay[f](...a)))), [fn, argLists]);

test('evaluate gives the command line\'s result for every case of testdata/eval', async () => {
  let n = 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slrplay-cases-'));
  for (const file of files('testdata/eval', (f) => f.endsWith('.jsonl'))) {
    const annotated = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const lines = annotated.map(caseOf);
    const cases = path.join(dir, path.basename(file));
    fs.writeFileSync(cases, lines.join('\n') + '\n');
    const cli = run(slrplay, ['eval', '--batch', cases, '--explain']).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
    assert.equal(cli.length, lines.length, file);
    annotated.forEach((l, i) => assert.equal(cli[i].evalDecision, JSON.parse(l).expect.evalDecision, `${path.basename(file)} line ${i + 1}`));
    // Twice: the second pass decides from the page's cache of compiled policies.
    for (const pass of [1, 2]) {
      const got = await inPage('evaluate', lines.map((l) => [l]));
      for (let i = 0; i < lines.length; i++) assert.deepEqual(got[i], cli[i], `${path.basename(file)} line ${i + 1}, pass ${pass}`);
    }
    n += lines.length;
  }
  fs.rmSync(dir, { recursive: true });
  assert.ok(n >= 200, `${n} cases`);
});

test('lint gives the command line\'s findings for every policy of testdata/policies', async () => {
  const policies = files('testdata/policies', (f) => !f.endsWith('.golden'));
  assert.ok(policies.length >= 40);
  const texts = policies.map((f) => [fs.readFileSync(f, 'utf8'), '']);
  const got = await inPage('lint', texts);
  policies.forEach((file, i) => {
    const cli = JSON.parse(run(slrplay, ['lint', '--json', file]));
    const { file: _cliName, ...want } = cli.files[0];
    const { file: _pageName, ...have } = got[i].files[0];
    assert.deepEqual(have, want, path.basename(file));
  });
});

test('run gives the command line\'s transcript for every scenario of testdata/scenarios', async () => {
  const scenarios = files('testdata/scenarios', (f) => f.endsWith('.json') && !f.endsWith('.golden.json'));
  assert.ok(scenarios.length >= 18);
  const got = await inPage('run', scenarios.map((f) => [fs.readFileSync(f, 'utf8')]));
  scenarios.forEach((file, i) => {
    assert.deepEqual(got[i], JSON.parse(run(slrplay, ['run', '--json', file])), path.basename(file));
  });
});

test('encode and decode agree with slrplay share', async () => {
  const scenarios = files('testdata/scenarios', (f) => f.endsWith('.json') && !f.endsWith('.golden.json'));
  const got = await inPage('encode', scenarios.map((f) => [fs.readFileSync(f, 'utf8')]));
  scenarios.forEach((file, i) => {
    const frag = run(slrplay, ['share', 'encode', file]).trim();
    assert.equal(`${got[i].fragment}`, frag, path.basename(file));
  });
  const back = await inPage('decode', got.map((g) => [`#${g.fragment}&step=2`]));
  scenarios.forEach((file, i) => {
    assert.deepEqual(back[i].scenario, JSON.parse(fs.readFileSync(file, 'utf8')), path.basename(file));
    assert.equal(back[i].step, 2);
  });
});
