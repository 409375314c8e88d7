import mongoose, { Types, type PipelineStage } from 'mongoose';
import {
  BALANCE_MIN_SAMPLE,
  BALANCE_THRESHOLD,
  REACTIONS,
  REGION_GROUPS,
  type BalanceBucket,
  type BalanceDimension,
  type BalanceDto,
  type BalanceFigures,
  type BalanceIndicatorDto,
  type BalanceRow,
  type BalanceScopeRow,
  type BalanceTimePoint,
  type RegionGroup,
  type Role,
} from '@polos/shared';
import { District } from '../districts/district.model';
import { User } from '../users/user.model';
import type { WorkspaceDoc } from '../workspaces/workspace.model';
import { Block } from '../blocks/block.model';
import { Question } from '../questions/question.model';
import { Post } from '../posts/post.model';
import { LiveSession } from '../liveSessions/liveSession.model';
import { Draft } from '../drafts/draft.model';
import { draftEditSessionsByUser } from '../drafts/draft.service';
import { Poll, PollVote } from '../polls/poll.model';
import { ensureWordCounts } from '../posts';
import { endorsementParticipation } from '../endorsements';
import { questionPartials } from './balance.cache';

/**
 * The balance dashboard's figures, computed with aggregation pipelines that run the same on the embedded engine
 * and on MongoDB (only `$match`, `$group`, `$dateToString`, `$size`, `$add`, `$ifNull`). Each pipeline is an
 * index-served `$match` and one `$group` straight over the stored fields — no per-document `$project`, no text
 * processing: words are the `wordCount` the posts feature stores with every body (posts/wordCount.ts;
 * `ensureWordCounts` backfills older posts first), so the engine runs the group compiled
 * (db/embedded/storage/fastGroup.ts) and MongoDB in its group stage. Each pipeline groups the raw documents down
 * to one row per (question, author, time bucket) / (user) before anything reaches the app; the app then rolls
 * those rows up per dimension (it knows each member's role and language). Hidden and deleted posts are excluded
 * everywhere. Incremental counters kept by domain events were not chosen: edits, hides, deletions and reactions
 * would each need the previous figures of the post, and grouping 20k stored numbers already meets the target.
 */

const zero = (): BalanceFigures => ({
  posts: 0,
  words: 0,
  contributors: 0,
  crossRegionReplies: 0,
  reactions: 0,
  draftContributions: 0,
  pollVotes: 0,
  endorsements: 0,
});

const byRegionZero = (): Record<RegionGroup, BalanceFigures> => ({ EU: zero(), LAC: zero(), other: zero() });

/** One row of the posts pipeline: a (question, author, bucket) group. */
interface PostGroup {
  _id: {
    q: Types.ObjectId;
    a: Types.ObjectId;
    t: string;
    r: RegionGroup;
    c: string | null;
    d: Types.ObjectId | null;
    dn: string | null;
  };
  posts: number;
  words: number;
  reactions: number;
}

const REACTION_COUNT = {
  $add: REACTIONS.map((r) => ({ $size: { $ifNull: [`$reactions.${r}`, []] } })),
};
const BUCKET_FORMAT: Record<BalanceBucket, string> = {
  day: '%Y-%m-%dT00:00:00Z',
  hour: '%Y-%m-%dT%H:00:00Z',
};

/**
 * Posts of the workspace grouped by (question, author, time bucket, author's district at posting time), with
 * words and reactions received (cross-region replies: {@link repliesPipeline}). `questionIds` limits the questions.
 */
export function postsPipeline(
  workspaceId: Types.ObjectId,
  questionIds: Types.ObjectId[] | null,
  bucket: BalanceBucket,
): PipelineStage[] {
  return [
    {
      $match: {
        workspaceId,
        ...(questionIds ? { questionId: { $in: questionIds } } : {}),
        deleted: false,
        hidden: false,
      },
    },
    {
      $group: {
        _id: {
          q: '$questionId',
          a: '$authorId',
          t: { $dateToString: { format: BUCKET_FORMAT[bucket], date: '$createdAt' } },
          r: { $ifNull: ['$authorDistrict.regionGroup', 'other'] },
          c: { $ifNull: ['$authorDistrict.country', null] },
          d: { $ifNull: ['$authorDistrict.id', null] },
          dn: { $ifNull: ['$authorDistrict.name', null] },
        },
        posts: { $sum: 1 },
        // Posts without a count (none after `ensureWordCounts`) add nothing: `$sum` skips a missing value.
        words: { $sum: '$wordCount' },
        reactions: { $sum: REACTION_COUNT },
      },
    },
  ];
}

