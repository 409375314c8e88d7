/**
 * A match was made or ended in the workspace (after it was stored): every member's network may have changed.
 * Published by the network feature when matching publishes `matching.interest` with `match: true`.
 */
export interface NetworkChanged {
  type: 'network.changed';
  workspaceId: string;
}

export type NetworkEvent = NetworkChanged;
