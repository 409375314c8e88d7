/**
 * A socket stand-in for hook tests (`useThread`, `usePolls`, the outbox): handlers by event name, a `connected`
 * flag, every command recorded, and scripted command answers. The tests replace the client's socket module with it:
 *
 *   jest.mock('../../client/src/realtime/socket', () =>
 *     jest.requireActual<{ fakeSocketModule: unknown }>('./helpers/fakeSocket').fakeSocketModule,
 *   );
 *   import { fake } from './helpers/fakeSocket';
 *
 * (the factory reads the helper through Jest's registry, so the test's `fake` is the socket the hooks get).
 */
export class FakeSocket {
  connected = false;
  handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  io = { on: () => undefined, off: () => undefined };
  /** Every command sent, in order (through `command` or the outbox's `timeout().emit`). */
  readonly commands: Array<{ event: string; payload: unknown }> = [];
  /** The scripted server: the ack of a command (default `{ ok: true, data: null }`). */
  answer: (event: string, payload: unknown) => unknown = answerNull;

  on(event: string, handler: (...args: unknown[]) => void) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(handler);
    return this;
  }
  off(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.get(event)?.delete(handler);
    return this;
  }
  /** Posts go through the outbox, which emits on the socket itself; answered like `command`. */
  timeout() {
    return {
      emit: (event: string, payload: unknown, ack: (err: Error | null, response: unknown) => void) => {
        this.commands.push({ event, payload });
        void Promise.resolve().then(() => ack(null, this.answer(event, payload)));
      },
    };
  }
  /** The module's `command`: recorded, answered by `answer`. */
  command(event: string, payload: unknown): Promise<unknown> {
    this.commands.push({ event, payload });
    return Promise.resolve(this.answer(event, payload));
  }
  /** A server fact (or `connect` / `disconnect`) reaching every handler of `event`. */
  fire(event: string, ...args: unknown[]) {
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(...args);
  }
  /** Before each test: disconnected, no handlers, no commands, the default answer. */
  reset() {
    this.commands.length = 0;
    this.connected = false;
    this.handlers.clear();
    this.answer = answerNull;
  }
}

function answerNull(): unknown {
  return { ok: true, data: null };
}

/** The one fake socket of a test file. */
export const fake = new FakeSocket();

/** `client/src/realtime/socket` as the hooks use it, backed by {@link fake}. */
export const fakeSocketModule = {
  getSocket: () => fake,
  emitVolatile: () => undefined,
  command: (event: string, payload: unknown) => fake.command(event, payload),
};
