import * as Y from 'yjs';
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
  type ParagraphChild,
} from 'docx';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create as createFont } from 'fontkit';
import PDFDocument from 'pdfkit';
import { DRAFT_FRAGMENT, type ContributorGroupDto, type ExportFormat } from '@polos/shared';

/** One run of text with its marks. */
export interface Inline {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  strike?: boolean;
  href?: string;
}

/** The document as a small block tree, read from the TipTap/ProseMirror Y.XmlFragment. */
export type Block =
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Block[][] }
  | { kind: 'quote'; blocks: Block[]; source: string | null }
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
}

export interface ExportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

/** Reads the TipTap fragment of a document into blocks (unknown nodes become paragraphs of their text). */
export function readBlocks(doc: Y.Doc): Block[] {
  return doc
    .getXmlFragment(DRAFT_FRAGMENT)
    .toArray()
    .flatMap((node) => readBlock(node));
}

function readBlock(node: Y.XmlElement | Y.XmlText | Y.XmlHook): Block[] {
  if (node instanceof Y.XmlText) return [{ kind: 'paragraph', inlines: readInlines([node]) }];
  if (!(node instanceof Y.XmlElement)) return [];
  const children = node.toArray();
  switch (node.nodeName) {
    case 'heading': {
      const level = Number(node.getAttribute('level') ?? 1);
      return [
        {
          kind: 'heading',
          level: Math.min(Math.max(Number.isFinite(level) ? level : 1, 1), 6),
          inlines: readInlines(children),
        },
      ];
    }
    case 'bulletList':
    case 'orderedList':
      return [
        {
          kind: 'list',
          ordered: node.nodeName === 'orderedList',
          items: children.map((item) =>
            item instanceof Y.XmlElement ? item.toArray().flatMap((c) => readBlock(c)) : readBlock(item),
          ),
        },
      ];
    case 'blockquote': {
      const source = node.getAttribute('source');
      return [
        {
          kind: 'quote',
          blocks: children.flatMap((c) => readBlock(c)),
          source: typeof source === 'string' ? source : null,
        },
      ];
    }
    case 'codeBlock':
      return [
        {
          kind: 'code',
          text: readInlines(children)
            .map((i) => i.text)
            .join(''),
        },
      ];
    case 'horizontalRule':
      return [{ kind: 'rule' }];
    default:
      return [{ kind: 'paragraph', inlines: readInlines(children) }];
  }
}

function readInlines(nodes: Array<Y.XmlElement | Y.XmlText | Y.XmlHook>): Inline[] {
  const inlines: Inline[] = [];
  for (const node of nodes) {
    if (node instanceof Y.XmlText) {
      const delta = node.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>;
      for (const op of delta) {
        if (typeof op.insert !== 'string') continue;
        const a = op.attributes ?? {};
        const link = a.link as { href?: unknown } | undefined;
        const inline: Inline = { text: op.insert };
        if (a.bold) inline.bold = true;
        if (a.italic) inline.italic = true;
        if (a.code) inline.code = true;
        if (a.strike) inline.strike = true;
        if (link && typeof link.href === 'string' && SAFE_HREF.test(link.href)) inline.href = link.href;
        inlines.push(inline);
      }
    } else if (node instanceof Y.XmlElement) {
      if (node.nodeName === 'hardBreak') inlines.push({ text: '\n' });
      else inlines.push(...readInlines(node.toArray()));
    }
  }
  return inlines;
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

const formatDate = (date: Date) => date.toISOString().slice(0, 10);

function headerLines(meta: ExportMeta): { subtitle: string; release: string } {
  return {
    subtitle: meta.blockTitle
      ? `${meta.workspaceTitle} — ${meta.blockTitle}`
      : `${meta.workspaceTitle} — overall conclusions`,
    release:
      meta.releaseNumber === null
        ? `Working copy, ${formatDate(meta.date)}`
        : `Release ${meta.releaseNumber}, published ${formatDate(meta.date)}`,
  };
}

function contributorLines(groups: ContributorGroupDto[]): string[] {
  const lines: string[] = [];
  for (const group of groups) {
    lines.push(group.regionGroup === 'none' ? 'Other contributors' : `${group.regionGroup}`);
    for (const district of group.districts) {
      const where = district.name
        ? `${district.name}${district.country ? ` (${district.country})` : ''}`
        : 'No district';
      lines.push(`  ${where}: ${district.people.map((p) => p.name).join(', ')}`);
    }
  }
  return lines;
}

// — Markdown —

const escapeMd = (text: string) => text.replace(/([\\`*_[\]#<>|~])/g, '\\$1');

function inlineMd(inlines: Inline[]): string {
  return inlines
    .map((i) => {
      if (i.text === '\n') return '  \n';
      let out = i.code ? `\`${i.text.replace(/`/g, "'")}\`` : escapeMd(i.text);
      if (i.bold) out = `**${out}**`;
      if (i.italic) out = `_${out}_`;
      if (i.strike) out = `~~${out}~~`;
      if (i.href) out = `[${out}](${i.href.replace(/[()\s]/g, encodeURIComponent)})`;
      return out;
    })
    .join('');
}

