// Builds the static page into a directory (web/dist by default): the
// esbuild bundles, the CSS, index.html with its Content-Security-Policy,
// the gallery (scenarios, lessons and example policies, read from
// testdata/ at build time), config.json, and a service worker that keeps
// the page working offline. The Makefile builds slrplay.wasm and passes it
// with wasm_exec.js; `make page` is the way to call this.
//
//   node build.mjs [--out DIR] [--wasm FILE] [--wasm-exec FILE] [--catalog FILE] [--reference FILE] [--share-api URL] [--cache DIR]
//
// --cache is where precompressed variants are kept between builds
// (.cache/precompressed; "" keeps none).
//
// The service catalog (core/slr/catalog.json) travels beside the
// WebAssembly rather than in it: the page hands it to the core at start.
// AWS's Service Authorization Reference (core/reference/catalog.txt) comes
// after the page is ready, as a name index and each service's details
// (reference/, written by core/reference's gen_page.go, which needs Go: $GO
// or go), and whole (reference.txt) for when many services are needed at
// once, or offline.

import { build, transform } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');

function args(argv) {
  const out = { out: path.join(here, 'dist'), wasm: '', wasmExec: '', catalog: path.join(repo, 'core/slr/catalog.json'), reference: path.join(repo, 'core/reference/catalog.txt'), shareApi: '', cache: path.join(repo, '.cache/precompressed') };
  for (let i = 0; i < argv.length; i++) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--out') out.out = path.resolve(v);
    else if (k === '--wasm') out.wasm = path.resolve(v);
    else if (k === '--wasm-exec') out.wasmExec = path.resolve(v);
    else if (k === '--catalog') out.catalog = path.resolve(v);
    else if (k === '--reference') out.reference = path.resolve(v);
    else if (k === '--share-api') out.shareApi = v || '';
    else if (k === '--cache') out.cache = v ? path.resolve(v) : '';
    else throw new Error(`build.mjs: unknown argument ${k}`);
    i++;
  }
  return out;
}

/** csp is the page's Content-Security-Policy; the short-link service's origin joins connect-src. */
export function csp(shareApi) {
  const connect = ["'self'"];
  if (/^https?:\/\//i.test(shareApi)) connect.push(new URL(shareApi).origin);
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** compressible names the files worth sending compressed: text and WebAssembly. */
const compressible = /\.(wasm|js|mjs|css|html|json|svg|txt|map)$/;

/**
 * precompress writes name.br and name.gz beside each file of dir worth
 * compressing (at least 1 KiB, and at least 10% smaller compressed), at
 * the strongest levels: `slrplay serve` sends the one the browser accepts.
 * A static host that compresses by itself (Cloudflare's assets) does not
 * want them: the Makefile's worker target leaves them out.
 *
 * Brotli at its strongest takes 20 s over the page's files, 11 of them on
 * the WebAssembly: the files are compressed at once on Node's thread pool,
 * and, given a cache directory, each variant is kept there under its
 * file's SHA-256, so that a build whose files did not change (the page
 * built again for the short-link tests, or after an edit of one script)
 * reads it back. The cache keeps what this build used, nothing else.
 */
export async function precompress(dir, cache = '') {
  if (cache) fs.mkdirSync(cache, { recursive: true });
  const used = new Set();
  const jobs = [];
  for (const name of fs.readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, name);
    if (!compressible.test(name) || !fs.statSync(file).isFile()) continue;
    const buf = fs.readFileSync(file);
    if (buf.length < 1024) continue;
    const key = createHash('sha256').update(buf).digest('hex');
    for (const [suffix, compress] of variants) {
      used.add(key + suffix);
      jobs.push(
        cached(cache, key + suffix, () => compress(buf)).then((z) => {
          if (z.length > buf.length * 0.9) return null;
          fs.writeFileSync(file + suffix, z);
          return { name: name + suffix, raw: buf.length, size: z.length };
        }),
      );
    }
  }
  const out = (await Promise.all(jobs)).filter(Boolean);
  // Only what precompress wrote there goes: --cache may name a directory that holds more.
  if (cache) for (const f of fs.readdirSync(cache)) if (/^[0-9a-f]{64}\.(br|gz)(\.tmp)?$/.test(f) && !used.has(f)) fs.rmSync(path.join(cache, f), { force: true });
  return out;
}

/** variants are the compressed forms precompress makes, each by its suffix. */
const variants = [
  ['.br', (buf) => promisify(zlib.brotliCompress)(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } })],
  ['.gz', (buf) => promisify(zlib.gzip)(buf, { level: 9 })],
];

