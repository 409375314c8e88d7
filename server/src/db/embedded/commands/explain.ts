/**
 * `explain` of a `find` (the driver's `cursor.explain()`), in MongoDB 7.0's shape: `queryPlanner` with the
 * `winningPlan` the engine's planner chose (`COLLSCAN`, `IDHACK`, `FETCH`/`IXSCAN` with the index name and
 * collation, `TEXT_MATCH`, `SORT`/`SKIP`/`LIMIT`; `rejectedPlans` empty: the planner is rule-based, it
 * does not race plans) and, for the `executionStats` / `allPlansExecution` verbosities, `executionStats`
 * with `nReturned` and `executionTimeMillis`. Explaining any other command (or a find on a view) is
 * refused with 115 CommandNotSupported, never answered with a made-up plan.
 */
import type { Document } from 'bson';
import { EngineError, badValue } from '../errors';
import { explainFind, runFind } from '../storage/query';
import type { FindSpec } from '../storage/query';
import { isPlainObject } from '../storage/values';
import type { Handler } from './context';
import { optDoc, optNumber } from './context';
import { withDefaultCollation } from './storeDocument';
import { checkCommandFields } from './validate';
import { viewOf } from './views';

const VERBOSITIES = new Set(['queryPlanner', 'executionStats', 'allPlansExecution']);

const refused = (what: string): EngineError =>
  new EngineError(115, 'CommandNotSupported', `explain of ${what} is not supported by the embedded engine`);

export const explain: Handler = (ctx, req) => {
  const inner = req.cmd.explain as unknown;
  if (!isPlainObject(inner)) throw badValue('explain command requires a nested object');
  const verbosity = (req.cmd.verbosity as unknown) ?? 'allPlansExecution';
  if (typeof verbosity !== 'string' || !VERBOSITIES.has(verbosity))
    throw badValue(`verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}`);
  const innerName = Object.keys(inner)[0];
  if (innerName !== 'find') throw refused(`'${innerName ?? ''}'`);
  checkCommandFields(inner, 'find');
  const name = inner.find as unknown;
  if (typeof name !== 'string' || !name) throw badValue('collection name has invalid type');
  if (viewOf(ctx, req.db, name)) throw refused('a find on a view');
  const coll = ctx.store.getColl(req.db, name);
  const collation = withDefaultCollation(coll, optDoc(inner, 'collation', 'FindCommandRequest'));
  const filter = optDoc(inner, 'filter', 'FindCommandRequest') ?? {};
  const sort = optDoc(inner, 'sort', 'FindCommandRequest');
  const skip = optNumber(inner, 'skip', 'FindCommandRequest') ?? 0;
  const limit = Math.abs(optNumber(inner, 'limit', 'FindCommandRequest') ?? 0);
  const spec: FindSpec = {
    filter,
    ...(sort ? { sort } : {}),
    skip,
    limit,
    ...(collation ? { collation } : {}),
  };
  const winningPlan = explainFind(coll, spec);
  const reply: Document = {
    explainVersion: '1',
    queryPlanner: {
      namespace: `${req.db}.${name}`,
      indexFilterSet: false,
      parsedQuery: filter,
      ...(collation ? { collation } : {}),
      maxIndexedOrSolutionsReached: false,
      maxIndexedAndSolutionsReached: false,
      maxScansToExplodeReached: false,
      winningPlan,
      rejectedPlans: [],
    },
  };
  if (verbosity !== 'queryPlanner') {
    const started = Date.now();
    const res = runFind(coll, spec);
    reply.executionStats = {
      executionSuccess: true,
      nReturned: res.docs.length,
      executionTimeMillis: Date.now() - started,
    };
  }
  reply.command = { ...inner, $db: req.db };
  reply.serverInfo = { host: 'localhost', port: 0, version: '7.0.0', gitVersion: 'embedded' };
  reply.ok = 1;
  return reply;
};
