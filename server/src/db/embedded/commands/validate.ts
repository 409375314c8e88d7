/**
 * Input validation done before anything runs, so malformed queries, stages and options are refused with
 * MongoDB 7.0's code and message (source: mongod's `expression_parser.cpp`, the `document_source_*.cpp`
 * stage parsers, the commands' IDL definitions, `write_concern.cpp`) instead of reaching mingo, where they
 * would give wrong results or an internal JavaScript error.
 */
import type { Document } from 'bson';
import { EngineError, badValue, failedToParse } from '../errors';
import type { Collection } from '../storage/collection';
import { checkSchema } from '../storage/jsonschema';
import { isPlainObject, renderValue, valueKey } from '../storage/values';

// ------------------------------------------------------------------------------------------- queries

/** Top-level query operators mongod knows (others: "unknown top level operator"). */
const TOP_LEVEL = new Set([
  '$and',
  '$or',
  '$nor',
  '$text',
  '$where',
  '$expr',
  '$comment',
  '$jsonSchema',
  '$alwaysTrue',
  '$alwaysFalse',
  '$sampleRate',
]);

/** Field-level query operators mongod knows (others: "unknown operator"). */
const FIELD_OPS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$all',
  '$exists',
  '$type',
  '$size',
  '$mod',
  '$regex',
  '$options',
  '$elemMatch',
  '$not',
  '$bitsAllSet',
  '$bitsAllClear',
  '$bitsAnySet',
  '$bitsAnyClear',
  '$geoWithin',
  '$geoIntersects',
  '$near',
  '$nearSphere',
  '$within',
  '$maxDistance',
  '$minDistance',
  '$comment',
]);

const isRegex = (v: unknown): boolean =>
  v instanceof RegExp ||
  (typeof v === 'object' && v !== null && (v as { _bsontype?: string })._bsontype === 'BSONRegExp');

/** DBRef-shaped objects (`{ $ref, $id }`) are values, not operator documents. */
function isOperatorDoc(v: unknown): v is Document {
  if (!isPlainObject(v)) return false;
  const first = Object.keys(v)[0];
  return (
    first !== undefined && first.startsWith('$') && first !== '$ref' && first !== '$id' && first !== '$db'
  );
}

function isNumber(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  const t = typeof v === 'object' && v !== null ? (v as { _bsontype?: string })._bsontype : undefined;
  return t === 'Int32' || t === 'Long' || t === 'Double' || t === 'Decimal128';
}

function asNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const o = v as { toNumber?: () => number; valueOf(): unknown; toString(): string };
  if (typeof o.toNumber === 'function') return o.toNumber();
  const n = Number(o.valueOf());
  return Number.isNaN(n) ? Number(o.toString()) : n;
}

/** Throws MongoDB's BadValue for a malformed filter (empty `$or`, `$in: 5`, unknown operators, …). */
export function checkFilter(filter: Document): void {
  for (const [k, v] of Object.entries(filter)) {
    if (!k.startsWith('$')) {
      checkFieldValue(v);
      continue;
    }
    if (k === '$and' || k === '$or' || k === '$nor') {
      if (!Array.isArray(v)) throw badValue(`${k} must be an array`);
      if (v.length === 0) throw badValue('$and/$or/$nor must be a nonempty array');
      for (const sub of v as unknown[]) {
        if (!isPlainObject(sub)) throw badValue('$or/$and/$nor entries need to be full objects');
        checkFilter(sub);
      }
      continue;
    }
    if (k === '$jsonSchema') {
      checkSchema(v);
      continue;
    }
    if (!TOP_LEVEL.has(k))
      throw badValue(
        `unknown top level operator: ${k}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`,
      );
  }
}

function checkFieldValue(v: unknown): void {
  if (isOperatorDoc(v)) checkOperators(v);
}

