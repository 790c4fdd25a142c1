// Places in the core's answers count Unicode code points (line from 1,
// column from 0, as IAM Access Analyzer does); CodeMirror counts UTF-16
// code units. These convert between the two for characters outside the
// Basic Multilingual Plane (an emoji in a Sid is two units, one point).

/** width is how many UTF-16 units the code point at text[i] takes: 2 for a surrogate pair, else 1. */
function width(text, i) {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
  }
  return 1;
}

/** lineOffset returns the UTF-16 offset of `column` code points into `text`, clamped to its end. */
export function lineOffset(text, column) {
  let i = 0;
  for (let n = 0; n < column && i < text.length; n++) i += width(text, i);
  return i;
}

/** codePoints counts the code points in text[0:offset) (offset in UTF-16 units). */
export function codePoints(text, offset) {
  let n = 0;
  for (let i = 0; i < offset && i < text.length; n++) i += width(text, i);
  return n;
}

/**
 * docOffset turns a core position {line, column} into an offset in a
 * CodeMirror document (anything with lines, line(n).from/.text and length),
 * clamped to the document.
 */
export function docOffset(doc, pos) {
  const line = pos && Number.isInteger(pos.line) ? pos.line : 1;
  const column = pos && Number.isInteger(pos.column) ? Math.max(0, pos.column) : 0;
  if (line < 1) return 0;
  if (line > doc.lines) return doc.length;
  const l = doc.line(line);
  return l.from + lineOffset(l.text, column);
}

/** docRange turns a core span {start, end} into a [from, to] pair with from <= to. */
export function docRange(doc, span) {
  const from = docOffset(doc, span && span.start);
  const to = docOffset(doc, (span && span.end) || (span && span.start));
  return [Math.min(from, to), Math.max(from, to)];
}
