import mongoose, { type Types } from 'mongoose';
import {
  POLL_SCALE_VALUES,
  REGION_GROUPS,
  type PollChangeKind,
  type PollGroupResultDto,
  type PollOpenPayload,
  type PollResultsDto,
  type RegionGroup,
} from '@polos/shared';
import { AppError, invalid, notFound } from '../../lib/errors';
import type { Outcome } from '../../contracts/domainEvents';
import type { SocketUser } from '../../contracts/feature';
import { recordAudit, type Actor } from '../audit/audit.service';
import { nextSeq, questionCounterId } from '../questions/counter.model';
import type { QuestionDoc } from '../questions/question.model';
import { assertAcceptsContributions, getQuestionOrThrow } from '../questions/questions.service';
import { userIdsOfDistrict } from '../users/users.service';
import { getWorkspaceOrThrow } from '../workspaces/workspaces.service';
import type { PollsEvent } from './events';
import { Poll, PollChange, PollVote, type PollDoc, type PollFactDoc, type PollVoteDoc } from './poll.model';

/**
 * The polls feature owns every write to `polls` and `pollvotes`. Every poll change takes a seq of its question's
 * log (the counter posts and window facts use), so a client's seq cursor covers polls too: results delivered
 * with seq n include every vote whose seq is ≤ n (a vote is stored before it takes its seq, results are
 * aggregated after the change took its seq), so a client keeps the poll state with the highest seq it saw.
 */

/** The clear code of a vote (or a second close) on a closed poll. */
export const pollClosed = (): AppError =>
  new AppError('poll_closed', 'This poll is closed: votes are no longer accepted', { status: 409 });

/** The clear code of a vote once the poll's question is closed (no asynchronous window open either). */
export const questionClosed = (): AppError =>
  new AppError('question_closed', 'This question is closed: its polls no longer accept votes', {
    status: 409,
  });

/**
 * Votes need the poll's question to accept contributions (open live, or inside its asynchronous window).
 *
 * @throws `window_closed` (409) for a question with an asynchronous window that is not open; `question_closed`
 *   (409) otherwise.
 */
export function assertQuestionTakesVotes(question: QuestionDoc, now: Date = new Date()): void {
  try {
    assertAcceptsContributions(question, now);
  } catch (error) {
    if (error instanceof AppError && error.code === 'window_closed') throw error;
    throw questionClosed();
  }
}

/** Appends the change to the polls' part of the question's seq log (after the change it names is stored). */
async function logChange(poll: PollDoc, seq: number, kind: PollChangeKind, at: Date): Promise<void> {
  await PollChange.create({ questionId: poll.questionId, seq, pollId: poll._id, kind, at });
}

export async function getPollOrThrow(id: Types.ObjectId | string): Promise<PollDoc> {
  const poll = await Poll.findById(id).lean<PollDoc>().exec();
  if (!poll) throw notFound('Poll');
  return poll;
}

const isDuplicateKey = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 11000;

const optionsOf = (kind: PollDoc['kind'], options: string[] | undefined): string[] =>
  kind === 'scale' ? POLL_SCALE_VALUES.map(String) : (options ?? []);

/**
 * Opens a poll in `question` (which must be open live or inside its asynchronous window; `conflict` /
 * `window_closed` otherwise), with a fresh seq of the question's log. Audited (`poll.open`).
 */
export async function openPoll(
  question: QuestionDoc,
  actor: Actor,
  input: PollOpenPayload,
  now: Date = new Date(),
): Promise<Outcome<PollDoc, PollsEvent>> {
  assertAcceptsContributions(question, now);
  const seq = await nextSeq(questionCounterId(question._id.toHexString()));
  const fact: PollFactDoc = { seq, kind: 'opened', at: now };
  const created = await Poll.create({
    workspaceId: question.workspaceId,
    questionId: question._id,
    kind: input.kind,
    prompt: input.prompt,
    options: optionsOf(input.kind, input.options),
    visibility: input.visibility,
    unit: input.unit,
    state: 'open',
    openedBy: actor.userId,
    openedAt: now,
    closedAt: null,
    seq,
    lastSeq: seq,
    voteCount: 0,
    finalResults: null,
    facts: [fact],
  });
  const poll = created.toObject<PollDoc>();
  await logChange(poll, seq, 'opened', now);
  await recordAudit(
    question.workspaceId,
    actor,
    'poll.open',
    { type: 'poll', id: poll._id },
    { questionId: question._id.toHexString(), kind: poll.kind, unit: poll.unit, visibility: poll.visibility },
  );
  return { data: poll, events: [changed('opened', seq, poll, await computeResults(poll))] };
}

