import mongoose, { Types } from 'mongoose';
import {
  QUORUM_REGIONS,
  REGION_GROUPS,
  type EndorsementAnswerDto,
  type EndorsementAnswerPayload,
  type EndorsementChangeKind,
  type EndorsementParagraphResultDto,
  type EndorsementQuorumDto,
  type EndorsementRegionQuorumDto,
  type EndorsementRoundDto,
  type EndorsementRoundResultsDto,
  type EndorsementTallyDto,
  type QuorumRule,
  type RegionGroup,
} from '@polos/shared';
import type { ServerContext } from '../../context';
import type { Outcome } from '../../contracts/domainEvents';
import { AppError, conflict, forbidden, invalid, notFound } from '../../lib/errors';
import { recordAudit, type Actor } from '../audit/audit.service';
import { District, type DistrictDoc } from '../districts/district.model';
import { regionGroupOfDoc } from '../districts/districts.presenter';
import { Draft, DraftPublication, type DraftDoc, type DraftPublicationDoc } from '../drafts/draft.model';
import { blocksOfVersion, replaceBlockText } from '../drafts/draftAmend';
import type { DraftsEvent } from '../drafts/events';
import { User } from '../users/user.model';
import type { EndorsementsEvent } from './events';
import {
  EndorsementAmendment,
  EndorsementRound,
  EndorsementVote,
  type EndorsementAmendmentDoc,
  type EndorsementRoundDoc,
  type EndorsementVoteDoc,
} from './endorsement.model';

/**
 * The endorsements feature owns every write to `endorsementrounds`, `endorsementvotes` and `endorsementamendments`.
 * The draft's content is read and changed only through the drafts feature's ports (`drafts/draftAmend.ts`).
 */

const isDuplicateKey = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 11000;

export const roundClosed = (): AppError =>
  new AppError('round_closed', 'This endorsement round is closed: answers are no longer accepted', {
    status: 409,
  });

export async function getRoundOrThrow(id: Types.ObjectId | string): Promise<EndorsementRoundDoc> {
  const round = Types.ObjectId.isValid(id)
    ? await EndorsementRound.findById(id).lean<EndorsementRoundDoc>().exec()
    : null;
  if (!round) throw notFound('Endorsement round');
  return round;
}

export async function getDraftOrThrow(id: string): Promise<DraftDoc> {
  const draft = Types.ObjectId.isValid(id) ? await Draft.findById(id).lean<DraftDoc>().exec() : null;
  if (!draft) throw notFound('Draft');
  return draft;
}

// — quorum and results —

const emptyTally = (): EndorsementTallyDto => ({ agree: 0, amend: 0, object: 0 });

/**
 * A region group's quorum under `rule`, from its districts taking part in the workspace and how many paragraphs
 * each answered. The rule (issue 12.2, "a quorum per region: EU 14 of 20 districts, LAC 11 of 18"): a district
 * counts when it answered every paragraph of the round (`basis: 'allParagraphs'`) or at least one
 * (`anyParagraph`), as the moderator chose at the opening; the region reaches its quorum when
 * counted ≥ required = max(1, ⌈minShare × districts⌉) — so a region without districts in the workspace cannot
 * reach it (a bi-regional endorsement needs both regions' voices). The share is rounded up: with 20 districts and
 * minShare 0.7, 14 are required.
 *
 * @param answeredByDistrict district id → number of distinct paragraphs it answered
 */
export function regionQuorum(
  regionGroup: RegionGroup,
  districtIds: readonly string[],
  answeredByDistrict: ReadonlyMap<string, number>,
  paragraphs: number,
  rule: QuorumRule,
): EndorsementRegionQuorumDto {
  let answeredAll = 0;
  let answeredAny = 0;
  for (const id of districtIds) {
    const n = answeredByDistrict.get(id) ?? 0;
    if (n > 0) answeredAny += 1;
    if (paragraphs > 0 && n >= paragraphs) answeredAll += 1;
  }
  const counted = rule.basis === 'allParagraphs' ? answeredAll : answeredAny;
  // Rounded to 1e-9 first so that 0.7 × 20 (= 14.000000000000002 in binary) requires 14, not 15.
  const required = Math.max(1, Math.ceil(Math.round(rule.minShare * districtIds.length * 1e9) / 1e9));
  return {
    regionGroup,
    districts: districtIds.length,
    answeredAll,
    answeredAny,
    counted,
    required,
    reached: districtIds.length > 0 && counted >= required,
  };
}

