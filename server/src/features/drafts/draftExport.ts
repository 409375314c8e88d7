import type * as Y from 'yjs';
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
  type ILevelsOptions,
  type ParagraphChild,
} from 'docx';
import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { createRequire } from 'node:module';
import { create as createFont } from 'fontkit';
import MarkdownIt from 'markdown-it';
import PDFDocument from 'pdfkit';
import slugify from 'slugify';
import { MarkdownSerializer, type MarkdownSerializerState } from 'prosemirror-markdown';
import type { Mark, Node as PmNode } from '@tiptap/pm/model';
import { labelColon, timeZoneLabel, type ContributorGroupDto, type ExportFormat } from '@polos/shared';
import { draftSchema, SAFE_LINK_HREF, type QuoteProvenance } from '@polos/shared/editor';
import { zipTimeOf } from '../../lib/zipTime';
import { ProvenanceSigner, proseMirrorDocOf } from './draftDocument';
import { EXPORT_MESSAGES, type ExportLanguage, type ExportMessages } from './exportMessages';

/*
 * Exports of a draft. The stored Yjs document is read as a ProseMirror document of the shared editor schema
 * (`proseMirrorDocOf`: unrepresentable nodes and unsigned provenance dropped), the export's header (title, block,
 * release, date, contributors) is prepended as ordinary nodes, and each sourced quote gets a link to its post.
 * Markdown is written by prosemirror-markdown's `MarkdownSerializer` (text escaped by the library, plus `<`, `>`,
 * `&` and `|` so no renderer reads HTML or tables into it), HTML is that Markdown rendered by markdown-it with raw
 * HTML off (escaping and the link policy are markdown-it's). DOCX (docx) and PDF (pdfkit, tagged for screen
 * readers) are written from the same document as a small block tree.
 */

/** One run of text with its marks. */
export interface Inline {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  strike?: boolean;
  underline?: boolean;
  href?: string;
}

/** The document as a small block tree, read from the ProseMirror document (DOCX and PDF writers). */
export type Block =
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  /** `start`: number of the first item of an ordered list (TipTap's `start` attribute; 1 by default). */
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'code'; text: string }
  | { kind: 'rule' };

/** What every export carries besides the body. */
export interface ExportMeta {
  title: string;
  workspaceTitle: string;
  /** The block's title, or null for the workspace's overall conclusions. */
  blockTitle: string | null;
  /** Release number (null for a working copy). */
  releaseNumber: number | null;
  date: Date;
  contributors: ContributorGroupDto[];
  /** IANA time zone the date is written in (the workspace's); default UTC. Named next to the date. */
  timeZone?: string;
  /**
   * Absolute URL of a quoted post (built from the public origin), or null to leave a quote's source unlinked.
   * Default: no links.
   */
  postUrl?: (source: QuoteProvenance) => string | null;
  /** Language of the export's own words, dates and `lang` (default English; `exportMessages.ts`). */
  language?: ExportLanguage;
  /** A saved version being exported (its number among the draft's versions and its name); null otherwise. */
  version?: { number: number; name: string } | null;
}

export interface ExportFile {
  body: Buffer;
  contentType: string;
  /** ASCII file name (a transliterated slug), for `filename=`. */
  fileName: string;
  /** The same name in full Unicode, for `filename*=` (RFC 6266 / 8187). */
  displayName: string;
}

/**
 * A date as the workspace reads it, its zone named in the export's language ({@link timeZoneLabel}): "29 November
 * 2026 (Eastern European Time)", "29 de noviembre de 2026 (hora de Europa oriental)". Invalid zones fall back to
 * UTC.
 */
export function formatExportDate(date: Date, timeZone = 'UTC', locale = 'en-GB'): string {
  let zone = timeZone;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: zone });
  } catch {
    zone = 'UTC';
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: zone });
  }
  return `${format.format(date)} (${timeZoneLabel(zone, locale)})`;
}

/** A region group's name in the export's language (a stored value that is not a known group is shown as is). */
const regionName = (m: ExportMessages, group: string): string =>
  (m.regions as Record<string, string | undefined>)[group] ?? group;

/** The export's words in its language. */
const messagesOf = (meta: ExportMeta): ExportMessages => EXPORT_MESSAGES[meta.language ?? 'en'];

