/**
 * The bi-regional network view (issue 11.4): districts of a workspace as nodes, their relations — interests,
 * matches, C2C meetings and agreements — as edges, and the counts of edges between the EU and Latin America &
 * the Caribbean versus within one region group. `GET /api/workspaces/:workspaceId/network` (docs/API.md,
 * "Network"). Ids are 24-hex strings.
 */
import { z } from 'zod/mini';
import type { DistrictKind, RegionGroup } from '../domain';

/**
 * The status of a pair of districts, weakest first: `interest` (one side's active interest), `match` (both
 * sides'), then the C2C meeting states `requested`, `scheduled`, `held`, and `agreement` (a held meeting whose
 * outcome is an agreement). A pair is shown with its strongest status.
 */
export const NETWORK_STATUSES = ['interest', 'match', 'requested', 'scheduled', 'held', 'agreement'] as const;
export type NetworkStatus = (typeof NETWORK_STATUSES)[number];

/** Rank of a status (higher = stronger), for collapsing a pair to its strongest status. */
export const networkStatusRank = (s: NetworkStatus): number => NETWORK_STATUSES.indexOf(s);

/**
 * `GET …/network` query. `sector`: a NACE Rev. 2 division (2 digits) — edges with at least one end working in
 * it, and those districts. `status`: comma-separated statuses — edges whose strongest status is one of them.
 */
export const networkQuerySchema = z.strictObject({
  sector: z.optional(z.string().check(z.regex(/^\d{2}$/, 'must be a NACE division code'))),
  status: z.optional(
    z.pipe(
      z
        .string()
        .check(
          z.regex(
            new RegExp(`^(${NETWORK_STATUSES.join('|')})(,(${NETWORK_STATUSES.join('|')}))*$`),
            `must be a comma-separated list of ${NETWORK_STATUSES.join(', ')}`,
          ),
        ),
      z.transform((s: string) => [...new Set(s.split(','))] as NetworkStatus[]),
    ),
  ),
});
export type NetworkQuery = z.infer<typeof networkQuerySchema>;

/** A district as a node of the network. */
export interface NetworkNodeDto {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  regionGroup: RegionGroup;
  kind: DistrictKind;
  /** NACE Rev. 2 divisions. */
  sectors: string[];
}

/** How the region groups of an edge's two ends relate. */
export type NetworkPairing = 'EU-LAC' | 'EU-EU' | 'LAC-LAC' | 'other';

/** Counts of edges by pairing. `within` = `EU-EU` + `LAC-LAC`. */
export interface NetworkPairingCounts {
  euLac: number;
  euEu: number;
  lacLac: number;
  within: number;
  /** An end outside both groups. */
  other: number;
  total: number;
}

/** One pair of districts with its strongest status. `a` < `b` (ids compared as strings). */
export interface NetworkEdgeDto {
  a: string;
  b: string;
  status: NetworkStatus;
  pairing: NetworkPairing;
  /**
   * What the pair holds: `interest` active interests (0–2, by either side), `match` 1 when both are active,
   * `requested`/`scheduled`/`held` meetings in that state and `agreement` meetings ending in one.
   */
  counts: Record<NetworkStatus, number>;
}

/** `GET …/network`. */
export interface NetworkDto {
  workspaceId: string;
  /**
   * `all`: the viewer sees every edge (moderators, admins). `own`: one-sided interests only where one of the
   * viewer's districts is an end (representatives); `none`: no one-sided interests (observers, members without a
   * district). Matches, meetings and agreements are shown to every member.
   */
  interests: 'all' | 'own' | 'none';
  /** The districts the viewer represents (highlighted in the view). */
  myDistrictIds: string[];
  /** Every district of the workspace, or with `sector` those in it and their partners in `edges`. */
  nodes: NetworkNodeDto[];
  edges: NetworkEdgeDto[];
  /** Of `edges`, by pairing, in total and per status. */
  counts: NetworkPairingCounts & { byStatus: Record<NetworkStatus, NetworkPairingCounts> };
}

/**
 * `network:changed` fact (to the workspace room, no details): a match was made or ended, so every member's
 * network may have changed — clients refetch. One-sided interests reach only their two sides and the
 * moderators, as `matching:interest`; meetings as `meeting:updated`.
 */
export interface NetworkChangedFactDto {
  workspaceId: string;
}

export interface NetworkServerToClientEvents {
  'network:changed': (fact: NetworkChangedFactDto) => void;
}
