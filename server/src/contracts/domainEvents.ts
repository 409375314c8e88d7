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
    for (const event of events) for (const listener of this.listeners) listener(event);
  }
}
