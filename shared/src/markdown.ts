/**
 * The Markdown dialect of posts, in one place for every reader of it: the client's post renderer
 * (`client/src/markdown/Markdown.tsx` turns these tokens into React elements) and the server's "To conclusions"
 * conversion (`server/src/features/drafts/draftQuote.ts` turns them into the draft's rich text). Both use this one
 * configuration — markdown-it options, link detection and its punctuation rule, the URL policy and the
 * deep-nesting fallback — so the text quoted into conclusions is the text the reader saw, by construction.
 * Nothing here ever produces HTML. Imported through its own entry (`@polos/shared/markdown`).
 *
 * CommonMark (markdown-it's `commonmark` preset, which passes the CommonMark spec tests) with these conventions:
 * - **No raw HTML**: `html: false`, so `<b>` or `<script>` in a post stays visible text.
 * - **No images**: `![alt](url)` is the text `!` followed by a link (no third-party requests from a post).
 * - **Line breaks are kept**: every line ending inside a paragraph renders as a line break (a forum
 *   convention; the spec allows "an option to render soft line breaks as hard line breaks"). `Markdown.tsx`
 *   renders soft breaks as `<br>`; `breaks: true` below states the same for markdown-it's own renderer.
 * - **Bare URLs become links** (linkify-it: Unicode domains and paths, trailing punctuation left out), but
 *   only with an explicit `http(s)://` or `mailto:` scheme or as an e-mail address, never `example.org`
 *   alone (file names such as `informe.py` must stay text).
 * - **Links survive only with a safe URL** ({@link safeHref}); any other link keeps its label as text.
 *
 * CommonMark's own rules fix what the earlier hand-written parser got wrong, e.g. an ordered list can
 * interrupt a paragraph only when it starts with 1, so "…reform of⏎1998. Since then…" stays one paragraph.
 */
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { stripBidiControls } from './text';

export type { Token };

/** Schemes a post's link may use (the URL policy). */
const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;

/**
 * Returns `raw` when it is an absolute http, https or mailto URL that the URL parser accepts, otherwise
 * null. Whitespace, control characters, quotes and angle brackets anywhere make it unsafe (they are how
 * `java\tscript:` tricks work); markdown-it has already decoded entities (`javascript&#58;`) and
 * percent-encoded the rest before this check.
 */
export function safeHref(raw: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (!SAFE_URL.test(raw) || /[\u0000-\u0020\u007f-\u009f<>"'`\\]/.test(raw)) return null;
  try {
    const { protocol } = new URL(raw);
    return protocol === 'http:' || protocol === 'https:' || protocol === 'mailto:' ? raw : null;
  } catch {
    return null;
  }
}

const md = new MarkdownIt('commonmark', { html: false, linkify: true, breaks: true })
  .enable('linkify')
  .disable(['image', 'html_block', 'html_inline']);
/** Deepest block nesting markdown-it renders (the commonmark preset's own value, set explicitly). */
const MAX_NESTING = 20;
// (`maxNesting` is a real markdown-it option that its type definitions leave out.)
Object.assign(md.options, { maxNesting: MAX_NESTING });
// Links are judged once, by `safeHref` when rendering: an unsafe link keeps its label as text instead of
// showing its raw source.
md.validateLink = () => true;
md.linkify.set({ fuzzyLink: false, fuzzyIP: false, fuzzyEmail: true }).add('ftp:', null).add('//', null);

/**
 * Non-ASCII punctuation (Unicode general category P): «», “”, 。、，！？ 」』）… linkify-it leaves only ASCII
 * punctuation out of a URL's end, so "«https://x.example/informe»" or "https://例え.jp/パス。" would take
 * the closing mark into the link. Real URLs carry such characters percent-encoded, so a bare URL ends
 * before the first of them.
 */
const NON_ASCII_PUNCTUATION = /(?!\p{ASCII})\p{P}/u;

md.core.ruler.after('linkify', 'linkify_unicode_punctuation', (state) => {
  for (const block of state.tokens) {
    const children = block.type === 'inline' ? block.children : null;
    if (!children) continue;
    for (let i = children.length - 3; i >= 0; i--) {
      const [open, text, close] = children.slice(i, i + 3);
      if (open.type !== 'link_open' || open.markup !== 'linkify' || text.type !== 'text') continue;
      if (close.type !== 'link_close') continue;
      const cut = text.content.search(NON_ASCII_PUNCTUATION);
      if (cut <= 0 || (open.attrGet('href') ?? '').startsWith('mailto:')) continue;
      const rest = new state.Token('text', '', 0);
      rest.content = text.content.slice(cut);
      rest.level = open.level;
      text.content = text.content.slice(0, cut);
      open.attrSet('href', state.md.normalizeLink(text.content));
      children.splice(i + 3, 0, rest);
    }
  }
  return true;
});

/** What {@link parseMarkdown} passes through markdown-it's `env`. */
interface ParseEnv {
  tooDeep?: boolean;
}

// markdown-it silently drops every block nested deeper than `maxNesting` (20 in the commonmark preset);
// note when that happens, so the post can be shown as plain text instead of losing its end.
const tokenizeBlocks = md.block.tokenize.bind(md.block);
md.block.tokenize = (state, startLine, endLine) => {
  if (state.level >= MAX_NESTING && state.skipEmptyLines(startLine) < endLine)
    (state.env as ParseEnv).tooDeep = true;
  tokenizeBlocks(state, startLine, endLine);
};

/**
 * Parses a post's Markdown into markdown-it block tokens (inline content in each `inline` token's
 * `children`). `tooDeep` is true when blocks were nested deeper than markdown-it renders (20 levels);
 * the tokens then miss the deepest content.
 */
export function parseMarkdown(source: string): { tokens: Token[]; tooDeep: boolean } {
  const env: ParseEnv = {};
  const tokens = md.parse(source, env);
  return { tokens, tooDeep: env.tooDeep === true };
}

/** A post as every reader of it sees it: see {@link parsePost}. */
export type ParsedPost =
  | { tooDeep: false; tokens: Token[] }
  /** Nested deeper than markdown-it renders: the whole post is shown as plain text, one entry per line. */
  | { tooDeep: true; lines: string[] };

/**
 * A post's body as it is shown: bidi controls dropped (posts stored before the schema removed them included),
 * then parsed with {@link parseMarkdown}; nested too deep, the whole source as plain-text lines instead (markdown-it
 * would silently drop the deepest part). The post renderer and the quote conversion both start here.
 */
export function parsePost(body: string): ParsedPost {
  const source = stripBidiControls(body);
  const { tokens, tooDeep } = parseMarkdown(source);
  return tooDeep ? { tooDeep: true, lines: source.split(/\r\n?|\n/) } : { tooDeep: false, tokens };
}