/**
 * Top-level posts of the questions (in any state: a reply to a hidden post still counts as a reply to its author)
 * with their ids per author region group — the parents' side of cross-region replies (three rows).
 */
export function parentsByRegionPipeline(
  workspaceId: Types.ObjectId,
  questionIds: Types.ObjectId[],
): PipelineStage[] {
  return [
    { $match: { workspaceId, questionId: { $in: questionIds }, parentId: null } },
    { $group: { _id: { $ifNull: ['$authorDistrict.regionGroup', 'other'] }, ids: { $push: '$_id' } } },
  ];
}

/**
 * Visible replies to `parentIds` (the top-level posts of one region group) grouped by (question, author, author's
 * district at posting time): the input of cross-region replies, one row per author and question, not per reply.
 */
export function repliesPipeline(
  workspaceId: Types.ObjectId,
  questionIds: Types.ObjectId[],
  parentIds: Types.ObjectId[],
): PipelineStage[] {
  return [
    {
      $match: {
        workspaceId,
        questionId: { $in: questionIds },
        parentId: { $in: parentIds },
        deleted: false,
        hidden: false,
      },
    },
    {
      $group: {
        _id: {
          q: '$questionId',
          a: '$authorId',
          r: { $ifNull: ['$authorDistrict.regionGroup', 'other'] },
          c: { $ifNull: ['$authorDistrict.country', null] },
          d: { $ifNull: ['$authorDistrict.id', null] },
          dn: { $ifNull: ['$authorDistrict.name', null] },
        },
        n: { $sum: 1 },
      },
    },
  ];
}

/** Visible posts of one question per author region group (the live indicator's input). */
export async function questionRegionCounts(questionId: Types.ObjectId): Promise<Record<RegionGroup, number>> {
  const rows = await Post.aggregate<{ _id: RegionGroup; n: number }>([
    { $match: { questionId, deleted: false, hidden: false } },
    { $group: { _id: { $ifNull: ['$authorDistrict.regionGroup', 'other'] }, n: { $sum: 1 } } },
  ]);
  const out: Record<RegionGroup, number> = { EU: 0, LAC: 0, other: 0 };
  for (const r of rows) if (r._id in out) out[r._id] = r.n;
  return out;
}

/** A member of the workspace as the dashboard sees them. */
interface MemberInfo {
  role: Role;
  locale: string;
  regionGroup: RegionGroup;
  country: string | null;
  districtId: string | null;
  districtName: string | null;
}

/** Members (any role) with their language and current district; `members` counts non-observers per region. */
export async function membersOf(
  workspace: Pick<WorkspaceDoc, 'members'>,
): Promise<{ info: Map<string, MemberInfo>; members: Record<RegionGroup, number> }> {
  const users = await User.find(
    { _id: mongoose.trusted({ $in: workspace.members.map((m) => m.userId) }) },
    { locale: 1, districtId: 1 },
  ).lean();
  const districtIds = users.flatMap((u) => (u.districtId ? [u.districtId] : []));
  const districts = await District.find(
    { _id: mongoose.trusted({ $in: districtIds }) },
    { name: 1, country: 1, regionGroup: 1 },
  ).lean();
  const districtById = new Map(districts.map((d) => [d._id.toHexString(), d]));
  const userById = new Map(users.map((u) => [u._id.toHexString(), u]));
  const info = new Map<string, MemberInfo>();
  const members: Record<RegionGroup, number> = { EU: 0, LAC: 0, other: 0 };
  for (const m of workspace.members) {
    const id = m.userId.toHexString();
    const u = userById.get(id);
    const d = u?.districtId ? districtById.get(u.districtId.toHexString()) : undefined;
    const regionGroup: RegionGroup = d?.regionGroup ?? 'other';
    info.set(id, {
      role: m.role,
      locale: u?.locale ?? 'en',
      regionGroup,
      country: d?.country ?? null,
      districtId: d ? d._id.toHexString() : null,
      districtName: d?.name ?? null,
    });
    // Member share: members who take part (observers watch) and represent a district.
    if (m.role !== 'observer' && d) members[regionGroup] += 1;
  }
  return { info, members };
}