function headerLines(meta: ExportMeta): { subtitle: string; release: string } {
  const m = messagesOf(meta);
  const date = formatExportDate(meta.date, meta.timeZone, m.locale);
  return {
    subtitle: meta.blockTitle
      ? `${meta.workspaceTitle} — ${meta.blockTitle}`
      : `${meta.workspaceTitle} — ${m.overallConclusions}`,
    release:
      meta.releaseNumber !== null
        ? m.release(meta.releaseNumber, date)
        : meta.version
          ? m.version(meta.version.number, meta.version.name, date)
          : m.workingCopy(date),
  };
}

// — The export document —

/**
 * The body with each sourced quote's attribution linked to its post: the quote action ends a quote with the
 * paragraph "— <author>"; that paragraph becomes a link (or one is added if an editor removed it). Provenance
 * attributes are verified by `proseMirrorDocOf` already; here they only name the post.
 */
function linkSources(body: PmNode, postUrl: ExportMeta['postUrl']): PmNode {
  const schema = body.type.schema;
  const visit = (node: PmNode): PmNode => {
    if (node.isText || node.isLeaf) return node;
    const children: PmNode[] = [];
    node.forEach((child) => children.push(visit(child)));
    const { source, sourceQuestion, sourceAuthor } = node.attrs as Record<string, unknown>;
    if (
      node.type.name !== 'blockquote' ||
      typeof source !== 'string' ||
      typeof sourceQuestion !== 'string' ||
      typeof sourceAuthor !== 'string'
    )
      return node.type.create(node.attrs, children, node.marks);
    const url = postUrl?.({ postId: source, questionId: sourceQuestion, authorName: sourceAuthor }) ?? null;
    const label = `— ${sourceAuthor}`;
    const link = url && SAFE_LINK_HREF.test(url) ? [schema.marks.link.create({ href: url })] : [];
    const attribution = schema.nodes.paragraph.create(null, schema.text(label, link));
    const last = children[children.length - 1];
    if (last?.type.name === 'paragraph' && last.textContent.trim() === label) children.pop();
    children.push(attribution);
    return node.type.create(node.attrs, children);
  };
  return visit(body);
}

/** Header (title, block, release and date, contributors), a rule, then the body — one ProseMirror document. */
export function exportDocOf(body: PmNode, meta: ExportMeta): PmNode {
  const schema = draftSchema();
  const { subtitle, release } = headerLines(meta);
  const m = messagesOf(meta);
  const text = (value: string, marks: readonly Mark[] = []) => (value ? [schema.text(value, marks)] : []);
  const italic = [schema.marks.italic.create()];
  const paragraph = (value: string, marks: readonly Mark[] = []) =>
    schema.nodes.paragraph.create(null, text(value, marks));
  const header: PmNode[] = [
    schema.nodes.heading.create({ level: 1 }, text(meta.title)),
    paragraph(subtitle, italic),
    paragraph(release, italic),
  ];
  if (meta.contributors.length > 0) {
    header.push(schema.nodes.heading.create({ level: 2 }, text(m.contributors)));
    for (const group of meta.contributors) {
      header.push(
        paragraph(group.regionGroup === 'none' ? m.otherContributors : regionName(m, group.regionGroup), [
          schema.marks.bold.create(),
        ]),
      );
      header.push(
        schema.nodes.bulletList.create(
          null,
          group.districts.map((district) => {
            const where = district.name
              ? `${district.name}${district.country ? ` (${district.country})` : ''}`
              : m.noDistrict;
            return schema.nodes.listItem.create(
              null,
              paragraph(`${where}${labelColon(m.locale)}${district.people.map((p) => p.name).join(', ')}`),
            );
          }),
        ),
      );
    }
  }
  header.push(schema.nodes.horizontalRule.create());
  // The editor offers H2 and H3 under the title (H1), so body headings keep their levels.
  const content = linkSources(body, meta.postUrl);
  const children: PmNode[] = [...header];
  content.forEach((child) => children.push(child));
  return schema.nodes.doc.create(null, children);
}

// — Block tree (DOCX, PDF) —

