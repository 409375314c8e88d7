import type { AppDeps } from './deps';
import { EventBus } from './contracts/domainEvents';

/** What feature routes and socket handlers are built from: the app's deps plus the in-process event bus. */
export interface ServerContext extends AppDeps {
  readonly bus: EventBus;
}

export function createContext(deps: AppDeps, bus: EventBus = new EventBus()): ServerContext {
  return { ...deps, bus };
}
