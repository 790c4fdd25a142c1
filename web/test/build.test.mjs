// build.mjs's precompression: what slrplay serve sends a browser that
// accepts brotli or gzip. No browser needed.

import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { precompress } from '../build.mjs';

test('each file worth compressing gets .br and .gz beside it, which decode to it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slrplay-build-'));
  try {
    const js = 'export const answer = 42;\n'.repeat(200);
    const files = {
      'app.js': js,
      'sub/data.json': JSON.stringify({ list: Array.from({ length: 300 }, (_, i) => ({ i })) }),
      'config.json': '{"shareApi": ""}\n', // too small to be worth it
      'noise.wasm': crypto.randomBytes(4096), // does not shrink
      'picture.png': 'x'.repeat(4096), // not a type worth compressing
    };
    for (const [name, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), body);
    }
    const made = (await precompress(dir)).map((z) => z.name).sort();
    assert.deepEqual(made, ['app.js.br', 'app.js.gz', 'sub/data.json.br', 'sub/data.json.gz'].map((n) => n.split('/').join(path.sep)));
    assert.equal(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, 'app.js.br'))).toString(), js);
    assert.equal(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'app.js.gz'))).toString(), js);
    assert.equal(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'sub/data.json.gz'))).toString(), files['sub/data.json']);
    for (const name of ['config.json', 'noise.wasm', 'picture.png']) {
      assert.equal(fs.existsSync(path.join(dir, `${name}.br`)) || fs.existsSync(path.join(dir, `${name}.gz`)), false, name);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a cache keeps each variant under its file’s content, is read back, and keeps only what the last build used', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slrplay-build-'));
  const [site, cache] = [path.join(root, 'site'), path.join(root, 'cache')];
  const js = 'export const answer = 42;\n'.repeat(200);
  const sha = crypto.createHash('sha256').update(js).digest('hex');
  try {
    fs.mkdirSync(site);
    fs.writeFileSync(path.join(site, 'app.js'), js);
    fs.writeFileSync(path.join(site, 'old.js'), 'export const old = 1;\n'.repeat(200));
    fs.mkdirSync(cache);
    fs.writeFileSync(path.join(cache, 'notes.txt'), 'not the cache’s'); // a directory that holds more
    await precompress(site, cache);
    assert.equal(fs.readdirSync(cache).length, 5);
    assert.equal(zlib.brotliDecompressSync(fs.readFileSync(path.join(cache, `${sha}.br`))).toString(), js);
    // A variant in the cache is what the next build writes, not made again:
    // one planted there under app.js's hash comes back beside it.
    const planted = zlib.gzipSync(js, { level: 1 });
    fs.writeFileSync(path.join(cache, `${sha}.gz`), planted);
    fs.rmSync(path.join(site, 'old.js'));
    for (const f of fs.readdirSync(site).filter((n) => /\.(br|gz)$/.test(n))) fs.rmSync(path.join(site, f));
    await precompress(site, cache);
    assert.deepEqual(fs.readFileSync(path.join(site, 'app.js.gz')), planted);
    assert.deepEqual(fs.readdirSync(cache).sort(), [`${sha}.br`, `${sha}.gz`, 'notes.txt'], "old.js's variants are gone from the cache, and only they");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
