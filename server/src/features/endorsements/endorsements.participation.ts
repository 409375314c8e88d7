import mongoose, { type Types } from 'mongoose';
import type { RegionGroup } from '@polos/shared';
import { EndorsementRound, EndorsementVote } from './endorsement.model';

/**
 * One row of {@link endorsementParticipation}: the answers (one per paragraph, agree / amend / object alike) a
 * district gave through one representative in the rounds of one block.
 */
export interface EndorsementParticipationRow {
  /** The block of the round's draft (hex), or null for a draft outside any block. */
  blockId: string | null;
  /** The representative who gave the district's current answers (hex); null once the account is deleted. */
  userId: string | null;
  /** The answering district (hex), its name, ISO 3166-1 alpha-2 country and region group, as stored with each answer. */
  districtId: string;
  districtName: string;
  country: string;
  regionGroup: RegionGroup;
  /** Stored answers (one voice per district and paragraph: a later answer replaced an earlier one). */
  answers: number;
}

/**
 * Read port for the balance dashboard (issue 12.3): endorsement answers of a workspace's rounds (open and closed),
 * grouped by (block, representative, district) — counts only; answers, wordings and reasons are not read.
 * `blockId` narrows to the rounds on that block's draft. Two reads: the workspace's rounds by the
 * `(workspaceId, openedAt)` index, then one `$match` on `roundId` (served by the unique
 * `(roundId, paragraphId, districtId)` index) and one `$group` over stored fields (compiled by the embedded engine).
 */
export async function endorsementParticipation(
  workspaceId: Types.ObjectId,
  blockId?: Types.ObjectId | null,
): Promise<EndorsementParticipationRow[]> {
  const rounds = await EndorsementRound.find(
    { workspaceId, ...(blockId ? { blockId } : {}) },
    { blockId: 1 },
  ).lean<Array<{ _id: Types.ObjectId; blockId: Types.ObjectId | null }>>();
  if (rounds.length === 0) return [];
  const blockOfRound = new Map(rounds.map((r) => [r._id.toHexString(), r.blockId?.toHexString() ?? null]));
  const groups = await EndorsementVote.aggregate<{
    _id: {
      r: Types.ObjectId;
      u: Types.ObjectId | null;
      d: Types.ObjectId;
      dn: string;
      c: string;
      g: RegionGroup;
    };
    n: number;
  }>([
    { $match: { roundId: mongoose.trusted({ $in: rounds.map((r) => r._id) }) } },
    {
      $group: {
        _id: {
          r: '$roundId',
          u: '$userId',
          d: '$districtId',
          dn: '$districtName',
          c: '$country',
          g: '$regionGroup',
        },
        n: { $sum: 1 },
      },
    },
  ]);
  // Rounds of one block fold into one row per (block, representative, district).
  const rows = new Map<string, EndorsementParticipationRow>();
  for (const g of groups) {
    const blockHex = blockOfRound.get(g._id.r.toHexString()) ?? null;
    const userId = g._id.u?.toHexString() ?? null;
    const districtId = g._id.d.toHexString();
    const key = `${blockHex ?? ''}|${userId ?? ''}|${districtId}`;
    const row = rows.get(key);
    if (row) row.answers += g.n;
    else
      rows.set(key, {
        blockId: blockHex,
        userId,
        districtId,
        districtName: g._id.dn,
        country: g._id.c,
        regionGroup: g._id.g,
        answers: g.n,
      });
  }
  return [...rows.values()];
}
