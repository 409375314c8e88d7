import type { DomainEventBase, EventBus } from '../contracts/domainEvents';
import type { Delivery, TypedServer } from '../contracts/feature';
import type { Logger } from '../lib/logger';

/** Presenters by event type, gathered from every feature. */
export type PresenterTable = ReadonlyMap<string, (event: never) => readonly Delivery[]>;

/** Carries out one delivery on the Socket.IO server. */
function deliver(io: TypedServer, delivery: Delivery): void {
  const to = typeof delivery.to === 'string' ? [delivery.to] : [...delivery.to];
  if (to.length === 0) return;
  if (delivery.emit) {
    // `local`: the feature relays across processes itself (drafts over Redis pub/sub), not via the adapter.
    let operator = delivery.local ? io.local.to(to) : io.to(to);
    if (delivery.except !== undefined)
      operator = operator.except(
        typeof delivery.except === 'string' ? delivery.except : [...delivery.except],
      );
    const [event, ...args] = delivery.emit;
    const target = delivery.volatile ? operator.volatile : operator;
    (target.emit as (event: string, ...args: unknown[]) => boolean)(event, ...args);
  }
  if (delivery.leave) io.in(to).socketsLeave(delivery.leave);
  if (delivery.disconnect) io.in(to).disconnectSockets(true);
}

/**
 * The one broadcaster: presents each domain event with the presenter its owning feature registered (one
 * delivery per audience, e.g. the members' redacted view and the moderators' full view of a hidden post) and
 * carries the deliveries out. Handlers, routes and hubs never emit; they publish events after the change is
 * durable. Returns the unsubscribe function.
 */
export function attachBroadcaster(
  io: TypedServer,
  bus: EventBus,
  presenters: PresenterTable,
  logger: Logger,
): () => void {
  return bus.subscribe((event: DomainEventBase) => {
    const present = presenters.get(event.type);
    if (!present) return; // an event no client needs to hear about (it may still have listeners)
    try {
      for (const delivery of present(event as never)) deliver(io, delivery);
    } catch (error) {
      logger.error({ err: error, event: event.type }, 'broadcast failed');
    }
  });
}
