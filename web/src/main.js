// The playground page: the policy editor shows at once, the core loads
// beside it, and a link in the URL fragment (#s=1.… or #id=…) is opened
// once the core is there. Every failure ends in a readable message over a
// working, empty playground, never a blank page. A core that stops is said
// so and started again, over the page as it was; a link that stopped it is
// not run again by a reload (see stoppedlinks.js).

import { h, replace, debounce } from './dom.js';
import * as core from './core.js';
import { initPolicies, loadPlayground, playground, readPlayground, emptyPlayground, defaultPlayground, setPrincipals, recheckPolicies, enableAids } from './evaluate.js';
import { initScenarios, openScenario, current, closeScenario, setGallery, rerunScenario } from './scenario.js';
import { stateDoc, readDoc, parseFragment, scenarioOf, pageURL, postShort, getShort, linkWords } from './share.js';
import * as stoppedLinks from './stoppedlinks.js';
import { initCompare, recheckCompare } from './compare.js';
import { lessons, playgroundOf } from './examples.js';

/* global __DEFAULT_POLICY__ */
const DEFAULT_POLICY = typeof __DEFAULT_POLICY__ === 'string' ? __DEFAULT_POLICY__ : '';

const app = { view: 'policies', config: { shareApi: '' }, els: {}, link: '' /* the fragment of the link on show */, policies: [] /* the gallery's example policies */ };
const root = document.documentElement;

/** showMessage shows text; action ({label, run}) adds a button that dismisses the message and runs. */
function showMessage(text, kind = 'bad', action = null) {
  const m = app.els.message;
  replace(
    m,
    h('span', null, text),
    action
      ? h('button', { type: 'button', class: 'action', on: { click: () => ((m.hidden = true), action.run()) } }, action.label)
      : null,
    h('button', { type: 'button', class: 'icon', 'aria-label': 'Dismiss the message', on: { click: () => (m.hidden = true) } }, '×'),
  );
  m.className = `message ${kind}`;
  m.hidden = false;
}

function hideMessage() {
  app.els.message.hidden = true;
}

const VIEWS = ['policies', 'scenarios', 'compare'];

function setView(view, focus = false) {
  app.view = VIEWS.includes(view) ? view : 'policies';
  for (const [name, tab, panel] of [
    ['policies', app.els.tabPolicies, app.els.viewPolicies],
    ['scenarios', app.els.tabScenarios, app.els.viewScenarios],
    ['compare', app.els.tabCompare, app.els.viewCompare],
  ]) {
    const on = name === app.view;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    panel.hidden = !on;
    if (on && focus) tab.focus();
  }
  root.dataset.view = app.view;
}

// ---- the policies and request typed here, kept for the next visit ----

// localStorage: what playground() returns. It outlives the tab, so closing
// the page by mistake loses nothing; a link opened in another tab does not
// overwrite it until something is typed there.
const DRAFT = 'slrplay.playground';
let loading = false; // a playground being loaded is not the user's work

/** load shows a playground (from a link, or the first screen) without taking it for the user's work. */
function load(pg) {
  loading = true;
  try {
    loadPlayground(pg);
  } finally {
    loading = false;
  }
}

const saveDraft = debounce(() => {
  try {
    localStorage.setItem(DRAFT, JSON.stringify(playground()));
  } catch {
    /* storage disabled or full: the work stays in this page only */
  }
}, 300);

function edited() {
  if (!loading) saveDraft();
}

/** draft is the playground last typed here, or the first screen's. */
function draft() {
  try {
    const v = localStorage.getItem(DRAFT);
    if (v) return readPlayground(JSON.parse(v));
  } catch {
    /* none, or not readable */
  }
  return defaultPlayground(DEFAULT_POLICY);
}

// ---- links ----

/**
 * refuseLink says why a link does not open and keeps what was on show:
 * the learner's own work is worth more than a link that cannot be read.
 */
function refuseLink(message) {
  showMessage(`This link cannot be opened: ${linkWords(message)} What you had here is kept.`);
  root.dataset.link = 'error';
}

function loadDoc(text, step) {
  let parts;
  try {
    parts = readDoc(text);
  } catch (err) {
    refuseLink(`its document is not readable (${err.message})`);
    return;
  }
  let pg = null;
  if (parts.playground) {
    try {
      pg = readPlayground(parts.playground);
    } catch (err) {
      showMessage(`${err.message}. The scenario opened; the policy playground is empty.`, 'warn');
    }
  }
  load(pg || (parts.scenario ? defaultPlayground(DEFAULT_POLICY) : emptyPlayground()));
  if (parts.scenario) openScenario(parts.scenario, { source: 'link', step });
  else closeScenario();
  setView(parts.scenario && !pg ? 'scenarios' : parts.view);
  root.dataset.link = 'opened';
}

