/**
 * A deliberately small Markdown subset, parsed into a plain tree that `Markdown.tsx` turns into React
 * elements. Nothing here ever produces HTML: raw HTML in the source stays text, and links are kept only
 * when their URL is absolute http(s) or mailto (see `safeHref`).
 *
 * Blocks: paragraphs, headings (rendered as strong paragraphs), fenced code, block quotes, bullet and
 * ordered lists (nesting by indentation). Inline: code spans, strong, emphasis, links, autolinks
 * (`<https://…>` and bare `https://…`), backslash escapes, hard line breaks on newlines.
 */

export type InlineNode =
  | { type: 'text'; value: string }
  | { type: 'code'; value: string }
  | { type: 'strong'; children: InlineNode[] }
  | { type: 'em'; children: InlineNode[] }
  | { type: 'link'; href: string; children: InlineNode[] }
  | { type: 'br' };

export type BlockNode =
  | { type: 'paragraph'; children: InlineNode[] }
  | { type: 'heading'; children: InlineNode[] }
  | { type: 'code'; value: string }
  | { type: 'quote'; children: BlockNode[] }
  | { type: 'list'; ordered: boolean; start: number; items: BlockNode[][] };

/** Nesting deeper than this (quotes in lists in quotes…, emphasis in links in strong…) stays text. */
const MAX_DEPTH = 8;

const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;

/**
 * Returns a normalised href when `raw` is an absolute http, https or mailto URL, otherwise null.
 * Whitespace and control characters anywhere make it unsafe (they are how `java\tscript:` tricks work).
 */
