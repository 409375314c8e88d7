/**
 * The one editor schema of conclusion drafts: the TipTap extension list used by the client's editor, by the
 * server's quote insertion and update guard, and by the exporters. Imported through its own entry
 * (`@polos/shared/editor`) so that TipTap stays out of bundles that do not edit drafts.
 */
import { Extension, getSchema, type AnyExtension } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';

/**
 * Node attributes of a blockquote quoted from a post ("To conclusions"). Only the server's quote action sets
 * them: `sourceSig` is an HMAC the server computes over the other three (see `quoteSourcePayload`), and the
 * update guard refuses provenance without a valid one.
 */
export const QUOTE_SOURCE_ATTRIBUTES = ['source', 'sourceQuestion', 'sourceAuthor', 'sourceSig'] as const;
export type QuoteSourceAttribute = (typeof QUOTE_SOURCE_ATTRIBUTES)[number];

/** The provenance of a quote: the post, its question and the author's name when quoted. */
export interface QuoteProvenance {
  postId: string;
  questionId: string;
  authorName: string;
}

/** HTML attribute a quote-source node attribute is rendered as (`sourceQuestion` → `data-source-question`). */
const dataAttribute = (name: QuoteSourceAttribute) =>
  `data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Keeps a quote's link to its source post through every edit (the attributes travel with the node in Yjs).
 * `parseHTML` never reads them: pasted HTML cannot bring provenance in (issue 15.6) — a pasted quote is a plain
 * quote. They are rendered as `data-*` attributes so the app can style and link sourced quotes.
 */
export const QuoteSource = Extension.create({
  name: 'quoteSource',
  addGlobalAttributes() {
    const attribute = (name: QuoteSourceAttribute) => ({
      default: null,
      parseHTML: () => null,
      renderHTML: (attributes: Record<string, unknown>) => {
        const value = attributes[name];
        return typeof value === 'string' && name !== 'sourceSig' ? { [dataAttribute(name)]: value } : {};
      },
    });
    return [
      {
        types: ['blockquote'],
        attributes: Object.fromEntries(QUOTE_SOURCE_ATTRIBUTES.map((name) => [name, attribute(name)])),
      },
    ];
  },
});

/** Link targets the editor and the exports accept (the post renderer's URL policy). */
export const SAFE_LINK_HREF = /^(https?:\/\/|mailto:)/i;

/** Heading levels of drafts (the editor's; HTML has six, and the exports map each to one). */
export const DRAFT_HEADING_LEVELS = [1, 2, 3, 4, 5, 6] as const;

/**
 * The draft editor's extensions. The client adds its collaboration extensions (Collaboration turns history off
 * through Yjs, so StarterKit's undo/redo is off here).
 */
export function draftEditorExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      undoRedo: false,
      heading: { levels: [...DRAFT_HEADING_LEVELS] },
      link: {
        openOnClick: false,
        autolink: true,
        isAllowedUri: (url: string) => SAFE_LINK_HREF.test(url),
      },
    }),
    QuoteSource,
  ];
}

/**
 * Editor options every draft editor uses. Paste rules turn `*x*`, `_x_`, `**x**` and backticks in pasted text into
 * marks and drop the characters — pasted plain text (a number, `snake_case`, a formula) must stay literal — so only
 * the link extension's paste rule (a pasted URL becomes a link) stays on. Typed Markdown shortcuts (input rules)
 * are unaffected.
 */
export const DRAFT_EDITOR_OPTIONS = { enablePasteRules: ['link'] } as const satisfies {
  enablePasteRules: string[];
};

let schema: Schema | undefined;

/** The ProseMirror schema of drafts, built once from {@link draftEditorExtensions}. */
export function draftSchema(): Schema {
  schema ??= getSchema(draftEditorExtensions());
  return schema;
}

/** The text the server signs for a quote's provenance (fields joined by NUL, which none may contain). */
export function quoteSourcePayload(source: QuoteProvenance): string {
  return [source.postId, source.questionId, source.authorName].join('\u0000');
}

/**
 * Path (within the app) of a post in its question: the client's `/w/:workspaceId/q/:questionId` route opens
 * the live thread while the question is open and the archive once closed, scrolled to `#post-<id>`.
 */
export function postPath(workspaceId: string, questionId: string, postId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/q/${encodeURIComponent(questionId)}#post-${encodeURIComponent(postId)}`;
}
