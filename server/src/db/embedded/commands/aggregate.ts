/**
 * aggregate: mingo pipeline over the collection (a leading `$match` is served by the planner), `$lookup`
 * / `$unionWith` / `$graphLookup` resolve collections of the same database, `$out` / `$merge` (last
 * stage, same database) are executed by the engine so they journal like any write.
 */
import { Aggregator } from '../storage/mingo';
import { compileGroup, runCompiledGroup } from '../storage/fastGroup';
import type { Document } from 'bson';
import type { Effect } from '../types';
import { EngineError, badValue, toEngineError, typeMismatch } from '../errors';
import { Collection } from '../storage/collection';
import { checkCollation, mingoCollation, runFind } from '../storage/query';
import { MINGO_BASE, cloneValue, isPlainObject, valueKey } from '../storage/values';
import type { EngineContext, Handler, Request } from './context';
import { optDoc } from './context';
import { insertOne, withDefaultCollation } from './storeDocument';
import { applyUpdate } from './update';
import { checkHint, checkPipeline } from './validate';
import { collStatsStage, currentOpStage, indexStatsStage, listLocalSessionsStage } from './tools';
import { resolveView } from './views';

/** Stages that produce documents from server state instead of reading the collection. */
const SOURCE_STAGES = new Set(['$collStats', '$indexStats', '$currentOp', '$listLocalSessions']);
const ErrorCodesInvalidNamespace = 73;

function targetName(req: Request, spec: unknown, stage: string): string {
  if (typeof spec === 'string') return spec;
  if (isPlainObject(spec)) {
    const db = spec.db as unknown;
    const coll = spec.coll as unknown;
    if (db !== undefined && db !== req.db)
      throw new EngineError(
        115,
        'CommandNotSupported',
        `${stage} into another database is not supported by the embedded engine`,
      );
    if (typeof coll === 'string') return coll;
  }
  throw badValue(`${stage} requires a collection name`);
}

function runOut(ctx: EngineContext, req: Request, target: string, docs: Document[], effects: Effect[]): void {
  const existing = ctx.store.getColl(req.db, target);
  const temp = new Collection(req.db, target, existing?.options ?? {});
  for (const spec of existing?.specs() ?? []) if (spec.name !== '_id_') temp.addIndex(spec);
  const scratch: Effect[] = [];
  for (const d of docs) insertOne(ctx, temp, d, scratch, false, req.cmd.bypassDocumentValidation === true);
  // validation passed: swap in
  if (existing) {
    ctx.store.dropColl(req.db, target);
    effects.push({ op: 'dropCollection', db: req.db, coll: target });
  }
  let dbMap = ctx.store.dbs.get(req.db);
  if (!dbMap) ctx.store.dbs.set(req.db, (dbMap = new Map<string, Collection>()));
  dbMap.set(target, temp);
  effects.push({ op: 'createCollection', db: req.db, coll: target, options: temp.options });
  for (const spec of temp.specs())
    if (spec.name !== '_id_') effects.push({ op: 'createIndex', db: req.db, coll: target, spec });
  effects.push(...scratch);
}

