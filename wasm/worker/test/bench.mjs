// Measures the worker's budgets in the local Workers runtime: its size,
// its cold start, and the latency and CPU of each kind of request.
//
//   node test/bench.mjs [N]      (make bench-worker; N requests of each kind, 200 by default)
//
// It measures three workers on the same runtime: a plain JavaScript worker
// that reads KV once (test/baseline.mjs), what any worker pays; the Go
// worker as built (entry.mjs: one Go program per isolate, started with the
// isolate); and, when build-per-request/ exists, the same Go program
// started for every request, as syumai/workers' own worker.mjs does.
//
// CPU is read from /proc in nanoseconds, per thread, for the workerd
// process that runs the worker (wrangler puts a second one in front of it,
// a proxy, not counted): its runtime threads run the isolate (JavaScript
// and WebAssembly), HTTP, routing, the static-assets worker and KV's local
// store; V8's background threads compile and collect garbage beside it.
// The Workers CPU limit (10 ms a request on the free plan) counts the
// isolate's own share of the first, so a request's runtime-thread time is
// an upper bound of it, and its excess over the baseline's is Go's.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { processesIn, startWorker, workerDir } from "./devserver.mjs";

const N = Number(process.argv[2] ?? 200);
const scenario = readFileSync(join(workerDir, "..", "..", "testdata", "scenarios", "trust-policy.json"), "utf8");
const json = { "Content-Type": "application/json" };
// Each POST comes from an address of its own: the worker limits each
// client's POSTs (30 at once, then one per 20 s).
let client = 0;
const post = (body) => {
  const c = client++;
  return { method: "POST", headers: { ...json, "CF-Connecting-IP": `10.${(c >> 16) & 255}.${(c >> 8) & 255}.${c & 255}` }, body };
};
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const ms = (ns) => `${(ns / 1e6).toFixed(2)} ms`;

function size(build) {
  const wasm = readFileSync(join(workerDir, build, "app.wasm"));
  const js = ["entry.mjs", "wasm_exec.js", "runtime.mjs"].map((f) => readFileSync(join(workerDir, build, f)));
  console.log(`size: app.wasm ${kib(wasm.length)}, gzip -9 ${kib(gzipSync(wasm, { level: 9 }).length)}; ` +
    `with its JavaScript ${kib(gzipSync(Buffer.concat([wasm, ...js]), { level: 9 }).length)} (free plan limit: 3 MiB compressed)`);
}

/** cpu returns a process's CPU time so far, in ns: its runtime threads' and V8's background threads'. */
function cpu(pid) {
  const t = { runtime: 0, v8: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8");
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      t[comm.startsWith("V8") ? "v8" : "runtime"] += ns;
    } catch {
      // the thread ended while we looked
    }
  }
  return t;
}

async function timed(worker, kind) {
  const t = performance.now();
  const res = await fetch(worker.url + kind.path, kind.init);
  await res.arrayBuffer();
  const wall = performance.now() - t;
  if (res.status !== kind.status) throw new Error(`${kind.name}: ${res.status}, want ${kind.status}`);
  return wall;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(title, script, kindsOf) {
  console.log(`\n${title}`);
  const persistDir = mkdtempSync(join(tmpdir(), "slrplay-worker-bench-"));
  const worker = await startWorker({ persistDir, script });
  try {
    const runtimes = processesIn(worker.pgid).filter((p) => /workerd.*--inspector-addr/.test(p.cmd));
    if (runtimes.length !== 1) throw new Error(`expected one workerd running the worker: ${JSON.stringify(processesIn(worker.pgid))}`);
    const pid = runtimes[0].pid;
    const spent = async (f) => {
      const a = cpu(pid);
      const wall = await f();
      const b = cpu(pid);
      return { runtime: b.runtime - a.runtime, v8: b.v8 - a.v8, wall };
    };
    const cold = await spent(() => timed(worker, { name: "cold", path: "/api/share/AAAAAAAAAAA", status: 404 }));
    console.log(`  the isolate's first request (GET an unknown id): ${cold.wall.toFixed(1)} ms wall; CPU ${ms(cold.runtime)} runtime + ${ms(cold.v8)} V8 background`);
    console.log(`  ${N} requests of each kind, one at a time; CPU per request: runtime + V8 background; latency`);
    for (const kind of await kindsOf(worker)) {
      for (let i = 0; i < 10; i++) await timed(worker, kind); // warm the path
      const walls = [];
      const c = await spent(async () => {
        for (let i = 0; i < N; i++) walls.push(await timed(worker, kind));
      });
      walls.sort((a, b) => a - b);
      console.log(`    ${kind.name.padEnd(30)} ${ms(c.runtime / N).padStart(8)} + ${ms(c.v8 / N).padStart(8)}   p50 ${percentile(walls, 50).toFixed(2)} ms, p99 ${percentile(walls, 99).toFixed(2)} ms`);
    }
  } finally {
    const left = await worker.stop();
    rmSync(persistDir, { recursive: true, force: true });
    if (left.length > 0) throw new Error(`processes left behind: ${JSON.stringify(left)}`);
  }
}

const unknown = { name: "GET an unknown id", path: "/api/share/AAAAAAAAAAA", status: 404 };
const staticFile = { name: "static file (no worker)", path: "/config.json", status: 200 };
const staticMiss = { name: "static miss (no worker)", path: "/no-such-file", status: 404 };

// tooLarge is a POST of 1 MiB, answered 413 after 64 KiB; entry.mjs reads
// the rest before answering (syumai/workers' worker.mjs does not, and the
// runtime may reset the connection instead: not measured there).
const tooLarge = {
  name: "POST 1 MiB (413)", path: "/api/share", status: 413,
  get init() {
    return post(" ".repeat(1 << 20));
  },
};

async function goKinds(worker) {
  const { id } = await (await fetch(worker.url + "/api/share", post(scenario))).json();
  let seed = 1000;
  return [
    staticFile,
    unknown,
    { name: "GET a stored scenario", path: `/api/share/${id}`, status: 200 },
    {
      name: "POST a scenario again", path: "/api/share", status: 200,
      get init() {
        return post(scenario);
      },
    },
    {
      name: "POST a new scenario", path: "/api/share", status: 201,
      get init() {
        return post(scenario.replace('"seed": 1', `"seed": ${seed++}`));
      },
    },
  ];
}

size("build");
await measure("baseline: a JavaScript worker that reads KV once (test/baseline.mjs)", "test/baseline.mjs", () => [staticFile, staticMiss, unknown]);
await measure("as built: one Go program per isolate, started with it (entry.mjs)", undefined, async (w) => [staticMiss, ...(await goKinds(w)), tooLarge]);
if (existsSync(join(workerDir, "build-per-request", "worker.mjs"))) {
  await measure("for comparison: a Go program per request (syumai/workers' worker.mjs)", "build-per-request/worker.mjs", goKinds);
}