/** `ops` is an operator document (`{ $gt: 1, $lt: 5 }`). */
function checkOperators(ops: Document): void {
  if ('$options' in ops && !('$regex' in ops)) throw badValue('$options needs a $regex');
  for (const [op, arg] of Object.entries(ops)) {
    if (!FIELD_OPS.has(op)) throw badValue(`unknown operator: ${op}`);
    switch (op) {
      case '$in':
      case '$nin':
        if (!Array.isArray(arg)) throw badValue(`${op} needs an array`);
        for (const x of arg as unknown[]) if (isOperatorDoc(x)) throw badValue(`cannot nest $ under ${op}`);
        break;
      case '$all':
        if (!Array.isArray(arg)) throw badValue('$all needs an array');
        for (const x of arg as unknown[]) if (isPlainObject(x) && '$elemMatch' in x) checkOperators(x);
        break;
      case '$size': {
        if (!isNumber(arg)) throw badValue('$size needs a number');
        const n = asNumber(arg);
        if (n < 0) throw badValue(`$size may not be negative`);
        if (!Number.isInteger(n)) throw badValue(`$size must be a whole number`);
        break;
      }
      case '$mod': {
        if (!Array.isArray(arg)) throw badValue('malformed mod, needs to be an array');
        if (arg.length < 2) throw badValue('malformed mod, not enough elements');
        if (arg.length > 2) throw badValue('malformed mod, too many elements');
        if (!isNumber(arg[0])) throw badValue('malformed mod, divisor not a number');
        if (!isNumber(arg[1])) throw badValue('malformed mod, remainder not a number');
        if (Math.trunc(asNumber(arg[0])) === 0) throw badValue('divisor cannot be 0');
        break;
      }
      case '$elemMatch':
        if (!isPlainObject(arg)) throw badValue('$elemMatch needs an Object');
        if (isOperatorDoc(arg) && !TOP_LEVEL.has(Object.keys(arg)[0] ?? '')) checkOperators(arg);
        else checkFilter(arg);
        break;
      case '$not':
        if (isRegex(arg)) break;
        if (!isPlainObject(arg)) throw badValue('$not needs a regex or a document');
        if (Object.keys(arg).length === 0) throw badValue('$not cannot be empty');
        checkOperators(arg);
        break;
      case '$regex':
        if (typeof arg !== 'string' && !isRegex(arg)) throw badValue('$regex has to be a string');
        break;
      case '$options':
        if (typeof arg !== 'string') throw badValue('$options has to be a string');
        break;
      case '$exists':
      case '$type':
        break;
      case '$geoWithin':
      case '$geoIntersects':
      case '$near':
      case '$nearSphere':
      case '$within':
      case '$maxDistance':
      case '$minDistance':
        throw new EngineError(
          115,
          'CommandNotSupported',
          `${op} (geospatial queries) is not supported by the embedded engine`,
        );
      default:
        break;
    }
  }
}

// ---------------------------------------------------------------------------------------- pipelines

/** Every stage name mongod 7.0 accepts in a user pipeline. */
const STAGES = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$changeStream',
  '$changeStreamSplitLargeEvent',
  '$collStats',
  '$count',
  '$currentOp',
  '$densify',
  '$documents',
  '$facet',
  '$fill',
  '$geoNear',
  '$graphLookup',
  '$group',
  '$indexStats',
  '$limit',
  '$listLocalSessions',
  '$listSampledQueries',
  '$listSearchIndexes',
  '$listSessions',
  '$lookup',
  '$match',
  '$merge',
  '$out',
  '$planCacheStats',
  '$project',
  '$redact',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$search',
  '$searchMeta',
  '$set',
  '$setWindowFields',
  '$shardedDataDistribution',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unionWith',
  '$unset',
  '$unwind',
  '$vectorSearch',
]);

/** Accumulators mongod 7.0 accepts in `$group`. */
const ACCUMULATORS = new Set([
  '$accumulator',
  '$addToSet',
  '$avg',
  '$bottom',
  '$bottomN',
  '$count',
  '$first',
  '$firstN',
  '$last',
  '$lastN',
  '$max',
  '$maxN',
  '$median',
  '$mergeObjects',
  '$min',
  '$minN',
  '$percentile',
  '$push',
  '$stdDevPop',
  '$stdDevSamp',
  '$sum',
  '$top',
  '$topN',
]);