/**
 * Closes an open poll: the close is one conditional update (state open → closed) with a fresh seq; the results
 * of record are then aggregated and frozen on the poll. A vote racing the close is either counted in them or
 * refused with `poll_closed` (and undone). Audited (`poll.close`) when a moderator closes it; `actor` is null
 * when the close follows the question's close (`closeOpenPollsOfQuestion`; that close is audited by its owner).
 *
 * @throws `poll_closed` (409) when the poll is already closed.
 */
export async function closePoll(
  poll: PollDoc,
  actor: Actor | null,
  now: Date = new Date(),
): Promise<Outcome<PollDoc, PollsEvent>> {
  if (poll.state !== 'open') throw pollClosed();
  const seq = await nextSeq(questionCounterId(poll.questionId.toHexString()));
  const fact: PollFactDoc = { seq, kind: 'closed', at: now };
  const closed = await Poll.findOneAndUpdate(
    { _id: poll._id, state: 'open' },
    { $set: { state: 'closed', closedAt: now, lastSeq: seq }, $push: { facts: fact } },
    { returnDocument: 'after' },
  )
    .lean<PollDoc>()
    .exec();
  if (!closed) throw pollClosed();
  // After the state change no vote is accepted any more: these are the results of record.
  const results = await computeResults(closed);
  const voteCount = results.overall.voters;
  const frozen = await Poll.findOneAndUpdate(
    { _id: poll._id },
    { $set: { finalResults: results, voteCount } },
    { returnDocument: 'after' },
  )
    .lean<PollDoc>()
    .exec();
  if (!frozen) throw notFound('Poll');
  await logChange(frozen, seq, 'closed', now);
  if (actor)
    await recordAudit(
      poll.workspaceId,
      actor,
      'poll.close',
      { type: 'poll', id: poll._id },
      { questionId: poll.questionId.toHexString(), votes: voteCount },
    );
  return { data: frozen, events: [changed('closed', seq, frozen, results)] };
}

/**
 * Checks `choice` against the poll's kind: `single` one option index; `multiple` one or more distinct indexes;
 * `scale` one value 1–5; `ranking` every option index exactly once (best first).
 *
 * @throws `invalid` otherwise.
 */
export function assertValidChoice(poll: Pick<PollDoc, 'kind' | 'options'>, choice: number[]): void {
  const n = poll.options.length;
  const inRange = choice.every((c) => c >= 0 && c < n);
  const distinct = new Set(choice).size === choice.length;
  switch (poll.kind) {
    case 'single':
      if (choice.length === 1 && inRange) return;
      throw invalid('A single-choice poll takes exactly one option index');
    case 'multiple':
      if (choice.length >= 1 && inRange && distinct) return;
      throw invalid('A multiple-choice poll takes one or more distinct option indexes');
    case 'scale':
      if (choice.length === 1 && (POLL_SCALE_VALUES as readonly number[]).includes(choice[0])) return;
      throw invalid('A scale poll takes one value from 1 to 5');
    case 'ranking':
      if (choice.length === n && inRange && distinct) return;
      throw invalid('A ranking takes every option index exactly once, best first');
  }
}

/**
 * The voter key of `user` for `poll`: the user id (`person`), or the district id (`district`: one voice per
 * district — the last representative's vote replaces an earlier one).
 *
 * @throws `no_district` (403) on a district poll when the user represents no district.
 */