/** The districts taking part in the workspace, by region group (their ids). */
async function districtsByRegion(workspaceId: Types.ObjectId): Promise<Record<RegionGroup, string[]>> {
  const docs = await District.find({ workspaceIds: workspaceId }, { regionGroup: 1, country: 1 })
    .lean<DistrictDoc[]>()
    .exec();
  const out = Object.fromEntries(REGION_GROUPS.map((g) => [g, [] as string[]])) as Record<
    RegionGroup,
    string[]
  >;
  for (const d of docs) out[regionGroupOfDoc(d)].push(d._id.toHexString());
  return out;
}

/**
 * The round's live results: per paragraph, the answers' tallies overall and per region group of the answering
 * district; and the quorum per region group (see {@link regionQuorum}). Two aggregations over the votes.
 */
export async function computeResults(
  round: Pick<EndorsementRoundDoc, '_id' | 'workspaceId' | 'paragraphs' | 'quorumRule'>,
): Promise<{ results: EndorsementParagraphResultDto[]; quorum: EndorsementQuorumDto }> {
  const [cells, perDistrict, regions] = await Promise.all([
    EndorsementVote.aggregate<{
      _id: { p: string; g: RegionGroup; a: keyof EndorsementTallyDto };
      n: number;
    }>([
      { $match: { roundId: round._id } },
      { $group: { _id: { p: '$paragraphId', g: '$regionGroup', a: '$answer' }, n: { $sum: 1 } } },
    ]).exec(),
    EndorsementVote.aggregate<{ _id: Types.ObjectId; n: number }>([
      { $match: { roundId: round._id } },
      { $group: { _id: '$districtId', n: { $sum: 1 } } },
    ]).exec(),
    districtsByRegion(round.workspaceId),
  ]);
  const results = round.paragraphs.map((p): EndorsementParagraphResultDto => {
    const byRegion = Object.fromEntries(REGION_GROUPS.map((g) => [g, emptyTally()])) as Record<
      RegionGroup,
      EndorsementTallyDto
    >;
    const overall = emptyTally();
    for (const c of cells) {
      if (c._id.p !== p.id) continue;
      byRegion[c._id.g][c._id.a] += c.n;
      overall[c._id.a] += c.n;
    }
    return { paragraphId: p.id, overall, byRegion };
  });
  const answered = new Map(perDistrict.map((d) => [d._id.toHexString(), d.n]));
  const byRegion = Object.fromEntries(
    REGION_GROUPS.map((g) => [
      g,
      regionQuorum(g, regions[g], answered, round.paragraphs.length, round.quorumRule),
    ]),
  ) as Record<RegionGroup, EndorsementRegionQuorumDto>;
  return {
    results,
    quorum: {
      rule: round.quorumRule,
      byRegion,
      reached: QUORUM_REGIONS.every((g) => byRegion[g].reached),
    },
  };
}

// — presenting —

const person = (id: Types.ObjectId | null, name: string) => ({ id: id ? id.toHexString() : null, name });

export const presentAnswer = (v: EndorsementVoteDoc): EndorsementAnswerDto => ({
  paragraphId: v.paragraphId,
  districtId: v.districtId.toHexString(),
  districtName: v.districtName,
  country: v.country,
  regionGroup: v.regionGroup,
  answer: v.answer,
  wording: v.wording,
  reason: v.reason,
  by: person(v.userId, v.userName),
  at: v.at.toISOString(),
});

/**
 * The release a closed round's results attach to: the draft's first release numbered ≥ `attachFromNumber` (the
 * last release number at the close + 1). Stored on the round the first time it is found (conditional on none yet).
 */