const LOOKUP_FIELDS = new Set(['from', 'as', 'localField', 'foreignField', 'let', 'pipeline']);

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (isNumber(v)) return typeof v === 'number' && Number.isInteger(v) ? 'int' : 'double';
  if (isPlainObject(v)) return 'object';
  return typeof v;
}

/** `$skip` / `$limit` argument as mongod's `parseIntegerElementToNonNegativeLong` reads it. */
function nonNegativeInteger(stage: string, code: number, v: unknown): number {
  const shown = `${stage}: ${renderValue(v)}`;
  if (!isNumber(v))
    throw new EngineError(
      code,
      `Location${code}`,
      `invalid argument to ${stage} stage: Expected a number in: ${shown}`,
    );
  const n = asNumber(v);
  if (!Number.isInteger(n))
    throw new EngineError(
      code,
      `Location${code}`,
      `invalid argument to ${stage} stage: Expected an integer: ${shown}`,
    );
  if (n < 0)
    throw new EngineError(
      code,
      `Location${code}`,
      `invalid argument to ${stage} stage: Expected a non-negative number in: ${shown}`,
    );
  return n;
}

function loc(code: number, message: string): EngineError {
  return new EngineError(code, `Location${code}`, message);
}

/** Throws MongoDB's error for a malformed pipeline (unknown stage, `$limit: 0`, `$group` without `_id`, …). */
export function checkPipeline(stages: unknown[]): void {
  for (const st of stages) {
    if (!isPlainObject(st) || Object.keys(st).length !== 1)
      throw loc(40323, 'A pipeline stage specification object must contain exactly one field.');
    const name = Object.keys(st)[0];
    const arg = st[name] as unknown;
    if (!STAGES.has(name)) throw loc(40324, `Unrecognized pipeline stage name: '${name}'`);
    checkStage(name, arg);
  }
}

