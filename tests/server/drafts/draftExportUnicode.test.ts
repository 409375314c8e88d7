/**
 * Exports of conclusions written beyond Latin-1 (Polish, Czech, Romanian, Greek, Portuguese/Spanish accents, € and
 * curly quotes): the PDF embeds a Unicode font, so the text parsed back from it (pdf-parse, in a child process) is
 * the document's text, with no `?` stand-ins. Every font of the PDF is used: regular, bold, italic, bold italic
 * (runs, headings, quotes) and mono (code).
 */
import mammoth from 'mammoth';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as Y from 'yjs';
import { exportDocument, type ExportMeta } from '../../../server/src/features/drafts/draftExport';

jest.setTimeout(60_000);

const PHRASES = {
  heading: 'Conclusões de Łódź e Świętokrzyskie',
  polish: 'Województwo łódzkie: Żółć, źdźbło, Gdańsk.',
  czech: 'Ústí nad Labem, Plzeň a České Budějovice.',
  romanian: 'Cluj-Napoca — Țara Românească și Timișoara.',
  greek: 'Θεσσαλονίκη και Αθήνα',
  iberian: 'São Paulo, Ñuñoa, Medellín, Córdoba, Açores.',
  money: 'Presupuesto: 12 500 € por año',
  quotes: '“Clúster” y ‘polo’',
  bold: 'Ústí',
  italic: 'Łódź',
  boldItalic: 'Θεσσαλονίκη',
  quote: 'Ștefan: „Inovație în rețea”',
  code: 'const città = "Kraków €";',
} as const;

const META: ExportMeta = {
  title: 'Conclusiones — Año 1 “Polos”',
  workspaceTitle: 'Año 1 — Šibenik',
  blockTitle: 'Internacionalización — Ελλάδα',
  releaseNumber: 2,
  date: new Date('2015-06-30T12:00:00Z'),
  contributors: [
    {
      regionGroup: 'EU',
      districts: [
        {
          name: 'Świętokrzyskie',
          country: 'PL',
          region: null,
          people: [{ id: 'u1', name: 'Małgorzata Wójcik' }],
        },
      ],
    },
  ],
};

function paragraph(text: string, attributes?: Record<string, unknown>): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  element.insert(0, [content]);
  content.insert(0, text, attributes);
  return element;
}

/** The document as TipTap stores it: heading, paragraphs with marks, a list, a quote and a code block. */
function unicodeDraft(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const fragment = doc.getXmlFragment('default');
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 2 as unknown as string);
    const headingText = new Y.XmlText();
    heading.insert(0, [headingText]);
    headingText.insert(0, PHRASES.heading);

    const marks = new Y.XmlElement('paragraph');
    const marksText = new Y.XmlText();
    marks.insert(0, [marksText]);
    // Offsets are counted by hand: reading `length` before the element is in the document only warns.
    let at = 0;
    const mark = (text: string, attributes: Record<string, unknown>) => {
      marksText.insert(at, text, attributes);
      at += text.length;
    };
    mark('Marks: ', {});
    mark(PHRASES.bold, { bold: {} });
    mark(' ', { bold: null });
    mark(PHRASES.italic, { italic: {} });
    mark(' ', { italic: null });
    mark(PHRASES.boldItalic, { bold: {}, italic: {} });

    const list = new Y.XmlElement('bulletList');
    list.insert(
      0,
      [PHRASES.greek, PHRASES.iberian].map((text) => {
        const item = new Y.XmlElement('listItem');
        item.insert(0, [paragraph(text)]);
        return item;
      }),
    );
    const quote = new Y.XmlElement('blockquote');
    quote.insert(0, [paragraph(PHRASES.quote)]);
    const code = new Y.XmlElement('codeBlock');
    const codeText = new Y.XmlText();
    code.insert(0, [codeText]);
    codeText.insert(0, PHRASES.code);

    fragment.insert(0, [
      heading,
      paragraph(PHRASES.polish),
      paragraph(PHRASES.czech),
      paragraph(PHRASES.romanian),
      marks,
      list,
      paragraph(PHRASES.money),
      paragraph(PHRASES.quotes),
      quote,
      code,
    ]);
  });
  return doc;
}

/** pdf-parse (pdfjs) needs dynamic import, which Jest's VM lacks: parse in a child process. */
function pdfText(pdf: Buffer): string {
  return execFileSync(process.execPath, [path.join(__dirname, 'fixtures', 'pdfText.mjs')], { input: pdf })
    .toString('utf8')
    .replace(/\s+/g, ' ');
}

const expectedTexts = [
  ...Object.values(PHRASES),
  META.title,
  'Año 1 — Šibenik — Internacionalización — Ελλάδα',
  'Świętokrzyskie (PL): Małgorzata Wójcik',
];

describe('exports beyond Latin-1', () => {
  test('pdfEmbedsAUnicodeFontSoPolishCzechRomanianGreekAccentsEuroAndCurlyQuotesSurvive', async () => {
    const file = await exportDocument(unicodeDraft(), META, 'pdf');
    expect(file.contentType).toBe('application/pdf');
    const raw = file.body.toString('latin1');
    // Embedded TrueType subsets, not the standard fonts.
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Oblique\b/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-BoldOblique\b/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSansMono\b/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);

    const text = pdfText(file.body);
    for (const expected of expectedTexts) expect(text).toContain(expected);
    expect(text).not.toContain('?');
    expect(text).not.toContain('\ufffd');
  });

  test('markdownHtmlAndDocxKeepTheSameText', async () => {
    const doc = unicodeDraft();
    const md = (await exportDocument(doc, META, 'md')).body.toString('utf8');
    const html = (await exportDocument(doc, META, 'html')).body.toString('utf8');
    const docx = (await mammoth.extractRawText({ buffer: (await exportDocument(doc, META, 'docx')).body }))
      .value;
    for (const expected of [PHRASES.polish, PHRASES.czech, PHRASES.greek, PHRASES.money, PHRASES.quotes]) {
      expect(md).toContain(expected);
      expect(html).toContain(expected);
      expect(docx).toContain(expected);
    }
  });
});