/** refusedText says why a link is not opened, from stoppedLinks.refusal's reason. */
function refusedText(reason) {
  const why =
    reason === 'page'
      ? 'the last time it was open in this tab, the page itself stopped (a tab out of memory, say)'
      : `the last time it was opened here, the core ${core.reasons[reason] || core.reasons.exit} with it and had to be stopped`;
  return `This link was not opened: ${why}. What you typed in this tab and your own scenarios are kept.`;
}

/**
 * openLink opens the link in the fragment. A link that stopped the core
 * before is refused with a button to open it anyway (anyway = true).
 */
async function openLink(anyway = false) {
  const f = parseFragment(location.hash);
  app.link = '';
  if (!f.kind) return false;
  hideMessage();
  if (anyway) stoppedLinks.forgive(f.fragment);
  const refused = await stoppedLinks.refusal(f.fragment);
  if (refused) {
    closeScenario();
    load(draft());
    setView('policies');
    showMessage(refusedText(refused.reason), 'warn', { label: 'Open it anyway', run: () => openLink(true) });
    root.dataset.link = 'refused';
    return true;
  }
  stoppedLinks.opening(f.fragment);
  app.link = f.fragment;
  root.dataset.link = 'opening';
  if (f.kind === 'id') {
    if (!app.config.shareApi) {
      refuseLink('it is a short link (#id=…), and this playground has no short-link service configured.');
      return true;
    }
    let text;
    try {
      text = await getShort(app.config.shareApi, f.id);
    } catch (err) {
      refuseLink(err.message);
      return true;
    }
    const check = core.callMain('encode', [text]); // the same check a link's scenario gets
    if (check.error) {
      refuseLink(`the short link holds no scenario: ${check.error.message}`);
      return true;
    }
    loadDoc(text, f.step);
    return true;
  }
  let decoded;
  try {
    decoded = core.callMainText('decode', [f.fragment]);
  } catch (err) {
    refuseLink(err.message);
    return true;
  }
  const v = JSON.parse(decoded);
  if (v.error) {
    refuseLink(v.error.message);
    return true;
  }
  loadDoc(scenarioOf(decoded), v.step || 0);
  return true;
}

function currentDoc() {
  const cur = current();
  return { text: stateDoc(cur ? cur.text : null, playground(), app.view), step: cur ? cur.step : 0 };
}

async function writeClipboard(text) {
  app.els.shareUrl.hidden = false;
  app.els.shareUrl.value = text;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    app.els.shareUrl.select();
    return false;
  }
}

/**
 * shareable is the current document and its link fragment, or null (with a
 * message saying why) when it cannot be shared.
 */
function shareable() {
  let doc;
  try {
    doc = currentDoc();
  } catch (err) {
    showMessage(`The scenario document is not valid JSON (${err.message}): fix it to share it.`);
    return null;
  }
  const r = core.callMain('encode', [doc.text]);
  if (r.error) {
    showMessage(`No link: ${r.error.message}`);
    return null;
  }
  return { doc, fragment: r.fragment };
}

async function copyLink() {
  const s = shareable();
  if (!s) return;
  const { doc } = s;
  const frag = s.fragment + (doc.step > 0 ? `&step=${doc.step}` : '');
  history.replaceState(null, '', `#${frag}`);
  const url = `${pageURL()}#${frag}`;
  const copied = await writeClipboard(url);
  flashShare(copied ? 'Link copied.' : 'Link ready: copy it from the box.');
  if (url.length > longLink) {
    const kb = Math.ceil(url.length / 1024);
    showMessage(
      `This link is ${kb} KB long: chat apps, mail and some browsers cut links over about 8 KB, and a cut link does not open.` +
        (app.config.shareApi ? ' A short link carries the same state in a few characters.' : ' Shorten the policies, or share the scenario document as a file.'),
      'warn',
      app.config.shareApi ? { label: 'Make a short link', run: shortLink } : null,
    );
  }
}