function checkStage(name: string, arg: unknown): void {
  switch (name) {
    case '$match':
      if (!isPlainObject(arg)) throw loc(15959, 'the match filter must be an expression in an object');
      checkFilter(arg);
      return;
    case '$limit': {
      const n = nonNegativeInteger('$limit', 5107201, arg);
      if (n === 0) throw loc(15958, 'the limit must be positive');
      return;
    }
    case '$skip':
      nonNegativeInteger('$skip', 5107200, arg);
      return;
    case '$sort':
      if (!isPlainObject(arg)) throw loc(15973, 'the $sort key specification must be an object');
      if (Object.keys(arg).length === 0) throw loc(15976, '$sort stage must have at least one sort key');
      for (const v of Object.values(arg)) {
        if (isPlainObject(v)) {
          if (!('$meta' in v)) throw loc(17312, '$meta is the only expression supported by $sort right now');
          continue;
        }
        if (!isNumber(v) || (asNumber(v) !== 1 && asNumber(v) !== -1))
          throw loc(15975, '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
      }
      return;
    case '$unwind': {
      let path: unknown = arg;
      if (isPlainObject(arg)) {
        for (const k of Object.keys(arg))
          if (!['path', 'includeArrayIndex', 'preserveNullAndEmptyArrays'].includes(k))
            throw loc(28811, `unrecognized option to $unwind stage: ${k}`);
        if (!('path' in arg)) throw loc(28812, 'no path specified to $unwind stage');
        path = arg.path;
        if (typeof path !== 'string')
          throw loc(28808, 'expected a string as the path for $unwind stage, got ' + typeName(path));
        const pres = arg.preserveNullAndEmptyArrays as unknown;
        if (pres !== undefined && typeof pres !== 'boolean')
          throw loc(
            28809,
            'expected a boolean for the preserveNullAndEmptyArrays option to $unwind stage, got ' +
              typeName(pres),
          );
        const idx = arg.includeArrayIndex as unknown;
        if (idx !== undefined && (typeof idx !== 'string' || idx.length === 0))
          throw loc(
            28810,
            'expected a non-empty string for the includeArrayIndex option to $unwind stage, got ' +
              typeName(idx),
          );
        if (typeof idx === 'string' && idx.startsWith('$'))
          throw loc(
            28822,
            `includeArrayIndex option to $unwind stage should not be prefixed with a '$': ${idx}`,
          );
      } else if (typeof arg !== 'string') {
        throw loc(
          15981,
          `expected either a string or an object as specification for $unwind stage, got ${typeName(arg)}`,
        );
      }
      if (!(path as string).startsWith('$') || (path as string).length < 2)
        throw loc(28818, `path option to $unwind stage should be prefixed with a '$': ${path as string}`);
      return;
    }
    case '$lookup': {
      if (!isPlainObject(arg))
        throw failedToParse(`the $lookup stage specification must be an object, but found ${typeName(arg)}`);
      for (const k of Object.keys(arg))
        if (!LOOKUP_FIELDS.has(k)) throw failedToParse(`unknown argument to $lookup: ${k}`);
      if (arg.as === undefined) throw failedToParse("must specify 'as' field for a $lookup");
      if (typeof arg.as !== 'string')
        throw failedToParse(`'as' option to $lookup must be a string, but was type ${typeName(arg.as)}`);
      const hasLocal = arg.localField !== undefined;
      const hasForeign = arg.foreignField !== undefined;
      if (hasLocal !== hasForeign)
        throw failedToParse(
          "$lookup requires both or neither of 'localField' and 'foreignField' to be specified",
        );
      if (!hasLocal && arg.pipeline === undefined)
        throw failedToParse(
          "$lookup requires either 'pipeline' or both 'localField' and 'foreignField' to be specified",
        );
      if (arg.from === undefined && arg.pipeline === undefined)
        throw failedToParse("must specify 'from' field for a $lookup");
      if (arg.from !== undefined && typeof arg.from !== 'string' && !isPlainObject(arg.from))
        throw failedToParse(`$lookup 'from' field must be a string, but found ${typeName(arg.from)}`);
      if (arg.pipeline !== undefined) {
        if (!Array.isArray(arg.pipeline))
          throw failedToParse(`'pipeline' option must be specified as an array`);
        checkPipeline(arg.pipeline as unknown[]);
      }
      return;
    }
    case '$group': {
      if (!isPlainObject(arg)) throw loc(15947, "a group's fields must be specified in an object");
      if (!('_id' in arg)) throw loc(15955, 'a group specification must include an _id');
      for (const [field, acc] of Object.entries(arg)) {
        if (field === '_id') continue;
        if (field.includes('.')) throw loc(40235, `The field name '${field}' cannot contain '.'`);
        if (field.startsWith('$')) throw loc(40236, `The field name '${field}' cannot be an operator name`);
        if (!isPlainObject(acc) || Object.keys(acc).length !== 1)
          throw loc(40234, `The field '${field}' must be an accumulator object`);
        const op = Object.keys(acc)[0];
        if (!ACCUMULATORS.has(op)) throw loc(15952, `unknown group operator '${op}'`);
      }
      return;
    }
    case '$project':
      if (!isPlainObject(arg)) throw loc(15969, '$project specification must be an object');
      if (Object.keys(arg).length === 0)
        throw loc(
          51272,
          'Invalid $project :: caused by :: projection specification must have at least one field',
        );
      return;
    case '$addFields':
    case '$set':
      if (!isPlainObject(arg))
        throw loc(40272, `${name} specification stage must be an object, got ${typeName(arg)}`);
      return;
    case '$count':
      if (typeof arg !== 'string' || arg.length === 0)
        throw loc(40156, 'the count field must be a non-empty string');
      if (arg.startsWith('$')) throw loc(40158, 'the count field cannot be a $-prefixed path');
      if (arg.includes('.')) throw loc(40160, "the count field cannot contain '.'");
      return;
    case '$facet':
      if (!isPlainObject(arg)) throw loc(15976, 'the $facet specification must be a non-empty object');
      if (Object.keys(arg).length === 0)
        throw loc(40169, 'the $facet specification must be a non-empty object');
      for (const [k, sub] of Object.entries(arg)) {
        if (!Array.isArray(sub))
          throw loc(40170, `arguments to $facet must be arrays, ${k} is type ${typeName(sub)}`);
        checkPipeline(sub as unknown[]);
      }
      return;
    case '$unionWith':
      if (isPlainObject(arg) && Array.isArray(arg.pipeline)) checkPipeline(arg.pipeline as unknown[]);
      return;
    case '$replaceRoot':
      if (!isPlainObject(arg))
        throw loc(40228, `the $replaceRoot stage specification must be an object, got ${typeName(arg)}`);
      if (!('newRoot' in arg)) throw loc(40231, 'no newRoot specified for the $replaceRoot stage');
      return;
    case '$sample':
      if (!isPlainObject(arg)) throw loc(28745, 'the $sample stage specification must be an object');
      if (!isNumber(arg.size)) throw loc(28746, 'size argument to $sample must be a number');
      if (asNumber(arg.size) < 0) throw loc(28747, 'size argument to $sample must not be negative');
      return;
    case '$geoNear':
    case '$search':
    case '$searchMeta':
    case '$vectorSearch':
    case '$listSearchIndexes':
    case '$listSessions':
    case '$listSampledQueries':
    case '$planCacheStats':
    case '$shardedDataDistribution':
    case '$changeStreamSplitLargeEvent':
      throw new EngineError(115, 'CommandNotSupported', `${name} is not supported by the embedded engine`);
    default:
      return;
  }
}

// ---------------------------------------------------------------------------------- command fields

/** Generic arguments every command accepts (mongod's `generic_argument.idl`), besides `$`-prefixed ones. */
const GENERIC = new Set([
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'maxTimeMS',
  'readConcern',
  'writeConcern',
  'lsid',
  'clientOperationKey',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'stmtId',
  'comment',
  'allowImplicitCollectionCreation',
  'databaseVersion',
  'shardVersion',
  'mayBypassWriteBlocking',
  'txnRetryCounter',
  'maxTimeMSOpOnly',
  'usesDefaultMaxTimeMS',
]);

/** Command-specific fields (mongod 7.0 IDL), the command name itself included. */
const COMMAND_FIELDS: Record<string, string[]> = {
  find: [
    'find',
    'filter',
    'projection',
    'sort',
    'hint',
    'skip',
    'limit',
    'batchSize',
    'singleBatch',
    'max',
    'min',
    'returnKey',
    'showRecordId',
    'tailable',
    'oplogReplay',
    'noCursorTimeout',
    'awaitData',
    'allowPartialResults',
    'collation',
    'allowDiskUse',
    'let',
    'readOnce',
    'allowSpeculativeMajorityRead',
    'requestResumeToken',
    'resumeAfter',
    'term',
    'ntoreturn',
  ],
  aggregate: [
    'aggregate',
    'pipeline',
    'explain',
    'allowDiskUse',
    'cursor',
    'bypassDocumentValidation',
    'collation',
    'hint',
    'let',
    'fromMongos',
    'needsMerge',
    'isMapReduceCommand',
    'collectionUUID',
  ],
  insert: ['insert', 'documents', 'ordered', 'bypassDocumentValidation', 'stmtIds', 'collectionUUID'],
  update: ['update', 'updates', 'ordered', 'bypassDocumentValidation', 'let', 'stmtIds', 'collectionUUID'],
  delete: ['delete', 'deletes', 'ordered', 'let', 'bypassDocumentValidation', 'stmtIds', 'collectionUUID'],
  findAndModify: [
    'findAndModify',
    'findandmodify',
    'query',
    'fields',
    'sort',
    'hint',
    'collation',
    'arrayFilters',
    'remove',
    'update',
    'new',
    'upsert',
    'bypassDocumentValidation',
    'let',
  ],
  count: ['count', 'query', 'limit', 'skip', 'hint', 'collation', 'fields'],
  distinct: ['distinct', 'key', 'query', 'collation', 'hint'],
};
COMMAND_FIELDS.findandmodify = COMMAND_FIELDS.findAndModify;

/** Fields of one statement of `update.updates` / `delete.deletes`. */
const STATEMENT_FIELDS: Record<string, Set<string>> = {
  update: new Set([
    'q',
    'u',
    'c',
    'upsert',
    'multi',
    'arrayFilters',
    'hint',
    'collation',
    'sort',
    'upsertSupplied',
  ]),
  delete: new Set(['q', 'limit', 'hint', 'collation']),
};

const FIELD_SETS: Record<string, Set<string>> = Object.fromEntries(
  Object.entries(COMMAND_FIELDS).map(([k, v]) => [k, new Set(v)]),
);

/** 40415 "BSON field 'find.foo' is an unknown field." for a field neither the command nor the generic arguments know. */
export function checkCommandFields(cmd: Document, name: string): void {
  const known = FIELD_SETS[name];
  if (!known) return;
  const label = name === 'findandmodify' ? 'findAndModify' : name;
  for (const k of Object.keys(cmd)) {
    if (known.has(k) || GENERIC.has(k) || k.startsWith('$')) continue;
    throw new EngineError(40415, 'Location40415', `BSON field '${label}.${k}' is an unknown field.`);
  }
  const stmts = STATEMENT_FIELDS[name];
  const list = cmd[name === 'update' ? 'updates' : 'deletes'] as unknown;
  if (stmts && Array.isArray(list)) {
    for (const st of list as unknown[]) {
      if (!isPlainObject(st)) continue;
      for (const k of Object.keys(st))
        if (!stmts.has(k))
          throw new EngineError(
            40415,
            'Location40415',
            `BSON field '${name}.${name === 'update' ? 'updates' : 'deletes'}.${k}' is an unknown field.`,
          );
    }
  }
}

// ----------------------------------------------------------------------------------- write concern

/** A standalone mongod can satisfy `w` 0, 1 and "majority" only. */
export function checkWriteConcern(cmd: Document): void {
  const wc = cmd.writeConcern as unknown;
  if (wc === undefined || wc === null) return;
  if (!isPlainObject(wc)) throw failedToParse('writeConcern must be an object');
  const w = wc.w as unknown;
  if (w === undefined) return;
  if (isNumber(w)) {
    const n = asNumber(w);
    if (n < 0 || n > 50 || !Number.isInteger(n))
      throw failedToParse(`w has to be a non-negative number and not greater than 50; found: ${n}`);
    if (n > 1) throw badValue("cannot use 'w' > 1 on a standalone");
    return;
  }
  if (typeof w === 'string') {
    if (w === 'majority') return;
    throw new EngineError(
      79,
      'UnknownReplWriteConcern',
      `No write concern mode named '${w}' found in replica set configuration`,
    );
  }
  if (!isPlainObject(w)) throw failedToParse('w has to be a number, string, or object');
}

// --------------------------------------------------------------------------------------------- hints

/**
 * A hint must name an existing index (by name or key pattern) or be `{ $natural: ±1 }`; MongoDB
 * answers 2 BadValue otherwise. Returns the natural direction for `$natural` hints.
 */
export function checkHint(coll: Collection | undefined, hint: unknown): 1 | -1 | undefined {
  if (hint === undefined || hint === null) return undefined;
  if (typeof hint === 'string') {
    if (hint === '') return undefined;
    if (coll && (!coll.indexes.has(hint) || coll.indexes.get(hint)?.spec.hidden === true))
      throw badValue('hint provided does not correspond to an existing index');
    return undefined;
  }
  if (!isPlainObject(hint)) throw badValue('hint must be a string or an object');
  const keys = Object.keys(hint);
  if (keys.length === 0) return undefined;
  if (keys.length === 1 && keys[0] === '$natural') {
    const d = asNumber(hint.$natural);
    if (d !== 1 && d !== -1) throw badValue('$natural hint must be 1 or -1');
    return d;
  }
  if (
    coll &&
    !coll
      .specs()
      .some((s) => s.hidden !== true && valueKey(normaliseKey(s.key)) === valueKey(normaliseKey(hint)))
  )
    throw badValue('hint provided does not correspond to an existing index');
  return undefined;
}

function normaliseKey(key: Document): Document {
  const out: Document = {};
  for (const [k, v] of Object.entries(key))
    out[k] = isNumber(v) ? (asNumber(v) < 0 ? -1 : 1) : (v as unknown);
  return out;
}

// ------------------------------------------------------------------------------------- array filters

const IDENTIFIER = /^[a-z][a-zA-Z0-9]*$/;

/**
 * Array filters must each use one identifier (a lowercase-initial alphanumeric name), every
 * identifier must be used by the update and every `$[id]` in the update needs a filter.
 */
export function checkArrayFilters(u: unknown, arrayFilters: unknown): void {
  const ids = new Set<string>();
  if (arrayFilters !== undefined) {
    if (!Array.isArray(arrayFilters))
      throw new EngineError(
        14,
        'TypeMismatch',
        "BSON field 'arrayFilters' is the wrong type, expected type 'array'",
      );
    for (const f of arrayFilters as unknown[]) {
      if (!isPlainObject(f))
        throw failedToParse('Cannot use an expression without a top-level field name in arrayFilters');
      let id: string | undefined;
      for (const k of Object.keys(f)) {
        if (k.startsWith('$')) {
          if (k === '$and' || k === '$or' || k === '$nor') continue;
          throw failedToParse('Cannot use an expression without a top-level field name in arrayFilters');
        }
        const name = k.split('.')[0];
        if (!IDENTIFIER.test(name))
          throw badValue(
            `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${name}'`,
          );
        if (id !== undefined && id !== name)
          throw failedToParse(
            `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${id}' and '${name}'`,
          );
        id = name;
      }
      if (id === undefined)
        throw failedToParse('Cannot use an expression without a top-level field name in arrayFilters');
      if (ids.has(id))
        throw failedToParse(`Found multiple array filters with the same top-level field name ${id}`);
      ids.add(id);
    }
  }
  if (!isPlainObject(u)) return;
  const used = new Set<string>();
  for (const [op, fields] of Object.entries(u)) {
    if (!op.startsWith('$') || !isPlainObject(fields)) continue;
    for (const path of [
      ...Object.keys(fields),
      ...(op === '$rename' ? Object.values(fields).map(String) : []),
    ]) {
      for (const m of path.matchAll(/\$\[([^\]]*)\]/g)) {
        const id = m[1];
        if (id === '') continue;
        if (!ids.has(id)) throw badValue(`No array filter found for identifier '${id}' in path '${path}'`);
        used.add(id);
      }
    }
  }
  for (const id of ids)
    if (!used.has(id))
      throw failedToParse(
        `The array filter for identifier '${id}' was not used in the update ${renderValue(u)}`,
      );
}

// -------------------------------------------------------------------------------------- namespaces

/** Collections users may write to under `system.` (mongod's `NamespaceString::isLegalClientSystemNS`). */
const WRITABLE_SYSTEM = new Set(['system.js', 'system.users', 'system.roles', 'system.version']);

/** 73 InvalidNamespace for a user write into a `system.*` collection. */
export function checkWritableNamespace(db: string, coll: string): void {
  if (coll.startsWith('system.') && !WRITABLE_SYSTEM.has(coll))
    throw new EngineError(73, 'InvalidNamespace', `cannot write to '${db}.${coll}'`);
}
