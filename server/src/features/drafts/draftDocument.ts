/**
 * The draft's Yjs document seen through the shared editor schema (`@polos/shared/editor`): what the editor can
 * represent (the update guard refuses the rest; loading drops it from a stored state), quote provenance signed by
 * the server, and the ProseMirror document the exporters serialise.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type { Mark, Node as PmNode, Schema } from '@tiptap/pm/model';
import { DRAFT_FRAGMENT } from '@polos/shared';
import {
  DRAFT_HEADING_LEVELS,
  draftSchema,
  quoteSourcePayload,
  SAFE_LINK_HREF,
  type QuoteProvenance,
} from '@polos/shared/editor';

export type YNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

/**
 * Signs and verifies quote provenance. Only the server's quote action signs; the guard refuses, and loading and
 * exporting drop, provenance without a valid signature (issue 15.6: pasted or crafted `source*` attributes must
 * not name a post or an author). The key is derived from the session secret, so signatures survive restarts.
 */
export class ProvenanceSigner {
  private readonly key: Buffer;

  /** @param secret the server's session secret; omitted → a random per-process key (tests, tools). */
  constructor(secret?: string) {
    this.key = createHmac('sha256', secret ?? randomBytes(32))
      .update('polos:quote-provenance:v1')
      .digest();
  }

  /** Base64url HMAC-SHA256 of the provenance fields. */
  sign(source: QuoteProvenance): string {
    return createHmac('sha256', this.key).update(quoteSourcePayload(source)).digest('base64url');
  }

  /** The provenance of a blockquote's attributes when its signature is valid, else null. */
  verify(attrs: Record<string, unknown>): QuoteProvenance | null {
    const { source, sourceQuestion, sourceAuthor, sourceSig } = attrs;
    if (
      typeof source !== 'string' ||
      typeof sourceQuestion !== 'string' ||
      typeof sourceAuthor !== 'string' ||
      typeof sourceSig !== 'string'
    )
      return null;
    const provenance = { postId: source, questionId: sourceQuestion, authorName: sourceAuthor };
    const expected = Buffer.from(this.sign(provenance));
    const given = Buffer.from(sourceSig);
    return given.length === expected.length && timingSafeEqual(given, expected) ? provenance : null;
  }
}

/** Whether a blockquote's attributes claim any provenance at all. */
function claimsProvenance(attrs: Record<string, unknown>): boolean {
  return (
    attrs.source != null ||
    attrs.sourceQuestion != null ||
    attrs.sourceAuthor != null ||
    attrs.sourceSig != null
  );
}

/** What the editor schema cannot take in a Yjs fragment. */
export interface FragmentProblems {
  /** Nodes the schema cannot represent where they are (dropping them makes the rest valid). */
  unrepresentable: YNode[];
  /** Blockquotes whose provenance attributes carry no valid server signature. */
  unsignedProvenance: Y.XmlElement[];
}

/** The ProseMirror marks of one Yjs text attribute set (y-prosemirror stores `markName[--hash]: attrs`). */
function marksOf(schema: Schema, attributes: Record<string, unknown> | undefined): Mark[] | null {
  const marks: Mark[] = [];
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined) continue;
    const type = schema.marks[key.split('--')[0] ?? key];
    if (!type) return null;
    // ProseMirror does not check attribute values: a link must have a target the editor would create.
    if (type.name === 'link' && !safeHref((value as { href?: unknown }).href)) return null;
    try {
      marks.push(type.create(typeof value === 'object' ? value : null));
    } catch {
      return null;
    }
  }
  return marks;
}

/** Whether a link target is one the editor accepts (`SAFE_LINK_HREF`). */
const safeHref = (href: unknown): boolean => typeof href === 'string' && SAFE_LINK_HREF.test(href);

/** Whether a heading's `level` attribute is one of the editor's (absent: the default, 1). */
function validHeadingLevel(level: unknown): boolean {
  if (level === undefined || level === null) return true;
  const n = typeof level === 'string' && /^\d$/.test(level) ? Number(level) : level;
  return (DRAFT_HEADING_LEVELS as readonly unknown[]).includes(n);
}

/**
 * Checks a draft fragment against the editor schema the way the editor will read it, bottom-up: a node that
 * cannot be built (unknown type, text where blocks belong, content its type does not allow, unknown marks, hooks,
 * a heading level the editor does not have, a link target it would not create)
 * is listed, and its parent is checked without it (so dropping the listed nodes leaves a valid document). An
 * empty fragment is valid (a new draft). Cost: one pass over the document.
 */