async function shortLink() {
  const s = shareable();
  if (!s) return;
  const { doc } = s;
  app.els.shortBtn.disabled = true;
  flashShare('Storing…');
  try {
    const id = await postShort(app.config.shareApi, doc.text);
    const frag = `id=${encodeURIComponent(id)}${doc.step > 0 ? `&step=${doc.step}` : ''}`;
    history.replaceState(null, '', `#${frag}`);
    const copied = await writeClipboard(`${pageURL()}#${frag}`);
    flashShare(copied ? 'Short link copied.' : 'Short link ready: copy it from the box.');
  } catch (err) {
    showMessage(`No short link: ${err.message}`);
    flashShare('');
  } finally {
    app.els.shortBtn.disabled = false;
  }
}

/** longLink is the length (characters) past which a link may be cut on its way: chat apps, mail, some browsers. */
const longLink = 8 * 1024;

function flashShare(msg) {
  replace(app.els.shareStatus, msg);
}

// ---- the core's state ----

function setStatus(text, kind) {
  replace(app.els.status, text);
  app.els.status.classList.toggle('good', kind === 'good');
  app.els.status.classList.toggle('bad', kind === 'bad');
}

/** onCore hears the core's events (core.start): the status, and a message when it stops. */
function onCore(e) {
  if (e.type === 'worker') {
    root.dataset.worker = e.up ? 'ready' : 'none';
    setStatus(e.up ? 'Ready' : 'Ready (slower: no worker)', 'good');
  } else if (e.type === 'stopped') {
    if (e.instance === 'worker') root.dataset.worker = 'stopped';
    setStatus('Stopped: restarting…', 'bad');
    const what = e.reason === 'timeout' ? `took more than ${Math.round(e.budget / 1000)} s` : core.reasons[e.reason] || core.reasons.exit;
    const while_ = e.fn ? ` while ${core.doing[e.fn] || e.fn}` : '';
    // A reload would open the link in the address bar again: not any more.
    const link = app.link && parseFragment(location.hash).fragment === app.link ? app.link : '';
    if (link) stoppedLinks.stopped(link, e.reason);
    showMessage(
      `The core ${what}${while_}; a fresh one is being started. What you typed is kept.` +
        (link ? ' This link will not be run again when the page is reloaded.' : ''),
    );
  } else if (e.type === 'restarted') {
    if (e.instance === 'worker') root.dataset.worker = 'ready';
    setStatus('Ready (restarted)', 'good');
  } else if (e.type === 'reference') {
    // AWS's catalog of actions came (or could not): check again with it.
    root.dataset.catalog = e.ok ? 'ready' : 'failed';
    if (e.ok) {
      recheckPolicies();
      recheckCompare();
      rerunScenario(); // aws:Call steps need the catalog
      // The editor's completion and hover come with it, loaded now.
      enableAids().then(
        () => (root.dataset.aids = 'ready'),
        (err) => {
          root.dataset.aids = 'failed';
          console.error(`slrplay: the editor's completion and hover did not load: ${err.message}`);
        },
      );
    }
  } else if (e.type === 'failed') {
    if (e.instance === 'worker') root.dataset.worker = 'failed';
    setStatus('Stopped', 'bad');
    showMessage(`The core could not be started again (${e.message}): reload the page. What you typed in this tab is kept.`);
  }
}

// ---- examples and the introduction ----

/**
 * openExample loads an example's policies and request over the page, and
 * offers what was there before back: an example is a click away, work is not.
 */
function openExample(ex) {
  const pg = playgroundOf(ex, app.policies);
  if (!pg) return;
  const before = playground();
  loadPlayground(pg);
  saveDraft();
  closeScenario();
  setView('policies');
  root.dataset.example = ex.id || ex.name;
  showMessage(`${ex.name}${ex.about ? `: ${ex.about}` : ''}`, 'info', {
    label: 'Bring back what you had',
    run: () => {
      loadPlayground(before);
      saveDraft();
      delete root.dataset.example;
    },
  });
}

/** setExamples fills the Examples menu and the introduction's buttons: the lessons, then the gallery's policies. */
function setExamples(policies) {
  app.policies = policies;
  const all = [...lessons, ...policies];
  replace(
    app.els.examples,
    h('option', { value: '' }, 'Examples…'),
    h('optgroup', { label: 'Lessons: a policy and its request' }, lessons.map((ex, i) => h('option', { value: String(i) }, ex.name))),
    policies.length
      ? h('optgroup', { label: 'Policies, each with a request' }, policies.map((p, i) => h('option', { value: String(lessons.length + i) }, p.name)))
      : null,
  );
  app.els.examples.onchange = (e) => {
    const ex = all[Number(e.target.value)];
    e.target.value = '';
    if (ex) openExample(ex);
  };
  replace(
    app.els.introExamples,
    lessons.map((ex) => h('button', { type: 'button', class: 'example', dataset: { example: ex.id }, on: { click: () => openExample(ex) } }, ex.name)),
  );
}