function blocksMd(blocks: Block[], indent = ''): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        out.push(`${indent}${'#'.repeat(block.level)} ${inlineMd(block.inlines)}`, '');
        break;
      case 'paragraph':
        out.push(`${indent}${inlineMd(block.inlines)}`, '');
        break;
      case 'list':
        block.items.forEach((item, n) => {
          const marker = block.ordered ? `${n + 1}. ` : '- ';
          const lines = blocksMd(item, ' '.repeat(marker.length)).filter((line) => line.trim() !== '');
          lines.forEach((line, i) =>
            out.push(i === 0 ? `${indent}${marker}${line.trimStart()}` : `${indent}${line}`),
          );
        });
        out.push('');
        break;
      case 'quote':
        for (const line of blocksMd(block.blocks)) out.push(`${indent}> ${line}`.trimEnd());
        if (block.source) out.push(`${indent}> — source: post ${block.source}`);
        out.push('');
        break;
      case 'code':
        out.push(
          `${indent}\`\`\``,
          ...block.text.split('\n').map((l) => `${indent}${l}`),
          `${indent}\`\`\``,
          '',
        );
        break;
      case 'rule':
        out.push(`${indent}---`, '');
        break;
    }
  }
  return out;
}

export function renderMarkdown(blocks: Block[], meta: ExportMeta): string {
  const { subtitle, release } = headerLines(meta);
  const contributors = contributorLines(meta.contributors);
  return [
    `# ${escapeMd(meta.title)}`,
    '',
    `_${escapeMd(subtitle)}_  `,
    `_${release}_`,
    '',
    ...(contributors.length
      ? [
          '**Contributors**',
          '',
          ...contributors.map((l) => (l.startsWith('  ') ? `- ${escapeMd(l.trim())}` : `\n${escapeMd(l)}\n`)),
          '',
        ]
      : []),
    '---',
    '',
    ...blocksMd(blocks),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

// — HTML —

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function inlineHtml(inlines: Inline[]): string {
  return inlines
    .map((i) => {
      if (i.text === '\n') return '<br>';
      let out = escapeHtml(i.text);
      if (i.code) out = `<code>${out}</code>`;
      if (i.bold) out = `<strong>${out}</strong>`;
      if (i.italic) out = `<em>${out}</em>`;
      if (i.strike) out = `<s>${out}</s>`;
      if (i.href) out = `<a href="${escapeHtml(i.href)}" rel="noopener noreferrer">${out}</a>`;
      return out;
    })
    .join('');
}

function blocksHtml(blocks: Block[]): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return `<h${block.level + 1}>${inlineHtml(block.inlines)}</h${block.level + 1}>`.replace(
            /h7>/g,
            'h6>',
          );
        case 'paragraph':
          return `<p>${inlineHtml(block.inlines)}</p>`;
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul';
          return `<${tag}>${block.items.map((item) => `<li>${blocksHtml(item)}</li>`).join('')}</${tag}>`;
        }
        case 'quote':
          return `<blockquote${block.source ? ` data-source-post="${escapeHtml(block.source)}"` : ''}>${blocksHtml(block.blocks)}</blockquote>`;
        case 'code':
          return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
        case 'rule':
          return '<hr>';
      }
    })
    .join('\n');
}

