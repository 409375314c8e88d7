import MarkdownIt from 'markdown-it';
import { Markdown } from '../../client/src/markdown/Markdown';
import { safeHref } from '../../client/src/markdown/parseMarkdown';
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
  'HR',
]);

/** The `.markdown` element a post body renders into. */
function renderMarkdown(source: string): HTMLElement {
  const { container } = render(<Markdown source={source} />);
  return container.querySelector<HTMLElement>('.markdown')!;
}

/** Every element is from the allow-list, no attribute is an event handler, every href is safe. */
function expectSafe(root: HTMLElement): void {
  for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
    expect(ALLOWED_TAGS.has(el.tagName)).toBe(true);
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.startsWith('on')).toBe(false);
      expect(['class', 'dir', 'href', 'title', 'rel', 'target', 'start']).toContain(attr.name);
    }
  }
  for (const a of Array.from(root.querySelectorAll('a'))) {
    expect(a.getAttribute('href')).toMatch(/^(https?:\/\/|mailto:)/i);
    expect(a.getAttribute('rel')).toContain('noopener');
  }
}

// ------------------------------------------------------------------------------ CommonMark spec examples

/**
 * An example from the CommonMark spec (0.30, the version markdown-it 14 implements), copied by hand:
 * `markdown` is the input and `html` the spec's expected output, both verbatim. `polos` is what a post
 * shows instead where the forum's policy differs (raw HTML shown as text, only absolute http(s)/mailto
 * links, bare URLs and e-mail addresses linked), in the same notation.
 */
interface SpecExample {
  section: string;
  markdown: string;
  html: string;
  polos?: string;
}

