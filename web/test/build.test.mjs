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

test('each file worth compressing gets .br and .gz beside it, which decode to it', () => {
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
    const made = precompress(dir).map((z) => z.name).sort();
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
