import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import {
  AGENDA_MAX_SESSION_HOURS,
  DEFAULT_REFERENCE_ZONES,
  type AgendaSessionBody,
  type AgendaSessionPatch,
} from '@polos/shared';
import { conflict, invalid, notFound } from '../../lib/errors';
import { Block } from '../blocks/block.model';
import { AgendaSession, AgendaSettings, type AgendaSessionDoc, type AgendaSettingsDoc } from './agenda.model';

/** A fresh feed token: 32 random bytes, base64url (256 bits; unguessable, URL-safe). */
const newFeedToken = (): string => randomBytes(32).toString('base64url');

/**
 * The workspace's agenda settings, created on first use (atomic upsert: default reference clocks and a fresh
 * feed token; concurrent first uses get the same document).
 */
export async function settingsOf(workspaceId: Types.ObjectId): Promise<AgendaSettingsDoc> {
  const doc = await AgendaSettings.findOneAndUpdate(
    { _id: workspaceId },
    { $setOnInsert: { referenceZones: [...DEFAULT_REFERENCE_ZONES], feedToken: newFeedToken() } },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  if (!doc) throw notFound('Agenda');
  return doc;
}

/**
 * Sets the two reference clocks (IANA zones, validated by the caller's schema) in one atomic upsert, and returns
 * the zones as they were just before this write (`previous`, the defaults when the settings did not exist yet)
 * with the zones now stored (`referenceZones`). Reading `previous` from the same atomic write (not a separate
 * read) lets the caller tell exactly whether this call changed anything, even under concurrent saves.
 */
export async function setReferenceZones(
  workspaceId: Types.ObjectId,
  referenceZones: [string, string],
): Promise<{ previous: string[]; referenceZones: string[] }> {
  const before = await AgendaSettings.findOneAndUpdate(
    { _id: workspaceId },
    { $set: { referenceZones }, $setOnInsert: { feedToken: newFeedToken() } },
    { upsert: true, returnDocument: 'before' },
  ).lean();
  return { previous: before?.referenceZones ?? [...DEFAULT_REFERENCE_ZONES], referenceZones };
}

/** Replaces the feed token: every subscription made with the old one stops working (revocation). */
export async function rotateFeedToken(workspaceId: Types.ObjectId): Promise<AgendaSettingsDoc> {
  const doc = await AgendaSettings.findOneAndUpdate(
    { _id: workspaceId },
    {
      $set: { feedToken: newFeedToken() },
      $setOnInsert: { referenceZones: [...DEFAULT_REFERENCE_ZONES] },
    },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  if (!doc) throw notFound('Agenda');
  return doc;
}

/** The workspace a feed token opens, or null (unknown or revoked token). */
export async function workspaceOfFeedToken(token: string): Promise<Types.ObjectId | null> {
  // Tokens are base64url of 32 bytes; anything else cannot match (and is never sent to the database).
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const doc = await AgendaSettings.findOne({ feedToken: token }, { _id: 1 }).lean();
  return doc?._id ?? null;
}

/** The workspace's sessions in start order. */
export function listSessions(workspaceId: Types.ObjectId): Promise<AgendaSessionDoc[]> {
  return AgendaSession.find({ workspaceId }).sort({ start: 1, _id: 1 }).lean().exec();
}

/** One session; 404 `not_found` when there is none. */
export async function getSession(sessionId: string): Promise<AgendaSessionDoc> {
  const doc = await AgendaSession.findById(sessionId).lean();
  if (!doc) throw notFound('Session');
  return doc;
}

async function checkBlock(workspaceId: Types.ObjectId, blockId: string | null | undefined): Promise<void> {
  if (!blockId) return;
  const found = await Block.exists({ _id: new Types.ObjectId(blockId), workspaceId });
  if (!found) throw invalid('blockId: no such block in this workspace');
}

const isDuplicateKey = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 11000;

/**
 * Schedules a session (the body is parsed by `agendaSessionBodySchema`: span and zone already checked).
 * Idempotent with `body.requestId`: the same key from the same user in the same workspace yields one session —
 * a repeat finds the stored one, and of two concurrent requests the one whose insert loses on the unique index
 * (E11000) reads the winner's. `created` is false when the session already existed (nothing was written).
 */
export async function createSession(
  workspaceId: Types.ObjectId,
  body: AgendaSessionBody,
  createdBy: Types.ObjectId,
): Promise<{ doc: AgendaSessionDoc; created: boolean }> {
  const { requestId } = body;
  const stored = () =>
    requestId === undefined
      ? Promise.resolve(null)
      : AgendaSession.findOne({ workspaceId, createdBy, requestId }).lean<AgendaSessionDoc>();
  const existing = await stored();
  if (existing) return { doc: existing, created: false };
  await checkBlock(workspaceId, body.blockId);
  try {
    const doc = await AgendaSession.create({
      workspaceId,
      title: body.title,
      start: new Date(body.start),
      end: new Date(body.end),
      timeZone: body.timeZone,
      blockId: body.blockId ? new Types.ObjectId(body.blockId) : null,
      createdBy,
      ...(requestId === undefined ? {} : { requestId }),
    });
    return { doc: doc.toObject(), created: true };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const winner = await stored();
    if (!winner) throw error;
    return { doc: winner, created: false };
  }
}

/**
 * Changes a session: the new span (stored values for the fields not sent) is checked, then written with a
 * condition on the `sequence` read, so two concurrent edits cannot both pass a check made on stale values
 * (409 `conflict` for the loser).
 */
export async function updateSession(
  current: AgendaSessionDoc,
  patch: AgendaSessionPatch,
): Promise<AgendaSessionDoc> {
  const start = patch.start ? new Date(patch.start) : current.start;
  const end = patch.end ? new Date(patch.end) : current.end;
  const span = end.getTime() - start.getTime();
  if (span <= 0 || span > AGENDA_MAX_SESSION_HOURS * 3_600_000) {
    throw invalid(`end must be after start, at most ${AGENDA_MAX_SESSION_HOURS} hours later`);
  }
  if (patch.blockId !== undefined) await checkBlock(current.workspaceId, patch.blockId);
  const set: Record<string, unknown> = { start, end };
  if (patch.title) set.title = patch.title;
  if (patch.timeZone) set.timeZone = patch.timeZone;
  if (patch.blockId !== undefined) set.blockId = patch.blockId ? new Types.ObjectId(patch.blockId) : null;
  const doc = await AgendaSession.findOneAndUpdate(
    { _id: current._id, sequence: current.sequence },
    { $set: set, $inc: { sequence: 1 } },
    { returnDocument: 'after' },
  ).lean();
  if (!doc) throw conflict('The session was changed meanwhile; reload and try again');
  return doc;
}

/** Removes a session; true when this call removed it (false: already gone). */
export async function deleteSession(sessionId: Types.ObjectId): Promise<boolean> {
  // Whether this call removed it: of two concurrent deletes only one audits and announces.
  const { deletedCount } = await AgendaSession.deleteOne({ _id: sessionId });
  return deletedCount === 1;
}
