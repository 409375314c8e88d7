/**
 * "To conclusions": a post's Markdown as rich text of the shared editor schema, the passage a reader selected
 * found in what the reader saw (the rendered text, not the Markdown source), and the quote as Yjs nodes.
 */
import MarkdownIt from 'markdown-it';
import { MarkdownParser } from 'prosemirror-markdown';
import type { Node as PmNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { draftSchema, SAFE_LINK_HREF } from '@polos/shared/editor';

/**
 * markdown-it as the client renders posts (client/src/markdown/parseMarkdown.ts): CommonMark, raw HTML off,
 * bare http(s)/mailto URLs and e-mail addresses linked, every line ending a line break, no images.
 */
const postMarkdown = new MarkdownIt('commonmark', { html: false, linkify: true, breaks: true })
  .enable('linkify')
  .disable(['image', 'html_block', 'html_inline']);
postMarkdown.linkify.set({ fuzzyLink: false, fuzzyIP: false, fuzzyEmail: true });
// Only links the post renderer shows as links become links; any other keeps its label as text.
postMarkdown.validateLink = (url) => SAFE_LINK_HREF.test(url);

/** markdown-it tokens → nodes and marks of the editor schema (TipTap's names). */
const postParser = new MarkdownParser(draftSchema(), postMarkdown, {
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
});

/** A post's Markdown body as a document of the editor schema (bold, italics, links, lists, quotes, code). */
export function postToDoc(markdown: string): PmNode {
  return postParser.parse(markdown);
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
