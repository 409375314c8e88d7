import { Markdown } from '../../client/src/markdown/Markdown';
import { passageOf, postToDoc } from '../../server/src/features/drafts/draftQuote';
import { render } from './helpers/render';

/**
 * "To conclusions" must quote what the reader saw: the post renderer and the server's quote conversion read posts
 * through one shared dialect (`@polos/shared/markdown`). Each post here is rendered by the real component and
 * converted by the real server function, and the texts must agree.
 */
const POSTS: Record<string, string> = {
  refusedLinks:
    'See [x](javascript:alert(1)), [data](data:text/html,hi), [vb](vbscript:x) and [ok](https://example.org/ok).',
  autolinks:
    'Bare https://example.org/a/b?c=1, <https://example.org/angle>, <javascript:alert(1)>, info@example.org, ' +
    'not example.org, «https://x.example/informe» and https://例え.jp/パス。',
  codeSpans: 'Run `npm test`, ``a ` b``, `código ` y `<script>`.',
  escapes: 'Precio 5 € \\*literal\\* \\_no\\_ \\[x\\](y) \\`tick\\` a \\\\ b &amp; &copy; &#35;',
  htmlAsText: 'Before <script>alert(1)</script> <b>html</b> <!-- c --> after\n\n<div>block</div>',
  imagesAsLinks: 'An ![alt text](https://example.org/i.png) image and ![bad](javascript:x).',
  structure:
    '# Title\n\n1. First **bold**\n2. Second\n\n> quoted *line*\n\n```\ncode  block\n```\n\n---\nend',
  lineBreaks: 'one\ntwo  \nthree',
  deepNesting: `${'> '.repeat(30)}deep\nsecond line`,
  bidiControls: 'abc\u202edef\u2066ghi',
};

/** Text without whitespace: the renderer and the quote differ only in how blocks and breaks are spaced. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

function renderedText(source: string): { root: HTMLElement; text: string } {
  const { container } = render(<Markdown source={source} />);
  const root = container.querySelector<HTMLElement>('.markdown')!;
  return { root, text: root.textContent ?? '' };
}

describe('a quote holds the text the post shows', () => {
  test.each(Object.entries(POSTS))('%s', (_name, source) => {
    const { root, text } = renderedText(source);
    const doc = postToDoc(source);
    expect(squeeze(doc.textContent)).toBe(squeeze(text));
    // Every run of text the reader can select is found as a passage (whole text nodes of the rendered post).
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const run = (node.textContent ?? '').trim();
      if (run) expect(passageOf(doc, run)?.textContent.replace(/\s+/g, ' ')).toBe(run.replace(/\s+/g, ' '));
    }
    // Links in the quote are exactly the links the reader saw.
    const shown = Array.from(root.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    const quoted: string[] = [];
    doc.descendants((node) => {
      for (const mark of node.marks)
        if (mark.type.name === 'link') quoted.push(String(mark.attrs.href as string));
    });
    expect([...new Set(quoted)]).toEqual([...new Set(shown)]);
  });

  test('theTestersSelectionAcrossHtmlARefusedLinkAndCodeIsFound', () => {
    const source =
      'Precio 5 € * no _cursiva_ \\*literal\\* <script>alert(1)</script> [x](javascript:alert(1)) `código ` y ñandú «comillas»';
    expect(renderedText(source).text).toContain('</script> x código');
    const doc = postToDoc(source);
    expect(passageOf(doc, '</script> x código')?.textContent).toBe('</script> x código');
    expect(doc.textContent).not.toContain('javascript:');
  });
});
