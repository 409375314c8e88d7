import type { CommandLimits } from './feature';

/**
 * Commands a socket may have in progress at once (each reads or writes the database; writes are then broadcast to
 * every subscriber); one more is refused. A client that waits for its acks — people, the app's own reconnect
 * sequence, retries, scripted clients — never gets near it; a socket that fires commands without waiting gets a
 * handful run before it is disconnected, instead of its whole event burst (200 posts stored and fanned out to
 * everyone, or 200 full catch-up reads), which stalled every other client for seconds
 * (tests/server/reliability/flood.test.ts).
 */
export const SOCKET_COMMANDS_IN_FLIGHT = 8;

/**
 * The limits of the forum's commands (workspaces, presence, questions, live sessions, posts): one bucket of
 * bursts of 200, 100 events/s sustained — far above any person (and above the fan-out benchmark's senders), far
 * below a flood (row 4 of the reliability matrix: 1,000 events/s); at most {@link SOCKET_COMMANDS_IN_FLIGHT} in
 * progress; refused events tolerated (burst 50, 5/s) before the socket is disconnected as a flooder.
 */
export const FORUM_COMMAND_LIMITS: CommandLimits = {
  bucket: { name: 'forum', burst: 200, perSecond: 100 },
  inFlight: SOCKET_COMMANDS_IN_FLIGHT,
  refusals: { burst: 50, perSecond: 5 },
};