export function voterKeyOf(
  poll: Pick<PollDoc, 'unit'>,
  user: Pick<SocketUser, 'userId' | 'district'>,
): string {
  if (poll.unit === 'person') return user.userId.toHexString();
  if (!user.district)
    throw new AppError(
      'no_district',
      'Each district has one voice in this poll: only district representatives can vote',
      { status: 403 },
    );
  return user.district._id.toHexString();
}

/**
 * Stores or changes the vote of the sender's unit: one atomic upsert on the unique (pollId, voterKey) index — so
 * any number of parallel votes of one person (or of one district's representatives) leave exactly one vote, the
 * last one written — then takes a seq and records it on the poll with an update conditional on the poll being
 * open. The question must accept contributions before the write and still after it (re-read): a vote that loses
 * the race with the question's close (which closes its polls, `closeOpenPollsOfQuestion`) or with the poll's
 * close is undone (the previous vote restored) and refused, so no vote written after the close is counted.
 *
 * @throws `poll_closed` (409), `question_closed` / `window_closed` (409), `invalid` (choice), `no_district` (403).
 */
export async function castVote(
  poll: PollDoc,
  question: QuestionDoc,
  user: Pick<SocketUser, 'userId' | 'district'>,
  choice: number[],
  now: Date = new Date(),
): Promise<Outcome<{ poll: PollDoc; results: PollResultsDto; myVote: number[]; seq: number }, PollsEvent>> {
  if (poll.state !== 'open') throw pollClosed();
  assertQuestionTakesVotes(question, now);
  assertValidChoice(poll, choice);
  const voterKey = voterKeyOf(poll, user);
  const vote = {
    userId: user.userId,
    districtId: user.district?._id ?? null,
    regionGroup: user.district?.regionGroup ?? 'other',
    choice,
    at: now,
  };
  let before: PollVoteDoc | null;
  for (let attempt = 0; ; attempt++) {
    try {
      before = await PollVote.findOneAndUpdate(
        { pollId: poll._id, voterKey },
        { $set: vote },
        { upsert: true, returnDocument: 'before' },
      )
        .lean<PollVoteDoc>()
        .exec();
      break;
    } catch (error) {
      // Two first votes of one unit at once: one insert wins, the other retries as an update.
      if (!isDuplicateKey(error) || attempt >= 3) throw error;
    }
  }
  const undo = async () => {
    // Unless a later vote of the unit replaced this one.
    const mine = { pollId: poll._id, voterKey, at: now, userId: user.userId };
    if (before) {
      const { _id: _unused, ...previous } = before;
      void _unused;
      await PollVote.updateOne(mine, { $set: previous }).exec();
    } else await PollVote.deleteOne(mine).exec();
    // A close that aggregated while this vote was stored froze it: freeze again without it.
    const closed = await Poll.findOne({ _id: poll._id, state: 'closed' }).lean<PollDoc>().exec();
    if (closed) {
      const results = await computeResults(closed);
      await Poll.updateOne(
        { _id: poll._id, state: 'closed' },
        { $set: { finalResults: results, voteCount: results.overall.voters } },
      ).exec();
    }
  };
  // The question may have closed since the access check: re-read after the write (see above).
  try {
    assertQuestionTakesVotes(await getQuestionOrThrow(poll.questionId), new Date());
  } catch (error) {
    await undo();
    throw error;
  }
  const seq = await nextSeq(questionCounterId(poll.questionId.toHexString()));
  const voteCount = await PollVote.countDocuments({ pollId: poll._id }).exec();
  const updated = await Poll.findOneAndUpdate(
    { _id: poll._id, state: 'open' },
    { $max: { lastSeq: seq, voteCount } },
    { returnDocument: 'after' },
  )
    .lean<PollDoc>()
    .exec();
  if (!updated) {
    // Closed meanwhile: undo this vote (its seq stays a gap).
    await undo();
    throw pollClosed();
  }
  await logChange(updated, seq, 'voted', now);
  // Read after the seq was taken: every vote of the unit with a lower seq was written before, so the fact with
  // the highest seq carries the unit's final vote (a later parallel vote may have replaced this one already).
  const stored = await PollVote.findOne({ pollId: poll._id, voterKey }).lean<PollVoteDoc>().exec();
  const myVote = stored?.choice ?? choice;
  const [results, userIds] = await Promise.all([computeResults(updated), unitMembers(updated, user)]);
  return {
    data: { poll: updated, results, myVote, seq },
    events: [
      changed('voted', seq, updated, results),
      {
        type: 'poll.ownVote',
        questionId: poll.questionId.toHexString(),
        pollId: poll._id.toHexString(),
        seq,
        choice: myVote,
        userIds,
      },
    ],
  };
}

