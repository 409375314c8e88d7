import { Schema } from 'mongoose';
import type { LocalizedText } from '@polos/shared';

/** Mongoose sub-schema of a text in every UI language (`{ en, es }`), without its own `_id`. */
export const localizedTextSchema = new Schema<LocalizedText>(
  { en: { type: String, required: true }, es: { type: String, required: true } },
  { _id: false },
);