function runMerge(
  ctx: EngineContext,
  req: Request,
  spec: Document,
  docs: Document[],
  effects: Effect[],
): void {
  const target = targetName(req, spec.into, '$merge');
  const on =
    spec.on === undefined ? ['_id'] : Array.isArray(spec.on) ? (spec.on as string[]) : [spec.on as string];
  const whenMatched = (spec.whenMatched as unknown) ?? 'merge';
  const whenNotMatched = (spec.whenNotMatched as unknown) ?? 'insert';
  // MongoDB needs a unique index on exactly the `on` fields (other than `_id`) to match documents.
  if (!(on.length === 1 && on[0] === '_id')) {
    const wanted = [...on].sort().join('\0');
    const existing = ctx.store.getColl(req.db, target);
    const ok = existing
      ?.specs()
      .some(
        (s) =>
          s.unique === true && !s.partialFilterExpression && Object.keys(s.key).sort().join('\0') === wanted,
      );
    if (!ok)
      throw new EngineError(
        51183,
        'Location51183',
        'Cannot find index to verify that join fields will be unique',
      );
  }
  const coll = ctx.store.ensureColl(req.db, target, effects);
  for (const d of docs) {
    const filter: Document = {};
    for (const f of on) filter[f] = (d[f] as unknown) ?? null;
    const match = runFind(coll, { filter, limit: 1 }).docs[0];
    if (!match) {
      if (whenNotMatched === 'insert')
        insertOne(ctx, coll, d, effects, false, req.cmd.bypassDocumentValidation === true);
      else if (whenNotMatched === 'fail')
        throw new EngineError(
          13113,
          'MergeStageNoMatchingDocument',
          '$merge could not find a matching document in the target collection for at least one document in the source collection',
        );
      continue;
    }
    let next: Document;
    if (whenMatched === 'replace') next = { ...d, _id: match._id as unknown };
    else if (whenMatched === 'keepExisting') continue;
    else if (whenMatched === 'fail')
      throw coll.duplicateError(coll.indexes.get('_id_') as never, [match._id]);
    else if (whenMatched === 'merge') next = { ...match, ...d, _id: match._id as unknown };
    else if (Array.isArray(whenMatched))
      next = applyUpdate(match, whenMatched as Document[], { mingo: { variables: { new: d } } });
    else throw badValue(`Invalid $merge whenMatched: ${JSON.stringify(whenMatched)}`);
    if (valueKey(next, true) === valueKey(match, true)) continue;
    coll.replace(valueKey(match._id), next);
    effects.push({ op: 'replace', db: coll.db, coll: coll.name, id: next._id, doc: next });
  }
}

/** Stages that never mutate their input documents in mingo (others get cloned inputs). */
const READ_ONLY_STAGES = new Set([
  '$match',
  '$sort',
  '$limit',
  '$skip',
  '$group',
  '$count',
  '$sortByCount',
  '$project',
  '$bucket',
  '$bucketAuto',
  '$sample',
  '$unwind',
  '$documents',
]);

function needsClone(stages: Document[]): boolean {
  return stages.some((st) => {
    const name = Object.keys(st)[0] ?? '';
    return !READ_ONLY_STAGES.has(name);
  });
}