const SPEC: SpecExample[] = [
  // Paragraphs
  { section: 'Paragraphs', markdown: 'aaa\n\nbbb', html: '<p>aaa</p>\n<p>bbb</p>' },
  { section: 'Paragraphs', markdown: 'aaa\nbbb\n\nccc\nddd', html: '<p>aaa\nbbb</p>\n<p>ccc\nddd</p>' },
  { section: 'Paragraphs', markdown: 'aaa\n\n\nbbb', html: '<p>aaa</p>\n<p>bbb</p>' },
  { section: 'Paragraphs', markdown: '  aaa\n bbb', html: '<p>aaa\nbbb</p>' },
  {
    section: 'Paragraphs',
    markdown: 'aaa\n             bbb\n                                       ccc',
    html: '<p>aaa\nbbb\nccc</p>',
  },
  { section: 'Paragraphs', markdown: '   aaa\nbbb', html: '<p>aaa\nbbb</p>' },
  { section: 'Paragraphs', markdown: '    aaa\nbbb', html: '<pre><code>aaa\n</code></pre>\n<p>bbb</p>' },
  { section: 'Paragraphs', markdown: 'aaa     \nbbb     ', html: '<p>aaa<br />\nbbb</p>' },
  // Backslash escapes
  {
    section: 'Backslash escapes',
    markdown:
      '\\!\\"\\#\\$\\%\\&\\\'\\(\\)\\*\\+\\,\\-\\.\\/\\:\\;\\<\\=\\>\\?\\@\\[\\\\\\]\\^\\_\\`\\{\\|\\}\\~',
    html: "<p>!&quot;#$%&amp;'()*+,-./:;&lt;=&gt;?@[\\]^_`{|}~</p>",
  },
  {
    section: 'Backslash escapes',
    markdown: [
      '\\*not emphasized*',
      '\\<br/> not a tag',
      '\\[not a link](/foo)',
      '\\`not code`',
      '1\\. not a list',
      '\\* not a list',
      '\\# not a heading',
      '\\[foo]: /url "not a reference"',
      '\\&ouml; not a character entity',
    ].join('\n'),
    html: [
      '<p>*not emphasized*',
      '&lt;br/&gt; not a tag',
      '[not a link](/foo)',
      '`not code`',
      '1. not a list',
      '* not a list',
      '# not a heading',
      '[foo]: /url &quot;not a reference&quot;',
      '&amp;ouml; not a character entity</p>',
    ].join('\n'),
  },
  { section: 'Backslash escapes', markdown: '\\\\*emphasis*', html: '<p>\\<em>emphasis</em></p>' },
  { section: 'Backslash escapes', markdown: 'foo\\\nbar', html: '<p>foo<br />\nbar</p>' },
  { section: 'Backslash escapes', markdown: '`` \\[\\` ``', html: '<p><code>\\[\\`</code></p>' },
  { section: 'Backslash escapes', markdown: '~~~\n\\[\\]\n~~~', html: '<pre><code>\\[\\]\n</code></pre>' },
  {
    section: 'Backslash escapes',
    markdown: '<http://example.com?find=\\*>',
    html: '<p><a href="http://example.com?find=%5C*">http://example.com?find=\\*</a></p>',
  },
  // Fenced code blocks
  {
    section: 'Fenced code blocks',
    markdown: '```\n<\n >\n```',
    html: '<pre><code>&lt;\n &gt;\n</code></pre>',
  },
  {
    section: 'Fenced code blocks',
    markdown: '~~~\n<\n >\n~~~',
    html: '<pre><code>&lt;\n &gt;\n</code></pre>',
  },
  { section: 'Fenced code blocks', markdown: '``\nfoo\n``', html: '<p><code>foo</code></p>' },
  {
    section: 'Fenced code blocks',
    markdown: '```\naaa\n~~~\n```',
    html: '<pre><code>aaa\n~~~\n</code></pre>',
  },
  { section: 'Fenced code blocks', markdown: '```', html: '<pre><code></code></pre>' },
  {
    section: 'Fenced code blocks',
    markdown: '> ```\n> aaa\n\nbbb',
    html: '<blockquote>\n<pre><code>aaa\n</code></pre>\n</blockquote>\n<p>bbb</p>',
  },
  {
    section: 'Fenced code blocks',
    markdown: ' ```\n aaa\naaa\n```',
    html: '<pre><code>aaa\naaa\n</code></pre>',
  },
  {
    section: 'Fenced code blocks',
    markdown: 'foo\n```\nbar\n```\nbaz',
    html: '<p>foo</p>\n<pre><code>bar\n</code></pre>\n<p>baz</p>',
  },
  // Block quotes
  {
    section: 'Block quotes',
    markdown: '> bar\nbaz\n> foo',
    html: '<blockquote>\n<p>bar\nbaz\nfoo</p>\n</blockquote>',
  },
  {
    section: 'Block quotes',
    markdown: '> foo\n---',
    html: '<blockquote>\n<p>foo</p>\n</blockquote>\n<hr />',
  },
  {
    section: 'Block quotes',
    markdown: '> - foo\n- bar',
    html: '<blockquote>\n<ul>\n<li>foo</li>\n</ul>\n</blockquote>\n<ul>\n<li>bar</li>\n</ul>',
  },
  {
    section: 'Block quotes',
    markdown: '> foo\n\n> bar',
    html: '<blockquote>\n<p>foo</p>\n</blockquote>\n<blockquote>\n<p>bar</p>\n</blockquote>',
  },
  {
    section: 'Block quotes',
    markdown: '> foo\n>\n> bar',
    html: '<blockquote>\n<p>foo</p>\n<p>bar</p>\n</blockquote>',
  },
  {
    section: 'Block quotes',
    markdown: 'foo\n> bar',
    html: '<p>foo</p>\n<blockquote>\n<p>bar</p>\n</blockquote>',
  },
  {
    section: 'Block quotes',
    markdown: '> bar\n\nbaz',
    html: '<blockquote>\n<p>bar</p>\n</blockquote>\n<p>baz</p>',
  },
  {
    section: 'Block quotes',
    markdown: '> > > foo\nbar',
    html: '<blockquote>\n<blockquote>\n<blockquote>\n<p>foo\nbar</p>\n</blockquote>\n</blockquote>\n</blockquote>',
  },
  // List items
  { section: 'List items', markdown: '- one\n\n two', html: '<ul>\n<li>one</li>\n</ul>\n<p>two</p>' },
  {
    section: 'List items',
    markdown: '- one\n\n  two',
    html: '<ul>\n<li>\n<p>one</p>\n<p>two</p>\n</li>\n</ul>',
  },
  { section: 'List items', markdown: '123456789. ok', html: '<ol start="123456789">\n<li>ok</li>\n</ol>' },
  { section: 'List items', markdown: '1234567890. not ok', html: '<p>1234567890. not ok</p>' },
  { section: 'List items', markdown: '0. ok', html: '<ol start="0">\n<li>ok</li>\n</ol>' },
  { section: 'List items', markdown: '003. ok', html: '<ol start="3">\n<li>ok</li>\n</ol>' },
  { section: 'List items', markdown: '-1. not ok', html: '<p>-1. not ok</p>' },
  {
    section: 'List items',
    markdown: '  10.  foo\n\n           bar',
    html: '<ol start="10">\n<li>\n<p>foo</p>\n<pre><code>bar\n</code></pre>\n</li>\n</ol>',
  },
  {
    section: 'List items',
    markdown: '1. foo\n2.\n3. bar',
    html: '<ol>\n<li>foo</li>\n<li></li>\n<li>bar</li>\n</ol>',
  },
  { section: 'List items', markdown: 'foo\n*\n\nfoo\n1.', html: '<p>foo\n*</p>\n<p>foo\n1.</p>' },
  {
    section: 'List items',
    markdown: '- foo\n  - bar\n    - baz\n      - boo',
    html: '<ul>\n<li>foo\n<ul>\n<li>bar\n<ul>\n<li>baz\n<ul>\n<li>boo</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>',
  },
  {
    section: 'List items',
    markdown: '10) foo\n    - bar',
    html: '<ol start="10">\n<li>foo\n<ul>\n<li>bar</li>\n</ul>\n</li>\n</ol>',
  },
  {
    section: 'List items',
    markdown: '1. - 2. foo',
    html: '<ol>\n<li>\n<ul>\n<li>\n<ol start="2">\n<li>foo</li>\n</ol>\n</li>\n</ul>\n</li>\n</ol>',
  },
  // Lists
  {
    section: 'Lists',
    markdown: '- foo\n- bar\n+ baz',
    html: '<ul>\n<li>foo</li>\n<li>bar</li>\n</ul>\n<ul>\n<li>baz</li>\n</ul>',
  },
  {
    section: 'Lists',
    markdown: '1. foo\n2. bar\n3) baz',
    html: '<ol>\n<li>foo</li>\n<li>bar</li>\n</ol>\n<ol start="3">\n<li>baz</li>\n</ol>',
  },
  {
    section: 'Lists',
    markdown: 'Foo\n- bar\n- baz',
    html: '<p>Foo</p>\n<ul>\n<li>bar</li>\n<li>baz</li>\n</ul>',
  },
  {
    section: 'Lists',
    markdown: 'The number of windows in my house is\n14.  The number of doors is 6.',
    html: '<p>The number of windows in my house is\n14.  The number of doors is 6.</p>',
  },
  {
    section: 'Lists',
    markdown: 'The number of windows in my house is\n1.  The number of doors is 6.',
    html: '<p>The number of windows in my house is</p>\n<ol>\n<li>The number of doors is 6.</li>\n</ol>',
  },
  {
    section: 'Lists',
    markdown: '- foo\n\n- bar\n\n\n- baz',
    html: '<ul>\n<li>\n<p>foo</p>\n</li>\n<li>\n<p>bar</p>\n</li>\n<li>\n<p>baz</p>\n</li>\n</ul>',
  },
  {
    section: 'Lists',
    markdown: '- a\n- b\n\n- c',
    html: '<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n<li>\n<p>c</p>\n</li>\n</ul>',
  },
  // Code spans
  { section: 'Code spans', markdown: '`foo`', html: '<p><code>foo</code></p>' },
  { section: 'Code spans', markdown: '`` foo ` bar ``', html: '<p><code>foo ` bar</code></p>' },
  { section: 'Code spans', markdown: '` `` `', html: '<p><code>``</code></p>' },
  { section: 'Code spans', markdown: '``\nfoo\nbar  \nbaz\n``', html: '<p><code>foo bar   baz</code></p>' },
  { section: 'Code spans', markdown: '`foo\\`bar`', html: '<p><code>foo\\</code>bar`</p>' },
  { section: 'Code spans', markdown: '*foo`*`', html: '<p>*foo<code>*</code></p>' },
  { section: 'Code spans', markdown: '```foo``', html: '<p>```foo``</p>' },
  { section: 'Code spans', markdown: '`foo``bar``', html: '<p>`foo<code>bar</code></p>' },
  // Emphasis and strong emphasis
  { section: 'Emphasis', markdown: '*foo bar*', html: '<p><em>foo bar</em></p>' },
  { section: 'Emphasis', markdown: 'a * foo bar*', html: '<p>a * foo bar*</p>' },
  { section: 'Emphasis', markdown: 'a*"foo"*', html: '<p>a*&quot;foo&quot;*</p>' },
  { section: 'Emphasis', markdown: 'foo*bar*', html: '<p>foo<em>bar</em></p>' },
  { section: 'Emphasis', markdown: '_foo bar_', html: '<p><em>foo bar</em></p>' },
  { section: 'Emphasis', markdown: 'foo_bar_', html: '<p>foo_bar_</p>' },
  { section: 'Emphasis', markdown: 'пристаням_стремятся_', html: '<p>пристаням_стремятся_</p>' },
  { section: 'Emphasis', markdown: 'foo-_(bar)_', html: '<p>foo-<em>(bar)</em></p>' },
  { section: 'Emphasis', markdown: '*foo bar\n*', html: '<p>*foo bar\n*</p>' },
  { section: 'Emphasis', markdown: '*(*foo*)*', html: '<p><em>(<em>foo</em>)</em></p>' },
  { section: 'Emphasis', markdown: '_foo_bar_baz_', html: '<p><em>foo_bar_baz</em></p>' },
  { section: 'Emphasis', markdown: '**foo bar**', html: '<p><strong>foo bar</strong></p>' },
  { section: 'Emphasis', markdown: '** foo bar**', html: '<p>** foo bar**</p>' },
  { section: 'Emphasis', markdown: 'foo**bar**', html: '<p>foo<strong>bar</strong></p>' },
  { section: 'Emphasis', markdown: 'foo__bar__', html: '<p>foo__bar__</p>' },
  {
    section: 'Emphasis',
    markdown: '__foo, __bar__, baz__',
    html: '<p><strong>foo, <strong>bar</strong>, baz</strong></p>',
  },
  { section: 'Emphasis', markdown: '**(**foo)', html: '<p>**(**foo)</p>' },
  // Links (the spec's own examples mostly use relative URLs; a post keeps their label as text)
  {
    section: 'Links',
    markdown:
      '[link](#fragment)\n\n[link](http://example.com#fragment)\n\n[link](http://example.com?foo=3#frag)',
    html: '<p><a href="#fragment">link</a></p>\n<p><a href="http://example.com#fragment">link</a></p>\n<p><a href="http://example.com?foo=3#frag">link</a></p>',
    polos:
      '<p>link</p>\n<p><a href="http://example.com#fragment">link</a></p>\n<p><a href="http://example.com?foo=3#frag">link</a></p>',
  },
  {
    section: 'Links',
    markdown: '[link](/uri "title")',
    html: '<p><a href="/uri" title="title">link</a></p>',
    polos: '<p>link</p>',
  },
  { section: 'Links', markdown: '[link](foo bar)', html: '<p>[link](foo bar)</p>' },
  {
    section: 'Links',
    markdown: '[link *foo **bar** `#`*](/uri)',
    html: '<p><a href="/uri">link <em>foo <strong>bar</strong> <code>#</code></em></a></p>',
    polos: '<p>link <em>foo <strong>bar</strong> <code>#</code></em></p>',
  },
  {
    section: 'Links',
    markdown: '[foo [bar](/uri)](/uri)',
    html: '<p>[foo <a href="/uri">bar</a>](/uri)</p>',
    polos: '<p>[foo bar](/uri)</p>',
  },
  {
    section: 'Links',
    markdown: '*[foo*](/uri)',
    html: '<p>*<a href="/uri">foo*</a></p>',
    polos: '<p>*foo*</p>',
  },
  // Autolinks
  {
    section: 'Autolinks',
    markdown: '<http://foo.bar.baz>',
    html: '<p><a href="http://foo.bar.baz">http://foo.bar.baz</a></p>',
  },
  {
    section: 'Autolinks',
    markdown: '<http://foo.bar.baz/test?q=hello&id=22&boolean>',
    html: '<p><a href="http://foo.bar.baz/test?q=hello&amp;id=22&amp;boolean">http://foo.bar.baz/test?q=hello&amp;id=22&amp;boolean</a></p>',
  },
  {
    section: 'Autolinks',
    markdown: '<irc://foo.bar:2233/baz>',
    html: '<p><a href="irc://foo.bar:2233/baz">irc://foo.bar:2233/baz</a></p>',
    polos: '<p>irc://foo.bar:2233/baz</p>',
  },
  {
    section: 'Autolinks',
    markdown: '<MAILTO:FOO@BAR.BAZ>',
    html: '<p><a href="MAILTO:FOO@BAR.BAZ">MAILTO:FOO@BAR.BAZ</a></p>',
  },
  {
    section: 'Autolinks',
    markdown: '<foo@bar.example.com>',
    html: '<p><a href="mailto:foo@bar.example.com">foo@bar.example.com</a></p>',
  },
  {
    section: 'Autolinks',
    markdown: '<http://foo.bar/baz bim>',
    html: '<p>&lt;http://foo.bar/baz bim&gt;</p>',
    polos: '<p>&lt;<a href="http://foo.bar/baz">http://foo.bar/baz</a> bim&gt;</p>',
  },
  { section: 'Autolinks', markdown: '<>', html: '<p>&lt;&gt;</p>' },
  { section: 'Autolinks', markdown: '<m:abc>', html: '<p>&lt;m:abc&gt;</p>' },
  { section: 'Autolinks', markdown: '<foo.bar.baz>', html: '<p>&lt;foo.bar.baz&gt;</p>' },
  {
    section: 'Autolinks',
    markdown: 'http://example.com',
    html: '<p>http://example.com</p>',
    polos: '<p><a href="http://example.com">http://example.com</a></p>',
  },
  {
    section: 'Autolinks',
    markdown: 'foo@bar.example.com',
    html: '<p>foo@bar.example.com</p>',
    polos: '<p><a href="mailto:foo@bar.example.com">foo@bar.example.com</a></p>',
  },
  // Raw HTML (a post shows it as text)
  {
    section: 'Raw HTML',
    markdown: '<a><bab><c2c>',
    html: '<p><a><bab><c2c></p>',
    polos: '<p>&lt;a&gt;&lt;bab&gt;&lt;c2c&gt;</p>',
  },
  {
    section: 'Raw HTML',
    markdown: 'Foo <responsive-image src="foo.jpg" />',
    html: '<p>Foo <responsive-image src="foo.jpg" /></p>',
    polos: '<p>Foo &lt;responsive-image src="foo.jpg" /&gt;</p>',
  },
  {
    section: 'Raw HTML',
    markdown: 'foo <!-- this is a\ncomment - with hyphen -->',
    html: '<p>foo <!-- this is a\ncomment - with hyphen --></p>',
    polos: '<p>foo &lt;!-- this is a\ncomment - with hyphen --&gt;</p>',
  },
  {
    section: 'Raw HTML',
    markdown: 'foo <?php echo $a; ?>',
    html: '<p>foo <?php echo $a; ?></p>',
    polos: '<p>foo &lt;?php echo $a; ?&gt;</p>',
  },
  { section: 'Raw HTML', markdown: '<33> <__>', html: '<p>&lt;33&gt; &lt;__&gt;</p>' },
  {
    section: 'HTML blocks',
    markdown: '<table><tr><td>\n<pre>\n**Hello**,\n\n_world_.\n</pre>\n</td></tr></table>',
    html: '<table><tr><td>\n<pre>\n**Hello**,\n<p><em>world</em>.\n</pre></p>\n</td></tr></table>',
    polos:
      '<p>&lt;table&gt;&lt;tr&gt;&lt;td&gt;\n&lt;pre&gt;\n<strong>Hello</strong>,</p>\n<p><em>world</em>.\n&lt;/pre&gt;\n&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</p>',
  },
  {
    section: 'HTML blocks',
    markdown: '<div>\n*foo*\n\n*bar*',
    html: '<div>\n*foo*\n<p><em>bar</em></p>',
    polos: '<p>&lt;div&gt;\n<em>foo</em></p>\n<p><em>bar</em></p>',
  },
  // Hard and soft line breaks
  { section: 'Hard line breaks', markdown: 'foo  \nbaz', html: '<p>foo<br />\nbaz</p>' },
  { section: 'Hard line breaks', markdown: 'foo\\\nbaz', html: '<p>foo<br />\nbaz</p>' },
  { section: 'Hard line breaks', markdown: 'foo       \nbaz', html: '<p>foo<br />\nbaz</p>' },
  { section: 'Hard line breaks', markdown: 'foo  \n     bar', html: '<p>foo<br />\nbar</p>' },
  { section: 'Hard line breaks', markdown: '*foo  \nbar*', html: '<p><em>foo<br />\nbar</em></p>' },
  { section: 'Hard line breaks', markdown: '`code  \nspan`', html: '<p><code>code   span</code></p>' },
  { section: 'Hard line breaks', markdown: 'foo\\', html: '<p>foo\\</p>' },
  { section: 'Hard line breaks', markdown: 'foo  ', html: '<p>foo</p>' },
  { section: 'Soft line breaks', markdown: 'foo\nbaz', html: '<p>foo\nbaz</p>' },
  { section: 'Soft line breaks', markdown: 'foo \n baz', html: '<p>foo\nbaz</p>' },
  // Textual content
  { section: 'Textual content', markdown: "hello $.;'there", html: "<p>hello $.;'there</p>" },
  { section: 'Textual content', markdown: 'Foo χρῆν', html: '<p>Foo χρῆν</p>' },
  { section: 'Textual content', markdown: 'Multiple     spaces', html: '<p>Multiple     spaces</p>' },
];

