// End-to-end test of the built worker (make worker) in the real Workers
// runtime: workerd through `wrangler dev --local`, on free loopback ports,
// with its KV namespace in a temporary folder. It checks every answer of
// the service, the page's files, persistence across a restart, 200
// concurrent shares, the limit on each client's POSTs and bodies far over
// the limit, and that no process is left behind.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { postChunked, processesIn, running, startWorker, workerDir, workerdPids } from "./devserver.mjs";

const scenario = readFileSync(join(workerDir, "..", "..", "testdata", "scenarios", "trust-policy.json"), "utf8");
const page = "http://127.0.0.1:8080"; // allowed by wrangler.jsonc's ALLOWED_ORIGINS
const json = { "Content-Type": "application/json" };
const idForm = /^[A-Za-z0-9_-]{11}$/;

const persistDir = mkdtempSync(join(tmpdir(), "slrplay-worker-test-"));
let worker;
const seen = new Set(); // every workerd process the test started
const started = []; // every worker the test started

async function start() {
  worker = await startWorker({ persistDir });
  started.push(worker);
  for (const pid of workerdPids(worker)) seen.add(pid);
  assert.ok(seen.size > 0, "no workerd process runs the worker");
  return worker;
}

async function stop() {
  const left = await worker.stop();
  assert.deepEqual(left, [], "processes left behind");
}

const call = (path, init) => fetch(worker.url + path, init);
const share = (body, headers = json) => call("/api/share", { method: "POST", headers, body });

async function errorOf(res, status) {
  assert.equal(res.status, status, `status of ${res.url}`);
  assert.match(res.headers.get("content-type"), /^application\/json/);
  assert.equal(res.headers.get("cache-control"), "no-store");
  const body = await res.json();
  assert.equal(typeof body.error, "string");
  return body.error;
}

before(start, { timeout: 90_000 });

after(async () => {
  for (const w of started) await w.stop();
  rmSync(persistDir, { recursive: true, force: true });
  for (const w of started) assert.deepEqual(processesIn(w.pgid), [], "processes left behind");
  for (const pid of seen) assert.ok(!running(pid), `workerd ${pid} still runs`);
});

describe("the page", () => {
  test("GET / serves the page's index.html", async () => {
    const res = await call("/");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^text\/html/);
    assert.match(res.headers.get("content-security-policy"), /default-src 'self'.*'wasm-unsafe-eval'/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(await res.text(), readFileSync(join(workerDir, "build", "assets", "index.html"), "utf8"));
  });

  test("/config.json points the short-link button at this service", async () => {
    const res = await call("/config.json");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^application\/json/);
    assert.deepEqual(await res.json(), { shareApi: "/api/share" });
  });

  test("a path that is neither a file nor the service is 404, from the platform, not the Go program", async () => {
    const page404 = readFileSync(join(workerDir, "404.html"), "utf8");
    for (const path of ["/no-such-file", "/assets/no-such.js", "/_headers"]) {
      const res = await call(path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get("content-type"), /^text\/html/, path);
      assert.equal(await res.text(), page404, `${path}: not the page's 404.html (the worker answered?)`);
    }
  });
});