/**
 * The balance indicator from posts and members per region group. A region dominates when its share of EU+LAC
 * posts exceeds its share of EU+LAC members by more than {@link BALANCE_THRESHOLD}, with at least
 * {@link BALANCE_MIN_SAMPLE} EU+LAC posts (shared/src/balance, documented in docs/API.md).
 */
export function indicatorOf(
  posts: Record<RegionGroup, number>,
  members: Record<RegionGroup, number>,
): BalanceIndicatorDto {
  const sample = posts.EU + posts.LAC;
  const memberTotal = members.EU + members.LAC;
  const share = (n: number, total: number) => (total > 0 ? n / total : null);
  const contributionShare = { EU: share(posts.EU, sample), LAC: share(posts.LAC, sample) };
  const memberShare = { EU: share(members.EU, memberTotal), LAC: share(members.LAC, memberTotal) };
  let dominant: BalanceIndicatorDto['dominant'] = null;
  if (sample >= BALANCE_MIN_SAMPLE && memberTotal > 0) {
    for (const r of ['EU', 'LAC'] as const) {
      const c = contributionShare[r];
      const m = memberShare[r];
      if (c !== null && m !== null && c - m > BALANCE_THRESHOLD) dominant = r;
    }
  }
  return { contributionShare, memberShare, sample, dominant };
}

/** Whether a live session is running in the workspace (the dashboard is then for moderators only). */
export async function isLive(workspaceId: Types.ObjectId): Promise<boolean> {
  return (await LiveSession.exists({ workspaceId, endedAt: null })) !== null;
}

const add = (into: BalanceFigures, from: Partial<BalanceFigures>) => {
  into.posts += from.posts ?? 0;
  into.words += from.words ?? 0;
  into.crossRegionReplies += from.crossRegionReplies ?? 0;
  into.reactions += from.reactions ?? 0;
  into.draftContributions += from.draftContributions ?? 0;
  into.pollVotes += from.pollVotes ?? 0;
  into.endorsements += from.endorsements ?? 0;
};

/** Accumulates figures per key, tracking distinct contributors (user ids). */
class Tally {
  readonly rows = new Map<string, { label: string; f: BalanceFigures; who: Set<string> }>();
  add(key: string, label: string, userId: string, f: Partial<BalanceFigures>, contributes: boolean): void {
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = { label, f: zero(), who: new Set() }));
    add(row.f, f);
    if (contributes) row.who.add(userId);
  }
  list(): BalanceRow[] {
    return [...this.rows.entries()]
      .map(([key, r]) => ({ key, label: r.label, ...r.f, contributors: r.who.size }))
      .sort((a, b) => b.posts - a.posts || a.key.localeCompare(b.key));
  }
}

/** The rows of one question the dashboard reuses between requests (balance.cache.ts): never mutated. */
export interface QuestionPartial {
  posts: PostGroup[];
  /** Replies of one author in the question to the top-level posts of `parentRegion`. */
  replies: Array<{ _id: Omit<PostGroup['_id'], 't'>; n: number; parentRegion: RegionGroup }>;
  /** Poll votes of one voter (`r`: the region stored with the vote) in one poll of question `q` (hex id). */
  votes: Array<{ _id: { p: Types.ObjectId; u: Types.ObjectId; r: RegionGroup }; n: number; q: string }>;
}

/**
 * Computes the {@link QuestionPartial} of each of `questionIds` (hex id → partial) with one batch of pipelines
 * (posts, parents per region + replies, poll votes), split by question.
 */
