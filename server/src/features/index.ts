import type { AnyFeature, EventsOf } from '../contracts/feature';
import { agenda } from './agenda';
import { audit } from './audit';
import { auth } from './auth';
import { balance } from './balance';
import { blocks } from './blocks';
import { districts } from './districts';
import { drafts } from './drafts';
import { endorsements } from './endorsements';
import { health } from './health';
import { invites } from './invites';
import { liveSessions } from './liveSessions';
import { matching } from './matching';
import { meetings } from './meetings';
import { network } from './network';
import { polls } from './polls';
import { posts } from './posts';
import { presence } from './presence';
import { privacy } from './privacy';
import { profiles } from './profiles';
import { publication } from './publication';
import { questions } from './questions';
import { search } from './search';
import { users } from './users';
import { workspaceView } from './workspaceView';
import { workspaces } from './workspaces';

/**
 * The app's features — the one list. `createServer` builds each for the server; their routes are mounted
 * under `/api` in this order (`health` first, then `auth`, whose router loads the session for every later
 * route), their commands join the one socket pipeline, their presenters the broadcaster. Adding a feature is
 * one line here.
 */
export const features = [
  health,
  auth,
  invites,
  users,
  privacy,
  districts,
  workspaces,
  presence,
  questions,
  blocks,
  liveSessions,
  workspaceView,
  posts,
  audit,
  drafts,
  agenda,
  profiles,
  matching,
  meetings,
  network,
  search,
  polls,
  endorsements,
  balance,
  publication,
] as const satisfies readonly AnyFeature[];

/** Every domain event of the app: the union of the events each feature declares. */
export type DomainEvent = EventsOf<typeof features>;