function inlinesOf(node: PmNode): Inline[] {
  const inlines: Inline[] = [];
  node.forEach((child) => {
    if (child.type.name === 'hardBreak') {
      inlines.push({ text: '\n' });
      return;
    }
    if (!child.isText || !child.text) return;
    const inline: Inline = { text: child.text };
    for (const mark of child.marks) {
      const name = mark.type.name;
      if (name === 'bold') inline.bold = true;
      else if (name === 'italic') inline.italic = true;
      else if (name === 'code') inline.code = true;
      else if (name === 'strike') inline.strike = true;
      else if (name === 'underline') inline.underline = true;
      else if (name === 'link') {
        const href = (mark.attrs as { href?: unknown }).href;
        if (typeof href === 'string' && SAFE_LINK_HREF.test(href)) inline.href = href;
      }
    }
    inlines.push(inline);
  });
  return inlines;
}

/** Reads a ProseMirror document (or any node's children) into blocks. */
export function readBlocks(node: PmNode): Block[] {
  const blocks: Block[] = [];
  node.forEach((child) => {
    switch (child.type.name) {
      case 'heading': {
        const level = Number(child.attrs.level ?? 1);
        blocks.push({
          kind: 'heading',
          level: Math.min(Math.max(Number.isFinite(level) ? level : 1, 1), 6),
          inlines: inlinesOf(child),
        });
        break;
      }
      case 'paragraph':
        blocks.push({ kind: 'paragraph', inlines: inlinesOf(child) });
        break;
      case 'bulletList':
      case 'orderedList': {
        const start = Number(child.attrs.start ?? 1);
        const items: Block[][] = [];
        child.forEach((item) => items.push(readBlocks(item)));
        blocks.push({
          kind: 'list',
          ordered: child.type.name === 'orderedList',
          start: Number.isInteger(start) && start >= 0 ? start : 1,
          items,
        });
        break;
      }
      case 'blockquote':
        blocks.push({ kind: 'quote', blocks: readBlocks(child) });
        break;
      case 'codeBlock':
        blocks.push({ kind: 'code', text: child.textContent });
        break;
      case 'horizontalRule':
        blocks.push({ kind: 'rule' });
        break;
      default:
        if (child.isTextblock) blocks.push({ kind: 'paragraph', inlines: inlinesOf(child) });
        else blocks.push(...readBlocks(child));
    }
  });
  return blocks;
}

/** Plain text of blocks (tests, previews). */
export function blocksText(blocks: Block[]): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
        case 'paragraph':
          return block.inlines.map((i) => i.text).join('');
        case 'list':
          return block.items.map((item) => blocksText(item)).join('\n');
        case 'quote':
          return blocksText(block.blocks);
        case 'code':
          return block.text;
        case 'rule':
          return '';
      }
    })
    .join('\n');
}

// — Markdown (prosemirror-markdown) —

/** A link destination in angle brackets, with what could end or break it percent-encoded. */
const markdownHref = (href: string) => `<${href.replace(/[\s<>\\]/g, (c) => encodeURIComponent(c))}>`;

const safeLink = (mark: Mark) => {
  const href = (mark.attrs as { href?: unknown }).href;
  return typeof href === 'string' && SAFE_LINK_HREF.test(href) ? href : null;
};

/**
 * How many lists of the same type come right before the child `index` of `parent`. In CommonMark blank lines do not
 * end a list, so two adjacent lists written alike read back as one; a list whose delimiter differs from the one
 * before (`-`/`*`, `1.`/`1)`) starts a new list (CommonMark 0.31, "Lists"), so adjacent lists alternate.
 */
function adjacentListsBefore(parent: PmNode, index: number): number {
  const type = parent.child(index).type;
  let count = 0;
  for (let i = index - 1; i >= 0 && parent.child(i).type === type; i -= 1) count += 1;
  return count;
}