async function releaseOf(round: EndorsementRoundDoc): Promise<EndorsementRoundDoc['release']> {
  if (round.release) return round.release;
  if (round.state !== 'closed' || round.attachFromNumber === null) return null;
  const publication = await DraftPublication.findOne(
    { draftId: round.draftId, number: mongoose.trusted({ $gte: round.attachFromNumber }) },
    { _id: 1, number: 1 },
  )
    .sort({ number: 1 })
    .lean<Pick<DraftPublicationDoc, '_id' | 'number'>>()
    .exec();
  if (!publication) return null;
  const release = { number: publication.number, id: publication._id };
  await EndorsementRound.updateOne({ _id: round._id, release: null }, { $set: { release } }).exec();
  return release;
}

/** The round as members see it: frozen results once closed, else live ones. */
export async function presentRound(round: EndorsementRoundDoc): Promise<EndorsementRoundDto> {
  const [{ results, quorum }, amendments, release] = await Promise.all([
    round.state === 'closed' && round.finalResults
      ? Promise.resolve(round.finalResults)
      : computeResults(round),
    EndorsementAmendment.find({ roundId: round._id, state: 'applied' })
      .sort({ appliedAt: 1 })
      .lean<EndorsementAmendmentDoc[]>()
      .exec(),
    releaseOf(round),
  ]);
  return {
    id: round._id.toHexString(),
    workspaceId: round.workspaceId.toHexString(),
    draftId: round.draftId.toHexString(),
    blockId: round.blockId ? round.blockId.toHexString() : null,
    draftTitle: round.draftTitle,
    versionId: round.versionId.toHexString(),
    versionName: round.versionName,
    state: round.state,
    rev: round.rev,
    openedAt: round.openedAt.toISOString(),
    openedBy: person(round.openedBy, round.openedByName),
    closedAt: round.closedAt ? round.closedAt.toISOString() : null,
    paragraphs: round.paragraphs.map((p) => ({ id: p.id, number: p.number, kind: p.kind, text: p.text })),
    results,
    quorum,
    amendments: amendments.map((a) => ({
      paragraphId: a.paragraphId,
      districtId: a.districtId.toHexString(),
      districtName: a.districtName,
      regionGroup: a.regionGroup,
      proposedBy: person(a.proposerId, a.proposerName),
      wording: a.wording,
      appliedBy: person(a.appliedBy, a.appliedByName),
      appliedAt: a.appliedAt.toISOString(),
      versionId: a.versionId ? a.versionId.toHexString() : null,
    })),
    release: release ? { number: release.number, id: release.id.toHexString() } : null,
  };
}

const changed = (
  kind: EndorsementChangeKind,
  round: EndorsementRoundDto,
  answer: EndorsementAnswerDto | null = null,
): EndorsementsEvent => ({ type: 'endorsement.changed', change: { kind, round, answer } });

// — commands —

/**
 * Opens a round on the saved version `versionId` of `draft`: freezes the version's paragraphs (top-level blocks
 * with text, ids from the drafts port `blocksOfVersion`). One open round per draft: the insert claims the
 * draft's `openSlot` (unique index), so a second opening — also a concurrent one — fails. Audited
 * (`endorsement.open`).
 *
 * @throws `round_open` (409) when the draft has an open round; `invalid` (400) when the version has no text;
 *   `not_found` (404) for an unknown version.
 */