const BLOCK_TAGS = new Set(['P', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'PRE', 'HR', 'DIV', 'TABLE']);

const isBlock = (node: ChildNode | null): boolean => node instanceof Element && BLOCK_TAGS.has(node.tagName);

/**
 * Puts spec-style HTML into the shape a post renders: the line endings the spec writes between blocks go,
 * and a soft line break (a line ending inside inline content) becomes `<br>`, because posts keep line
 * breaks (the spec allows rendering soft breaks as hard ones).
 */
function postShape(html: string): string {
  const root = document.createElement('div');
  root.innerHTML = html;
  const walk = (el: Element) => {
    if (el.tagName === 'PRE') return;
    for (const node of Array.from(el.childNodes)) {
      if (node instanceof Element) {
        walk(node);
        continue;
      }
      if (node.nodeType !== Node.TEXT_NODE) continue;
      let text = node.textContent ?? '';
      const prev = node.previousSibling;
      const next = node.nextSibling;
      if ((prev === null || isBlock(prev) || (prev as Element).tagName === 'BR') && text.startsWith('\n'))
        text = text.slice(1);
      if ((next === null || isBlock(next)) && text.endsWith('\n')) text = text.slice(0, -1);
      const parts = text.split('\n');
      const replacement = document.createDocumentFragment();
      parts.forEach((part, index) => {
        if (index > 0) replacement.append(document.createElement('br'));
        if (part) replacement.append(document.createTextNode(part));
      });
      node.replaceWith(replacement);
    }
  };
  walk(root);
  return root.innerHTML;
}

