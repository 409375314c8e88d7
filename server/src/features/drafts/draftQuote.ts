/**
 * "To conclusions": a post's Markdown as rich text of the shared editor schema, the passage a reader selected
 * found in what the reader saw (the rendered text, not the Markdown source), and the quote as Yjs nodes.
 */
import type MarkdownIt from 'markdown-it';
import { MarkdownParser } from 'prosemirror-markdown';
import type { Node as PmNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { draftSchema } from '@polos/shared/editor';
import { parsePost, safeHref, type Token } from '@polos/shared/markdown';

/**
 * Drops the links the post renderer does not show as links (`safeHref` refuses their URL): the renderer keeps
 * such a link's label as plain text, so the quote does too. CommonMark links do not nest, so each refused
 * `link_open` pairs with the next `link_close`.
 */
function withShownLinksOnly(tokens: Token[]): Token[] {
  for (const block of tokens) {
    if (!block.children) continue;
    let dropping = false;
    block.children = block.children.filter((token) => {
      if (token.type === 'link_open') {
        const href = safeHref(token.attrGet('href') ?? '');
        if (href) token.attrSet('href', href);
        dropping = !href;
        return !dropping;
      }
      if (token.type === 'link_close' && dropping) {
        dropping = false;
        return false;
      }
      return true;
    });
  }
  return tokens;
}

/** markdown-it tokens → nodes and marks of the editor schema (TipTap's names). */
const postParser = new MarkdownParser(
  draftSchema(),
  // The post's tokens exactly as the renderer gets them (the shared dialect), minus links it does not show.
  {
    parse: (source: string) => {
      const parsed = parsePost(source);
      if (parsed.tooDeep) throw new Error('tooDeep posts are converted without markdown-it');
      return withShownLinksOnly(parsed.tokens);
    },
    // prosemirror-markdown only ever calls `tokenizer.parse(source, env)`.
  } as unknown as MarkdownIt,
  {
    blockquote: { block: 'blockquote' },
    paragraph: { block: 'paragraph' },
    list_item: { block: 'listItem' },
    bullet_list: { block: 'bulletList' },
    ordered_list: {
      block: 'orderedList',
      getAttrs: (token) => ({ start: Number(token.attrGet('start') ?? 1) || 1 }),
    },
    heading: { block: 'heading', getAttrs: (token) => ({ level: Number(token.tag.slice(1)) }) },
    code_block: { block: 'codeBlock', noCloseToken: true },
    fence: { block: 'codeBlock', noCloseToken: true },
    hr: { node: 'horizontalRule' },
    hardbreak: { node: 'hardBreak' },
    softbreak: { node: 'hardBreak' },
    em: { mark: 'italic' },
    strong: { mark: 'bold' },
    link: { mark: 'link', getAttrs: (token) => ({ href: token.attrGet('href') }) },
    code_inline: { mark: 'code', noCloseToken: true },
  },
);

/**
 * A post's Markdown body as a document of the editor schema (bold, italics, links, lists, quotes, code), with the
 * text the post renderer shows: the shared dialect (`@polos/shared/markdown`), links with a refused URL as their
 * label, and a post nested too deep to render as one paragraph of its plain-text lines, as the renderer shows it.
 */
export function postToDoc(markdown: string): PmNode {
  const parsed = parsePost(markdown);
  if (!parsed.tooDeep) return postParser.parse(markdown);
  const schema = draftSchema();
  const inline = parsed.lines.flatMap((line, index) => [
    ...(index > 0 ? [schema.nodes.hardBreak.create()] : []),
    ...(line ? [schema.text(line)] : []),
  ]);
  return schema.nodes.doc.create(null, schema.nodes.paragraph.create(null, inline));
}

/** One character of the rendered text and the document position it sits at. */
interface Rendered {
  text: string;
  positions: number[];
}

/**
 * The text a reader sees of a document, whitespace collapsed (blocks and line breaks count as one space), with
 * the document position of each character. Compared in NFC, as a browser selection may come in either form.
 */
function renderedText(doc: PmNode): Rendered {
  let text = '';
  const positions: number[] = [];
  // One position per UTF-16 unit, so indexes into `text` index `positions`.
  const push = (char: string, pos: number) => {
    if (/\s/.test(char)) {
      if (text === '' || text.endsWith(' ')) return;
      text += ' ';
      positions.push(pos);
      return;
    }
    text += char;
    for (let i = 0; i < char.length; i += 1) positions.push(pos + i);
  };
  doc.descendants((node, pos) => {
    if (node.isBlock && text !== '') push(' ', pos);
    if (node.type.name === 'hardBreak') push(' ', pos);
    if (node.isText) {
      const chars = Array.from(node.text ?? '');
      let offset = 0;
      for (const char of chars) {
        push(char, pos + offset);
        offset += char.length;
      }
    }
    return true;
  });
  return { text, positions };
}

const normalisePassage = (passage: string) => passage.normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * The part of a post's document that a passage selected by a reader covers, as a document of whole blocks
 * (marks, links and the enclosing list or quote kept), or null when the passage is not in what the post shows.
 * The passage is matched against the rendered text, so a selection across bold, italic or link text matches.
 */
export function passageOf(doc: PmNode, passage: string): PmNode | null {
  const wanted = normalisePassage(passage);
  if (!wanted) return null;
  const rendered = renderedText(doc);
  const at = rendered.text.normalize('NFC').indexOf(wanted);
  // NFC leaves the length of almost all text alone; where it changed it, match the text as it is.
  const index =
    rendered.text.normalize('NFC').length === rendered.text.length ? at : rendered.text.indexOf(wanted);
  if (index < 0) return null;
  const from = rendered.positions[index];
  const last = rendered.positions[index + wanted.length - 1];
  if (from === undefined || last === undefined) return null;
  return doc.cut(from, last + 1);
}

/**
 * Yjs nodes of ProseMirror block nodes, written the way y-prosemirror (TipTap's Collaboration) writes them:
 * element per node with its non-null attributes, one Y.XmlText per run of text with each mark as a formatting
 * attribute `{ [mark]: attrs }`.
 */
export function toYNodes(nodes: readonly PmNode[]): Array<Y.XmlElement | Y.XmlText> {
  const convert = (node: PmNode): Y.XmlElement => {
    const element = new Y.XmlElement(node.type.name);
    for (const [key, value] of Object.entries(node.attrs))
      if (value !== null && value !== undefined) element.setAttribute(key, value as string);
    const children: Array<Y.XmlElement | Y.XmlText> = [];
    let text: Y.XmlText | null = null;
    let textLength = 0;
    node.forEach((child) => {
      if (child.isText) {
        if (!text) {
          text = new Y.XmlText();
          textLength = 0;
          children.push(text);
        }
        const attributes = Object.fromEntries(child.marks.map((mark) => [mark.type.name, mark.attrs]));
        text.insert(textLength, child.text ?? '', attributes);
        textLength += (child.text ?? '').length;
      } else {
        text = null;
        children.push(convert(child));
      }
    });
    if (children.length > 0) element.insert(0, children);
    return element;
  };
  return nodes.map(convert);
}