export function renderHtml(blocks: Block[], meta: ExportMeta): string {
  const { subtitle, release } = headerLines(meta);
  const contributors = meta.contributors
    .map(
      (group) =>
        `<h3>${escapeHtml(group.regionGroup === 'none' ? 'Other contributors' : group.regionGroup)}</h3><ul>${group.districts
          .map(
            (d) =>
              `<li>${escapeHtml(d.name ? `${d.name}${d.country ? ` (${d.country})` : ''}` : 'No district')}: ${escapeHtml(
                d.people.map((p) => p.name).join(', '),
              )}</li>`,
          )
          .join('')}</ul>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(meta.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}blockquote{border-left:3px solid #999;margin-left:0;padding-left:1rem;color:#444}header p{margin:.2rem 0;color:#555}</style>
</head>
<body>
<header>
<h1>${escapeHtml(meta.title)}</h1>
<p>${escapeHtml(subtitle)}</p>
<p>${escapeHtml(release)}</p>
</header>
${contributors ? `<section class="contributors"><h2>Contributors</h2>${contributors}</section>` : ''}
<hr>
<main>
${blocksHtml(blocks)}
</main>
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
      font: i.code ? 'Courier New' : undefined,
      style: i.href ? 'Hyperlink' : undefined,
    });
    return i.href ? new ExternalHyperlink({ link: i.href, children: [run] }) : run;
  });
}

function docxBlocks(blocks: Block[], level = 0, quote = false): Paragraph[] {
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
      case 'list':
        for (const item of block.items) {
          item.forEach((child, i) => {
            if (child.kind === 'paragraph' || child.kind === 'heading') {
              out.push(
                new Paragraph({
                  children: docxRuns(child.inlines),
                  ...(i === 0
                    ? block.ordered
                      ? { numbering: { reference: 'ordered', level: Math.min(level, 8) } }
                      : { bullet: { level: Math.min(level, 8) } }
                    : { indent: { left: 720 * (level + 1) } }),
                }),
              );
            } else out.push(...docxBlocks([child], level + 1, quote));
          });
        }
        break;
      case 'quote':
        out.push(...docxBlocks(block.blocks, level, true));
        if (block.source)
          out.push(
            new Paragraph({
              indent: { left: 720 },
              children: [new TextRun({ text: `— source: post ${block.source}`, size: 18 })],
            }),
          );
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

export async function renderDocx(blocks: Block[], meta: ExportMeta): Promise<Buffer> {
  const { subtitle, release } = headerLines(meta);
  const contributors = contributorLines(meta.contributors);
  const document = new Document({
    title: meta.title,
    creator: 'Polos',
    numbering: {
      config: [
        {
          reference: 'ordered',
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(meta.title)] }),
          new Paragraph({ children: [new TextRun({ text: subtitle, italics: true })] }),
          new Paragraph({ children: [new TextRun({ text: release, italics: true })] }),
          ...(contributors.length
            ? [
                new Paragraph({ children: [new TextRun({ text: 'Contributors', bold: true })] }),
                ...contributors.map(
                  (line) =>
                    new Paragraph({
                      indent: line.startsWith('  ') ? { left: 360 } : undefined,
                      children: [new TextRun(line.trim())],
                    }),
                ),
              ]
            : []),
          new Paragraph({
            border: { bottom: { style: 'single', size: 6, color: '999999', space: 1 } },
            children: [],
          }),
          ...docxBlocks(blocks),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
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

/** Control characters have no glyph (tab, line feed and carriage return are laid out by pdfkit). */
const pdfSafe = (text: string) => text.replace(/[^\P{Cc}\t\n\r]/gu, '');

export function renderPdf(blocks: Block[], meta: ExportMeta): Promise<Buffer> {
  const { subtitle, release } = headerLines(meta);
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: meta.title, Creator: 'Polos' },
    bufferPages: false,
  });
  for (const [name, font] of pdfFonts()) pdf.registerFont(name, font);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.font('bold').fontSize(20).text(pdfSafe(meta.title));
  pdf
    .moveDown(0.3)
    .font('italic')
    .fontSize(11)
    .fillColor('#444444')
    .text(pdfSafe(subtitle))
    .text(pdfSafe(release));
  const contributors = contributorLines(meta.contributors);
  if (contributors.length) {
    pdf.moveDown(0.6).font('bold').fontSize(11).fillColor('#000000').text('Contributors');
    pdf.font('regular').fontSize(10);
    for (const line of contributors)
      pdf.text(pdfSafe(line.trim()), { indent: line.startsWith('  ') ? 14 : 0 });
  }
  pdf.fillColor('#000000').moveDown(1);
  const writeInlines = (
    inlines: Inline[],
    size: number,
    options: { indent?: number; italic?: boolean; bold?: boolean } = {},
  ) => {
    pdf.fontSize(size);
    const runs = inlines.length ? inlines : [{ text: ' ' }];
    runs.forEach((run, i) => {
      const bold = (run.bold ?? false) || (options.bold ?? false);
      const italic = (run.italic ?? false) || (options.italic ?? false);
      pdf.font(
        run.code ? 'code' : bold && italic ? 'boldItalic' : bold ? 'bold' : italic ? 'italic' : 'regular',
      );
      pdf.fillColor(run.href ? '#1a55a6' : '#000000');
      pdf.text(pdfSafe(run.text), {
        continued: i < runs.length - 1,
        indent: i === 0 ? (options.indent ?? 0) : 0,
        link: run.href ?? null,
        underline: Boolean(run.href),
        strike: run.strike ?? false,
      });
    });
    pdf.fillColor('#000000');
  };
  const writeBlocks = (list: Block[], indent: number, quote: boolean) => {
    for (const block of list) {
      switch (block.kind) {
        case 'heading':
          pdf.moveDown(0.5);
          writeInlines(block.inlines, [18, 15, 13, 12, 11, 11][block.level - 1] ?? 11, {
            indent,
            bold: true,
          });
          pdf.moveDown(0.3);
          break;
        case 'paragraph':
          writeInlines(block.inlines, 11, { indent, italic: quote });
          pdf.moveDown(0.4);
          break;
        case 'list':
          block.items.forEach((item, n) => {
            const marker = block.ordered ? `${n + 1}. ` : '\u2022 ';
            item.forEach((child, i) => {
              if ((child.kind === 'paragraph' || child.kind === 'heading') && i === 0) {
                writeInlines([{ text: marker }, ...child.inlines], 11, { indent: indent + 14 });
                pdf.moveDown(0.2);
              } else writeBlocks([child], indent + 28, quote);
            });
          });
          pdf.moveDown(0.2);
          break;
        case 'quote':
          writeBlocks(block.blocks, indent + 20, true);
          if (block.source)
            writeInlines([{ text: `\u2014 source: post ${block.source}` }], 9, { indent: indent + 20 });
          break;
        case 'code':
          pdf.font('code').fontSize(10).text(pdfSafe(block.text), { indent });
          pdf.moveDown(0.4);
          break;
        case 'rule': {
          const y = pdf.y + 4;
          pdf
            .moveTo(pdf.page.margins.left, y)
            .lineTo(pdf.page.width - pdf.page.margins.right, y)
            .strokeColor('#999999')
            .stroke();
          pdf.moveDown(0.8);
          break;
        }
      }
    }
  };
  writeBlocks(blocks, 0, false);
  pdf.end();
  return done;
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 60) || 'conclusions';

/** Renders a stored document in one of the export formats, on the server. */
export async function exportDocument(
  doc: Y.Doc,
  meta: ExportMeta,
  format: ExportFormat,
): Promise<ExportFile> {
  const blocks = readBlocks(doc);
  const base = `${slug(meta.title)}${meta.releaseNumber === null ? '-working-copy' : `-release-${meta.releaseNumber}`}`;
  switch (format) {
    case 'md':
      return {
        body: Buffer.from(renderMarkdown(blocks, meta), 'utf8'),
        contentType: 'text/markdown; charset=utf-8',
        fileName: `${base}.md`,
      };
    case 'html':
      return {
        body: Buffer.from(renderHtml(blocks, meta), 'utf8'),
        contentType: 'text/html; charset=utf-8',
        fileName: `${base}.html`,
      };
    case 'docx':
      return {
        body: await renderDocx(blocks, meta),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        fileName: `${base}.docx`,
      };
    case 'pdf':
      return { body: await renderPdf(blocks, meta), contentType: 'application/pdf', fileName: `${base}.pdf` };
  }
}