/**
 * The users who share the voter's unit in `poll` and may see its vote: the voter (person poll), or the members of
 * the poll's workspace representing the voter's district (district poll, where `myVotes` shows each of them the
 * district's voice).
 */
async function unitMembers(
  poll: Pick<PollDoc, 'unit' | 'workspaceId'>,
  user: Pick<SocketUser, 'userId' | 'district'>,
): Promise<string[]> {
  if (poll.unit === 'person' || !user.district) return [user.userId.toHexString()];
  const workspace = await getWorkspaceOrThrow(poll.workspaceId);
  const ids = await userIdsOfDistrict(
    user.district._id,
    workspace.members.map((m) => m.userId),
  );
  return [...new Set([user.userId.toHexString(), ...ids.map((id) => id.toHexString())])];
}

/**
 * Closes every open poll of the question (after the question closed, or its asynchronous window ended, while it
 * takes no contributions): each through `closePoll` (one conditional update per poll, so a concurrent moderator
 * close wins once). Not audited here (the question's close is). Returns the poll changes to publish.
 */
export async function closeOpenPollsOfQuestion(
  questionId: Types.ObjectId,
  now: Date = new Date(),
): Promise<PollsEvent[]> {
  const open = await Poll.find({ questionId, state: 'open' }).lean<PollDoc[]>().exec();
  const events: PollsEvent[] = [];
  for (const poll of open) {
    try {
      events.push(...(await closePoll(poll, null, now)).events);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'poll_closed')) throw error;
    }
  }
  return events;
}

const changed = (kind: PollChangeKind, seq: number, poll: PollDoc, results: PollResultsDto): PollsEvent => ({
  type: 'poll.changed',
  kind,
  seq,
  poll,
  results,
});

/**
 * The poll's results by aggregation over its votes: voters per region group, and per (group, option, rank)
 * counts. Tallies: `count` = voters who chose the option (ranking: placed it first); `score` = count, or for a
 * ranking the Borda points (n−1 for a first place … 0 for the last); `share` = count / voters (ranking:
 * score / (voters × (n−1))). Scale: `mean` of the values. Groups with no votes have zero tallies.
 */
export async function computeResults(
  poll: Pick<PollDoc, '_id' | 'kind' | 'options'>,
): Promise<PollResultsDto> {
  const [groups, cells] = await Promise.all([
    PollVote.aggregate<{ _id: RegionGroup; voters: number }>([
      { $match: { pollId: poll._id } },
      { $group: { _id: '$regionGroup', voters: { $sum: 1 } } },
    ]).exec(),
    PollVote.aggregate<{ _id: { g: RegionGroup; o: number; r: number }; n: number }>([
      { $match: { pollId: poll._id } },
      { $unwind: { path: '$choice', includeArrayIndex: 'rank' } },
      { $group: { _id: { g: '$regionGroup', o: '$choice', r: '$rank' }, n: { $sum: 1 } } },
    ]).exec(),
  ]);
  const optionValues =
    poll.kind === 'scale' ? [...POLL_SCALE_VALUES] : poll.options.map((_label, index) => index);
  const n = poll.options.length;
  const group = (g: RegionGroup | null): PollGroupResultDto => {
    const voters = groups.filter((x) => g === null || x._id === g).reduce((s, x) => s + x.voters, 0);
    const mine = cells.filter((c) => g === null || c._id.g === g);
    const tallies = optionValues.map((option) => {
      const of = mine.filter((c) => c._id.o === option);
      if (poll.kind === 'ranking') {
        const count = of.filter((c) => c._id.r === 0).reduce((s, c) => s + c.n, 0);
        const score = of.reduce((s, c) => s + c.n * (n - 1 - c._id.r), 0);
        return { option, count, score, share: voters && n > 1 ? score / (voters * (n - 1)) : 0 };
      }
      const count = of.reduce((s, c) => s + c.n, 0);
      return { option, count, score: count, share: voters ? count / voters : 0 };
    });
    const mean =
      poll.kind === 'scale' && voters > 0
        ? tallies.reduce((s, t) => s + t.option * t.count, 0) / voters
        : null;
    return { voters, tallies, mean };
  };
  const byRegion = Object.fromEntries(REGION_GROUPS.map((g) => [g, group(g)])) as Record<
    RegionGroup,
    PollGroupResultDto
  >;
  return { overall: group(null), byRegion };
}

