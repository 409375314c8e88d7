/**
 * The bi-regional network (issue 11.4): districts of a workspace and their relations collapsed per pair to the
 * strongest status, with counts EU–LAC versus within a region group. Reads districts (the `districts` feature's
 * collection, read only), active interests (`matching` port) and meeting edges (`meetings` port
 * `listMeetingEdges`) — three queries whatever the size, no query per district or pair.
 */
import type { Types } from 'mongoose';
import {
  NETWORK_STATUSES,
  networkStatusRank,
  regionGroupOf,
  type DistrictKind,
  type NetworkDto,
  type NetworkEdgeDto,
  type NetworkNodeDto,
  type NetworkPairing,
  type NetworkPairingCounts,
  type NetworkQuery,
  type NetworkStatus,
  type RegionGroup,
} from '@polos/shared';
import { District } from '../districts/district.model';
import type { MeetingEdge } from '../meetings';
import { activeInterestPairs, type ActiveInterestPair } from '../matching/matching.ports';

/** One C2C meeting between two districts, as the meetings feature's `listMeetingEdges` port returns it. */
export type { MeetingEdge };

/** What the viewer may see (see {@link NetworkDto.interests}). */
export interface NetworkViewer {
  interests: NetworkDto['interests'];
  /** Districts the viewer represents (hex ids). */
  myDistrictIds: ReadonlySet<string>;
}

interface NodeDoc {
  _id: Types.ObjectId;
  name: string;
  country: string;
  regionGroup?: RegionGroup;
  kind: DistrictKind;
  sectors?: string[];
  representativeIds?: Types.ObjectId[];
}

/** The pairing of two region groups. */
export function pairingOf(x: RegionGroup, y: RegionGroup): NetworkPairing {
  if (x === 'other' || y === 'other') return 'other';
  if (x !== y) return 'EU-LAC';
  return x === 'EU' ? 'EU-EU' : 'LAC-LAC';
}

const emptyCounts = (): NetworkPairingCounts => ({
  euLac: 0,
  euEu: 0,
  lacLac: 0,
  within: 0,
  other: 0,
  total: 0,
});

function addTo(c: NetworkPairingCounts, p: NetworkPairing): void {
  if (p === 'EU-LAC') c.euLac += 1;
  else if (p === 'EU-EU') c.euEu += 1;
  else if (p === 'LAC-LAC') c.lacLac += 1;
  else c.other += 1;
  if (p === 'EU-EU' || p === 'LAC-LAC') c.within += 1;
  c.total += 1;
}

const zeroStatusCounts = (): Record<NetworkStatus, number> =>
  Object.fromEntries(NETWORK_STATUSES.map((s) => [s, 0])) as Record<NetworkStatus, number>;

/**
 * Builds the network (pure): collapses interests and meetings per unordered pair to the strongest status
 * (`NETWORK_STATUSES` order) keeping per-status counts, drops what the viewer may not see (one-sided interests
 * per `viewer.interests`; a pair stays visible through its meetings or a match), applies the filters — `sector`:
 * edges with at least one end in that NACE division, nodes in it plus their partners; `status`: edges whose
 * strongest status is listed — and counts the remaining edges by pairing. Edges to districts not in `nodes`
 * (left the workspace) are ignored. Nodes sorted by name then id, edges by `a`, `b`.
 */