export function inspectFragment(
  fragment: Y.XmlFragment,
  signer: ProvenanceSigner,
  schema: Schema = draftSchema(),
  /** Inspect only these top-level nodes (the update guard's incremental check); default every one. */
  only?: Iterable<YNode>,
): FragmentProblems {
  const problems: FragmentProblems = { unrepresentable: [], unsignedProvenance: [] };
  const build = (node: YNode): PmNode[] | null => {
    if (node instanceof Y.XmlText) {
      const out: PmNode[] = [];
      for (const op of node.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        if (typeof op.insert !== 'string') return null;
        if (op.insert === '') continue;
        const marks = marksOf(schema, op.attributes);
        if (!marks) return null;
        out.push(schema.text(op.insert, marks));
      }
      return out;
    }
    if (!(node instanceof Y.XmlElement)) return null;
    const type = schema.nodes[node.nodeName];
    if (!type || type.isText || type === schema.topNodeType) return null;
    const children: PmNode[] = [];
    for (const child of node.toArray()) {
      const built = build(child);
      if (built) children.push(...built);
      else problems.unrepresentable.push(child);
    }
    const attrs = node.getAttributes() as Record<string, unknown>;
    // ProseMirror does not check attribute values: the editor would show level 9 as a first-level heading.
    if (node.nodeName === 'heading' && !validHeadingLevel(attrs.level)) return null;
    if (node.nodeName === 'blockquote' && claimsProvenance(attrs) && !signer.verify(attrs))
      problems.unsignedProvenance.push(node);
    try {
      return [type.createChecked(attrs, children)];
    } catch {
      return null;
    }
  };
  const top = schema.topNodeType.contentMatch;
  for (const child of only ?? fragment.toArray()) {
    const built = build(child);
    if (!built || built.some((node) => !top.matchType(node.type))) problems.unrepresentable.push(child);
  }
  // A node inside a dropped node goes with it.
  interface Child {
    parent: Child | null;
  }
  const dropped = new Set<unknown>(problems.unrepresentable);
  const inDropped = (node: Child) => {
    for (let at = node.parent; at; at = at.parent) if (dropped.has(at)) return true;
    return false;
  };
  problems.unrepresentable = problems.unrepresentable.filter((node) => !inDropped(node as Child));
  problems.unsignedProvenance = problems.unsignedProvenance.filter(
    (node) => !dropped.has(node) && !inDropped(node as Child),
  );
  return problems;
}

/** Whether nothing needs repairing. */
export const isClean = (problems: FragmentProblems) =>
  problems.unrepresentable.length === 0 && problems.unsignedProvenance.length === 0;

/**
 * Makes a document representable in place (one transaction): drops what the schema cannot represent and the
 * provenance attributes of unsigned quotes (the quote stays, as a plain quote). Returns what it found.
 */
export function repairDraftDoc(doc: Y.Doc, signer: ProvenanceSigner): FragmentProblems {
  const fragment = doc.getXmlFragment(DRAFT_FRAGMENT);
  const problems = inspectFragment(fragment, signer);
  if (isClean(problems)) return problems;
  doc.transact(() => {
    for (const quote of problems.unsignedProvenance)
      for (const name of ['source', 'sourceQuestion', 'sourceAuthor', 'sourceSig'])
        if (quote.getAttribute(name) !== undefined) quote.removeAttribute(name);
    for (const node of problems.unrepresentable) {
      const parent = node.parent as Y.XmlElement | Y.XmlFragment | null;
      if (!parent) continue;
      const index = parent.toArray().indexOf(node);
      if (index >= 0) parent.delete(index, 1);
    }
  }, 'repair');
  return problems;
}

/**
 * The ProseMirror document of a Yjs document, for exports: read from a copy, with unrepresentable nodes and
 * unsigned provenance dropped (a state stored before the guard existed still exports what the editor shows).
 */
export function proseMirrorDocOf(doc: Y.Doc, signer: ProvenanceSigner): PmNode {
  const copy = new Y.Doc();
  try {
    Y.applyUpdateV2(copy, Y.encodeStateAsUpdateV2(doc));
    repairDraftDoc(copy, signer);
    return yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(DRAFT_FRAGMENT), draftSchema());
  } finally {
    copy.destroy();
  }
}
