// Runs the built worker (make worker) in the real Workers runtime, workerd
// through `wrangler dev --local`, on free loopback ports, and stops it
// leaving no process behind, also when this process is interrupted. With
// the helpers that look for processes in /proc, it is shared by the tests
// and the benchmark.
import { spawn } from "node:child_process";
import { request } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const workerDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = join(workerDir, "node_modules", "wrangler", "bin", "wrangler.js");

// READY_MS bounds the wait for the runtime to answer; STOP_MS the wait for
// it to exit once told to.
const READY_MS = 60_000;
const STOP_MS = 10_000;

/** freePort returns a loopback port no one listens on now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** processes lists the live processes: [{pid, ppid, pgid, cmd}]; a zombie,
 * ended but not yet reaped by its parent, is not live. */
export function processes() {
  const found = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const f = statFields(Number(name));
      if (f.state === "Z") continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      found.push({ pid: Number(name), ppid: f.ppid, pgid: f.pgid, cmd });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** processesIn lists the live processes of a process group: [{pid, cmd}]. */
export function processesIn(pgid) {
  return processes().filter((p) => p.pgid === pgid).map(({ pid, cmd }) => ({ pid, cmd }));
}

/** running reports whether a process is live. */
export function running(pid) {
  try {
    return statFields(pid).state !== "Z";
  } catch {
    return false;
  }
}

// statFields reads /proc/PID/stat: the fields after the command's closing
// parenthesis are state, ppid, pgrp, ..., utime (12th) and stime (13th).
function statFields(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { state: f[0], ppid: Number(f[1]), pgid: Number(f[2]), ticks: Number(f[11]) + Number(f[12]) };
}

/** cpuSeconds is the CPU time (user + system) a process has used so far,
 * in steps of a clock tick (1/100 s on Linux). */
export function cpuSeconds(pid) {
  return statFields(pid).ticks / 100;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * startWorker runs the worker (or, given a script, that entry instead of
 * wrangler.jsonc's) with its KV namespace persisted in persistDir and
 * resolves once it answers, within READY_MS. The result has
 * the base url, the process group id, the log so far, and stop().
 */
export async function startWorker({ persistDir, script }) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = [
    wrangler, "dev", ...(script ? [script] : []), "--local", "--ip", "127.0.0.1",
    "--port", String(port), "--inspector-port", String(inspectorPort),
    "--persist-to", persistDir, "--show-interactive-dev-session=false", "--log-level", "warn",
  ];
  const child = spawn(process.execPath, args, {
    cwd: workerDir,
    detached: true, // its own process group, so that stop() reaches workerd too
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false", // no request for the cf object: the machine may be offline
      WRANGLER_LOG_PATH: join(persistDir, "logs"),
      NO_COLOR: "1",
    },
  });
  // If this process ends before stop(), the worker's group goes with it.
  const killGroup = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  };
  const onSignal = (signal) => {
    killGroup();
    process.exit(128 + (signal === "SIGINT" ? 2 : 15));
  };
  process.on("exit", killGroup);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  let exited = null;
  const exit = new Promise((resolve) => child.on("exit", (code, signal) => resolve((exited = { code, signal }))));
  const url = `http://127.0.0.1:${port}`;
  const worker = {
    url,
    inspectorPort,
    pgid: child.pid,
    log: () => log,
    async stop() {
      if (exited === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {}
        await Promise.race([exit, sleep(STOP_MS)]);
      }
      // Whatever is left of the group, wrangler's children included, goes now.
      const deadline = Date.now() + STOP_MS;
      while (processesIn(child.pid).length > 0 && Date.now() < deadline) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
        await sleep(100);
      }
      process.off("exit", killGroup);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      return processesIn(child.pid);
    },
  };
  const deadline = Date.now() + READY_MS;
  for (;;) {
    if (exited !== null) {
      await worker.stop();
      throw new Error(`wrangler dev exited (${JSON.stringify(exited)}) before it was ready:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/config.json`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return worker;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await worker.stop();
      throw new Error(`the worker did not answer within ${READY_MS / 1000} s:\n${log}`);
    }
    await sleep(200);
  }
}

/** workerdPids lists the workerd processes of a running worker. */
export function workerdPids(worker) {
  return processesIn(worker.pgid)
    .filter((p) => p.cmd.includes("workerd"))
    .map((p) => p.pid);
}

/**
 * postChunked POSTs size bytes of spaces to url in chunks of 16 KiB, with
 * Transfer-Encoding: chunked (no Content-Length), and resolves with
 * {status, body, sent}, or {error, sent} when the connection fails.
 */
export function postChunked(url, size, headers = {}) {
  return new Promise((resolve) => {
    const req = request(url, { method: "POST", headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked", ...headers } });
    const chunk = Buffer.alloc(16 << 10, " ");
    let sent = 0;
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body, sent }));
      res.on("error", (e) => resolve({ error: e.code ?? e.message, sent }));
    });
    req.on("error", (e) => resolve({ error: e.code ?? e.message, sent }));
    const pump = () => {
      while (sent < size) {
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += part.length;
        if (!req.write(part)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}