/** The results to show for `poll` now: frozen ones once closed, else aggregated. */
export const resultsOf = (poll: PollDoc): Promise<PollResultsDto> =>
  poll.state === 'closed' && poll.finalResults ? Promise.resolve(poll.finalResults) : computeResults(poll);

/** The question's polls in opening order. */
export function pollsOfQuestion(questionId: Types.ObjectId): Promise<PollDoc[]> {
  return Poll.find({ questionId }).sort({ seq: 1 }).lean<PollDoc[]>().exec();
}

/** The seqs of the polls' changes of the question after `afterSeq`, ascending. */
export async function pollSeqsAfter(questionId: Types.ObjectId, afterSeq: number): Promise<number[]> {
  const log = await PollChange.find({ questionId, seq: mongoose.trusted({ $gt: afterSeq }) }, { seq: 1 })
    .sort({ seq: 1 })
    .lean<Array<{ seq: number }>>()
    .exec();
  return log.map((c) => c.seq);
}

/**
 * The polls changed in (`afterSeq`, `untilSeq`] of the question's log, each once with its latest change there
 * (seq and kind), in seq order, with the poll's current state (its `lastSeq` may be later; a client keeps the state
 * with the highest `lastSeq`).
 */
export async function pollChangesBetween(
  questionId: Types.ObjectId,
  afterSeq: number,
  untilSeq: number,
): Promise<Array<{ seq: number; kind: PollChangeKind; poll: PollDoc }>> {
  if (untilSeq <= afterSeq) return [];
  const log = await PollChange.find({
    questionId,
    seq: mongoose.trusted({ $gt: afterSeq, $lte: untilSeq }),
  })
    .sort({ seq: 1 })
    .lean<Array<{ seq: number; kind: PollChangeKind; pollId: Types.ObjectId }>>()
    .exec();
  const latest = new Map<string, { seq: number; kind: PollChangeKind }>();
  for (const c of log) latest.set(c.pollId.toHexString(), { seq: c.seq, kind: c.kind });
  if (latest.size === 0) return [];
  const polls = await Poll.find({ _id: mongoose.trusted({ $in: log.map((c) => c.pollId) }) })
    .lean<PollDoc[]>()
    .exec();
  return polls
    .flatMap((poll) => {
      const last = latest.get(poll._id.toHexString());
      return last ? [{ ...last, poll }] : [];
    })
    .sort((a, b) => a.seq - b.seq);
}

/** The stored votes of the user's units (own id for person polls, own district for district polls). */
export async function myVotes(
  polls: PollDoc[],
  user: Pick<SocketUser, 'userId' | 'district'>,
): Promise<Record<string, number[]>> {
  const keyOf = new Map<string, string>();
  for (const p of polls) {
    const key = p.unit === 'person' ? user.userId.toHexString() : user.district?._id.toHexString();
    if (key) keyOf.set(p._id.toHexString(), key);
  }
  if (keyOf.size === 0) return {};
  const found = await PollVote.find({
    pollId: mongoose.trusted({ $in: polls.map((p) => p._id) }),
    voterKey: mongoose.trusted({ $in: [...new Set(keyOf.values())] }),
  })
    .lean<PollVoteDoc[]>()
    .exec();
  const votes = found.filter((v) => keyOf.get(v.pollId.toHexString()) === v.voterKey);
  return Object.fromEntries(votes.map((v) => [v.pollId.toHexString(), v.choice]));
}