export async function computePartials(
  workspaceId: Types.ObjectId,
  questionIds: Types.ObjectId[],
  bucket: BalanceBucket,
): Promise<Map<string, QuestionPartial>> {
  const out = new Map<string, QuestionPartial>(
    questionIds.map((q) => [q.toHexString(), { posts: [], replies: [], votes: [] }]),
  );
  const polls = await Poll.find(
    { workspaceId, questionId: mongoose.trusted({ $in: questionIds }) },
    { questionId: 1 },
  ).lean();
  const pollQuestion = new Map(polls.map((p) => [p._id.toHexString(), p.questionId.toHexString()]));
  const replyRows = async (): Promise<QuestionPartial['replies']> => {
    const parents = await Post.aggregate<{ _id: RegionGroup; ids: Types.ObjectId[] }>(
      parentsByRegionPipeline(workspaceId, questionIds),
    );
    const rows = await Promise.all(
      parents.map(async (p) =>
        (
          await Post.aggregate<Omit<QuestionPartial['replies'][number], 'parentRegion'>>(
            repliesPipeline(workspaceId, questionIds, p.ids),
          )
        ).map((g) => ({ ...g, parentRegion: p._id })),
      ),
    );
    return rows.flat();
  };
  const [posts, replies, votes] = await Promise.all([
    Post.aggregate<PostGroup>(postsPipeline(workspaceId, questionIds, bucket)),
    replyRows(),
    polls.length
      ? PollVote.aggregate<{ _id: { p: Types.ObjectId; u: Types.ObjectId; r: RegionGroup }; n: number }>([
          { $match: { pollId: { $in: polls.map((p) => p._id) } } },
          { $group: { _id: { p: '$pollId', u: '$userId', r: '$regionGroup' }, n: { $sum: 1 } } },
        ])
      : Promise.resolve([]),
  ]);
  for (const g of posts) out.get(g._id.q.toHexString())?.posts.push(g);
  for (const g of replies) out.get(g._id.q.toHexString())?.replies.push(g);
  for (const v of votes) {
    const q = pollQuestion.get(v._id.p.toHexString());
    if (q) out.get(q)?.votes.push({ ...v, q });
  }
  return out;
}

/**
 * The dashboard of a workspace (`GET /api/workspaces/:id/balance`). `blockId` / `questionId` narrow posts and
 * poll votes to those questions and draft contributions to the block's draft (a question filter counts no draft
 * contributions: drafts are per block). Units: words by `countWords` (posts/wordCount.ts: runs of non-white-space);
 * times are UTC buckets.
 */