/** Serialiser of the shared editor schema (TipTap's node and mark names) to CommonMark (+ `~~strike~~`). */
const markdownSerializer = new MarkdownSerializer(
  {
    paragraph(state, node) {
      state.renderInline(node);
      state.closeBlock(node);
    },
    heading(state, node) {
      state.write(`${state.repeat('#', Number(node.attrs.level ?? 1))} `);
      state.renderInline(node, false);
      state.closeBlock(node);
    },
    blockquote(state, node) {
      state.wrapBlock('> ', null, node, () => state.renderContent(node));
    },
    codeBlock(state, node) {
      const backticks = node.textContent.match(/`{3,}/gm);
      const fence = backticks ? `${[...backticks].sort().slice(-1)[0]}\`` : '```';
      const language = typeof node.attrs.language === 'string' ? node.attrs.language : '';
      state.write(`${fence}${/^[\w+#.-]{1,30}$/.test(language) ? language : ''}\n`);
      state.text(node.textContent, false);
      state.write('\n');
      state.write(fence);
      state.closeBlock(node);
    },
    horizontalRule(state, node) {
      state.write('---');
      state.closeBlock(node);
    },
    bulletList(state, node, parent, index) {
      const bullet = adjacentListsBefore(parent, index) % 2 === 0 ? '-' : '*';
      state.renderList(node, '  ', () => `${bullet} `);
    },
    orderedList(state, node, parent, index) {
      const start = Number(node.attrs.start ?? 1);
      const first = Number.isInteger(start) && start >= 0 ? start : 1;
      const width = String(first + node.childCount - 1).length;
      const delimiter = adjacentListsBefore(parent, index) % 2 === 0 ? '.' : ')';
      state.renderList(node, state.repeat(' ', width + 2), (i) => {
        const n = String(first + i);
        return `${state.repeat(' ', width - n.length)}${n}${delimiter} `;
      });
    },
    listItem(state, node) {
      state.renderContent(node);
    },
    hardBreak(state, node, parent, index) {
      for (let i = index + 1; i < parent.childCount; i += 1)
        if (parent.child(i).type !== node.type) {
          state.write('\\\n');
          return;
        }
    },
    text(state, node) {
      state.text(node.text ?? '');
    },
  },
  {
    bold: { open: '**', close: '**', mixable: true, expelEnclosingWhitespace: true },
    italic: { open: '*', close: '*', mixable: true, expelEnclosingWhitespace: true },
    strike: { open: '~~', close: '~~', mixable: true, expelEnclosingWhitespace: true },
    // Markdown has no underline: the text is kept.
    underline: { open: '', close: '' },
    code: {
      open: (_state: MarkdownSerializerState, _mark: Mark, parent: PmNode, index: number) =>
        backticksFor(parent.child(index), -1),
      close: (_state: MarkdownSerializerState, _mark: Mark, parent: PmNode, index: number) =>
        backticksFor(parent.child(index - 1), 1),
      escape: false,
    },
    link: {
      open: (_state: MarkdownSerializerState, mark: Mark) => (safeLink(mark) ? '[' : ''),
      close: (_state: MarkdownSerializerState, mark: Mark) => {
        const href = safeLink(mark);
        return href ? `](${markdownHref(href)})` : '';
      },
      mixable: true,
    },
  },
  // Beyond the library's escapes: no HTML (`<`, `>`), entities (`&`) or GFM tables (`|`) read into plain text.
  { escapeExtraCharacters: /[<>&|]/g },
);

/** Backticks around inline code that contains backticks (as prosemirror-markdown's default serialiser). */
function backticksFor(node: PmNode, side: number): string {
  const ticks = /`+/g;
  let len = 0;
  if (node.isText) for (const m of (node.text ?? '').matchAll(ticks)) len = Math.max(len, m[0].length);
  let result = len > 0 && side > 0 ? ' `' : '`';
  for (let i = 0; i < len; i += 1) result += '`';
  if (len > 0 && side < 0) result += ' ';
  return result;
}

/** Top-level nodes serialised at once by `renderMarkdown` (a long document is written in such chunks). */
const MARKDOWN_CHUNK = 64;

const isList = (node: PmNode) => node.type.name === 'bulletList' || node.type.name === 'orderedList';

/**
 * The export document as CommonMark. prosemirror-markdown's serialiser asks, at every write, whether its whole output
 * so far ends a line (`atBlank`: a regular expression over the output string), which makes a long document
 * quadratic: a 1,000-post transcript spent most of its HTML time there (profile of the publication bundle, issue
 * 12.4). So a document of many top-level nodes is serialised in chunks and joined exactly as the serialiser joins
 * two top-level blocks (`flushClose(2)`: a line end unless the text already ends one, then a blank line). A chunk
 * never starts with a list, so how adjacent lists are written (`adjacentListsBefore`, a blank line between lists of
 * one type) sees the same neighbours as in one pass.
 */
export function renderMarkdown(doc: PmNode): string {
  const serialize = (node: PmNode) => markdownSerializer.serialize(node, { tightLists: true });
  if (doc.childCount <= MARKDOWN_CHUNK) return `${serialize(doc)}\n`;
  const parts: string[] = [];
  let group: PmNode[] = [];
  const flush = () => {
    const text = serialize(doc.type.create(doc.attrs, group));
    if (parts.length > 0) {
      const previous = parts[parts.length - 1];
      parts.push(previous === '' || previous.endsWith('\n') ? '\n' : '\n\n');
    }
    parts.push(text);
    group = [];
  };
  doc.forEach((child) => {
    if (group.length >= MARKDOWN_CHUNK && !isList(child)) flush();
    group.push(child);
  });
  flush();
  return `${parts.join('')}\n`;
}

// — HTML (the Markdown, rendered by markdown-it) —

const markdownToHtml = new MarkdownIt('commonmark', { html: false, linkify: false }).enable('strikethrough');

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function renderHtml(doc: PmNode, meta: ExportMeta): string {
  return `<!doctype html>
<html lang="${meta.language ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(meta.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}blockquote{border-left:3px solid #999;margin-left:0;padding-left:1rem;color:#444}</style>
</head>
<body>
<main>
${markdownToHtml.render(renderMarkdown(doc))}</main>
</body>
</html>
`;
}

// — DOCX —

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

function docxRuns(inlines: Inline[], extra: { italics?: boolean } = {}): ParagraphChild[] {
  return inlines.map((i) => {
    if (i.text === '\n') return new TextRun({ break: 1 });
    const run = new TextRun({
      text: i.text,
      bold: i.bold ?? false,
      italics: (i.italic ?? false) || (extra.italics ?? false),
      strike: i.strike ?? false,
      underline: i.underline ? {} : undefined,
      font: i.code ? 'Courier New' : undefined,
      style: i.href ? 'Hyperlink' : undefined,
    });
    return i.href ? new ExternalHyperlink({ link: i.href, children: [run] }) : run;
  });
}

/** The decimal list levels of a numbering definition whose lists start at `start`. */
const orderedLevels = (start: number): ILevelsOptions[] =>
  Array.from({ length: 9 }, (_, level) => ({
    level,
    format: LevelFormat.DECIMAL,
    text: `%${level + 1}.`,
    start,
    alignment: AlignmentType.START,
    style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
  }));

/**
 * Writes blocks as DOCX paragraphs. Every ordered list is its own numbering instance (docx's `instance`) of a
 * definition for its start number, so each list counts from its own start instead of continuing the previous one.
 */
function docxBlocks(blocks: Block[], lists: { count: number }, level = 0, quote = false): Paragraph[] {
  const out: Paragraph[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        out.push(
          new Paragraph({
            heading: HEADINGS[Math.min(block.level, 6) - 1],
            children: docxRuns(block.inlines),
          }),
        );
        break;
      case 'paragraph':
        out.push(
          new Paragraph({
            children: docxRuns(block.inlines, { italics: quote }),
            indent: quote ? { left: 720 } : undefined,
          }),
        );
        break;
      case 'list': {
        lists.count += 1;
        const instance = lists.count;
        const reference = { reference: `ordered-from-${block.start}`, levels: orderedLevels(block.start) };
        for (const item of block.items) {
          item.forEach((child, i) => {
            if (i === 0 && (child.kind === 'paragraph' || child.kind === 'heading')) {
              out.push(
                new Paragraph({
                  children: docxRuns(child.inlines),
                  ...(block.ordered
                    ? { numbering: { reference, level: Math.min(level, 8), instance } }
                    : { bullet: { level: Math.min(level, 8) } }),
                }),
              );
            } else if (child.kind === 'paragraph' || child.kind === 'heading') {
              out.push(
                new Paragraph({ children: docxRuns(child.inlines), indent: { left: 720 * (level + 1) } }),
              );
            } else out.push(...docxBlocks([child], lists, level + 1, quote));
          });
        }
        break;
      }
      case 'quote':
        out.push(...docxBlocks(block.blocks, lists, level, true));
        break;
      case 'code':
        out.push(
          ...block.text
            .split('\n')
            .map((line) => new Paragraph({ children: [new TextRun({ text: line, font: 'Courier New' })] })),
        );
        break;
      case 'rule':
        out.push(
          new Paragraph({
            border: { bottom: { style: 'single', size: 6, color: '999999', space: 1 } },
            children: [],
          }),
        );
        break;
    }
  }
  return out;
}