/** A rendered post body without the attributes every link gets (`rel`, `target`; checked elsewhere). */
function renderedShape(source: string): string {
  const root = renderMarkdown(source).cloneNode(true) as HTMLElement;
  for (const a of Array.from(root.querySelectorAll('a'))) {
    a.removeAttribute('rel');
    a.removeAttribute('target');
  }
  return root.innerHTML;
}

describe('CommonMark spec examples', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('everyExampleIsTheSpecsOwnInputAndOutput', () => {
    // Guards the hand copy: markdown-it's reference renderer (spec-conformant, raw HTML allowed) agrees.
    const reference = new MarkdownIt('commonmark');
    for (const example of SPEC) expect(reference.render(example.markdown).trimEnd()).toBe(example.html);
  });

  test.each(SPEC.map((e, index) => [`${e.section} #${index + 1}`, e] as const))(
    '%s renders as the spec says (or as the post policy says)',
    (_name, example) => {
      expect(renderedShape(example.markdown)).toBe(postShape(example.polos ?? example.html));
      expectSafe(renderMarkdown(example.markdown));
    },
  );
});

// ------------------------------------------------------------------------------------- forum behaviour

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
    expect(c.querySelector('pre code')?.textContent).toBe('<b>not html</b>\n');
    const hrefs = Array.from(c.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual([
      'https://example.org/a?b=1',
      'https://polos.example.org/x',
      'mailto:ana@example.org',
    ]);
    expectSafe(c);
  });

  test('aYearAtTheStartOfALineStaysInItsParagraph', () => {
    // Field report: "…reform of⏎1998. Since then…" became a numbered list starting at 1998.
    const c = renderMarkdown(
      'Our district was founded after the regional reform of\n1998. Since then membership has tripled.',
    );
    expect(c.querySelector('ol, li')).toBeNull();
    expect(c.querySelectorAll('p')).toHaveLength(1);
    expect(c.querySelector('p')?.textContent).toBe(
      'Our district was founded after the regional reform of1998. Since then membership has tripled.',
    );
    expect(c.querySelector('p br')).not.toBeNull();
    // The same holds inside quotes and list items, and for `)` markers.
    const nested = renderMarkdown('> founded in\n> 2004) with twelve firms\n\n- grew until\n  2015. Then');
    expect(nested.querySelectorAll('ol')).toHaveLength(0);
    // A list that really starts somewhere else keeps its number; one that starts with 1 may interrupt.
    const lists = renderMarkdown('Steps:\n1. map the firms\n2. meet\n\nand later\n\n3. third\n4. fourth');
    const ols = Array.from(lists.querySelectorAll('ol'));
    expect(ols.map((ol) => ol.getAttribute('start'))).toEqual([null, '3']);
  });

  test('keepsIntrawordUnderscoresAndEscapes', () => {
    const c = renderMarkdown('snake_case_name and \\*not em\\*');
    expect(c.textContent).toBe('snake_case_name and *not em*');
    expect(c.querySelector('em')).toBeNull();
  });

  test('nestedListsAndQuotes', () => {
    const c = renderMarkdown('- a\n  - b\n- d\n\n> > deep');
    expect(c.querySelector('ul li ul li')?.textContent).toBe('b');
    expect(c.querySelector('blockquote blockquote')?.textContent).toBe('deep');
  });

  test('headingsRenderAsStrongParagraphsAndRulesAsHr', () => {
    const c = renderMarkdown('# Title\n\ntext\n\n***');
    expect(c.querySelector('h1, h2, h3, h4, h5, h6')).toBeNull();
    expect(c.querySelector('p.md-heading > strong')?.textContent).toBe('Title');
    expect(c.querySelector('hr')).not.toBeNull();
  });

  test('imagesAreNotLoaded', () => {
    const c = renderMarkdown('![a tracking pixel](https://tracker.example/p.gif)');
    expect(c.querySelector('img')).toBeNull();
    expect(c.textContent).toBe('!a tracking pixel');
    expect(c.querySelector('a')?.getAttribute('href')).toBe('https://tracker.example/p.gif');
  });

  test.each([
    [
      'Unicode path with balanced parentheses, sentence punctuation left out',
      'Ver (https://es.wikipedia.org/wiki/Córdoba_(Argentina)).',
      'https://es.wikipedia.org/wiki/C%C3%B3rdoba_(Argentina)',
      'https://es.wikipedia.org/wiki/Córdoba_(Argentina)',
    ],
    [
      'internationalised domain name',
      'Sitio: https://münchen.de/straße?q=ñ',
      'https://xn--mnchen-3ya.de/stra%C3%9Fe?q=%C3%B1',
      'https://münchen.de/straße?q=ñ',
    ],
    [
      'guillemets around the URL',
      'El informe «https://polos.example.org/informe» ya está.',
      'https://polos.example.org/informe',
      'https://polos.example.org/informe',
    ],
    [
      'ideographic full stop after the URL, no space',
      '見てhttps://例え.jp/パス。次',
      'https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9',
      'https://例え.jp/パス',
    ],
    [
      'fullwidth comma after the URL',
      'Fuente:https://x.example/a，más',
      'https://x.example/a',
      'https://x.example/a',
    ],
    ['bare e-mail address', 'Escriba a ana.pérez@example.org.', null, null],
    ['e-mail address', 'Write to ana@example.org.', 'mailto:ana@example.org', 'ana@example.org'],
  ])('links bare URLs Unicode-aware: %s', (_name, source, href, text) => {
    const c = renderMarkdown(source);
    const a = c.querySelector('a');
    expect(a?.getAttribute('href') ?? null).toBe(href);
    expect(a?.textContent ?? null).toBe(text);
    expectSafe(c);
  });

  test('doesNotLinkFileNamesDomainsWithoutSchemeOrOtherSchemes', () => {
    const c = renderMarkdown('informe.py, polos.example.org, ftp://x.example and //evil.example');
    expect(c.querySelector('a')).toBeNull();
  });

  test('dropsBidiControlsAndIsolatesTheBody', () => {
    const c = renderMarkdown('Attached: \u202Egpj.exe\u202C and *\u2067x\u2069*');
    expect(c.textContent).toBe('Attached: gpj.exe and x');
    expect(c.getAttribute('dir')).toBe('auto');
  });

  const xssVectors: Array<[string, string]> = [
    ['javascript link', '[click](javascript:alert(1))'],
    ['upper-case javascript link', '[click](JaVaScRiPt:alert(1))'],
    ['tab-split scheme', '[click](java\tscript:alert(1))'],
    ['tab-split scheme in angle brackets', '[click](<java\tscript:alert(1)>)'],
    ['entity-encoded scheme', '[click](javascript&#58;alert(1))'],
    ['entity-encoded letters', '[click](&#106;avascript:alert(1))'],
    ['hex entity scheme', '[click](javascript&#x3A;alert(1))'],
    ['percent-encoded scheme', '[click](javascript%3Aalert(1))'],
    ['reference-style javascript', '[click][x]\n\n[x]: javascript:alert(1)'],
    ['data URL', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['data image', '![x](data:image/png;base64,AAAA)'],
    ['vbscript', '[x](vbscript:msgbox)'],
    ['angle autolink javascript', '<javascript:alert(1)>'],
    ['raw script tag', '<script>alert(1)</script>'],
    ['raw img onerror', '<img src=x onerror=alert(1)>'],
    ['raw iframe', '<iframe src="https://evil.example"></iframe>'],
    ['svg onload', '<svg onload=alert(1)>'],
    ['svg block', '<svg><script>alert(1)</script></svg>'],
    ['mathml', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
    ['details ontoggle', '<details open ontoggle=alert(1)>'],
    ['link with quote breakout', '[x](https://a.example/"onmouseover="alert(1))'],
    ['title breakout', '[x](https://a.example "a\\" onmouseover=\\"alert(1)")'],
    ['nested link tricks', '[[x](javascript:alert(1))](https://ok.example)'],
    ['emphasis around html', '**<script>alert(1)</script>**'],
    ['html in link text', '[<img src=x onerror=alert(1)>](https://ok.example)'],
    ['protocol-relative', '[x](//evil.example/x)'],
    ['relative path', '[x](/api/auth/logout)'],
    ['bare javascript text', 'javascript:alert(1)'],
    ['style tag', '<style>body{display:none}</style>'],
    ['html comment', '<!-- <script>alert(1)</script> -->'],
  ];

  test.each(xssVectors)('neutralises %s', (_name, source) => {
    const c = renderMarkdown(source);
    expectSafe(c);
    expect(c.querySelector('script, img, iframe, svg, math, style, object, embed, details')).toBeNull();
    expect(c.innerHTML).not.toMatch(/<(script|img|iframe|svg|math|style|details)/i);
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
    expect(safeHref('http://example.org')).toBe('http://example.org');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
    expect(safeHref('ftp://example.org')).toBeNull();
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://ex\u0000ample.org')).toBeNull();
    expect(safeHref('https:\\\\evil.example')).toBeNull();
    expect(safeHref('http://')).toBeNull();
  });

  test('pathologicalInputRendersCompletely', () => {
    // Each finishes well inside the test timeout (markdown-it is linear on these).
    for (const source of [
      '['.repeat(5000),
      '*a'.repeat(1000) + '_'.repeat(1000) + '`a'.repeat(1000),
      '[a]('.repeat(2000),
      '<'.repeat(2000) + 'http://x.example' + '>'.repeat(2000),
    ]) {
      const c = renderMarkdown(source);
      expect((c.textContent ?? '').replace(/[*_`]/g, '').length).toBeGreaterThan(source.length / 3);
      expectSafe(c);
    }
  });

  test('nestingDeeperThanTwentyLevelsShowsTheWholePostAsText', () => {
    for (const source of ['> '.repeat(2000) + 'hidden end', '- '.repeat(2000) + 'hidden end']) {
      const c = renderMarkdown(`visible start\n\n${source}`);
      expect(c.textContent).toContain('visible start');
      expect(c.textContent).toContain('hidden end');
      expectSafe(c);
    }
    // Nesting within the limit still renders as Markdown.
    expect(renderMarkdown('> '.repeat(9) + 'x').querySelectorAll('blockquote')).toHaveLength(9);
  });
});