export function buildNetwork(
  workspaceId: string,
  nodes: readonly NetworkNodeDto[],
  interests: ReadonlyArray<{ from: string; to: string }>,
  meetings: readonly MeetingEdge[],
  viewer: NetworkViewer,
  query: NetworkQuery,
): NetworkDto {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const pairs = new Map<string, { a: string; b: string; counts: Record<NetworkStatus, number> }>();
  const pairOf = (x: string, y: string) => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const key = `${a}|${b}`;
    let p = pairs.get(key);
    if (!p) {
      p = { a, b, counts: zeroStatusCounts() };
      pairs.set(key, p);
    }
    return p;
  };
  for (const i of interests) {
    if (i.from === i.to || !byId.has(i.from) || !byId.has(i.to)) continue;
    pairOf(i.from, i.to).counts.interest += 1;
  }
  for (const m of meetings) {
    if (m.a === m.b || !byId.has(m.a) || !byId.has(m.b)) continue;
    pairOf(m.a, m.b).counts[m.status] += 1;
  }
  const wanted = query.status ? new Set(query.status) : null;
  const inSector = (id: string) => !query.sector || (byId.get(id)?.sectors ?? []).includes(query.sector);
  const edges: NetworkEdgeDto[] = [];
  for (const p of pairs.values()) {
    if (p.counts.interest >= 2) p.counts.match = 1;
    let status: NetworkStatus | null = null;
    for (const s of NETWORK_STATUSES) {
      if (s === 'interest') continue;
      if (p.counts[s] > 0 && (status === null || networkStatusRank(s) > networkStatusRank(status)))
        status = s;
    }
    if (status === null) {
      // One-sided interest only: private to its two sides and the moderators (as in matching).
      const own = viewer.myDistrictIds.has(p.a) || viewer.myDistrictIds.has(p.b);
      if (viewer.interests === 'none' || (viewer.interests === 'own' && !own)) continue;
      status = 'interest';
    } else if (viewer.interests !== 'all' && p.counts.match === 0) {
      // Shown through a meeting; how many sides are interested is not told to others.
      const own = viewer.myDistrictIds.has(p.a) || viewer.myDistrictIds.has(p.b);
      if (viewer.interests === 'none' || !own) p.counts.interest = 0;
    }
    if (wanted && !wanted.has(status)) continue;
    if (!inSector(p.a) && !inSector(p.b)) continue;
    edges.push({
      a: p.a,
      b: p.b,
      status,
      pairing: pairingOf(byId.get(p.a)!.regionGroup, byId.get(p.b)!.regionGroup),
      counts: p.counts,
    });
  }
  edges.sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  const total = emptyCounts();
  const byStatus = Object.fromEntries(NETWORK_STATUSES.map((s) => [s, emptyCounts()])) as Record<
    NetworkStatus,
    NetworkPairingCounts
  >;
  const linked = new Set<string>();
  for (const e of edges) {
    addTo(total, e.pairing);
    addTo(byStatus[e.status], e.pairing);
    linked.add(e.a);
    linked.add(e.b);
  }
  const shown = query.sector ? nodes.filter((n) => inSector(n.id) || linked.has(n.id)) : [...nodes];
  shown.sort((x, y) => x.name.localeCompare(y.name, 'en') || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return {
    workspaceId,
    interests: viewer.interests,
    myDistrictIds: [...viewer.myDistrictIds].sort(),
    nodes: shown,
    edges,
    counts: { ...total, byStatus },
  };
}

/** The workspace's districts as nodes, and which of them `userId` represents (one query). */
export async function networkNodes(
  workspaceId: Types.ObjectId,
  userId: Types.ObjectId,
): Promise<{ nodes: NetworkNodeDto[]; represented: Set<string> }> {
  const docs = await District.find(
    { workspaceIds: workspaceId },
    { name: 1, country: 1, regionGroup: 1, kind: 1, sectors: 1, representativeIds: 1 },
  )
    .lean<NodeDoc[]>()
    .exec();
  const represented = new Set<string>();
  const nodes = docs.map((d) => {
    const id = d._id.toHexString();
    if ((d.representativeIds ?? []).some((r) => r.equals(userId))) represented.add(id);
    return {
      id,
      name: d.name,
      country: d.country,
      regionGroup: d.regionGroup ?? regionGroupOf(d.country),
      kind: d.kind,
      sectors: (d.sectors ?? []).filter((s) => /^\d{2}$/.test(s)),
    };
  });
  return { nodes, represented };
}

/** Active interests as hex-id pairs (one query through the matching port). */
export async function networkInterests(
  workspaceId: Types.ObjectId,
): Promise<Array<{ from: string; to: string }>> {
  const rows: ActiveInterestPair[] = await activeInterestPairs(workspaceId);
  return rows.map((r) => ({ from: r.fromDistrictId.toHexString(), to: r.toDistrictId.toHexString() }));
}