const INTRO = 'slrplay.intro'; // localStorage: "hidden" once the introduction is dismissed

function showIntro(on, remember = false) {
  app.els.intro.hidden = !on;
  app.els.introToggle.setAttribute('aria-expanded', String(on));
  if (remember) {
    try {
      localStorage.setItem(INTRO, on ? 'shown' : 'hidden');
    } catch {
      /* storage disabled: it shows again next time */
    }
  }
}

function initIntro() {
  let seen = false;
  try {
    seen = localStorage.getItem(INTRO) === 'hidden';
  } catch {
    /* storage disabled */
  }
  showIntro(!seen);
  app.els.introClose.addEventListener('click', () => {
    showIntro(false, true);
    app.els.introToggle.focus();
  });
  app.els.introToggle.addEventListener('click', () => showIntro(app.els.intro.hidden, true));
}

// ---- start ----

async function fetchJSON(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

function buildShell() {
  const byId = (id) => document.getElementById(id);
  app.els = {
    message: byId('message'),
    status: byId('core-status'),
    tabPolicies: byId('tab-policies'),
    tabScenarios: byId('tab-scenarios'),
    viewPolicies: byId('view-policies'),
    viewScenarios: byId('view-scenarios'),
    tabCompare: byId('tab-compare'),
    viewCompare: byId('view-compare'),
    copyBtn: byId('copy-link'),
    shortBtn: byId('short-link'),
    shareUrl: byId('share-url'),
    shareStatus: byId('share-status'),
    examples: byId('examples'),
    intro: byId('intro'),
    introToggle: byId('intro-toggle'),
    introClose: byId('intro-close'),
    introExamples: byId('intro-examples'),
  };
  for (const [tab, view] of [
    [app.els.tabPolicies, 'policies'],
    [app.els.tabScenarios, 'scenarios'],
    [app.els.tabCompare, 'compare'],
  ]) {
    tab.addEventListener('click', () => setView(view));
    tab.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        e.preventDefault();
        const step = e.key === 'ArrowRight' ? 1 : VIEWS.length - 1;
        setView(VIEWS[(VIEWS.indexOf(app.view) + step) % VIEWS.length], true);
      }
    });
  }
  app.els.copyBtn.addEventListener('click', copyLink);
  app.els.shortBtn.addEventListener('click', shortLink);
}

async function main() {
  buildShell();
  initIntro();
  setExamples([]);
  initPolicies(app.els.viewPolicies, { onChange: edited });
  addEventListener('pagehide', () => saveDraft.flush());
  initScenarios(app.els.viewScenarios, { onPrincipals: setPrincipals });
  initCompare(app.els.viewCompare, { open: (pg) => (loadPlayground(readPlayground(pg)), setView('policies', true)) });
  const hasLink = !!parseFragment(location.hash).kind;
  load(draft()); // a link, once the core is there, replaces it; a link that cannot open leaves it
  setView('policies');
  root.dataset.link = hasLink ? 'waiting' : 'none';

  const config = fetchJSON('config.json')
    .then((c) => {
      if (c && typeof c.shareApi === 'string') app.config.shareApi = c.shareApi.trim();
    })
    .catch(() => {})
    .then(() => {
      app.els.shortBtn.hidden = !app.config.shareApi;
    });
  fetchJSON('gallery.json')
    .then((g) => {
      setGallery(g.scenarios || [], g.concepts || {});
      setExamples(g.policies || []);
      root.dataset.examples = 'ready';
    })
    .catch((err) => showMessage(`The scenario gallery did not load (${err.message}).`, 'warn'));

  core.start(onCore);
  try {
    await core.ready;
  } catch (err) {
    replace(app.els.status, 'Not working');
    app.els.status.classList.add('bad');
    showMessage(`The core could not load (${err.message}): the editor works, but nothing is checked or decided. Reload to try again.`);
    root.dataset.link = 'error';
    return;
  }
  if (!root.dataset.worker) setStatus('Starting…');
  app.els.copyBtn.disabled = false;
  await config;
  await openLink();
  window.addEventListener('hashchange', () => openLink());
  if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
    navigator.serviceWorker.register('sw.js').catch(() => {});
  }
}

main().catch((err) => {
  // Never a blank page: say what broke.
  const m = document.getElementById('message');
  if (m) {
    m.hidden = false;
    m.textContent = `The playground failed to start: ${err && err.message ? err.message : err}`;
  }
  root.dataset.link = 'error';
});
