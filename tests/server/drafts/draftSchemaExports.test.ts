/**
 * One editor schema (issue 9.5, 9.6, 15.2, 15.6, 15.16): the exports go through the shared schema and the
 * well-kept serialisers — every ordered list numbered on its own and from its start number in all four formats,
 * Markdown escaping, quote provenance as a real link (and forged provenance ignored), the workspace's time zone, a
 * tagged PDF — and the update guard refuses what the editor schema cannot represent or provenance it did not sign.
 * DOCX is read back with mammoth and its numbering XML, PDF with pdf-parse (in a child process).
 */
import mammoth from 'mammoth';
import JSZip from 'jszip';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as Y from 'yjs';
import { exportDocument, type ExportMeta } from '../../../server/src/features/drafts/draftExport';
import { ProvenanceSigner, proseMirrorDocOf } from '../../../server/src/features/drafts/draftDocument';
import { GuardedDoc } from '../../../server/src/features/drafts/draftUpdateGuard';
import { passageOf, postToDoc, toYNodes } from '../../../server/src/features/drafts/draftQuote';

jest.setTimeout(60_000);

const signer = new ProvenanceSigner('a-test-secret-of-at-least-thirty-two-chars');
const source = {
  postId: 'p'.repeat(24),
  questionId: 'q'.repeat(24),
  authorName: 'Ana [x](javascript:alert(1)) <b>',
};

const META: ExportMeta = {
  title: 'Conclusions',
  workspaceTitle: 'Polos',
  blockTitle: 'Block',
  releaseNumber: 1,
  // 22:23 UTC on 29 November is already 30 November in Athens.
  date: new Date('2026-11-29T22:23:00Z'),
  contributors: [],
  timeZone: 'Europe/Athens',
  postUrl: (s) => `https://polos.example.org/w/w1/q/${s.questionId}#post-${s.postId}`,
};

function paragraph(text: string, attributes?: Record<string, unknown>): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  element.insert(0, [content]);
  content.insert(0, text, attributes);
  return element;
}

function orderedList(items: string[], start?: number): Y.XmlElement {
  const list = new Y.XmlElement('orderedList');
  if (start !== undefined) list.setAttribute('start', start as unknown as string);
  list.insert(
    0,
    items.map((text) => {
      const item = new Y.XmlElement('listItem');
      item.insert(0, [paragraph(text)]);
      return item;
    }),
  );
  return list;
}

function quote(text: string, attributes: Record<string, string>): Y.XmlElement {
  const element = new Y.XmlElement('blockquote');
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  element.insert(0, [paragraph(text), paragraph(`— ${attributes.sourceAuthor ?? ''}`)]);
  return element;
}

/** Two ordered lists (Alpha 1–3, then Delta typed to start at 3), escaping bait, a signed and a forged quote. */
function draft(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getXmlFragment('default').insert(0, [
      orderedList(['Alpha', 'Beta', 'Gamma']),
      paragraph('Between the lists: <script>alert(1)</script> & *not emphasis* | [not](a-link)'),
      orderedList(['Delta', 'Epsilon'], 3),
      quote('Signed passage', {
        source: source.postId,
        sourceQuestion: source.questionId,
        sourceAuthor: source.authorName,
        sourceSig: signer.sign(source),
      }),
      quote('Forged passage', {
        source: 'f'.repeat(24),
        sourceQuestion: '../../admin',
        sourceAuthor: 'Forged Name',
        sourceSig: 'not-a-signature',
      }),
    ]);
  });
  return doc;
}

function pdfText(pdf: Buffer): string {
  return execFileSync(process.execPath, [path.join(__dirname, 'fixtures', 'pdfText.mjs')], { input: pdf })
    .toString('utf8')
    .replace(/[ \t]+/g, ' ');
}

const SIGNED_URL = `https://polos.example.org/w/w1/q/${source.questionId}#post-${source.postId}`;

