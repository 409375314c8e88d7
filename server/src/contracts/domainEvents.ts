/**
 * Domain events: facts a feature publishes after a change is durable (or, for volatile state such as presence
 * and typing, after it changed). Each feature declares its own event types in its `events.ts`; the app's union
 * (`DomainEvent` in `features/index.ts`) is assembled from the feature list, and the broadcaster presents each
 * event with the presenter its owning feature registered.
 */
export interface DomainEventBase {
  /** `<noun>.<verb>` in the past tense, unique across features (e.g. `post.changed`). */
  readonly type: string;
}

/**
 * What a service's write returns: the stored result, and the domain events to publish once it is durable (the
 * command handler or route publishes them; the service emits nothing itself).
 */
export interface Outcome<T, E extends DomainEventBase = DomainEventBase> {
  data: T;
  events: E[];
}

export type DomainEventListener<E extends DomainEventBase = DomainEventBase> = (event: E) => void;

/** In-process publish/subscribe of domain events (routes, socket commands and hubs publish; the broadcaster listens). */
export class EventBus {
  private readonly listeners = new Set<DomainEventListener>();
  private readonly ackListeners = new Set<(event: DomainEventBase) => Promise<void> | undefined>();
  /** Events whose before-ack listeners already ran ({@link beforeAck}); `publish` does not run them again. */
  private readonly acked = new WeakSet<DomainEventBase>();

  /**
   * Calls `listener` with the events of one type once the change is durable and BEFORE the command that made it is
   * acknowledged: the command pipeline awaits it ({@link beforeAck}). For projections that must be readable by any
   * process as soon as the sender has the ack (issue 14: the search entry of a post, so a search answered by another
   * process finds it at once). Events published without `beforeAck` (routes, hubs) run it from `publish`, not
   * awaited. The listener must not throw (it logs its own failure); a rejection is swallowed.
   */
  onBeforeAck<E extends DomainEventBase>(
    type: E['type'],
    listener: (event: E) => Promise<void> | undefined,
  ): void {
    this.ackListeners.add((event) => (event.type === type ? listener(event as E) : undefined));
  }

  /** Runs the before-ack listeners of `events` and resolves when all have finished (never rejects). */
  async beforeAck(events: readonly DomainEventBase[]): Promise<void> {
    if (this.ackListeners.size === 0 || events.length === 0) return;
    const work: Promise<void>[] = [];
    for (const event of events) {
      this.acked.add(event);
      for (const listener of this.ackListeners) {
        const running = listener(event);
        if (running) work.push(running);
      }
    }
    await Promise.allSettled(work);
  }

  /** Calls `listener` with every published event; returns the unsubscribe function. */
  subscribe(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` with the events of one type only — how a feature reacts to another feature's event
   * without importing that feature (e.g. drafts recompute access on `member.changed`).
   */
  on<E extends DomainEventBase>(type: E['type'], listener: DomainEventListener<E>): () => void {
    return this.subscribe((event) => {
      if (event.type === type) listener(event as E);
    });
  }

  /** Delivers synchronously, in order, to every listener. */
  publish<E extends DomainEventBase>(...events: readonly E[]): void {
    for (const event of events) {
      if (this.ackListeners.size > 0 && !this.acked.has(event))
        for (const listener of this.ackListeners) void listener(event)?.catch(() => undefined);
      for (const listener of this.listeners) listener(event);
    }
  }
}