export async function renderDocx(doc: PmNode, meta: ExportMeta): Promise<Buffer> {
  const document = new Document({
    title: meta.title,
    creator: 'Polos',
    sections: [{ children: docxBlocks(readBlocks(doc), { count: 0 }) }],
  });
  return deterministicDocx(await Packer.toBuffer(document), meta.date);
}

/** A docx relationship id that is not docx's counted `rId<n>` (hyperlinks get random nanoid ids). */
const RANDOM_RELATIONSHIP_ID = /\bId="(?!rId\d+")([^"]+)"/g;

/**
 * The same document gives the same bytes (the publication bundle's rule, issue 12.4): docx (9.x) writes the time of
 * packing as `dcterms:created`/`modified` and as every ZIP entry's time, and gives each hyperlink a random
 * relationship id (nanoid). Here the package is read back (fflate, docx's own ZIP library), the dates become
 * `date` (the export's date: the release's publication time), the random ids become `rIdLink<n>` in order of
 * appearance in `word/_rels/document.xml.rels`, and the parts are zipped again in the same order with `date` as
 * their time and a fixed compression level.
 */
export function deterministicDocx(docx: Uint8Array, date: Date): Buffer {
  const parts = unzipSync(docx);
  const rels = parts['word/_rels/document.xml.rels'];
  const ids = rels ? [...strFromU8(rels).matchAll(RANDOM_RELATIONSHIP_ID)].map((m) => m[1]) : [];
  const renamed = new Map(ids.map((id, i) => [id, `rIdLink${i + 1}`]));
  const stamp = new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const out: Zippable = {};
  for (const [path, bytes] of Object.entries(parts)) {
    if (!/\.(xml|rels)$/.test(path)) {
      out[path] = bytes;
      continue;
    }
    let text = strFromU8(bytes);
    if (renamed.size > 0)
      text = text.replace(/="([^"]+)"/g, (whole, id: string) => {
        const next = renamed.get(id);
        return next ? `="${next}"` : whole;
      });
    if (path === 'docProps/core.xml')
      text = text.replace(
        /(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g,
        `$1${stamp}$2`,
      );
    out[path] = strToU8(text);
  }
  return Buffer.from(zipSync(out, { level: 6, mtime: zipTimeOf(date) }));
}

