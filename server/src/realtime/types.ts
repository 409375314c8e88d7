/** The realtime server's types (the feature contract defines them; re-exported for the realtime module). */
export type { SocketUser, TypedServer, TypedSocket } from '../contracts/feature';
