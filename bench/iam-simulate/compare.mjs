// How fast `slrplay eval --batch` decides the conformance corpus
// (testdata/eval, its annotations left out) against @cloud-copilot/iam-simulate
// deciding the same cases in Node, and how often the two agree. Only the
// cases both can run count: the evaluator refuses some on purpose
// (testdata/eval/invalid.jsonl), the simulator others.
//
//   node bench/iam-simulate/compare.mjs    (make bench-compare installs the
//                                          simulator into .cache/ and runs it)
//
// Environment: SLRPLAY (default bin/slrplay), IAM_SIMULATE (the package's
// directory, default .cache/npm-iam-simulate/node_modules/@cloud-copilot/iam-simulate),
// CASES (how many evaluations each side times, default 5000).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const slrplay = process.env.SLRPLAY || path.join(repo, 'bin/slrplay');
const simDir = process.env.IAM_SIMULATE || path.join(repo, '.cache/npm-iam-simulate/node_modules/@cloud-copilot/iam-simulate');
const total = Number(process.env.CASES || 5000);

/** corpus is testdata/eval's cases without the annotations the evaluator refuses. */
function corpus() {
  const dir = path.join(repo, 'testdata/eval');
  const out = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      let c;
      try {
        c = JSON.parse(line);
      } catch {
        continue; // a line that is not a case: the simulator cannot be asked either
      }
      for (const a of ['expect', 'doc', 'rule', 'note']) delete c[a];
      out.push(c);
    }
  }
  return out;
}

const doc = (p) => (typeof p === 'string' ? JSON.parse(p) : p);
const levels = (ls, kind) =>
  (ls || []).map((l, i) => ({ orgIdentifier: `${kind}-${i}`, policies: (Array.isArray(l) ? l : [l]).map((p, j) => ({ name: `${kind}-${i}-${j}`, policy: doc(p) })) }));
const accountOf = (arn) => /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn || '')?.[1];

/** simulation is a case as the simulator's input (CONTRACT 1.2 to its Simulation). */
function simulation(c) {
  const r = c.request;
  const pb = c.permissionsBoundary === undefined ? undefined : Array.isArray(c.permissionsBoundary) ? c.permissionsBoundary : [c.permissionsBoundary];
  return {
    request: {
      principal: r.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.resourceAccount || accountOf(r.resource) || accountOf(r.principal) || '111122223333' },
      contextVariables: r.context || {},
    },
    identityPolicies: (c.identityPolicies || []).map((p, i) => ({ name: `identity-${i}`, policy: doc(p) })),
    serviceControlPolicies: levels(c.scps, 'scp'),
    resourceControlPolicies: levels(c.rcps, 'rcp'),
    resourcePolicy: c.resourcePolicy === undefined ? undefined : doc(c.resourcePolicy),
    permissionBoundaryPolicies: pb?.map((p, i) => ({ name: `boundary-${i}`, policy: doc(p) })),
    sessionPolicy: c.sessionPolicy === undefined ? undefined : doc(c.sessionPolicy),
  };
}

/** batch runs slrplay eval --batch over lines; returns the result lines and the wall time. */
function batch(lines) {
  const file = path.join(os.tmpdir(), `slrplay-compare-${process.pid}.jsonl`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  try {
    const t = process.hrtime.bigint();
    const p = spawnSync(slrplay, ['eval', '--batch', file], { maxBuffer: 1 << 30, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (p.status === 2 || p.error) throw new Error(`slrplay eval --batch: ${p.error || p.stderr}`);
    return { out: p.stdout.split('\n').filter(Boolean), ms };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const decision = { allowed: 'Allowed', explicitDeny: 'ExplicitlyDenied', implicitDeny: 'ImplicitlyDenied' };
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function main() {
  const { runSimulation } = await import(pathToFileURL(path.join(simDir, 'dist/esm/index.js')));
  const version = JSON.parse(fs.readFileSync(path.join(simDir, 'package.json'), 'utf8')).version;
  const cases = corpus();
  const ours = batch(cases.map((c) => JSON.stringify(c))).out.map((l) => JSON.parse(l).evalDecision);
  const both = [];
  let agree = 0;
  const differ = [];
  for (const [i, c] of cases.entries()) {
    if (!decision[ours[i]]) continue;
    let sim;
    try {
      sim = simulation(c);
    } catch {
      continue; // a policy text that is not JSON
    }
    const res = await runSimulation(sim, {});
    if (res.resultType === 'error') continue;
    both.push({ c, sim });
    if (res.overallResult === decision[ours[i]]) agree++;
    else differ.push(`${c.id}: slrplay ${ours[i]}, iam-simulate ${res.overallResult}`);
  }
  const copies = Math.max(1, Math.round(total / both.length));
  const n = both.length * copies;
  const lines = both.map((b) => JSON.stringify(b.c));
  const all = Array.from({ length: copies }, () => lines).flat();
  const oursMs = median([0, 1, 2].map(() => batch(all).ms));
  const timeSim = async (run, rounds) => {
    const times = [];
    for (let k = 0; k < rounds; k++) {
      const t = process.hrtime.bigint();
      for (let j = 0; j < copies; j++) for (const b of both) await run(b.sim, {});
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(times);
  };
  const simMs = await timeSim(runSimulation, 3); // warmed up by the agreement pass above
  const perSec = (ms) => ((n / ms) * 1000).toFixed(0);
  console.log(`cases: ${cases.length} in testdata/eval, ${both.length} both run; decisions agree on ${agree} (${((100 * agree) / both.length).toFixed(1)}%)`);
  for (const d of differ) console.log(`  differ: ${d}`);
  console.log(`timed: ${n} evaluations (${copies} copies) each; ${os.cpus().length} cores; median of 3`);
  console.log(`  slrplay eval --batch (whole process)  ${oursMs.toFixed(0).padStart(7)} ms  ${perSec(oursMs).padStart(8)} cases/s`);
  console.log(`  iam-simulate ${version} runSimulation  ${simMs.toFixed(0).padStart(7)} ms  ${perSec(simMs).padStart(8)} cases/s  slrplay ${(simMs / oursMs).toFixed(1)}x faster`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
