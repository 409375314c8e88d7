/** Error body used by HTTP responses (`{ error: ErrorBody }`) and socket acks. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** Every client→server socket command is acknowledged with exactly one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Callback signature the client passes as last argument of a command. */
export type AckCallback<T> = (ack: Ack<T>) => void;