describe("the short-link service", () => {
  let id;

  test("POST stores a scenario: 201 and its id", async () => {
    const res = await share(scenario);
    assert.equal(res.status, 201, await res.clone().text());
    ({ id } = await res.json());
    assert.match(id, idForm);
    assert.equal(res.headers.get("location"), `/api/share/${id}`);
  });

  test("the same scenario, laid out otherwise, again: 200 and the same id", async () => {
    const res = await share(JSON.stringify(JSON.parse(scenario), null, "\t"), { "Content-Type": "application/json; charset=utf-8" });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { id });
    const other = await share(scenario.replace('"seed": 1', '"seed": 2'));
    assert.equal(other.status, 201);
    assert.notEqual((await other.json()).id, id);
  });

  test("GET gives the minified scenario back, with or without a trailing slash", async () => {
    for (const path of [`/api/share/${id}`, `/api/share/${id}/`]) {
      const res = await call(path);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/json");
      assert.match(res.headers.get("cache-control"), /immutable/);
      const text = await res.text();
      assert.ok(!/\n/.test(text), "not minified");
      assert.deepEqual(JSON.parse(text), JSON.parse(scenario));
    }
  });

  test("HEAD answers the headers only", async () => {
    const res = await call(`/api/share/${id}`, { method: "HEAD" });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal(await res.text(), "");
  });

  test("an unknown id is 404, a malformed one 400", async () => {
    assert.match(await errorOf(await call("/api/share/AAAAAAAAAAA"), 404), /no scenario/);
    assert.equal((await call("/api/share/AAAAAAAAAAA", { method: "HEAD" })).status, 404);
    await errorOf(await call("/api/share/AAAAAAAAAAA/x"), 404);
    for (const bad of ["abc", "AAAAAAAAAAAA", "AAAAAAAAAA%2E"]) {
      assert.match(await errorOf(await call(`/api/share/${bad}`), 400), /not a short-link id/, bad);
    }
  });

  test("an id with a line end is not an id (400), not a lookup of what it trims to", async () => {
    for (const bad of [`${id.slice(0, 10)}%0A`, `${id.slice(0, 9)}%0D%0A`, `%0A${id.slice(0, 10)}`, `${id}%0A`]) {
      assert.match(await errorOf(await call(`/api/share/${bad}`), 400), /not a short-link id/, bad);
    }
  });

  test("an empty POST is 400, not a crash", async () => {
    assert.match(await errorOf(await call("/api/share", { method: "POST" }), 400), /empty/);
    assert.match(await errorOf(await share(""), 400), /empty/);
  });

  test("a document that is not a scenario is 400 with the reason", async () => {
    assert.match(await errorOf(await share('{"scenario": 1,'), 400), /not a scenario/);
    assert.match(await errorOf(await share('{"scenario": 1}'), 400), /"steps"/);
    assert.match(await errorOf(await share('{"steps": []}'), 400), /"scenario": 1/);
  });

  test("more than 64 KiB is 413", async () => {
    const big = scenario.replace('"steps"', `"padding": "${"x".repeat(64 * 1024)}", "steps"`);
    assert.match(await errorOf(await share(big), 413), /64 KiB/);
    const declared = await share(" ".repeat(4 << 20));
    assert.match(await errorOf(declared, 413), /64 KiB/, "4 MiB with its Content-Length");
    const atLimit = scenario + " ".repeat(64 * 1024 - Buffer.byteLength(scenario));
    assert.equal((await share(atLimit)).status, 200, "exactly 64 KiB is accepted");
  });

  // The runtime resets the connection (or wrangler's proxy answers 503) if
  // the answer goes out before the body has arrived: entry.mjs reads it to
  // its end first.
  test("a chunked body just over and far over 64 KiB is 413, every time", { timeout: 120_000 }, async () => {
    for (const size of [64 * 1024 + 1, 64 * 1024 + 16 * 1024, 8 << 20]) {
      for (let i = 0; i < 5; i++) {
        const res = await postChunked(`${worker.url}/api/share`, size, { "CF-Connecting-IP": "198.51.100.1" });
        assert.equal(res.status, 413, `${size} bytes, try ${i + 1}: ${JSON.stringify(res).slice(0, 200)}`);
        assert.equal(res.sent, size);
        assert.match(JSON.parse(res.body).error, /64 KiB/);
      }
    }
  });

  test("an answer that does not read the body waits for it all the same", { timeout: 60_000 }, async () => {
    for (let i = 0; i < 3; i++) {
      const typed = await postChunked(`${worker.url}/api/share`, 1 << 20, { "Content-Type": "text/plain", "CF-Connecting-IP": "198.51.100.2" });
      assert.equal(typed.status, 415, JSON.stringify(typed).slice(0, 200));
      const toId = await postChunked(`${worker.url}/api/share/${id}`, 1 << 20, { "CF-Connecting-IP": "198.51.100.2" });
      assert.equal(toId.status, 405, JSON.stringify(toId).slice(0, 200));
    }
  });

  test("a client may POST 30 at once, then one every 20 s: 429 with Retry-After", async () => {
    const from = (ip) => ({ ...json, "CF-Connecting-IP": ip });
    for (let i = 0; i < 30; i++) {
      const res = await share('{"scenario": 1,', from("203.0.113.50")); // refused ones count too
      assert.equal(res.status, 400, `POST ${i + 1}`);
      await res.arrayBuffer();
    }
    const res = await share(scenario, from("203.0.113.50"));
    assert.match(await errorOf(res, 429), /try again in \d+ s/);
    const wait = Number(res.headers.get("retry-after"));
    assert.ok(wait >= 1 && wait <= 20, `Retry-After ${res.headers.get("retry-after")}`);
    const big = await postChunked(`${worker.url}/api/share`, 1 << 20, { "CF-Connecting-IP": "203.0.113.50" });
    assert.equal(big.status, 429, "a limited client's large body: " + JSON.stringify(big).slice(0, 200));
    assert.equal((await share(scenario, from("203.0.113.51"))).status, 200, "another client");
    assert.equal((await call(`/api/share/${id}`, { headers: { "CF-Connecting-IP": "203.0.113.50" } })).status, 200, "GETs are not limited");
  });

  test("a body that is not JSON by its type is 415", async () => {
    assert.match(await errorOf(await share(scenario, { "Content-Type": "text/plain" }), 415), /application\/json/);
  });

  test("other methods are 405 with Allow", async () => {
    for (const [method, path, allow] of [
      ["GET", "/api/share", "POST, OPTIONS"],
      ["PUT", `/api/share/${id}`, "GET, HEAD, OPTIONS"],
      ["DELETE", `/api/share/${id}`, "GET, HEAD, OPTIONS"],
      ["POST", `/api/share/${id}`, "GET, HEAD, OPTIONS"],
    ]) {
      const res = await call(path, { method, body: method === "GET" || method === "DELETE" ? undefined : scenario, headers: json });
      await errorOf(res, 405);
      assert.equal(res.headers.get("allow"), allow, `${method} ${path}`);
    }
  });

  test("CORS: the configured page's origin may call, others may not", async () => {
    const preflight = (origin, path = "/api/share") =>
      call(path, { method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" } });
    const ok = await preflight(page);
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get("access-control-allow-origin"), page);
    assert.match(ok.headers.get("access-control-allow-methods"), /POST/);
    assert.match(ok.headers.get("access-control-allow-headers"), /content-type/i);
    assert.match(await errorOf(await preflight("https://elsewhere.example"), 403), /ALLOWED_ORIGINS/);
    const get = await call(`/api/share/${id}`, { headers: { Origin: page } });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get("access-control-allow-origin"), page);
    assert.match(get.headers.get("vary"), /Origin/);
    const post = await call("/api/share", { method: "POST", headers: { ...json, Origin: page }, body: scenario });
    assert.equal(post.headers.get("access-control-allow-origin"), page);
    assert.equal(post.headers.get("access-control-expose-headers"), "Location");
  });

  test("200 concurrent POST/GET pairs: nothing lost or mixed up", { timeout: 120_000 }, async () => {
    const docs = Array.from({ length: 200 }, (_, i) => scenario.replace('"seed": 1', `"seed": ${100 + i}`));
    const results = await Promise.all(
      docs.map(async (doc, i) => {
        const res = await share(doc, { ...json, "CF-Connecting-IP": `10.0.${i >> 8}.${i & 255}` }); // 200 clients
        const body = await res.json();
        assert.equal(res.status, 201, JSON.stringify(body));
        const got = await call(`/api/share/${body.id}`);
        assert.equal(got.status, 200);
        assert.deepEqual(JSON.parse(await got.text()), JSON.parse(doc));
        return body.id;
      }),
    );
    assert.equal(new Set(results).size, docs.length, "two scenarios got the same id");
  });

  test("scenarios survive a restart of the runtime", { timeout: 120_000 }, async () => {
    const before = await (await call(`/api/share/${id}`)).text();
    const oldPids = workerdPids(worker);
    await stop();
    for (const pid of oldPids) assert.ok(!running(pid), `workerd ${pid} outlived its stop`);
    await start();
    const res = await call(`/api/share/${id}`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), before);
  });
});