export const aggregate: Handler = async (ctx, req) => {
  const { cmd } = req;
  if (cmd.explain)
    throw new EngineError(115, 'CommandNotSupported', 'explain is not supported by the embedded engine');
  const pipeline = cmd.pipeline as unknown;
  if (!Array.isArray(pipeline))
    throw typeMismatch(`BSON field 'aggregate.pipeline' is missing or the wrong type`);
  let stages = pipeline as Document[];
  for (const st of stages) {
    if (!isPlainObject(st) || Object.keys(st).length !== 1)
      throw new EngineError(
        40323,
        'Location40323',
        'A pipeline stage specification object must contain exactly one field.',
      );
    if ('$changeStream' in st)
      throw new EngineError(
        40573,
        'Location40573',
        'The $changeStream stage is only supported on replica sets',
      );
  }
  checkPipeline(stages);
  const explicitCollation = optDoc(cmd, 'collation', 'aggregate');
  if (explicitCollation) checkCollation(explicitCollation);
  const vars = optDoc(cmd, 'let', 'aggregate');
  const cursorOpt = optDoc(cmd, 'cursor', 'aggregate');
  if (!cursorOpt)
    throw new EngineError(
      9,
      'FailedToParse',
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  const dbLevel = cmd.aggregate === 1;
  const name = dbLevel ? '$cmd.aggregate' : typeof cmd.aggregate === 'string' ? cmd.aggregate : '';
  if (!dbLevel && !name)
    throw new EngineError(73, 'InvalidNamespace', 'aggregate requires a collection name or 1');
  // A view: its pipeline runs first, over the collection it is defined on.
  const view = dbLevel ? undefined : resolveView(ctx, req.db, name);
  if (view) stages = [...view.pipeline, ...stages];
  const coll = dbLevel ? undefined : ctx.store.getColl(req.db, view ? view.collection : name);
  checkHint(coll, cmd.hint);
  const collation = explicitCollation ?? view?.collation ?? withDefaultCollation(coll, undefined);

  let body = stages;
  const last = stages[stages.length - 1];
  let outStage: Document | undefined;
  if (last && ('$out' in last || '$merge' in last)) {
    outStage = last;
    body = stages.slice(0, -1);
  }
  for (const st of body)
    if ('$out' in st || '$merge' in st)
      throw new EngineError(
        40601,
        'Location40601',
        `${Object.keys(st)[0] ?? ''} can only be the final stage in the pipeline`,
      );

  let source: Document[];
  const firstStage = body[0] ? (Object.keys(body[0])[0] ?? '') : '';
  try {
    if (SOURCE_STAGES.has(firstStage)) {
      // Stages that produce documents from the server's state (database tools use them).
      const arg = body[0][firstStage] as unknown;
      if (firstStage === '$collStats') source = collStatsStage(ctx, req, name, arg);
      else if (firstStage === '$indexStats') source = indexStatsStage(ctx, req, name);
      else if (firstStage === '$currentOp') source = currentOpStage(ctx, req);
      else source = listLocalSessionsStage(ctx);
      if ((firstStage === '$currentOp' || firstStage === '$listLocalSessions') && !dbLevel)
        throw new EngineError(
          ErrorCodesInvalidNamespace,
          'InvalidNamespace',
          `${firstStage} must be run against the database with {aggregate: 1}`,
        );
      body = body.slice(1);
    } else if (dbLevel) source = [];
    else {
      // Leading $match / $sort / $skip / $limit are served by the planner (indexes, early stop).
      let i = 0;
      let filter: Document | undefined;
      let sort: Document | undefined;
      let skip: number | undefined;
      let limit: number | undefined;
      const st = (n: number): Document | undefined => body[n];
      if (st(i) && isPlainObject(st(i)?.$match)) filter = st(i++)?.$match as Document;
      if (st(i) && isPlainObject(st(i)?.$sort)) {
        const s = st(i)?.$sort as Document;
        if (Object.values(s).every((v) => v === 1 || v === -1)) {
          sort = s;
          i++;
        }
      }
      if (st(i) && typeof st(i)?.$skip === 'number') skip = st(i++)?.$skip as number;
      if (st(i) && typeof st(i)?.$limit === 'number') limit = st(i++)?.$limit as number;
      if (i > 0) {
        source = runFind(coll, {
          ...(filter ? { filter } : {}),
          ...(sort ? { sort } : {}),
          ...(skip ? { skip } : {}),
          ...(limit ? { limit } : {}),
          ...(collation ? { collation } : {}),
          ...(vars ? { let: vars } : {}),
        }).docs;
        body = body.slice(i);
      } else source = coll ? [...coll.docs.values()] : [];
    }
  } catch (err) {
    throw toEngineError(err);
  }
  const mc = mingoCollation(collation);
  // A leading `$group` of the common shape runs compiled, without mingo's per-document expression
  // evaluation (storage/fastGroup.ts); it gives way to mingo for anything it does not handle exactly.
  if (!mc && !vars && body[0] && '$group' in body[0]) {
    const compiled = compileGroup(body[0].$group);
    const grouped = compiled ? runCompiledGroup(compiled, source) : undefined;
    if (grouped) {
      source = grouped;
      body = body.slice(1);
    }
  }
  const clone = needsClone(body);
  if (clone) source = source.map((d) => cloneValue(d));
  let results: Document[];
  try {
    results =
      body.length === 0
        ? source
        : new Aggregator(body, {
            ...MINGO_BASE,
            collectionResolver: (n: string) => {
              const docs = [...(ctx.store.getColl(req.db, n)?.docs.values() ?? [])];
              return clone ? docs.map((d) => cloneValue(d)) : docs;
            },
            ...(mc ? { collation: mc } : {}),
            ...(vars ? { variables: vars } : {}),
          }).run<Document>(source);
  } catch (err) {
    throw toEngineError(err);
  }
  if (outStage) {
    const effects: Effect[] = [];
    try {
      if ('$out' in outStage) runOut(ctx, req, targetName(req, outStage.$out, '$out'), results, effects);
      else {
        const m = outStage.$merge as unknown;
        runMerge(ctx, req, isPlainObject(m) ? m : { into: m }, results, effects);
      }
    } catch (err) {
      await ctx.commit(effects);
      throw toEngineError(err);
    }
    await ctx.commit(effects);
    results = [];
  }
  const batchSize = typeof cursorOpt.batchSize === 'number' ? cursorOpt.batchSize : 101;
  return ctx.cursors.first(`${req.db}.${name}`, results, { batchSize });
};
