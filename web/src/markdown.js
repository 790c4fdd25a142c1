// A small, safe Markdown renderer for scenario descriptions and lessons.
// It builds DOM nodes with text nodes only: no HTML in the input is ever
// interpreted, and links go only to http(s) addresses. It knows what the
// lessons use: paragraphs, headings (#, ##, ###), lists (-, *, +, 1.),
// **strong**, *emphasis* / _emphasis_, `code`, and [text](https://...).

import { h } from './dom.js';

/** renderMarkdown returns a DocumentFragment for text. */
export function renderMarkdown(text) {
  const frag = document.createDocumentFragment();
  const lines = String(text || '').replace(/\r\n?/g, '\n').split('\n');
  let para = [];
  let list = null;
  const flushPara = () => {
    if (para.length) frag.appendChild(h('p', null, inline(para.join(' '))));
    para = [];
  };
  const flushList = () => {
    if (list) frag.appendChild(list);
    list = null;
  };
  for (const raw of lines) {
    const line = raw.trim();
    let m;
    if (line === '') {
      flushPara();
      flushList();
    } else if ((m = /^(#{1,3})\s+(.*)$/.exec(line))) {
      flushPara();
      flushList();
      frag.appendChild(h(`h${m[1].length + 2}`, null, inline(m[2])));
    } else if ((m = /^([-*+]|\d+\.)\s+(.*)$/.exec(line))) {
      flushPara();
      const ordered = /\d/.test(m[1][0]);
      if (!list || (list.tagName === 'OL') !== ordered) {
        flushList();
        list = h(ordered ? 'ol' : 'ul');
      }
      list.appendChild(h('li', null, inline(m[2])));
    } else if (list && /^\s{2,}/.test(raw)) {
      list.lastChild.append(' ', ...inline(line)); // a list item's continuation line
    } else {
      flushList();
      para.push(line);
    }
  }
  flushPara();
  flushList();
  return frag;
}

const tokens = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)|(\b_[^_\s][^_]*_\b)|(\[[^\]]+\]\([^)\s]+\))/g;

/** inline turns one line of inline Markdown into nodes. */
export function inline(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(tokens)) {
    if (m.index > last) out.push(unescape(text.slice(last, m.index)));
    const t = m[0];
    if (m[1]) out.push(h('code', null, t.slice(1, -1)));
    else if (m[2]) out.push(h('strong', null, inline(t.slice(2, -2))));
    else if (m[3] || m[4]) out.push(h('em', null, inline(t.slice(1, -1))));
    else {
      const [, label, href] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(t);
      out.push(safeHref(href) ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, inline(label)) : unescape(label));
    }
    last = m.index + t.length;
  }
  if (last < text.length) out.push(unescape(text.slice(last)));
  return out;
}

/** safeHref accepts only absolute http(s) addresses. */
export function safeHref(href) {
  try {
    const u = new URL(href);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

const unescape = (s) => s.replace(/\\([\\`*_[\]()#+\-.!])/g, '$1');