export async function openRound(
  draft: DraftDoc,
  versionId: string,
  rule: QuorumRule,
  actor: Actor,
  now: Date = new Date(),
): Promise<Outcome<EndorsementRoundDoc, EndorsementsEvent>> {
  const { version, blocks } = await blocksOfVersion(draft, versionId);
  if (blocks.length === 0) throw invalid('This version has no paragraphs to endorse');
  let round: EndorsementRoundDoc;
  try {
    const created = await EndorsementRound.create({
      workspaceId: draft.workspaceId,
      draftId: draft._id,
      blockId: draft.blockId,
      draftTitle: draft.title,
      versionId: version._id,
      versionName: version.name,
      state: 'open',
      openSlot: draft._id.toHexString(),
      rev: 0,
      openedBy: actor.userId,
      openedByName: actor.name,
      openedAt: now,
      closedAt: null,
      closedBy: null,
      quorumRule: { minShare: rule.minShare, basis: rule.basis },
      paragraphs: blocks.map((b, i) => ({ id: b.id, number: i + 1, kind: b.kind, text: b.text })),
      finalResults: null,
      attachFromNumber: null,
      release: null,
    });
    round = created.toObject<EndorsementRoundDoc>();
  } catch (error) {
    if (isDuplicateKey(error))
      throw new AppError('round_open', 'This draft already has an open endorsement round: close it first', {
        status: 409,
      });
    throw error;
  }
  await recordAudit(
    draft.workspaceId,
    actor,
    'endorsement.open',
    { type: 'endorsementRound', id: round._id },
    {
      draftId: draft._id.toHexString(),
      versionId: versionId,
      paragraphs: blocks.length,
      minShare: rule.minShare,
      basis: rule.basis,
    },
  );
  return { data: round, events: [changed('opened', await presentRound(round))] };
}

/** The district whose voice `userId` carries in `workspaceId`, with the reason when none. */
export async function answeringDistrictOf(
  userId: Types.ObjectId,
  workspaceId: Types.ObjectId,
): Promise<{ district: DistrictDoc | null; refusal: AppError | null }> {
  const user = await User.findById(userId, { districtId: 1 })
    .lean<{ districtId: Types.ObjectId | null }>()
    .exec();
  if (!user?.districtId)
    return {
      district: null,
      refusal: new AppError(
        'not_representative',
        'Only representatives of a district answer endorsement rounds (one voice per district)',
        { status: 403 },
      ),
    };
  const district = await District.findOne({ _id: user.districtId, workspaceIds: workspaceId })
    .lean<DistrictDoc>()
    .exec();
  if (!district)
    return {
      district: null,
      refusal: new AppError(
        'district_not_participating',
        'Your district does not take part in this workspace, so it has no voice in this round',
        { status: 403 },
      ),
    };
  return { district, refusal: null };
}

/**
 * Stores the answer of the sender's district to one paragraph — one voice per district: an atomic upsert on the
 * unique (round, paragraph, district) index, so parallel answers of two representatives of one district leave
 * one answer, the last written, with its author and time. The representative is the user whose district
 * (`users.districtId`, set when a representation request is approved — profiles) takes part in the workspace.
 * The answer is then counted on the round (`rev` +1) only if the round is still open; an answer racing the close
 * is undone and refused.
 *
 * @throws `round_closed` (409), `unknown_paragraph` (400), `not_representative` / `district_not_participating`
 *   (403).
 */
export async function answer(
  round: EndorsementRoundDoc,
  user: Actor,
  payload: EndorsementAnswerPayload,
  now: Date = new Date(),
): Promise<Outcome<{ round: EndorsementRoundDto; answer: EndorsementAnswerDto }, EndorsementsEvent>> {
  if (round.state !== 'open') throw roundClosed();
  if (!round.paragraphs.some((p) => p.id === payload.paragraphId))
    throw new AppError('unknown_paragraph', 'This round has no such paragraph', { status: 400 });
  const { district, refusal } = await answeringDistrictOf(user.userId, round.workspaceId);
  if (!district) throw refusal ?? forbidden();
  const key = { roundId: round._id, paragraphId: payload.paragraphId, districtId: district._id };
  const vote = {
    workspaceId: round.workspaceId,
    districtName: district.name,
    country: district.country,
    regionGroup: regionGroupOfDoc(district),
    answer: payload.answer,
    wording: payload.answer === 'amend' ? (payload.wording ?? null) : null,
    reason: payload.answer === 'object' ? (payload.reason ?? null) : null,
    userId: user.userId,
    userName: user.name,
    at: now,
  };
  let before: EndorsementVoteDoc | null;
  let stored: EndorsementVoteDoc | null;
  for (let attempt = 0; ; attempt++) {
    try {
      before = await EndorsementVote.findOneAndUpdate(
        key,
        { $set: vote },
        { upsert: true, returnDocument: 'before' },
      )
        .lean<EndorsementVoteDoc>()
        .exec();
      stored = await EndorsementVote.findOne(key).lean<EndorsementVoteDoc>().exec();
      break;
    } catch (error) {
      // Two first answers of one district at once: one insert wins, the other retries as an update.
      if (!isDuplicateKey(error) || attempt >= 3) throw error;
    }
  }
  const counted = await EndorsementRound.findOneAndUpdate(
    { _id: round._id, state: 'open' },
    { $inc: { rev: 1 } },
    { returnDocument: 'after' },
  )
    .lean<EndorsementRoundDoc>()
    .exec();
  if (!counted) {
    // Closed meanwhile: undo this answer unless a later one replaced it.
    const mine = { ...key, at: now, userId: user.userId };
    if (before) {
      const { _id: _unused, ...previous } = before;
      void _unused;
      await EndorsementVote.updateOne(mine, { $set: previous }).exec();
    } else await EndorsementVote.deleteOne(mine).exec();
    throw roundClosed();
  }
  const dto = presentAnswer(stored ?? { ...key, ...vote, _id: new Types.ObjectId() });
  const view = await presentRound(counted);
  return { data: { round: view, answer: dto }, events: [changed('answered', view, dto)] };
}

