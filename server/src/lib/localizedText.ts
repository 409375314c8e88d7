import { Schema } from 'mongoose';
import type { LocalizedText } from '@polos/shared';

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
