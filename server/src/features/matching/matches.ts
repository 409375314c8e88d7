import type { Types } from 'mongoose';
import mongoose from 'mongoose';
import { Interest } from './matching.model';

/**
 * Port for features above matching (C2C meetings): whether districts `a` and `b` are matched in the workspace —
 * an active interest each way (issue 11 item 2). Two reads of the unique (workspace, from, to) records.
 */
export async function isMatch(
  workspaceId: Types.ObjectId,
  a: Types.ObjectId,
  b: Types.ObjectId,
): Promise<boolean> {
  if (a.equals(b)) return false;
  const n = await Interest.countDocuments({
    workspaceId,
    state: 'active',
    $or: [
      { fromDistrictId: a, toDistrictId: b },
      { fromDistrictId: b, toDistrictId: a },
    ],
  }).exec();
  return n === 2;
}

/**
 * Port: the matched partners of each of `districtIds` in the workspace (district id hex → partner ids hex),
 * i.e. the districts with an active interest in both directions.
 */
export async function matchedPartnersOf(
  workspaceId: Types.ObjectId,
  districtIds: readonly Types.ObjectId[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(districtIds.map((d) => [d.toHexString(), []]));
  if (districtIds.length === 0) return out;
  const ids = [...districtIds];
  const [outgoing, incoming] = await Promise.all([
    Interest.find(
      { workspaceId, state: 'active', fromDistrictId: mongoose.trusted({ $in: ids }) },
      { fromDistrictId: 1, toDistrictId: 1 },
    )
      .lean<Array<{ fromDistrictId: Types.ObjectId; toDistrictId: Types.ObjectId }>>()
      .exec(),
    Interest.find(
      { workspaceId, state: 'active', toDistrictId: mongoose.trusted({ $in: ids }) },
      { fromDistrictId: 1, toDistrictId: 1 },
    )
      .lean<Array<{ fromDistrictId: Types.ObjectId; toDistrictId: Types.ObjectId }>>()
      .exec(),
  ]);
  const back = new Set(
    incoming.map((i) => `${i.toDistrictId.toHexString()}|${i.fromDistrictId.toHexString()}`),
  );
  for (const i of outgoing) {
    const key = `${i.fromDistrictId.toHexString()}|${i.toDistrictId.toHexString()}`;
    if (back.has(key)) out.get(i.fromDistrictId.toHexString())?.push(i.toDistrictId.toHexString());
  }
  for (const list of out.values()) list.sort();
  return out;
}

/**
 * Port: every matched pair of districts in the workspace (an active interest each way), each pair once as
 * `[a, b]` hex ids with `a < b`, sorted. For the organisers' central scheduling of C2C meetings (issue 11 item 3).
 * One read of the workspace's active interests.
 */
export async function matchedPairsIn(workspaceId: Types.ObjectId): Promise<Array<[string, string]>> {
  const active = await Interest.find({ workspaceId, state: 'active' }, { fromDistrictId: 1, toDistrictId: 1 })
    .lean<Array<{ fromDistrictId: Types.ObjectId; toDistrictId: Types.ObjectId }>>()
    .exec();
  const directed = new Set(
    active.map((i) => `${i.fromDistrictId.toHexString()}|${i.toDistrictId.toHexString()}`),
  );
  const pairs: Array<[string, string]> = [];
  for (const key of directed) {
    const [from, to] = key.split('|') as [string, string];
    if (from < to && directed.has(`${to}|${from}`)) pairs.push([from, to]);
  }
  return pairs.sort((x, y) => (x[0] === y[0] ? x[1].localeCompare(y[1]) : x[0].localeCompare(y[0])));
}
