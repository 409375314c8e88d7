/** Messages between the fan-out orchestrator and its load-generator process (JSON lines on stdio). */

/** One command a client sends after connecting (e.g. join a workspace, subscribe to a question). */
export interface JoinStep {
  event: string;
  payload: unknown;
}

export interface LoadGeneratorJob {
  /** Base URL of the server, http://127.0.0.1:PORT */
  url: string;
  /** Several processes: client i connects to `urls[i % urls.length]` (its Origin is that URL). */
  urls?: string[];
  /** Cookie headers, assigned to clients round-robin (one empty string for the bare server). */
  cookies: string[];
  origin: string;
  clients: number;
  /** Steps every client runs (acked) before the measurement. */
  joinSteps: JoinStep[];
  /** Event the senders emit and the fact every client receives. */
  sendEvent: string;
  receiveEvent: string;
  /** Builds the send payload: `__BODY__` in the template is replaced by the marked body, `__CLIENT_ID__` by a unique id. */
  payloadTemplate: string;
  /** Body text of each post (a marker `bench-msg-<k>.` is prepended). */
  bodyText: string;
  posts: number;
  warmupPosts: number;
  inFlight: number;
  /** How many distinct clients take turns sending (stays under per-socket rate limits). */
  senders: number;
}

export interface LoadGeneratorResult {
  clients: number;
  posts: number;
  /** Post sent → delivered to every client, per measured post (ms). */
  deliveredToAllMs: number[];
  deliveries: number;
  /**
   * Several processes: post sent → delivered to every client connected to a process other than the sender's
   * (the cross-process path through Redis), per measured post (ms).
   */
  crossDeliveredMs: number[];
  elapsedMs: number;
  errors: string[];
}