export function safeHref(raw: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (!SAFE_URL.test(raw) || /[\u0000-\u0020\u007f-\u009f<>"'`]/.test(raw)) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'mailto:') return null;
    return url.href;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------- inline

/** Longest link label looked for (characters). */
const MAX_LABEL_LENGTH = 500;

const ESCAPABLE = '\\`*_{}[]()#+-.!<>|~';
const BARE_URL = /^https?:\/\/[^\s<>]+/i;
const ANGLE_AUTOLINK = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i;

function pushText(nodes: InlineNode[], value: string): void {
  if (!value) return;
  const last = nodes[nodes.length - 1];
  if (last?.type === 'text') last.value += value;
  else nodes.push({ type: 'text', value });
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

/** Index of the closing `delim` for an opener at `from` (content starts at `from`), or -1. */
function findCloser(src: string, delim: string, from: number): number {
  let i = from;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '`') {
      // Code spans bind tighter than emphasis: skip over them.
      const run = /^`+/.exec(src.slice(i))![0];
      const close = src.indexOf(run, i + run.length);
      if (close !== -1) {
        i = close + run.length;
        continue;
      }
    }
    if (src.startsWith(delim, i) && i > from && !/\s/.test(src[i - 1])) {
      // A single `*` must not be half of a `**`.
      if (delim.length === 1 && src[i + 1] === delim) {
        i += 2;
        continue;
      }
      if (delim[0] === '_' && isWordChar(src[i + delim.length])) {
        i += 1;
        continue;
      }
      return i;
    }
    i += 1;
  }
  return -1;
}

/** Finds `](url)` for a `[` at `open`; returns label end, url and the index after `)`. */
function matchLink(src: string, open: number): { labelEnd: number; url: string; end: number } | null {
  let depth = 0;
  // Bounded scan: keeps `[[[[…` inputs linear (labels longer than this are not links).
  const limit = Math.min(src.length, open + MAX_LABEL_LENGTH);
  for (let i = open; i < limit; i++) {
    const ch = src[i];
    if (ch === '\\') {
      i += 1;
      continue;
    }
    if (ch === '[') depth += 1;
    else if (ch === ']') {
      depth -= 1;
      if (depth === 0) {
        if (src[i + 1] !== '(') return null;
        const m = /^\(\s*([^\s()]*(?:\([^\s()]*\)[^\s()]*)*)\s*\)/.exec(src.slice(i + 1));
        if (!m) return null;
        return { labelEnd: i, url: m[1], end: i + 1 + m[0].length };
      }
    }
  }
  return null;
}

/** Parses inline Markdown into nodes. */
export function parseInline(src: string, depth = 0, inLink = false): InlineNode[] {
  const nodes: InlineNode[] = [];
  let text = '';
  const flush = () => {
    pushText(nodes, text);
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    const rest = src.slice(i);
    if (ch === '\\' && i + 1 < src.length && ESCAPABLE.includes(src[i + 1])) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\n') {
      flush();
      nodes.push({ type: 'br' });
      i += 1;
      continue;
    }
    if (ch === '`') {
      const run = /^`+/.exec(rest)![0];
      const close = src.indexOf(run, i + run.length);
      if (close !== -1) {
        flush();
        let value = src.slice(i + run.length, close).replace(/\n/g, ' ');
        if (/^ .* $/.test(value) && value.trim()) value = value.slice(1, -1);
        nodes.push({ type: 'code', value });
        i = close + run.length;
        continue;
      }
      text += run;
      i += run.length;
      continue;
    }
    if (depth < MAX_DEPTH && (ch === '*' || ch === '_')) {
      const double = src[i + 1] === ch;
      const delim = double ? ch + ch : ch;
      const after = src[i + delim.length];
      const leftOk = after !== undefined && !/\s/.test(after) && !(ch === '_' && isWordChar(src[i - 1]));
      if (leftOk) {
        const close = findCloser(src, delim, i + delim.length);
        if (close !== -1) {
          flush();
          const children = parseInline(src.slice(i + delim.length, close), depth + 1, inLink);
          nodes.push({ type: double ? 'strong' : 'em', children });
          i = close + delim.length;
          continue;
        }
      }
      text += delim;
      i += delim.length;
      continue;
    }
    if (!inLink && depth < MAX_DEPTH && ch === '[') {
      const link = matchLink(src, i);
      if (link) {
        flush();
        const label = parseInline(src.slice(i + 1, link.labelEnd), depth + 1, true);
        const href = safeHref(link.url);
        if (href) nodes.push({ type: 'link', href, children: label });
        else {
          // An unsafe URL keeps its label as content, never as a link.
          for (const node of label) {
            if (node.type === 'text') pushText(nodes, node.value);
            else nodes.push(node);
          }
        }
        i = link.end;
        continue;
      }
    }
    if (!inLink && ch === '<') {
      const m = ANGLE_AUTOLINK.exec(rest);
      const href = m ? safeHref(m[1]) : null;
      if (m && href) {
        flush();
        nodes.push({ type: 'link', href, children: [{ type: 'text', value: m[1] }] });
        i += m[0].length;
        continue;
      }
    }
    if (!inLink && (ch === 'h' || ch === 'H') && !isWordChar(src[i - 1])) {
      const m = BARE_URL.exec(rest);
      if (m) {
        // Trailing punctuation belongs to the sentence, not the URL (keep balanced parentheses).
        let url = m[0];
        while (/[.,;:!?'")\]*_]$/.test(url)) {
          if (url.endsWith(')') && url.split('(').length > url.split(')').length - 1) break;
          url = url.slice(0, -1);
        }
        const href = safeHref(url);
        if (href) {
          flush();
          nodes.push({ type: 'link', href, children: [{ type: 'text', value: url }] });
          i += url.length;
          continue;
        }
      }
    }
    text += ch;
    i += 1;
  }
  flush();
  return nodes;
}

// ----------------------------------------------------------------------------------------------- blocks

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{1,6}(?:\s+|$)/;
const QUOTE = /^ {0,3}> ?/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])( +|$)/;

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
}

function parseLines(lines: string[], depth: number): BlockNode[] {
  const blocks: BlockNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i += 1;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1];
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !lines[i].trimStart().startsWith(marker)) body.push(lines[i++]);
      i += 1;
      blocks.push({ type: 'code', value: body.join('\n') });
      continue;
    }
    if (HEADING.test(line)) {
      const text = line.replace(HEADING, '').replace(/\s+#+\s*$/, '');
      blocks.push({ type: 'heading', children: parseInline(text.trim(), depth) });
      i += 1;
      continue;
    }
    if (depth < MAX_DEPTH && QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i])) inner.push(lines[i++].replace(QUOTE, ''));
      blocks.push({ type: 'quote', children: parseLines(inner, depth + 1) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (depth < MAX_DEPTH && item) {
      const ordered = /\d/.test(item[2]);
      const start = ordered ? Number.parseInt(item[2], 10) : 1;
      const items: BlockNode[][] = [];
      while (i < lines.length) {
        const current = LIST_ITEM.exec(lines[i]);
        if (!current || /\d/.test(current[2]) !== ordered) break;
        const indent = current[0].length;
        const content = [lines[i].slice(indent)];
        i += 1;
        while (i < lines.length) {
          const next = lines[i];
          if (!next.trim()) {
            // A blank line continues the item only if the next line is indented under it.
            const following = lines[i + 1];
            if (following !== undefined && /^\s{2,}\S/.test(following)) {
              content.push('');
              i += 1;
              continue;
            }
            break;
          }
          const nextIndent = /^\s*/.exec(next)![0].length;
          if (nextIndent >= 2) content.push(next.slice(Math.min(nextIndent, indent)));
          else if (!startsBlock(next)) content.push(next.trim());
          else break;
          i += 1;
        }
        items.push(parseLines(content, depth + 1));
        if (i < lines.length && !lines[i].trim()) {
          // Blank line between items keeps the list going only if another item follows.
          if (!LIST_ITEM.test(lines[i + 1] ?? '')) break;
          i += 1;
        }
      }
      blocks.push({ type: 'list', ordered, start, items });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() && (para.length === 0 || !startsBlock(lines[i]))) {
      para.push(lines[i++].trim());
    }
    blocks.push({ type: 'paragraph', children: parseInline(para.join('\n'), depth) });
  }
  return blocks;
}

/** Parses a Markdown document into blocks. */
export function parseMarkdown(source: string): BlockNode[] {
  return parseLines(source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n'), 0);
}
