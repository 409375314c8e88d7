/**
 * QA finding: in the Markdown export two adjacent lists became one (blank lines do not end a CommonMark list), and
 * the HTML export (rendered from that Markdown) showed one list too. Each export is read back with markdown-it.
 */
import MarkdownIt from 'markdown-it';
import { draftSchema } from '@polos/shared/editor';
import { renderHtml, renderMarkdown, type ExportMeta } from '../../../server/src/features/drafts/draftExport';

const list = (type: 'bulletList' | 'orderedList', items: string[], start?: number) => ({
  type,
  ...(start ? { attrs: { start } } : {}),
  content: items.map((text) => ({
    type: 'listItem',
    content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
  })),
});

const DOC = draftSchema().nodeFromJSON({
  type: 'doc',
  content: [
    list('orderedList', ['Alpha 1', 'Alpha 2']),
    list('orderedList', ['Beta 1']),
    list('orderedList', ['Gamma 3', 'Gamma 4'], 3),
    list('bulletList', ['Dot A', 'Dot B']),
    list('bulletList', ['Dot C']),
    list('bulletList', ['Dot D']),
    { type: 'paragraph', content: [{ type: 'text', text: 'Between' }] },
    list('orderedList', ['After 1']),
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'Outer' }] },
            list('bulletList', ['Inner 1']),
            list('bulletList', ['Inner 2']),
          ],
        },
      ],
    },
  ],
});

/** Each list as its type and the texts of its own items, in document order. */
function listsOf(markdown: string): Array<{ type: string; start: number; items: string[] }> {
  const tokens = new MarkdownIt('commonmark').parse(markdown, {});
  const lists: Array<{ type: string; start: number; items: string[] }> = [];
  const open: Array<{ type: string; start: number; items: string[] }> = [];
  for (const [i, token] of tokens.entries()) {
    if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') {
      const entry = { type: token.type, start: Number(token.attrGet('start') ?? 1), items: [] as string[] };
      lists.push(entry);
      open.push(entry);
    } else if (token.type === 'bullet_list_close' || token.type === 'ordered_list_close') open.pop();
    else if (token.type === 'list_item_open') {
      const inline = tokens.slice(i).find((t) => t.type === 'inline');
      open[open.length - 1]?.items.push(inline?.content ?? '');
    }
  }
  return lists;
}

const EXPECTED = [
  { type: 'ordered_list_open', start: 1, items: ['Alpha 1', 'Alpha 2'] },
  { type: 'ordered_list_open', start: 1, items: ['Beta 1'] },
  { type: 'ordered_list_open', start: 3, items: ['Gamma 3', 'Gamma 4'] },
  { type: 'bullet_list_open', start: 1, items: ['Dot A', 'Dot B'] },
  { type: 'bullet_list_open', start: 1, items: ['Dot C'] },
  { type: 'bullet_list_open', start: 1, items: ['Dot D'] },
  { type: 'ordered_list_open', start: 1, items: ['After 1'] },
  { type: 'bullet_list_open', start: 1, items: ['Outer'] },
  { type: 'bullet_list_open', start: 1, items: ['Inner 1'] },
  { type: 'bullet_list_open', start: 1, items: ['Inner 2'] },
];

describe('adjacent lists in exports', () => {
  test('theMarkdownExportReadsBackWithEveryListSeparate', () => {
    expect(listsOf(renderMarkdown(DOC))).toEqual(EXPECTED);
  });

  test('theHtmlExportShowsEveryListSeparately', () => {
    const meta: ExportMeta = {
      title: 'Lists',
      workspaceTitle: 'Workspace',
      blockTitle: null,
      releaseNumber: null,
      date: new Date('2026-11-30T00:00:00Z'),
      contributors: [],
    };
    const html = renderHtml(DOC, meta);
    expect(html.match(/<ol[ >]/g)).toHaveLength(4);
    expect(html.match(/<ul>/g)).toHaveLength(6);
    expect(html).toContain('<ol start="3">');
  });
});
