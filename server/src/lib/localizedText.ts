import { Schema } from 'mongoose';
import type { LocalizedText, LocalizedTextPatch } from '@polos/shared';

/**
 * Mongoose sub-schema of an admin-written text per UI language (`{ en, es, pt?, fr? }`), without its own `_id`:
 * en and es required, pt and fr optional (the client falls back to English, visibly marked).
 */
export const localizedTextSchema = new Schema<LocalizedText>(
  {
    en: { type: String, required: true },
    es: { type: String, required: true },
    pt: { type: String },
    fr: { type: String },
  },
  { _id: false },
);

/** The DTO form of a stored text: en and es, plus pt and fr only when present (no `undefined` keys in JSON). */
export function presentLocalizedText(text: LocalizedText): LocalizedText {
  const out: LocalizedText = { en: text.en, es: text.es };
  if (text.pt) out.pt = text.pt;
  if (text.fr) out.fr = text.fr;
  return out;
}

/**
 * The `$set` / `$unset` of one atomic update applying `patch` to the text stored at `path` ('title'…): each
 * language is its own path, so concurrent edits of different languages never overwrite each other.
 */
export function localizedTextUpdate(
  path: string,
  patch: LocalizedTextPatch,
): { $set: Record<string, string>; $unset: Record<string, ''> } {
  const update = { $set: {} as Record<string, string>, $unset: {} as Record<string, ''> };
  for (const [language, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === '') update.$unset[`${path}.${language}`] = '';
    else update.$set[`${path}.${language}`] = value;
  }
  return update;
}