/**
 * Closes an open round: one conditional update (open → closed; `openSlot` becomes the round id, freeing the draft
 * for a next round), then the results of record are aggregated and frozen on the round with `attachFromNumber` =
 * the draft's last release number + 1 — the results attach to the draft's next release. Audited
 * (`endorsement.close`).
 *
 * @throws `round_closed` (409) when already closed.
 */
export async function closeRound(
  round: EndorsementRoundDoc,
  actor: Actor,
  now: Date = new Date(),
): Promise<Outcome<EndorsementRoundDoc, EndorsementsEvent>> {
  if (round.state !== 'open') throw roundClosed();
  const draft = await Draft.findById(round.draftId, { lastPublicationNumber: 1 })
    .lean<Pick<DraftDoc, 'lastPublicationNumber'>>()
    .exec();
  const closed = await EndorsementRound.findOneAndUpdate(
    { _id: round._id, state: 'open' },
    {
      $set: {
        state: 'closed',
        closedAt: now,
        closedBy: actor.userId,
        openSlot: round._id.toHexString(),
        attachFromNumber: (draft?.lastPublicationNumber ?? 0) + 1,
      },
      $inc: { rev: 1 },
    },
    { returnDocument: 'after' },
  )
    .lean<EndorsementRoundDoc>()
    .exec();
  if (!closed) throw roundClosed();
  // No answer is counted after the state change: these are the results of record.
  const finalResults = await computeResults(closed);
  const frozen = await EndorsementRound.findOneAndUpdate(
    { _id: round._id },
    { $set: { finalResults } },
    { returnDocument: 'after' },
  )
    .lean<EndorsementRoundDoc>()
    .exec();
  if (!frozen) throw notFound('Endorsement round');
  await recordAudit(
    round.workspaceId,
    actor,
    'endorsement.close',
    { type: 'endorsementRound', id: round._id },
    {
      draftId: round.draftId.toHexString(),
      quorumReached: finalResults.quorum.reached,
      eu: `${finalResults.quorum.byRegion.EU.counted}/${finalResults.quorum.byRegion.EU.districts}`,
      lac: `${finalResults.quorum.byRegion.LAC.counted}/${finalResults.quorum.byRegion.LAC.districts}`,
    },
  );
  return { data: frozen, events: [changed('closed', await presentRound(frozen))] };
}

/**
 * Takes a district's amendment into the live draft: claims it (unique (round, paragraph, district): taken in
 * once), replaces the paragraph's text through the drafts port `replaceBlockText` (a normal edit by the moderator:
 * durable, relayed to editors, followed by a saved version "Amendment of <district> to ¶n …" in the draft's
 * history), then records the provenance (round, paragraph, district, proposer, who took it in, the version).
 * Allowed while the round is open or closed. Audited (`endorsement.amendment.apply`).
 *
 * @throws `not_found` (no such amendment: the district's answer to that paragraph is not `amend`), `conflict`
 *   (409, already taken in), `paragraph_gone` / `draft_locked` (409, from drafts).
 */