// — PDF —

/**
 * The PDF embeds DejaVu (Sans for text, Sans Mono for code; npm package `dejavu-fonts-ttf`, Bitstream Vera licence):
 * the standard PDF fonts only cover WinAnsi, and conclusions are written in Polish, Czech, Romanian, Greek, … .
 * pdfkit embeds a subset holding only the glyphs used.
 */
const PDF_FONT_FILES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
  code: 'DejaVuSansMono.ttf',
} as const;
type PdfFont = keyof typeof PDF_FONT_FILES;

let pdfFontCache: Map<PdfFont, PDFKit.Mixins.PDFFontSource> | undefined;

/**
 * The fonts, resolved through the package (so any install layout works) and parsed once: pdfkit accepts a parsed
 * fontkit font (changelog 0.20.0), which saves re-parsing ~3 MB of fonts (and their layout tables) per export.
 * pdfkit only reads the shared font; each document builds its own subset.
 */
function pdfFonts(): Map<PdfFont, PDFKit.Mixins.PDFFontSource> {
  if (!pdfFontCache) {
    const requireHere = createRequire(import.meta.url);
    pdfFontCache = new Map(
      (Object.keys(PDF_FONT_FILES) as PdfFont[]).map((name) => {
        const file = requireHere.resolve(`dejavu-fonts-ttf/ttf/${PDF_FONT_FILES[name]}`);
        // @types/pdfkit 0.17 does not list fontkit fonts among the font sources pdfkit 0.20 accepts.
        return [name, createFont(readFileSync(file)) as unknown as PDFKit.Mixins.PDFFontSource];
      }),
    );
  }
  return pdfFontCache;
}

/**
 * Text layouts (fontkit shaping of each space-separated word, scaled to PDF units) shared by every PDF this process
 * writes, one cache per font. pdfkit keeps such a cache per document and font (`fontLayoutCache`, on by default);
 * shaping a word is the costliest step of laying out a line (profile of the publication bundle, issue 12.4: a third
 * of a transcript PDF's time went to words already shaped in an earlier document). A layout depends only on the
 * font and the text, and pdfkit only reads the cached runs (it copies a position before changing it), so sharing
 * them changes no byte. Bounded: emptied once it holds more than `PDF_LAYOUT_CACHE_MAX` words.
 */
