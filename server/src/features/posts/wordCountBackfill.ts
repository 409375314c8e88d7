import mongoose, { type Types } from 'mongoose';
import { Post } from './post.model';
import { countWords } from './wordCount';

/** Workspaces whose posts are known to all carry `wordCount` in this process (see {@link ensureWordCounts}). */
const counted = new Map<string, Promise<void>>();

/**
 * Backfills `wordCount` on the posts of `workspaceId` stored before the field existed (once per workspace and
 * process; later writes set it themselves through the model, post.model.ts). Each update is conditional on the
 * field still being absent, so it never overwrites the count of an edit that happened meanwhile (edits set it).
 */
export function ensureWordCounts(workspaceId: Types.ObjectId): Promise<void> {
  const key = workspaceId.toHexString();
  let done = counted.get(key);
  if (!done) {
    done = (async () => {
      const missing = await Post.find(
        { workspaceId, wordCount: mongoose.trusted({ $exists: false }) },
        { body: 1 },
      )
        .lean<Array<{ _id: Types.ObjectId; body?: string }>>()
        .exec();
      for (let i = 0; i < missing.length; i += 1000) {
        await Post.bulkWrite(
          missing.slice(i, i + 1000).map((p) => ({
            updateOne: {
              filter: { _id: p._id, wordCount: mongoose.trusted({ $exists: false }) },
              update: { $set: { wordCount: countWords(p.body ?? '') } },
            },
          })),
          { ordered: false },
        );
      }
    })();
    counted.set(key, done);
    done.catch(() => counted.delete(key)); // a failed backfill is tried again by the next caller
  }
  return done;
}