export async function applyAmendment(
  ctx: ServerContext,
  round: EndorsementRoundDoc,
  paragraphId: string,
  districtId: string,
  actor: Actor,
  now: Date = new Date(),
): Promise<Outcome<EndorsementRoundDto, EndorsementsEvent | DraftsEvent>> {
  const paragraph = round.paragraphs.find((p) => p.id === paragraphId);
  if (!paragraph)
    throw new AppError('unknown_paragraph', 'This round has no such paragraph', { status: 400 });
  const vote = Types.ObjectId.isValid(districtId)
    ? await EndorsementVote.findOne({
        roundId: round._id,
        paragraphId,
        districtId: new Types.ObjectId(districtId),
      })
        .lean<EndorsementVoteDoc>()
        .exec()
    : null;
  if (!vote || vote.answer !== 'amend' || !vote.wording) throw notFound('Amendment');
  const draft = await getDraftOrThrow(round.draftId.toHexString());
  const key = { roundId: round._id, paragraphId, districtId: vote.districtId };
  try {
    await EndorsementAmendment.create({
      ...key,
      workspaceId: round.workspaceId,
      districtName: vote.districtName,
      regionGroup: vote.regionGroup,
      state: 'applying',
      wording: vote.wording,
      proposerId: vote.userId,
      proposerName: vote.userName,
      appliedBy: actor.userId,
      appliedByName: actor.name,
      appliedAt: now,
      blockId: null,
      versionId: null,
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw conflict('This amendment was already taken into the draft');
    throw error;
  }
  let replaced;
  try {
    replaced = await replaceBlockText(
      ctx,
      draft,
      paragraphId,
      vote.wording,
      { userId: actor.userId.toHexString(), name: actor.name },
      `Amendment of ${vote.districtName} to ¶${paragraph.number} (endorsement round of ${round.versionName})`,
    );
  } catch (error) {
    await EndorsementAmendment.deleteOne({ ...key, state: 'applying' }).exec();
    throw error;
  }
  await EndorsementAmendment.updateOne(key, {
    $set: {
      state: 'applied',
      blockId: replaced.blockId,
      versionId: new Types.ObjectId(replaced.versionId),
    },
  }).exec();
  const counted = await EndorsementRound.findOneAndUpdate(
    { _id: round._id },
    { $inc: { rev: 1 } },
    { returnDocument: 'after' },
  )
    .lean<EndorsementRoundDoc>()
    .exec();
  if (!counted) throw notFound('Endorsement round');
  await recordAudit(
    round.workspaceId,
    actor,
    'endorsement.amendment.apply',
    { type: 'endorsementRound', id: round._id },
    {
      draftId: round.draftId.toHexString(),
      paragraphId,
      paragraph: paragraph.number,
      districtId: vote.districtId.toHexString(),
      proposerId: vote.userId ? vote.userId.toHexString() : null,
      versionId: replaced.versionId,
    },
  );
  const view = await presentRound(counted);
  return { data: view, events: [...replaced.events, changed('amended', view)] };
}

/**
 * After a release of a draft is published: attaches the draft's closed, unattached rounds whose results wait for
 * it (conditional update; a reader may have attached them already) and returns the facts to publish.
 */
export async function attachToRelease(
  draftId: string,
  number: number,
  publicationId: string,
): Promise<EndorsementsEvent[]> {
  if (!Types.ObjectId.isValid(draftId)) return [];
  const waiting = await EndorsementRound.find({
    draftId: new Types.ObjectId(draftId),
    state: 'closed',
    release: null,
    attachFromNumber: mongoose.trusted({ $lte: number }),
  })
    .lean<EndorsementRoundDoc[]>()
    .exec();
  const events: EndorsementsEvent[] = [];
  for (const r of waiting) {
    const attached = await EndorsementRound.findOneAndUpdate(
      { _id: r._id, release: null },
      { $set: { release: { number, id: new Types.ObjectId(publicationId) } } },
      { returnDocument: 'after' },
    )
      .lean<EndorsementRoundDoc>()
      .exec();
    if (attached) events.push(changed('attached', await presentRound(attached)));
  }
  return events;
}

// — reads —

/** The workspace's rounds, newest first. */
export function roundsOfWorkspace(workspaceId: Types.ObjectId): Promise<EndorsementRoundDoc[]> {
  return EndorsementRound.find({ workspaceId })
    .sort({ openedAt: -1 })
    .limit(200)
    .lean<EndorsementRoundDoc[]>()
    .exec();
}

/** The round's stored answers (one per district and paragraph), by paragraph then district name. */
export async function answersOf(
  round: Pick<EndorsementRoundDoc, '_id' | 'paragraphs'>,
): Promise<EndorsementAnswerDto[]> {
  const votes = await EndorsementVote.find({ roundId: round._id }).lean<EndorsementVoteDoc[]>().exec();
  const order = new Map(round.paragraphs.map((p) => [p.id, p.number]));
  return votes
    .sort(
      (a, b) =>
        (order.get(a.paragraphId) ?? 0) - (order.get(b.paragraphId) ?? 0) ||
        a.districtName.localeCompare(b.districtName),
    )
    .map(presentAnswer);
}

/**
 * Port for the publication bundle (issue 12.4) and `GET /api/workspaces/:id/endorsements/results`: every
 * endorsement round of the workspace in opening order (oldest first), each an {@link EndorsementRoundResultsDto}:
 * the round (draft and block ids, draft title, version id and name, state, open/close times), its frozen
 * paragraphs (`paragraphs[]`: id, number, kind, text), per-paragraph results overall and by region group
 * (`results[]`: agree/amend/object counts), the quorum per region group and its outcome (`quorum`), the amendments
 * taken into the draft with provenance (`amendments[]`), the release the results attach to (`release`, null until
 * published), and every district's answer (`answers[]`, with wording/reason and the answering representative).
 * Open rounds carry live results; closed ones the frozen results of record. Read-only.
 */
export async function listEndorsementResults(
  workspaceId: Types.ObjectId | string,
): Promise<EndorsementRoundResultsDto[]> {
  if (!Types.ObjectId.isValid(workspaceId)) return [];
  const rounds = await EndorsementRound.find({ workspaceId: new Types.ObjectId(workspaceId) })
    .sort({ openedAt: 1, _id: 1 })
    .lean<EndorsementRoundDoc[]>()
    .exec();
  const out: EndorsementRoundResultsDto[] = [];
  for (const round of rounds) out.push({ ...(await presentRound(round)), answers: await answersOf(round) });
  return out;
}

// — privacy ports —

/** A user's own endorsement answers (export my data), oldest first. */
export async function endorsementAnswersOfUser(
  userId: Types.ObjectId,
): Promise<Array<EndorsementAnswerDto & { roundId: string; workspaceId: string }>> {
  const votes = await EndorsementVote.find({ userId }).sort({ at: 1 }).lean<EndorsementVoteDoc[]>().exec();
  return votes.map((v) => ({
    ...presentAnswer(v),
    roundId: v.roundId.toHexString(),
    workspaceId: v.workspaceId.toHexString(),
  }));
}

/**
 * Account deletion (privacy): the user's answers stay the district's voice but no longer name them (`userId`
 * null, `userName` = `placeholderName`); likewise as proposer or applier of amendments and opener of rounds.
 * Idempotent.
 */
export async function anonymiseEndorser(userId: Types.ObjectId, placeholderName: string): Promise<void> {
  await EndorsementVote.updateMany({ userId }, { $set: { userId: null, userName: placeholderName } }).exec();
  await EndorsementAmendment.updateMany(
    { proposerId: userId },
    { $set: { proposerId: null, proposerName: placeholderName } },
  ).exec();
  await EndorsementAmendment.updateMany(
    { appliedBy: userId },
    { $set: { appliedBy: null, appliedByName: placeholderName } },
  ).exec();
  await EndorsementRound.updateMany(
    { openedBy: userId },
    { $set: { openedBy: null, openedByName: placeholderName } },
  ).exec();
  await EndorsementRound.updateMany({ closedBy: userId }, { $set: { closedBy: null } }).exec();
}
