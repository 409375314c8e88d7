/**
 * Storing one document: the size, \`_id\` and validator checks every write runs, and the collection's default
 * collation. Shared by the CRUD commands and \`$out\`/\`$merge\` in aggregate (a module of its own so the two do not
 * import each other).
 */
import { Query } from '../storage/mingo';
import { BSON, ObjectId } from 'bson';
import type { Document } from 'bson';
import type { Effect } from '../types';
import { EngineError, toEngineError } from '../errors';
import type { Collection } from '../storage/collection';
import { schemaFailure } from '../storage/jsonschema';
import { MINGO_BASE, isPlainObject } from '../storage/values';
import type { EngineContext } from './context';
import { MAX_BSON } from './context';
import { idFirst } from './update';

/** The collection's default collation applies when the operation names none. */
export function withDefaultCollation(
  coll: Collection | undefined,
  collation: Document | undefined,
): Document | undefined {
  if (collation) return collation;
  const c = coll?.options.collation;
  return isPlainObject(c) ? c : undefined;
}

function checkSize(doc: Document): void {
  const size = BSON.calculateObjectSize(doc);
  if (size > MAX_BSON)
    throw new EngineError(
      10334,
      'BSONObjectTooLarge',
      `BSONObj size: ${size} (0x${size.toString(16)}) is invalid. Size must be between 0 and 16793600(16MB) First element: _id: ${String(doc._id)}`,
    );
}

/** `$`-prefixed field names anywhere inside `_id` are refused (MongoDB 5.0+ allows them elsewhere). */
function checkIdFields(v: unknown): void {
  if (Array.isArray(v)) {
    for (const x of v) checkIdFields(x);
    return;
  }
  if (!isPlainObject(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$'))
      throw new EngineError(
        52,
        'DollarPrefixedFieldName',
        `_id fields may not contain '$'-prefixed fields: ${k} is not valid for storage.`,
      );
    checkIdFields(x);
  }
}

/** Per-write options for storage validation. */
export interface StorageCheck {
  /** `bypassDocumentValidation: true`: the collection's validator is skipped. */
  bypass?: boolean;
  /** The document before an update (validationLevel "moderate" validates only documents that were valid). */
  before?: Document;
}

/** Does `doc` pass the collection's validator? `null` = yes; otherwise MongoDB's `errInfo.details`. */
function validatorFailure(validator: Document, doc: Document): Document | null {
  const { $jsonSchema: schema, ...rest } = validator;
  if (isPlainObject(schema)) {
    const failed = schemaFailure(schema, doc);
    if (failed) return failed;
  }
  if (Object.keys(rest).length === 0) return null;
  let ok: boolean;
  try {
    ok = new Query(rest, MINGO_BASE).test(doc);
  } catch (err) {
    throw toEngineError(err);
  }
  if (ok) return null;
  // Which top-level clauses failed, in MongoDB's `clausesNotSatisfied` shape.
  const clauses: Document[] = [];
  Object.entries(rest).forEach(([k, v], index) => {
    let pass: boolean;
    try {
      pass = new Query({ [k]: v as unknown }, MINGO_BASE).test(doc);
    } catch {
      pass = false;
    }
    if (!pass)
      clauses.push({
        index,
        details: k.startsWith('$')
          ? { operatorName: k, specifiedAs: { [k]: v as unknown }, reason: 'expression did not match' }
          : {
              operatorName: isPlainObject(v) ? (Object.keys(v)[0] ?? '$eq') : '$eq',
              specifiedAs: { [k]: v as unknown },
              reason: k in doc ? 'comparison failed' : 'field was missing',
              ...(k in doc ? { consideredValue: doc[k] as unknown } : {}),
            },
      });
  });
  return clauses.length === 1
    ? (clauses[0].details as Document)
    : { operatorName: '$and', clausesNotSatisfied: clauses };
}

/** Refuses a document MongoDB would not store (size, `_id`, the collection's validator). */
export function validateForStorage(
  coll: Collection,
  doc: Document,
  sizeKnownSmall = false,
  check: StorageCheck = {},
): void {
  if (!sizeKnownSmall) checkSize(doc);
  const id = doc._id as unknown;
  if (Array.isArray(id)) throw new EngineError(2, 'BadValue', `can't use an array for _id`);
  if (id instanceof RegExp) throw new EngineError(2, 'BadValue', `can't use a regex for _id`);
  if (isPlainObject(id)) checkIdFields(id);
  const validator = coll.options.validator;
  if (isPlainObject(validator) && !check.bypass && coll.options.validationLevel !== 'off') {
    const failed = validatorFailure(validator, doc);
    if (!failed) return;
    // "moderate": an update of a document that did not satisfy the validator before is not checked.
    if (
      check.before &&
      coll.options.validationLevel === 'moderate' &&
      validatorFailure(validator, check.before)
    )
      return;
    if (coll.options.validationAction === 'warn') return;
    throw new EngineError(121, 'DocumentValidationFailure', 'Document failed validation', {
      errInfo: { failingDocumentId: doc._id as unknown, details: failed },
    });
  }
}

/** Inserts one document (an `_id` first, generated when missing) after the storage checks; records the effect. */
export function insertOne(
  _ctx: EngineContext,
  coll: Collection,
  raw: Document,
  effects: Effect[],
  smallMessage = false,
  bypass = false,
): Document {
  const doc = '_id' in raw ? idFirst(raw, raw._id) : idFirst(raw, new ObjectId());
  validateForStorage(coll, doc, smallMessage, { bypass });
  coll.insert(doc);
  effects.push({ op: 'insert', db: coll.db, coll: coll.name, doc });
  return doc;
}
