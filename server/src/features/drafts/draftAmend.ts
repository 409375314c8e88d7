/**
 * Ports of the drafts feature for endorsement rounds (issue 12.2, `features/endorsements`): the paragraphs of a
 * saved version with stable ids, and an amendment taken into the live draft as a normal edit. The drafts feature
 * keeps every write to its collections and the live document; the caller keeps the provenance.
 */
import * as Y from 'yjs';
import { DRAFT_FRAGMENT } from '@polos/shared';
import type { ServerContext } from '../../context';
import { AppError, conflict } from '../../lib/errors';
import type { DraftDoc, DraftVersionDoc } from './draft.model';
import { docFromState, getVersionOrThrow, presentVersion, saveVersion } from './draft.service';
import { draftRuntime } from './drafts.runtime';
import type { DraftsEvent } from './events';

/** One top-level block of a draft document (a paragraph for an endorsement round). */
export interface DraftBlockText {
  /**
   * `<client>-<clock>` of the block's Yjs item: the same block in the live document (and in every later state)
   * has the same id until it is deleted, so an answer to a frozen paragraph can be applied to the live draft.
   */
  id: string;
  /** Editor node type (paragraph, heading, blockquote, bulletList, orderedList, codeBlock, …). */
  kind: string;
  /** Plain text: inline text joined; nested blocks (list items, a quote's paragraphs) joined by newlines. */
  text: string;
}

/** Nodes whose children are inline (their texts are joined without separators). */
const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

type YNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

const idOf = (node: YNode): string | null => {
  const item = (node as unknown as { _item: { id: { client: number; clock: number } } | null })._item;
  return item ? `${item.id.client}-${item.id.clock}` : null;
};

function textOf(node: YNode): string {
  if (node instanceof Y.XmlText)
    return (node.toDelta() as Array<{ insert: unknown }>)
      .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
      .join('');
  if (!(node instanceof Y.XmlElement)) return '';
  if (node.nodeName === 'hardBreak') return '\n';
  const parts = node.toArray().map(textOf);
  return TEXTBLOCKS.has(node.nodeName) ? parts.join('') : parts.filter((p) => p !== '').join('\n');
}

/** The top-level blocks of a document that carry visible text, in document order. */
export function blocksOfDoc(doc: Y.Doc): DraftBlockText[] {
  const blocks: DraftBlockText[] = [];
  for (const node of doc.getXmlFragment(DRAFT_FRAGMENT).toArray()) {
    const id = idOf(node);
    const text = textOf(node).trim();
    if (!id || !(node instanceof Y.XmlElement) || text === '') continue;
    blocks.push({ id, kind: node.nodeName, text });
  }
  return blocks;
}

/**
 * Port: the saved version `versionId` of `draft` and its top-level blocks with text (empty paragraphs are left
 * out), to freeze in an endorsement round.
 *
 * @throws `not_found` (404) when the draft has no such version.
 */
export async function blocksOfVersion(
  draft: Pick<DraftDoc, '_id'>,
  versionId: string,
): Promise<{ version: Omit<DraftVersionDoc, 'state'>; blocks: DraftBlockText[] }> {
  const version = await getVersionOrThrow(draft._id, versionId);
  const doc = docFromState(version.state);
  try {
    const { state: _state, ...meta } = version;
    void _state;
    return { version: meta, blocks: blocksOfDoc(doc) };
  } finally {
    doc.destroy();
  }
}

/** Paragraphs of a proposed wording: split at blank lines, single line breaks become spaces. */
const paragraphsOf = (wording: string): string[] =>
  wording
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p !== '');

/** The result of {@link replaceBlockText}. */
export interface BlockReplaced {
  /** Id of the block holding the new wording now (the same id when replaced in place). */
  blockId: string;
  /** The version saved right after the edit (named by the caller), for the draft's version history. */
  versionId: string;
  /** Drafts facts for the caller to publish (the saved version). */
  events: DraftsEvent[];
}

/**
 * Port: replaces the text of the live draft's top-level block `blockId` with `wording` as a normal edit — computed
 * on a copy of the live document and submitted through the hub's update path (guarded, appended to the update log
 * before it is relayed to every editor, in every process) with `userId` as its author — then saves a version named
 * `versionName` so the change shows in the draft's version history. A paragraph or heading with a one-paragraph
 * wording keeps its node (and id, marks dropped); anything else (a list, a quote, a wording of several paragraphs)
 * is replaced by plain paragraphs at the same place.
 *
 * @throws `draft_locked` (409) when the draft is locked; `paragraph_gone` (409) when the block is no longer in
 *   the live draft (deleted since the version was saved); `unavailable` (503) when the edit could not be stored.
 */
export async function replaceBlockText(
  ctx: ServerContext,
  draft: Pick<DraftDoc, '_id' | 'locked'>,
  blockId: string,
  wording: string,
  user: { userId: string; name: string },
  versionName: string,
): Promise<BlockReplaced> {
  if (draft.locked)
    throw new AppError('draft_locked', 'This draft is locked: unlock it to take the amendment in', {
      status: 409,
    });
  const { hub } = draftRuntime(ctx);
  const room = await hub.room(draft._id.toHexString());
  const texts = paragraphsOf(wording);
  const work = new Y.Doc();
  Y.applyUpdate(work, Y.encodeStateAsUpdate(room.doc));
  const before = Y.encodeStateVector(work);
  const placed: { id: string | null } = { id: null };
  try {
    const fragment = work.getXmlFragment(DRAFT_FRAGMENT);
    const nodes = fragment.toArray();
    const index = nodes.findIndex((n) => idOf(n) === blockId);
    const target = nodes[index];
    if (index < 0 || !(target instanceof Y.XmlElement))
      throw new AppError(
        'paragraph_gone',
        'This paragraph is no longer in the draft (it was deleted after the version was saved)',
        { status: 409 },
      );
    work.transact(() => {
      if ((target.nodeName === 'paragraph' || target.nodeName === 'heading') && texts.length === 1) {
        target.delete(0, target.length);
        target.insert(0, [new Y.XmlText(texts[0])]);
        placed.id = blockId;
        return;
      }
      fragment.delete(index, 1);
      const inserted = texts.map((t) => {
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText(t)]);
        return p;
      });
      fragment.insert(index, inserted);
      placed.id = idOf(inserted[0]);
    });
    const update = Y.encodeStateAsUpdate(work, before);
    await hub.acceptUpdate(room, update, { socketId: null, userId: user.userId });
  } finally {
    work.destroy();
  }
  if (!placed.id) throw conflict('The amendment could not be applied');
  const version = await saveVersion(hub, room, versionName.slice(0, 120), user);
  return {
    blockId: placed.id,
    versionId: version._id.toHexString(),
    events: [
      { type: 'draft.versionSaved', draftId: draft._id.toHexString(), version: presentVersion(version) },
    ],
  };
}
