/**
 * Issue 15.6 in the editor: pasted HTML cannot bring quote provenance in. The shared editor schema's
 * `QuoteSource` attributes are never parsed from HTML, so a pasted blockquote with `data-source*` attributes is a
 * plain quote (the server's guard refuses crafted provenance too: tests/server/drafts/draftSchemaGuard.test.ts).
 */
import { generateJSON } from '@tiptap/core';
import { draftEditorExtensions } from '@polos/shared/editor';

test('pastedQuoteProvenanceIsNotParsed', () => {
  const json = generateJSON(
    '<blockquote data-source="aaaaaaaaaaaaaaaaaaaaaaaa" data-source-question="../admin" ' +
      'data-source-author="Somebody Else" data-source-sig="forged"><p>Pasted words</p></blockquote>',
    draftEditorExtensions(),
  ) as { content: Array<{ type: string; attrs?: Record<string, unknown> }> };
  const quote = json.content[0];
  expect(quote?.type).toBe('blockquote');
  expect(quote?.attrs).toEqual({ source: null, sourceQuestion: null, sourceAuthor: null, sourceSig: null });
  expect(JSON.stringify(json)).toContain('Pasted words');
});
