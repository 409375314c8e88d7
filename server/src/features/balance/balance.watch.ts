import type { Types } from 'mongoose';
import type { BalanceWarningDto, RegionGroup } from '@polos/shared';
import type { Logger } from '../../lib/logger';
import { Workspace } from '../workspaces/workspace.model';
import { indicatorOf, membersOf, questionRegionCounts } from './balance.service';

/** At most one recomputation per question per this many ms (a busy thread is recomputed once per window). */
export const BALANCE_WATCH_THROTTLE_MS = 1000;

interface Watched {
  workspaceId: Types.ObjectId;
  dominant: RegionGroup | null;
  timer: NodeJS.Timeout | null;
  running: boolean;
  again: boolean;
}

/**
 * Watches questions after their posts change (a `post.changed` event, i.e. after the post is persisted) and calls
 * `warn` when the question's dominant region flips (null → EU/LAC, EU → LAC, EU/LAC → null). Throttled: the first
 * change in a quiet question is recomputed after {@link BALANCE_WATCH_THROTTLE_MS}, later ones join that run.
 * The member share is re-read on each run (joins/leaves change it). State is per process and in memory: after a
 * restart the first run of a question reports it as a flip only when a region dominates.
 */
export function createBalanceWatch(warn: (w: BalanceWarningDto) => void, logger: Logger) {
  const watched = new Map<string, Watched>();

  const run = async (questionId: Types.ObjectId, w: Watched): Promise<void> => {
    w.timer = null;
    if (w.running) {
      w.again = true;
      return;
    }
    w.running = true;
    try {
      const workspace = await Workspace.findById(w.workspaceId, { members: 1 }).lean();
      if (!workspace) return;
      const [posts, { members }] = await Promise.all([
        questionRegionCounts(questionId),
        membersOf(workspace),
      ]);
      const indicator = indicatorOf(posts, members);
      if (indicator.dominant !== w.dominant) {
        w.dominant = indicator.dominant;
        warn({
          workspaceId: w.workspaceId.toHexString(),
          questionId: questionId.toHexString(),
          indicator,
          at: new Date().toISOString(),
        });
      }
    } catch (err) {
      logger.warn({ err, questionId: questionId.toHexString() }, 'balance watch failed');
    } finally {
      w.running = false;
      if (w.again) {
        w.again = false;
        w.timer = setTimeout(() => void run(questionId, w), BALANCE_WATCH_THROTTLE_MS);
      }
    }
  };

  return {
    /** A post of `questionId` changed (created, hidden, deleted…): schedule a recomputation. */
    changed(workspaceId: Types.ObjectId, questionId: Types.ObjectId): void {
      const key = questionId.toHexString();
      let w = watched.get(key);
      if (!w)
        watched.set(key, (w = { workspaceId, dominant: null, timer: null, running: false, again: false }));
      if (w.timer || w.running) {
        if (w.running) w.again = true;
        return;
      }
      const entry = w;
      w.timer = setTimeout(() => void run(questionId, entry), BALANCE_WATCH_THROTTLE_MS);
    },
    /** Stops pending timers (server close). */
    close(): void {
      for (const w of watched.values()) if (w.timer) clearTimeout(w.timer);
      watched.clear();
    },
  };
}