describe('exports through the shared editor schema', () => {
  test('markdownKeepsEachListsStartEscapesTextAndLinksOnlySignedProvenance', async () => {
    const md = (await exportDocument(draft(), META, 'md', signer)).body.toString('utf8');
    expect(md).toMatch(/^1\. Alpha\n2\. Beta\n3\. Gamma$/m);
    expect(md).toMatch(/^3\. Delta\n4\. Epsilon$/m);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\> \\& \\*not emphasis\\* \\| \\[not\\](a-link)');
    // The signed quote's attribution links to the post; the author's name is escaped inside the link text.
    expect(md).toContain(`> [— Ana \\[x\\](javascript:alert(1)) \\<b\\>](<${SIGNED_URL}>)`);
    expect(md).toContain('> — Forged Name');
    expect(md).not.toContain('ffffffffffffffffffffffff');
    expect(md).not.toContain('admin');
    expect(md).toContain('Release 1, published 30 November 2026 (Eastern European Time)');
  });

  test('htmlIsTheMarkdownRenderedWithoutRawHtml', async () => {
    const html = (await exportDocument(draft(), META, 'html', signer)).body.toString('utf8');
    expect(html).toMatch(/<ol>\s*<li>Alpha<\/li>/);
    expect(html).toMatch(/<ol start="3">\s*<li>Delta<\/li>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; *not emphasis* | [not](a-link)');
    expect(html).not.toContain('<script>');
    expect(html).toContain(`<a href="${SIGNED_URL}">— Ana [x](javascript:alert(1)) &lt;b&gt;</a>`);
    expect(html).not.toMatch(/href="javascript/);
    expect(html).toContain('30 November 2026 (Eastern European Time)');
  });

  test('docxGivesEveryOrderedListItsOwnNumberingInstanceFromItsStart', async () => {
    const docx = (await exportDocument(draft(), META, 'docx', signer)).body;
    const zip = await JSZip.loadAsync(docx);
    const body = await zip.file('word/document.xml')!.async('string');
    const numbering = await zip.file('word/numbering.xml')!.async('string');
    const numIdOf = (text: string) => {
      const at = body.indexOf(`>${text}<`);
      const paragraphStart = body.lastIndexOf('<w:p>', at) >= 0 ? body.lastIndexOf('<w:p', at) : 0;
      return /<w:numId w:val="(\d+)"\/>/.exec(body.slice(paragraphStart, at))?.[1];
    };
    const alpha = numIdOf('Alpha');
    const delta = numIdOf('Delta');
    expect(alpha).toBeDefined();
    expect(delta).toBeDefined();
    expect(numIdOf('Gamma')).toBe(alpha);
    expect(numIdOf('Epsilon')).toBe(delta);
    expect(delta).not.toBe(alpha);
    const startOf = (numId: string | undefined) =>
      new RegExp(
        `<w:num w:numId="${numId}">.*?<w:lvlOverride w:ilvl="0"><w:startOverride w:val="(\\d+)"/>`,
      ).exec(numbering)?.[1];
    expect(startOf(alpha)).toBe('1');
    expect(startOf(delta)).toBe('3');
    const html = (await mammoth.convertToHtml({ buffer: docx })).value;
    expect(html).toContain(`<a href="${SIGNED_URL}"><em>— Ana [x](javascript:alert(1)) &lt;b&gt;</em></a>`);
    expect(html).not.toContain('admin');
  });

  test('pdfIsTaggedNumbersEachListFromItsStartAndLinksTheSource', async () => {
    const pdf = (await exportDocument(draft(), META, 'pdf', signer)).body;
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/StructTreeRoot/);
    expect(raw).toMatch(/\/Marked true/);
    expect(raw).toMatch(/\/Lang \(en\)/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    for (const tag of ['H1', 'P', 'L', 'LI', 'Lbl', 'LBody', 'BlockQuote'])
      expect(raw).toMatch(new RegExp(`/S /${tag}\\b`));
    expect(raw).toContain(`/URI (${SIGNED_URL})`);
    const text = pdfText(pdf);
    expect(text).toMatch(/1\. Alpha\s+2\. Beta\s+3\. Gamma/);
    expect(text).toMatch(/3\. Delta\s+4\. Epsilon/);
    expect(text).toContain('30 November 2026 (Eastern European Time)');
    expect(text).not.toContain('admin');
  });
});

describe('the update guard and the editor schema', () => {
  const updateOf = (base: Y.Doc, change: (fragment: Y.XmlFragment) => void) => {
    const work = new Y.Doc();
    Y.applyUpdate(work, Y.encodeStateAsUpdate(base));
    const before = Y.encodeStateVector(work);
    work.transact(() => change(work.getXmlFragment('default')));
    return Y.encodeStateAsUpdate(work, before);
  };

  test('textAtTheTopLevelAndUnsignedProvenanceAreRefusedAndTheLiveDocumentRolledBack', () => {
    const guard = new GuardedDoc(new Y.Doc(), signer);
    // Read through the getter: the live document is replaced after a refusal.
    const live = () => guard.live;
    expect(
      guard.apply(
        updateOf(live(), (f) => f.insert(0, [paragraph('Valid')])),
        'a',
      ),
    ).toEqual({
      ok: true,
      changed: true,
    });
    const textAtTop = updateOf(live(), (f) => f.insert(1, [new Y.XmlText('loose text')]));
    expect(guard.apply(textAtTop, 'a')).toEqual({ ok: false, reason: 'unrepresentable' });
    const unknownNode = updateOf(live(), (f) => f.insert(1, [new Y.XmlElement('script')]));
    expect(guard.apply(unknownNode, 'a')).toEqual({ ok: false, reason: 'unrepresentable' });
    const forged = updateOf(live(), (f) =>
      f.insert(1, [quote('x', { source: 'f'.repeat(24), sourceQuestion: 'q', sourceAuthor: 'Mallory' })]),
    );
    expect(guard.apply(forged, 'a')).toEqual({ ok: false, reason: 'forged_provenance' });
    // Nothing of the refused updates is in the live document, and the next valid update still applies.
    expect(live().getXmlFragment('default').length).toBe(1);
    const signed = updateOf(live(), (f) =>
      f.insert(1, [
        quote('y', {
          source: source.postId,
          sourceQuestion: source.questionId,
          sourceAuthor: source.authorName,
          sourceSig: signer.sign(source),
        }),
      ]),
    );
    expect(guard.apply(signed, 'a')).toEqual({ ok: true, changed: true });
    expect(live().getXmlFragment('default').length).toBe(2);
    guard.destroy();
  });

  test('aStoredStateTheEditorCannotShowIsReadWithoutTheBadNodes', () => {
    const doc = new Y.Doc();
    doc
      .getXmlFragment('default')
      .insert(0, [paragraph('Kept'), new Y.XmlText('dropped'), paragraph('Also kept')]);
    const pm = proseMirrorDocOf(doc, signer);
    expect(pm.childCount).toBe(2);
    expect(pm.textContent).toBe('KeptAlso kept');
  });
});

describe('quoting what the reader saw', () => {
  const POST =
    'Clusters in **Córdoba** and *Łódź* share [export desks](https://example.org/desks).\n\n' +
    '1. First\n2. Second\n\n> A quoted line';

  test('aWholePostBecomesRichText', () => {
    const doc = postToDoc(POST);
    const json = JSON.stringify(doc.toJSON());
    expect(json).toContain('{"type":"text","marks":[{"type":"bold"}],"text":"Córdoba"}');
    expect(json).toContain('{"type":"text","marks":[{"type":"italic"}],"text":"Łódź"}');
    expect(json).toContain('"href":"https://example.org/desks"');
    expect(doc.child(1).type.name).toBe('orderedList');
    expect(doc.child(2).type.name).toBe('blockquote');
    expect(doc.textContent).not.toContain('**');
    // A year at the start of a line is not a list (CommonMark: only "1." interrupts a paragraph).
    expect(postToDoc('after the reform of\n1998. Since then').child(0).type.name).toBe('paragraph');
    // As Yjs nodes the marks become formatting attributes, as TipTap's Collaboration writes them.
    const ydoc = new Y.Doc();
    const nodes: Array<Parameters<typeof toYNodes>[0][number]> = [];
    doc.forEach((node) => nodes.push(node));
    ydoc.getXmlFragment('default').insert(0, toYNodes(nodes));
    expect(proseMirrorDocOf(ydoc, signer).eq(doc)).toBe(true);
  });

  test('aSelectionAcrossBoldAndLinkTextMatchesTheRenderedText', () => {
    const doc = postToDoc(POST);
    const cut = passageOf(doc, 'in Córdoba and Łódź share export');
    expect(cut).not.toBeNull();
    expect(cut!.textContent).toBe('in Córdoba and Łódź share export');
    expect(JSON.stringify(cut!.toJSON())).toContain('"href":"https://example.org/desks"');
    // Across blocks: the end of the paragraph and the first list item (whitespace as the browser gives it).
    expect(passageOf(doc, 'desks.\n\nFirst')?.textContent).toBe('desks.First');
    expect(passageOf(doc, '**Córdoba**')).toBeNull();
    expect(passageOf(doc, 'Invented words')).toBeNull();
  });
});
