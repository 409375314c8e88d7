/**
 * How a draft's title is presented per UI language (QA m6). A draft is created with a title made of its block's
 * (or, for the overall conclusions, the workspace's) English title and " — conclusions"; that string alone showed
 * "Competitiveness — conclusions" in every UI. A title that is still that default is presented per language from
 * the block's translated title and the words of `EXPORT_MESSAGES` ("Competitividad — conclusiones"; overall:
 * "<workspace title> — conclusiones generales"); a custom title is kept as written (no `titleText`).
 * A language without its own source title is left out (Spanish: blank), so the client shows the English one marked
 * "EN", the fallback rule of block titles.
 */
import mongoose, { type Types } from 'mongoose';
import type { DraftDto, LocalizedText } from '@polos/shared';
import { Block } from '../blocks/block.model';
import { Workspace } from '../workspaces/workspace.model';
import { workspaceTexts } from '../workspaces/workspaceTexts';
import type { DraftDoc } from './draft.model';
import { EXPORT_LANGUAGES, EXPORT_MESSAGES } from './exportMessages';

/** The English words after a default title (`ensureWorkspaceDrafts` writes `<English title>${this}`). */
export const DEFAULT_DRAFT_TITLE_SUFFIX = ' — conclusions';

/** True when `title` is the one generated at creation (not renamed). */
export const isDefaultDraftTitle = (title: string): boolean => title.endsWith(DEFAULT_DRAFT_TITLE_SUFFIX);

/** The default title per language from the source title per language; `overall` for the workspace's draft. */
function titleTextOf(source: LocalizedText, overall: boolean, fallback: string): LocalizedText {
  const out: Partial<LocalizedText> = {};
  for (const language of EXPORT_LANGUAGES) {
    const base = source[language]?.trim();
    if (!base) continue;
    const m = EXPORT_MESSAGES[language];
    out[language] = `${base} — ${overall ? m.overallConclusions : m.conclusions}`;
  }
  return { ...out, en: out.en ?? fallback, es: out.es ?? '' };
}

/**
 * The `titleText` of each draft whose title is the default, keyed by draft id (one read of the blocks and one of
 * the workspace for the lot). Drafts whose block or workspace is gone are left out (shown as written).
 */
export async function draftTitleTexts(drafts: readonly DraftDoc[]): Promise<Map<string, LocalizedText>> {
  const defaults = drafts.filter((d) => isDefaultDraftTitle(d.title));
  const texts = new Map<string, LocalizedText>();
  if (defaults.length === 0) return texts;
  const blockIds = defaults.flatMap((d) => (d.blockId ? [d.blockId] : []));
  const workspaceIds = [
    ...new Set(defaults.filter((d) => !d.blockId).map((d) => d.workspaceId.toHexString())),
  ];
  const [blocks, workspaces] = await Promise.all([
    blockIds.length
      ? Block.find({ _id: mongoose.trusted({ $in: blockIds }) }, { title: 1 }).lean<
          Array<{ _id: Types.ObjectId; title: LocalizedText }>
        >()
      : [],
    workspaceIds.length
      ? Workspace.find(
          { _id: mongoose.trusted({ $in: workspaceIds }) },
          { title: 1, description: 1, texts: 1 },
        ).lean()
      : [],
  ]);
  const blockTitle = new Map(blocks.map((b) => [b._id.toHexString(), b.title]));
  const workspaceTitle = new Map(workspaces.map((w) => [w._id.toHexString(), workspaceTexts(w).titleText]));
  for (const draft of defaults) {
    const source = draft.blockId
      ? blockTitle.get(draft.blockId.toHexString())
      : workspaceTitle.get(draft.workspaceId.toHexString());
    if (source) texts.set(draft._id.toHexString(), titleTextOf(source, !draft.blockId, draft.title));
  }
  return texts;
}

/** `dto` with its `titleText` when it has one (see {@link draftTitleTexts}). */
export async function withTitleText<T extends DraftDto>(draft: DraftDoc, dto: T): Promise<T> {
  const text = (await draftTitleTexts([draft])).get(draft._id.toHexString());
  return text ? { ...dto, titleText: text } : dto;
}