/** cached reads name from the cache directory, or makes it and keeps it there (no cache: makes it). */
async function cached(cache, name, make) {
  const file = cache && path.join(cache, name);
  if (file && fs.existsSync(file)) return fs.readFileSync(file);
  const made = await make();
  if (file) {
    fs.writeFileSync(`${file}.tmp`, made);
    fs.renameSync(`${file}.tmp`, file); // whole or not at all
  }
  return made;
}

/** concepts reads learn/concepts.md: "## id: Title" sections. */
function concepts(text) {
  const out = {};
  const body = text.replace(/<!--[\s\S]*?-->/g, '');
  for (const part of body.split(/^## /m).slice(1)) {
    const nl = part.indexOf('\n');
    const m = /^([a-z0-9-]+):\s*(.+)$/.exec(part.slice(0, nl).trim());
    if (!m) throw new Error(`learn/concepts.md: a section starts "## id: Title", not "## ${part.slice(0, nl)}"`);
    out[m[1]] = { title: m[2], body: part.slice(nl + 1).trim() };
  }
  return out;
}

/** gallery gathers the scenarios of testdata/scenarios, their lessons, and the example policies. */
function gallery() {
  const lessons = JSON.parse(fs.readFileSync(path.join(here, 'learn/lessons.json'), 'utf8'));
  const known = concepts(fs.readFileSync(path.join(here, 'learn/concepts.md'), 'utf8'));
  const dir = path.join(repo, 'testdata/scenarios');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.golden.json'));
  const ids = files.map((f) => f.replace(/\.json$/, ''));
  const order = [...lessons.order.filter((id) => ids.includes(id)), ...ids.filter((id) => !lessons.order.includes(id)).sort()];
  const scenarios = order.map((id) => {
    const text = fs.readFileSync(path.join(dir, `${id}.json`), 'utf8');
    const doc = JSON.parse(text);
    const cs = lessons.concepts[id] || [];
    for (const c of cs) if (!known[c]) throw new Error(`learn/lessons.json: ${id} teaches an unknown concept ${c}`);
    return { id, title: doc.title, concepts: cs, text };
  });
  const policies = lessons.policies.map((p) => ({
    name: p.name,
    type: p.type,
    text: fs.readFileSync(path.join(repo, 'testdata/policies', p.file), 'utf8').replace(/\n$/, ''),
  }));
  return { scenarios, concepts: known, policies };
}

async function main() {
  const o = args(process.argv.slice(2));
  fs.rmSync(o.out, { recursive: true, force: true });
  fs.mkdirSync(o.out, { recursive: true });
  const defaultPolicy = fs.readFileSync(path.join(repo, 'testdata/policies/workmail-console-mfa-region.json'), 'utf8').replace(/\n$/, '');
  const common = { bundle: true, minify: true, target: ['es2022'], legalComments: 'none', logLevel: 'warning' };
  // What the page imports later (the policy editor's aids, once AWS's
  // reference is there) goes into chunks of its own: not in the first load.
  // The code app.js shares with them is a chunk too, which index.html
  // preloads beside app.js rather than after it.
  const app = await build({
    ...common,
    entryPoints: { app: path.join(here, 'src/main.js') },
    outdir: o.out,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    format: 'esm',
    metafile: true,
    define: { __DEFAULT_POLICY__: JSON.stringify(defaultPolicy) },
  });
  const chunks = fs.readdirSync(o.out).filter((f) => /^chunk-.*\.js$/.test(f));
  const appOut = Object.entries(app.metafile.outputs).find(([, v]) => v.entryPoint)[1];
  const preloads = appOut.imports.filter((i) => i.kind === 'import-statement').map((i) => `<link rel="modulepreload" href="${path.basename(i.path)}">\n`);
  await build({ ...common, entryPoints: [path.join(here, 'src/core-worker.js')], outfile: path.join(o.out, 'core-worker.js'), format: 'iife' });
  await build({ ...common, entryPoints: [path.join(here, 'src/boot.js')], outfile: path.join(o.out, 'boot.js'), format: 'iife' });
  const css = await transform(fs.readFileSync(path.join(here, 'src/style.css'), 'utf8'), { loader: 'css', minify: true });
  fs.writeFileSync(path.join(o.out, 'app.css'), css.code);
  const html = fs
    .readFileSync(path.join(here, 'index.html'), 'utf8')
    .replace('{{CSP}}', csp(o.shareApi))
    .replace('<script type="module" src="app.js"></script>\n', (tag) => tag + preloads.join(''));
  fs.writeFileSync(path.join(o.out, 'index.html'), html);
  fs.writeFileSync(path.join(o.out, 'gallery.json'), JSON.stringify(gallery()));
  fs.writeFileSync(path.join(o.out, 'config.json'), JSON.stringify({ shareApi: o.shareApi }) + '\n');
  // Hosts that read a _headers file (Cloudflare's static assets, the
  // worker's among them) send the same policy as a header, where
  // frame-ancestors, which a <meta> cannot set, takes effect too.
  fs.writeFileSync(
    path.join(o.out, '_headers'),
    `/*\n  Content-Security-Policy: ${csp(o.shareApi)}; frame-ancestors 'none'\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n`,
  );
  for (const [from, name] of [
    [o.wasm, 'slrplay.wasm'],
    [o.wasmExec, 'wasm_exec.js'],
    [o.catalog, 'catalog.json'],
    // AWS's Service Authorization Reference, fetched once the page is ready.
    [o.reference, 'reference.txt'],
  ]) {
    if (!from) continue;
    fs.copyFileSync(from, path.join(o.out, name));
  }
  // The name index and each service's details, split from the whole.
  execFileSync(process.env.GO || 'go', ['run', 'gen_page.go', '-in', o.reference, '-out', path.join(o.out, 'reference')], { cwd: path.join(repo, 'core/reference'), stdio: ['ignore', 'inherit', 'inherit'] });
  // Each service's action and key descriptions, fetched by the editor's
  // hover the first time it shows one of that service's: none weighs on the
  // first load. descriptions.json has them all, for the service worker to
  // keep once the page is ready: the hover's descriptions work offline.
  const descDir = path.join(path.dirname(o.reference), 'descriptions');
  fs.cpSync(descDir, path.join(o.out, 'descriptions'), { recursive: true });
  const bundle = { about: '', services: {} };
  for (const f of fs.readdirSync(descDir).filter((n) => n.endsWith('.json')).sort()) {
    const { about, service, ...d } = JSON.parse(fs.readFileSync(path.join(descDir, f), 'utf8'));
    bundle.about = about;
    bundle.services[service] = d;
  }
  fs.writeFileSync(path.join(o.out, 'descriptions.json'), JSON.stringify(bundle));
  // The service worker caches what the page needs, under a name that
  // changes with the files, so a new build replaces the old cache.
  const files = ['./', 'index.html', 'app.js', ...chunks, 'app.css', 'core-worker.js', 'boot.js', 'wasm_exec.js', 'slrplay.wasm', 'catalog.json', 'reference/index.txt', 'reference.txt', 'descriptions.json', 'gallery.json', 'config.json'];
  const hash = createHash('sha256');
  for (const f of files.slice(1)) {
    const p = path.join(o.out, f);
    if (fs.existsSync(p)) hash.update(fs.readFileSync(p));
  }
  const sw = fs.readFileSync(path.join(here, 'src/sw.js'), 'utf8').replace('{{VERSION}}', hash.digest('hex').slice(0, 16)).replace('{{FILES}}', JSON.stringify(files));
  fs.writeFileSync(path.join(o.out, 'sw.js'), (await transform(sw, { minify: true })).code);
  // Last, once every file is final: a variant older than its file is not served.
  const zipped = await precompress(o.out, o.cache);
  const kB = (n) => `${(n / 1000).toFixed(0)} kB`;
  const br = zipped.filter((z) => z.name.endsWith('.br'));
  console.log(`built the page into ${path.relative(process.cwd(), o.out) || '.'}; precompressed ${br.length} files, ${kB(br.reduce((a, z) => a + z.raw, 0))} -> ${kB(br.reduce((a, z) => a + z.size, 0))} with brotli`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err.message || err);
    process.exit(1);
  });
}