export async function computeBalance(
  workspace: WorkspaceDoc,
  filter: { blockId?: string; questionId?: string; bucket?: BalanceBucket },
): Promise<BalanceDto> {
  const workspaceId = workspace._id;
  const bucket = filter.bucket ?? 'day';
  const [, blocks, questions, live, membership] = await Promise.all([
    ensureWordCounts(workspaceId),
    Block.find({ workspaceId }, { order: 1 }).sort({ order: 1 }).lean(),
    Question.find({ workspaceId }, { blockId: 1, order: 1 }).lean(),
    isLive(workspaceId),
    membersOf(workspace),
  ]);
  const blockOrder = new Map(blocks.map((b) => [b._id.toHexString(), b.order]));
  questions.sort(
    (a, b) =>
      (blockOrder.get(a.blockId.toHexString()) ?? 0) - (blockOrder.get(b.blockId.toHexString()) ?? 0) ||
      a.order - b.order,
  );
  const blockOfQuestion = new Map(questions.map((q) => [q._id.toHexString(), q.blockId.toHexString()]));
  // Always a list of questions: the posts' `(questionId, seq)` index serves the match (no index of the posts
  // feature is added for the dashboard; the parents' regions are read by `_id`).
  let questionIds: Types.ObjectId[] = questions.map((q) => q._id);
  if (filter.questionId) questionIds = [new Types.ObjectId(filter.questionId)];
  else if (filter.blockId)
    questionIds = questions.filter((q) => q.blockId.equals(filter.blockId as string)).map((q) => q._id);

  const drafts = await Draft.find(
    filter.questionId
      ? { _id: null }
      : { workspaceId, ...(filter.blockId ? { blockId: filter.blockId } : {}) },
    { _id: 1 },
  ).lean();
  // Posts, cross-region replies and poll votes: per-question partials reused while the question's seq is unchanged.
  const partials = questionPartials(workspaceId, questionIds, bucket, (ids) =>
    computePartials(workspaceId, ids, bucket),
  );
  const [postGroups, replyGroups, draftRows, voteRows, endorsementRows] = await Promise.all([
    partials.then((ps) => ps.flatMap((p) => p?.posts ?? [])),
    partials.then((ps) => ps.flatMap((p) => p?.replies ?? [])),
    // Editing sessions (not log entries: compaction deletes those; docs/API.md, "draft edits").
    draftEditSessionsByUser(drafts.map((d) => d._id)),
    partials.then((ps) => ps.flatMap((p) => p?.votes ?? [])),
    // Endorsement rounds are per block (the round's draft's block), like draft contributions: a question filter
    // counts none.
    filter.questionId
      ? Promise.resolve([])
      : endorsementParticipation(workspaceId, filter.blockId ? new Types.ObjectId(filter.blockId) : null),
  ]);

  const totals = new Tally();
  const dims: Record<BalanceDimension, Tally> = {
    regionGroup: new Tally(),
    country: new Tally(),
    district: new Tally(),
    language: new Tally(),
    role: new Tally(),
  };
  const blockRows = new Map<string, { t: Tally; regions: Record<RegionGroup, Tally> }>();
  const questionRows = new Map<string, { t: Tally; regions: Record<RegionGroup, Tally> }>();
  const scope = (m: typeof blockRows, id: string) => {
    let s = m.get(id);
    if (!s)
      m.set(id, (s = { t: new Tally(), regions: { EU: new Tally(), LAC: new Tally(), other: new Tally() } }));
    return s;
  };
  const time = new Map<string, BalanceTimePoint>();

  /** Counts figures of one user in every breakdown; `where` = the user's district/region for this contribution. */
  const count = (
    userId: string,
    where: { r: RegionGroup; c: string | null; d: string | null; dn: string | null },
    f: Partial<BalanceFigures>,
    questionId: string | null,
    blockId: string | null,
  ) => {
    const member = membership.info.get(userId);
    const contributes = (f.posts ?? 0) > 0;
    totals.add('all', 'all', userId, f, contributes);
    dims.regionGroup.add(where.r, where.r, userId, f, contributes);
    dims.country.add(where.c ?? '—', where.c ?? '—', userId, f, contributes);
    dims.district.add(where.d ?? '—', where.dn ?? '—', userId, f, contributes);
    dims.language.add(member?.locale ?? '—', member?.locale ?? '—', userId, f, contributes);
    dims.role.add(member?.role ?? 'former', member?.role ?? 'former', userId, f, contributes);
    if (blockId) {
      const s = scope(blockRows, blockId);
      s.t.add('x', blockId, userId, f, contributes);
      s.regions[where.r].add('x', '', userId, f, contributes);
    }
    if (questionId) {
      const s = scope(questionRows, questionId);
      s.t.add('x', questionId, userId, f, contributes);
      s.regions[where.r].add('x', '', userId, f, contributes);
    }
  };

  for (const g of postGroups) {
    const q = g._id.q.toHexString();
    const where = { r: g._id.r, c: g._id.c, d: g._id.d?.toHexString() ?? null, dn: g._id.dn };
    count(
      g._id.a.toHexString(),
      where,
      { posts: g.posts, words: g.words, reactions: g.reactions },
      q,
      blockOfQuestion.get(q) ?? null,
    );
    let point = time.get(g._id.t);
    if (!point)
      time.set(
        g._id.t,
        (point = { at: g._id.t, posts: { EU: 0, LAC: 0, other: 0 }, words: { EU: 0, LAC: 0, other: 0 } }),
      );
    point.posts[g._id.r] += g.posts;
    point.words[g._id.r] += g.words;
  }
  // Cross-region replies: a reply whose author's region differs from its parent's author's region.
  for (const g of replyGroups) {
    if (g.parentRegion === g._id.r) continue;
    const q = g._id.q.toHexString();
    count(
      g._id.a.toHexString(),
      { r: g._id.r, c: g._id.c, d: g._id.d?.toHexString() ?? null, dn: g._id.dn },
      { crossRegionReplies: g.n },
      q,
      blockOfQuestion.get(q) ?? null,
    );
  }
  const whereOfMember = (userId: string) => {
    const m = membership.info.get(userId);
    return {
      r: m?.regionGroup ?? 'other',
      c: m?.country ?? null,
      d: m?.districtId ?? null,
      dn: m?.districtName ?? null,
    };
  };
  for (const d of draftRows) {
    const u = d._id.toHexString();
    count(u, whereOfMember(u), { draftContributions: d.n }, null, filter.blockId ?? null);
  }
  for (const v of voteRows) {
    const u = v._id.u.toHexString();
    const q = v.q;
    count(
      u,
      { ...whereOfMember(u), r: v._id.r },
      { pollVotes: v.n },
      q,
      q ? (blockOfQuestion.get(q) ?? null) : null,
    );
  }

  // Endorsement answers: the answering district's voice (district, country, region as stored with the answer),
  // the representative's language and role; a deleted account counts as one 'former' voice of its district.
  for (const e of endorsementRows)
    count(
      e.userId ?? `former:${e.districtId}`,
      { r: e.regionGroup, c: e.country, d: e.districtId, dn: e.districtName },
      { endorsements: e.answers },
      null,
      e.blockId,
    );

  const figuresOf = (t: Tally): BalanceFigures => {
    const row = t.list()[0];
    if (!row) return zero();
    const { key: _k, label: _l, ...f } = row;
    return f;
  };
  const scopeRow = (
    id: string,
    label: string,
    s: { t: Tally; regions: Record<RegionGroup, Tally> } | undefined,
  ) => {
    const byRegion = byRegionZero();
    if (s) for (const r of REGION_GROUPS) byRegion[r] = figuresOf(s.regions[r]);
    const row: BalanceScopeRow = {
      id,
      label,
      ...(s ? figuresOf(s.t) : zero()),
      byRegion,
      indicator: indicatorOf(
        { EU: byRegion.EU.posts, LAC: byRegion.LAC.posts, other: byRegion.other.posts },
        membership.members,
      ),
    };
    return row;
  };
  const inScopeIds = new Set(questionIds.map((id) => id.toHexString()));
  const inScope = (q: { _id: Types.ObjectId }) => inScopeIds.has(q._id.toHexString());
  const blocksOut = blocks
    .filter((b) => !filter.blockId || b._id.equals(filter.blockId))
    .filter((b) => !filter.questionId || questions.some((q) => inScope(q) && q.blockId.equals(b._id)))
    .map((b) => scopeRow(b._id.toHexString(), String(b.order), blockRows.get(b._id.toHexString())));
  const questionsOut = questions
    .filter(inScope)
    .map((q) =>
      scopeRow(
        q._id.toHexString(),
        `${blockOrder.get(q.blockId.toHexString()) ?? '?'}.${q.order}`,
        questionRows.get(q._id.toHexString()),
      ),
    );
  const regionRows = dims.regionGroup.list();
  const regionPosts = { EU: 0, LAC: 0, other: 0 };
  for (const r of regionRows) regionPosts[r.key as RegionGroup] = r.posts;

  return {
    workspaceId: workspaceId.toHexString(),
    filter: { blockId: filter.blockId ?? null, questionId: filter.questionId ?? null, bucket },
    live,
    totals: figuresOf(totals),
    members: membership.members,
    indicator: indicatorOf(regionPosts, membership.members),
    breakdown: {
      regionGroup: regionRows,
      country: dims.country.list(),
      district: dims.district.list(),
      language: dims.language.list(),
      role: dims.role.list(),
    },
    blocks: blocksOut,
    questions: questionsOut,
    overTime: [...time.values()].sort((a, b) => a.at.localeCompare(b.at)),
    pollsCounted: true,
    computedAt: new Date().toISOString(),
  };
}
