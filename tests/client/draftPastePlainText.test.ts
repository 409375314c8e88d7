/**
 * QA finding: pasting plain text turned `*x*`, `_x_` and backticks into marks and dropped the characters. The draft
 * editor's options (shared with `DraftEditor.tsx`) keep pasted text literal; a pasted URL still becomes a link.
 */
import { Editor } from '@tiptap/core';
import { DRAFT_EDITOR_OPTIONS, draftEditorExtensions } from '@polos/shared/editor';

function editorWith(options: Partial<{ enablePasteRules: string[] | boolean }>): Editor {
  return new Editor({
    element: document.createElement('div'),
    extensions: draftEditorExtensions(),
    ...options,
  });
}

/** jsdom has no ClipboardEvent: a plain paste event (ProseMirror reads only the text it is given). */
const pasteEvent = () => new Event('paste') as ClipboardEvent;

const PASTED = 'Escape: *asteriscos* _guiones_ **doble** `tick` 2 * 3 = 6 snake_case_var';

test('pastedPlainTextKeepsItsMarkdownCharacters', () => {
  const editor = editorWith({ enablePasteRules: [...DRAFT_EDITOR_OPTIONS.enablePasteRules] });
  editor.view.pasteText(PASTED, pasteEvent());
  expect(editor.state.doc.textContent).toBe(PASTED);
  const marks = new Set<string>();
  editor.state.doc.descendants((node) => node.marks.forEach((mark) => marks.add(mark.type.name)));
  expect([...marks]).toEqual([]);
  editor.destroy();
});

test('withTipTapsDefaultPasteRulesTheSameTextLosesCharacters', () => {
  // The baseline this fix changes: the default options do turn the text into marks.
  const editor = editorWith({});
  editor.view.pasteText(PASTED, pasteEvent());
  expect(editor.state.doc.textContent).not.toBe(PASTED);
  editor.destroy();
});

test('aPastedUrlStillBecomesALink', () => {
  const editor = editorWith({ enablePasteRules: [...DRAFT_EDITOR_OPTIONS.enablePasteRules] });
  editor.view.pasteText('see https://example.org/a now', pasteEvent());
  const hrefs: string[] = [];
  editor.state.doc.descendants((node) =>
    node.marks.forEach((mark) => mark.type.name === 'link' && hrefs.push(String(mark.attrs.href))),
  );
  expect(hrefs).toEqual(['https://example.org/a']);
  editor.destroy();
});