const pdfLayoutCaches = new Map<PdfFont, Record<string, unknown>>();
const PDF_LAYOUT_CACHE_MAX = 200_000;

function pdfLayoutCache(name: PdfFont): Record<string, unknown> {
  let cache = pdfLayoutCaches.get(name);
  if (!cache) {
    cache = Object.create(null) as Record<string, unknown>;
    pdfLayoutCaches.set(name, cache);
  }
  return cache;
}

/** Empties the shared layouts when they have grown past the bound (checked once per document). */
function boundPdfLayoutCaches(): void {
  let words = 0;
  for (const cache of pdfLayoutCaches.values()) words += Object.keys(cache).length;
  if (words > PDF_LAYOUT_CACHE_MAX) pdfLayoutCaches.clear();
}

/** Control characters have no glyph (tab, line feed and carriage return are laid out by pdfkit). */
const pdfSafe = (text: string) => text.replace(/[^\P{Cc}\t\n\r]/gu, '');

/**
 * The PDF, tagged for screen readers (PDF/UA-style structure: `tagged`, document language, title shown instead of
 * the file name): headings are H1–H6, paragraphs P, lists L/LI/Lbl/LBody, quotes BlockQuote, code Code, and the
 * rules are layout artifacts.
 */
export function renderPdf(doc: PmNode, meta: ExportMeta): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 56,
    // Fixed dates (the export's date, not the time of rendering): the same document gives the same bytes.
    info: { Title: meta.title, Creator: 'Polos', CreationDate: meta.date, ModDate: meta.date },
    bufferPages: false,
    tagged: true,
    lang: meta.language ?? 'en',
    displayTitle: true,
    pdfVersion: '1.7',
    // No default font: pdfkit would read and parse Helvetica's AFM file for every document (a tenth of a short
    // transcript's time), and the document only ever writes with the fonts registered below.
    font: '',
  });
  boundPdfLayoutCaches();
  for (const [name, font] of pdfFonts()) pdf.registerFont(name, font);
  /** Selects a registered font, its text layouts shared across documents (`pdfLayoutCaches`). */
  const useFont = (name: PdfFont) => {
    pdf.font(name);
    // pdfkit 0.20's EmbeddedFont keeps its layouts in `layoutCache`; the current font is `_font` (not typed).
    const current = (pdf as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
    if (current?.layoutCache) current.layoutCache = pdfLayoutCache(name);
    return pdf;
  };
  // Line heights (`moveDown`) need a current font before the first text.
  useFont('regular');
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  const writeInlines = (
    inlines: Inline[],
    size: number,
    options: { indent?: number; italic?: boolean; bold?: boolean; continues?: boolean } = {},
  ) => {
    pdf.fontSize(size);
    const runs = inlines.length ? inlines : [{ text: ' ' }];
    runs.forEach((run, i) => {
      const bold = (run.bold ?? false) || (options.bold ?? false);
      const italic = (run.italic ?? false) || (options.italic ?? false);
      useFont(
        run.code ? 'code' : bold && italic ? 'boldItalic' : bold ? 'bold' : italic ? 'italic' : 'regular',
      );
      pdf.fillColor(run.href ? '#1a55a6' : '#000000');
      pdf.text(pdfSafe(run.text), {
        continued: i < runs.length - 1 || (options.continues ?? false),
        indent: i === 0 ? (options.indent ?? 0) : 0,
        link: run.href ?? null,
        underline: Boolean(run.href) || (run.underline ?? false),
        strike: run.strike ?? false,
      });
    });
    pdf.fillColor('#000000');
  };
  const HEADING_SIZES = [20, 16, 14, 12.5, 12, 11];
  const writeBlocks = (parent: PDFKit.PDFStructureElement, list: Block[], indent: number, quote: boolean) => {
    for (const block of list) {
      switch (block.kind) {
        case 'heading':
          pdf.moveDown(0.5);
          parent.add(
            pdf.struct(`H${block.level}`, {}, () =>
              writeInlines(block.inlines, HEADING_SIZES[block.level - 1] ?? 11, { indent, bold: true }),
            ),
          );
          pdf.moveDown(0.3);
          break;
        case 'paragraph':
          parent.add(pdf.struct('P', {}, () => writeInlines(block.inlines, 11, { indent, italic: quote })));
          pdf.moveDown(0.4);
          break;
        case 'list': {
          const listElement = pdf.struct('L');
          parent.add(listElement);
          block.items.forEach((item, n) => {
            const marker = block.ordered ? `${block.start + n}. ` : '\u2022 ';
            const itemElement = pdf.struct('LI');
            listElement.add(itemElement);
            item.forEach((child, i) => {
              if ((child.kind === 'paragraph' || child.kind === 'heading') && i === 0) {
                // The label's text continues into the body's: one line, two structure elements.
                itemElement.add(
                  pdf.struct('Lbl', {}, () =>
                    writeInlines([{ text: marker }], 11, { indent: indent + 14, continues: true }),
                  ),
                );
                const body = pdf.struct('LBody');
                itemElement.add(body);
                body.add(pdf.struct('P', {}, () => writeInlines(child.inlines, 11, { italic: quote })));
                body.end();
                pdf.moveDown(0.2);
              } else {
                const body = pdf.struct('LBody');
                itemElement.add(body);
                writeBlocks(body, [child], indent + 28, quote);
                body.end();
              }
            });
            itemElement.end();
          });
          listElement.end();
          pdf.moveDown(0.2);
          break;
        }
        case 'quote': {
          const quoteElement = pdf.struct('BlockQuote');
          parent.add(quoteElement);
          writeBlocks(quoteElement, block.blocks, indent + 20, true);
          quoteElement.end();
          break;
        }
        case 'code':
          parent.add(
            pdf.struct('Code', {}, () => useFont('code').fontSize(10).text(pdfSafe(block.text), { indent })),
          );
          pdf.moveDown(0.4);
          break;
        case 'rule': {
          const y = pdf.y + 4;
          pdf.markContent('Artifact', { type: 'Layout' });
          pdf
            .moveTo(pdf.page.margins.left, y)
            .lineTo(pdf.page.width - pdf.page.margins.right, y)
            .strokeColor('#999999')
            .stroke();
          pdf.endMarkedContent();
          pdf.moveDown(0.8);
          break;
        }
      }
    }
  };
  writeBlocks(root, readBlocks(doc), 0, false);
  root.end();
  pdf.end();
  return done;
}

