// The worker's entry point. syumai/workers' own worker.mjs starts a new Go
// program for every request, which costs more CPU than the handler itself
// (README.md has the figures). This entry starts one program per isolate,
// while the runtime starts the isolate, and hands it every request.
//
// wasm_exec.js and runtime.mjs are written by workers-assets-gen -mode=go;
// app.wasm is the Go program built from this folder.
import "./wasm_exec.js";
import mod from "./app.wasm";
import { createRuntimeContext } from "./runtime.mjs";

// syumai/workers calls this from Go to catch JavaScript exceptions.
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: e };
  }
};

// context is the object the Go program sees as globalThis.context: the
// binding it registers handleRequest on, and the env (bindings and vars)
// it reads KV and its settings from, which each request sets (it is the
// same for every request of an isolate). ctx is the latest request's, not
// necessarily the one Go is serving: the program must not use
// cloudflare.WaitUntil or PassThroughOnException.
const context = createRuntimeContext({ env: undefined, ctx: undefined, binding: {} });

// startingIsolate is true while this module is evaluated, as the isolate
// starts.
let startingIsolate = false;

// program is the running program's readiness: undefined before it starts
// and after it exits (a Go panic), so that the next request starts anew.
let program;

function start() {
  const go = new Go();
  // The Go runtime seeds its hash tables and scheduler from random bytes
  // as it starts; while an isolate starts, workerd refuses to make any
  // (crypto.getRandomValues throws), so then they come from Math.random.
  // Later calls, crypto/rand's among them, get crypto.getRandomValues.
  const getRandomData = go.importObject.gojs["runtime.getRandomData"];
  go.importObject.gojs["runtime.getRandomData"] = (sp) => {
    if (!startingIsolate) return getRandomData(sp);
    sp >>>= 0;
    const mem = new DataView(go._inst.exports.mem.buffer);
    const int64 = (addr) => mem.getUint32(addr, true) + mem.getInt32(addr + 4, true) * 4294967296;
    const bytes = new Uint8Array(mem.buffer, int64(sp + 8), int64(sp + 16)); // the []byte argument
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.random() * 256;
  };
  let ready;
  const isReady = new Promise((resolve) => {
    ready = resolve;
  });
  const instance = new WebAssembly.Instance(mod, {
    ...go.importObject,
    workers: { ready: () => ready() },
  });
  const exited = go.run(instance, context);
  const running = Promise.race([
    isReady,
    exited.then(() => {
      throw new Error("the short-link service stopped before it was ready");
    }),
  ]);
  const forget = () => {
    if (program === running) program = undefined;
  };
  exited.then(forget);
  running.catch(forget);
  return running;
}

// Start the program with the isolate: its start and warm-up (main.go) then
// count as the isolate's start-up time, not as its first request's CPU
// time. If it cannot start here, the first request starts it.
startingIsolate = true;
try {
  program = start();
} catch (e) {
  console.error("the short-link service could not start with the isolate:", e);
  program = undefined;
} finally {
  startingIsolate = false;
}

// serve hands a request to the Go program and returns its answer only once
// the request's body has all arrived. An answer that goes out while the
// body is still coming (the Go program answers 413 after 64 KiB, and 415,
// 429 or 405 without reading it at all) makes the runtime reset the
// connection or, under wrangler dev, its proxy answer 503, at random. So
// the program reads the body through a stream of its own, and what it
// leaves is read and dropped here, in JavaScript, which costs the Go
// program nothing. The platform bounds how much that can be (100 MB on the
// free plan).
async function serve(request) {
  if (request.body === null) return context.binding.handleRequest(request);
  // The runtime's body stream takes one read at a time: the drain waits
  // for the read the program's stream may have under way.
  const reader = request.body.getReader();
  let reading = Promise.resolve();
  const body = new ReadableStream(
    {
      pull(controller) {
        reading = reader.read().then(({ done, value }) => (done ? controller.close() : controller.enqueue(value)));
        return reading;
      },
    },
    { highWaterMark: 0 }, // nothing read ahead of the program
  );
  try {
    return await context.binding.handleRequest(new Request(request, { body }));
  } finally {
    try {
      await reading;
      while (!(await reader.read()).done);
    } catch {
      // the client went away: no one reads the answer either
    }
  }
}

export default {
  async fetch(request, env, ctx) {
    context.env = env;
    context.ctx = ctx;
    program ??= start();
    await program;
    return serve(request);
  },
};
