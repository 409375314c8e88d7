import type { Types } from 'mongoose';
import type { SyncQuestionResult } from '@polos/shared';
import type { ServerContext } from '../../context';
import type { QuestionDoc } from './question.model';

/**
 * The question's seq log is one counter (`counter.model.ts`, `question:<id>`) shared by every kind of change of a
 * question: post changes (posts' `postchanges`), asynchronous-window facts (on the question) and the changes of
 * features above posts (e.g. polls). `sync:since` (registered by posts) replays the whole log; the features above
 * posts take part through this registry — dependency inversion: posts never import them, they register a
 * **seq log source** here when the server builds them (`setup(ctx)`), and `sync:since` asks every registered source
 * of the same server which seqs it stored (so they are not read as holes of the posts' log) and what it replays
 * for the page's seq range, per viewer.
 */

/** Who reads the replay: presentation per viewer (e.g. hidden poll results only for moderators/admins). */
export interface SeqLogViewer {
  userId: Types.ObjectId;
  /** Moderators and admins of the question's workspace. */
  canSeeHidden: boolean;
}

/** The fields of a question's `sync:since` answer that sources contribute (besides posts' changes and facts). */
export type SeqLogReplay = Omit<SyncQuestionResult, 'changes' | 'lastSeq' | 'hasMore' | 'facts'>;

/** One feature's part of the question's seq log. */
export interface SeqLogSource {
  /** The owning feature's name (one source per name and server). */
  readonly name: string;
  /**
   * The seqs of `questionId`'s log this source stored after `afterSeq` (ascending). `sync:since` counts them as
   * filled, not as holes of the posts' log.
   */
  seqsAfter(questionId: Types.ObjectId, afterSeq: number): Promise<number[]>;
  /**
   * What the source replays for seqs in (`afterSeq`, `untilSeq`], as `viewer` may see it, each entry with its seq
   * (ascending) so the client moves its cursor over it like over a post change.
   */
  replay(
    question: QuestionDoc,
    afterSeq: number,
    untilSeq: number,
    viewer: SeqLogViewer,
  ): Promise<Partial<SeqLogReplay>>;
}

const registries = new WeakMap<ServerContext, Map<string, SeqLogSource>>();

/**
 * Registers `source` for the server built with `ctx` (call it from the feature's `setup`). Per server, so two
 * servers in one process (tests) never share sources.
 *
 * @throws Error when a source of that name is already registered for this server.
 */
export function registerSeqLogSource(ctx: ServerContext, source: SeqLogSource): void {
  let sources = registries.get(ctx);
  if (!sources) registries.set(ctx, (sources = new Map<string, SeqLogSource>()));
  if (sources.has(source.name)) throw new Error(`seq log source ${source.name} registered twice`);
  sources.set(source.name, source);
}

/** The seq log sources registered for the server built with `ctx`, in registration (feature list) order. */
export const seqLogSourcesOf = (ctx: ServerContext): readonly SeqLogSource[] => [
  ...(registries.get(ctx)?.values() ?? []),
];
