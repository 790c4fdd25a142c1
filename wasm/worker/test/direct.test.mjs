// The built worker straight on workerd (miniflare, without the proxy that
// `wrangler dev` puts in front): only there does a POST without a body or
// a Content-Length reach the worker as it does on Cloudflare, with a null
// body, which syumai/workers v0.33.0 turns into a nil r.Body. Here the test
// also reaches into the KV namespace: the TTL of what is stored, and a
// damaged value.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Miniflare } from "miniflare";
import { postChunked, processes, running, workerDir } from "./devserver.mjs";

const build = join(workerDir, "build");
const scenario = readFileSync(join(workerDir, "..", "..", "testdata", "scenarios", "trust-policy.json"), "utf8");
const persistDir = mkdtempSync(join(tmpdir(), "slrplay-worker-direct-"));
let mf, url, workerds;

before(async () => {
  mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    cf: false,
    modules: true,
    modulesRoot: build,
    scriptPath: join(build, "entry.mjs"),
    modulesRules: [
      { type: "ESModule", include: ["**/*.mjs", "**/*.js"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: JSON.parse(
      readFileSync(join(workerDir, "wrangler.jsonc"), "utf8").replace(/^\s*\/\/.*$/gm, ""),
    ).compatibility_date,
    kvNamespaces: ["SHARES"],
    kvPersist: persistDir,
    bindings: { ALLOWED_ORIGINS: "http://127.0.0.1:8080" },
  });
  url = new URL(await mf.ready);
  // miniflare runs workerd as a child of this process.
  workerds = processes().filter((p) => p.ppid === process.pid && p.cmd.includes("workerd"));
  assert.ok(workerds.length > 0, "no workerd runs the worker");
}, { timeout: 60_000 });

after(async () => {
  await mf?.dispose();
  rmSync(persistDir, { recursive: true, force: true });
  for (const p of workerds ?? []) assert.ok(!running(p.pid), `workerd ${p.pid} still runs`);
});

/**
 * raw sends one HTTP/1.1 request exactly as written and returns the status
 * and body: once the body its Content-Length announces is in (workerd may
 * keep the connection a few seconds after it), or the connection ends.
 */
function raw(request) {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), "127.0.0.1");
    let data = "";
    const answer = () => ({ status: Number(data.split(" ")[1]), body: data.slice(data.indexOf("\r\n\r\n") + 4) });
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer within 10 s")));
    socket.on("data", (d) => {
      data += d;
      const end = data.indexOf("\r\n\r\n");
      const length = end < 0 ? null : /^content-length:\s*(\d+)/im.exec(data.slice(0, end));
      if (length && Buffer.byteLength(data.slice(end + 4)) >= Number(length[1])) {
        socket.destroy();
        resolve(answer());
      }
    });
    socket.on("error", reject);
    socket.on("end", () => resolve(answer()));
    socket.write(request.replaceAll("\n", "\r\n"));
  });
}

test("a POST with no body at all is 400, and the program goes on", async () => {
  const res = await raw(`POST /api/share HTTP/1.1\nHost: ${url.host}\nConnection: close\n\n`);
  assert.equal(res.status, 400, res.body);
  assert.match(res.body, /empty/);
  const again = await fetch(new URL("/api/share", url), { method: "POST", headers: { "Content-Type": "application/json" }, body: scenario });
  assert.equal(again.status, 201, await again.clone().text());
  const { id } = await again.json();
  const got = await fetch(new URL(`/api/share/${id}`, url));
  assert.equal(got.status, 200);
  assert.deepEqual(await got.json(), JSON.parse(scenario));
});

test("a DELETE with no body is 405", async () => {
  const res = await raw(`DELETE /api/share/AAAAAAAAAAA HTTP/1.1\nHost: ${url.host}\nConnection: close\n\n`);
  assert.equal(res.status, 405, res.body);
});

test("a stored scenario expires 90 days after it is first shared", async () => {
  const doc = scenario.replace('"seed": 1', '"seed": 90');
  const before = Date.now() / 1000;
  const res = await fetch(new URL("/api/share", url), { method: "POST", headers: { "Content-Type": "application/json" }, body: doc });
  assert.equal(res.status, 201);
  const { id } = await res.json();
  const kv = await mf.getKVNamespace("SHARES");
  const key = (await kv.list()).keys.find((k) => k.name === id);
  assert.ok(key, `${id} is not in KV`);
  const days = (key.expiration - before) / 86400;
  assert.ok(days > 89.99 && days < 90.01, `expires in ${days} days`);
});

test("a value in KV that is not the scenario of its id is never served; sharing it again repairs it", async () => {
  const res = await fetch(new URL("/api/share", url), { method: "POST", headers: { "Content-Type": "application/json" }, body: scenario });
  assert.ok(res.ok);
  const { id } = await res.json();
  const kv = await mf.getKVNamespace("SHARES");
  const good = await kv.get(id);
  for (const bad of [good.slice(0, good.length / 2), good.replace('"seed":1', '"seed":7')]) {
    await kv.put(id, bad);
    const got = await fetch(new URL(`/api/share/${id}`, url));
    assert.equal(got.status, 500, "a damaged value was served");
    assert.match((await got.json()).error, /not the scenario of that id/);
    const again = await fetch(new URL("/api/share", url), { method: "POST", headers: { "Content-Type": "application/json" }, body: scenario });
    assert.equal(again.status, 201, await again.clone().text());
    assert.equal(await kv.get(id), good);
    assert.deepEqual(await (await fetch(new URL(`/api/share/${id}`, url))).json(), JSON.parse(scenario));
  }
});

test("a chunked body over 64 KiB is 413 every time, straight on workerd too", { timeout: 60_000 }, async () => {
  for (const size of [64 * 1024 + 1, 8 << 20]) {
    for (let i = 0; i < 5; i++) {
      const res = await postChunked(new URL("/api/share", url), size);
      assert.equal(res.status, 413, `${size} bytes, try ${i + 1}: ${JSON.stringify(res).slice(0, 200)}`);
    }
  }
});
