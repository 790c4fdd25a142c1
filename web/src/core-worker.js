// The page's second core instance: the same WebAssembly module, compiled
// once by the page and sent here, answering the page's heavy calls (lint,
// evaluate, run) off the main thread. main.go registers self.slrplay; a
// worker has no document, so nothing else is touched.
/* global Go, importScripts */
importScripts('wasm_exec.js');

self.onmessage = async (e) => {
  const m = e.data;
  if (m && m.type === 'init') {
    try {
      self.slrplayCatalog = m.catalog;
      const go = new Go();
      const instance = await WebAssembly.instantiate(m.module, go.importObject);
      go.run(instance);
      if (!self.slrplay) throw new Error('the core did not register slrplay');
      self.postMessage({ type: 'ready' });
    } catch (err) {
      self.postMessage({ type: 'failed', message: String((err && err.message) || err) });
    }
    return;
  }
  try {
    self.postMessage({ id: m.id, result: self.slrplay[m.fn](...m.args) });
  } catch (err) {
    self.postMessage({ id: m.id, error: `the core failed: ${(err && err.message) || err}` });
  }
};
