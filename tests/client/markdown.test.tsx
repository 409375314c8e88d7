import { Markdown } from '../../client/src/markdown/Markdown';
import { parseMarkdown, safeHref } from '../../client/src/markdown/parseMarkdown';
import { render } from './helpers/render';

const ALLOWED_TAGS = new Set([
  'DIV',
  'P',
  'EM',
  'STRONG',
  'CODE',
  'PRE',
  'UL',
  'OL',
  'LI',
  'BLOCKQUOTE',
  'A',
  'BR',
]);

function renderMarkdown(source: string): HTMLElement {
  const { container } = render(<Markdown source={source} />);
  return container;
}

/** Every element is from the allow-list, no attribute is an event handler, every href is safe. */
function expectSafe(container: HTMLElement): void {
  for (const el of Array.from(container.querySelectorAll('*'))) {
    expect(ALLOWED_TAGS.has(el.tagName)).toBe(true);
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.startsWith('on')).toBe(false);
      expect(['class', 'href', 'rel', 'target', 'start']).toContain(attr.name);
    }
  }
  for (const a of Array.from(container.querySelectorAll('a'))) {
    expect(a.getAttribute('href')).toMatch(/^(https?:\/\/|mailto:)/i);
    expect(a.getAttribute('rel')).toContain('noopener');
  }
}

describe('Markdown renderer', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('rendersParagraphsEmphasisStrongCodeListsQuotesAndLinks', () => {
    const c = renderMarkdown(
      [
        'Hello *world* and **bold** with `x < y`.',
        '',
        '- one',
        '- two with [a link](https://example.org/a?b=1)',
        '',
        '1. first',
        '2. second',
        '',
        '> quoted _text_',
        '',
        '```',
        '<b>not html</b>',
        '```',
        '',
        'see https://polos.example.org/x. and <mailto:ana@example.org>',
      ].join('\n'),
    );
    expect(c.querySelector('p em')?.textContent).toBe('world');
    expect(c.querySelector('p strong')?.textContent).toBe('bold');
    expect(c.querySelector('p code')?.textContent).toBe('x < y');
    expect(Array.from(c.querySelectorAll('ul > li')).map((li) => li.textContent)).toEqual([
      'one',
      'two with a link',
    ]);
    expect(c.querySelectorAll('ol > li')).toHaveLength(2);
    expect(c.querySelector('blockquote em')?.textContent).toBe('text');
    expect(c.querySelector('pre code')?.textContent).toBe('<b>not html</b>');
    const hrefs = Array.from(c.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual([
      'https://example.org/a?b=1',
      'https://polos.example.org/x',
      'mailto:ana@example.org',
    ]);
    expectSafe(c);
  });

  test('keepsIntrawordUnderscoresAndEscapes', () => {
    const c = renderMarkdown('snake_case_name and \\*not em\\*');
    expect(c.textContent).toBe('snake_case_name and *not em*');
    expect(c.querySelector('em')).toBeNull();
  });

  test('nestedListsAndQuotes', () => {
    const blocks = parseMarkdown('- a\n  - b\n  - c\n- d\n\n> > deep');
    expect(blocks[0]).toMatchObject({ type: 'list', items: [expect.anything(), expect.anything()] });
    const c = renderMarkdown('- a\n  - b\n- d\n\n> > deep');
    expect(c.querySelector('ul li ul li')?.textContent).toBe('b');
    expect(c.querySelector('blockquote blockquote')?.textContent).toBe('deep');
  });

  const xssVectors: Array<[string, string]> = [
    ['javascript link', '[click](javascript:alert(1))'],
    ['upper-case javascript link', '[click](JaVaScRiPt:alert(1))'],
    ['tab-split scheme', '[click](java\tscript:alert(1))'],
    ['entity-encoded scheme', '[click](javascript&#58;alert(1))'],
    ['data URL', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['vbscript', '[x](vbscript:msgbox)'],
    ['angle autolink javascript', '<javascript:alert(1)>'],
    ['raw script tag', '<script>alert(1)</script>'],
    ['raw img onerror', '<img src=x onerror=alert(1)>'],
    ['raw iframe', '<iframe src="https://evil.example"></iframe>'],
    ['svg onload', '<svg onload=alert(1)>'],
    ['link with quote breakout', '[x](https://a.example/"onmouseover="alert(1))'],
    ['nested link tricks', '[[x](javascript:alert(1))](https://ok.example)'],
    ['emphasis around html', '**<script>alert(1)</script>**'],
    ['html in link text', '[<img src=x onerror=alert(1)>](https://ok.example)'],
    ['protocol-relative', '[x](//evil.example/x)'],
    ['relative path', '[x](/api/auth/logout)'],
    ['bare javascript text', 'javascript:alert(1)'],
    ['style tag', '<style>body{display:none}</style>'],
  ];

  test.each(xssVectors)('neutralises %s', (_name, source) => {
    const c = renderMarkdown(source);
    expectSafe(c);
    expect(c.querySelector('script, img, iframe, svg, style, object, embed')).toBeNull();
    expect(c.innerHTML).not.toMatch(/<(script|img|iframe|svg|style)/i);
    for (const a of Array.from(c.querySelectorAll('a')))
      expect(a.getAttribute('href')).not.toMatch(/script|data:/i);
  });

  test('rawHtmlIsShownAsText', () => {
    const c = renderMarkdown('<b>bold?</b> <script>alert(1)</script>');
    expect(c.textContent).toBe('<b>bold?</b> <script>alert(1)</script>');
    expect(c.querySelector('b')).toBeNull();
  });

  test('unsafeLinkKeepsItsLabelAsText', () => {
    const c = renderMarkdown('[click me](javascript:alert(1))');
    expect(c.querySelector('a')).toBeNull();
    expect(c.textContent).toBe('click me');
  });

  test('safeHrefAllowsOnlyAbsoluteHttpHttpsMailto', () => {
    expect(safeHref('https://example.org/a b')).toBeNull();
    expect(safeHref('http://example.org')).toBe('http://example.org/');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
    expect(safeHref('ftp://example.org')).toBeNull();
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://ex\u0000ample.org')).toBeNull();
  });

  test('pathologicalInputStaysFast', () => {
    const start = Date.now();
    parseMarkdown('['.repeat(10_000));
    parseMarkdown('*a'.repeat(5000) + '_'.repeat(2000) + '`a'.repeat(2000));
    parseMarkdown('> '.repeat(2000) + 'x');
    parseMarkdown('- '.repeat(2000) + 'x');
    expect(Date.now() - start).toBeLessThan(1500);
  });
});