/** ASCII slug of a title (transliterated by slugify: "€" → "euro", "ñ" → "n", "Ł" → "L"). */
const slug = (text: string) =>
  slugify(text, { lower: true, strict: true, locale: 'es' }).slice(0, 60).replace(/-+$/, '');

/** A file name in full Unicode: characters file systems refuse replaced, whitespace collapsed. */
const displayName = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);

/**
 * Renders a stored document in one of the export formats, on the server. `signer` verifies quote provenance (the
 * hub's); without it no quote is linked to a post.
 */
export async function exportDocument(
  doc: Y.Doc,
  meta: ExportMeta,
  format: ExportFormat,
  signer: ProvenanceSigner = new ProvenanceSigner(),
): Promise<ExportFile> {
  const full = exportDocOf(proseMirrorDocOf(doc, signer), meta);
  const m = messagesOf(meta);
  const kind =
    meta.releaseNumber !== null
      ? `${m.fileRelease} ${meta.releaseNumber}`
      : meta.version
        ? `${m.fileVersion} ${meta.version.number} ${meta.version.name}`
        : m.fileWorkingCopy;
  const title = slug(meta.title) || slug(m.conclusions);
  const base = `${title}-${slug(kind)}`.replace(/-+$/, '');
  const unicodeBase = displayName(`${meta.title} (${kind})`) || base;
  const named = (extension: string) => ({
    fileName: `${base}.${extension}`,
    displayName: `${unicodeBase}.${extension}`,
  });
  switch (format) {
    case 'md':
      return {
        body: Buffer.from(renderMarkdown(full), 'utf8'),
        contentType: 'text/markdown; charset=utf-8',
        ...named('md'),
      };
    case 'html':
      return {
        body: Buffer.from(renderHtml(full, meta), 'utf8'),
        contentType: 'text/html; charset=utf-8',
        ...named('html'),
      };
    case 'docx':
      return {
        body: await renderDocx(full, meta),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        ...named('docx'),
      };
    case 'pdf':
      return { body: await renderPdf(full, meta), contentType: 'application/pdf', ...named('pdf') };
  }
}
