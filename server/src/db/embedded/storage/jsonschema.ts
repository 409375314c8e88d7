/**
 * MongoDB's `$jsonSchema` (draft 4 with `bsonType`, as documented in "$jsonSchema — Available Keywords")
 * for collection validators and queries. Supported keywords: bsonType, type, required, properties,
 * additionalProperties, patternProperties, enum, minimum/maximum (+ exclusive*), minLength/maxLength,
 * pattern, items, additionalItems, minItems/maxItems, uniqueItems, minProperties/maxProperties,
 * allOf/anyOf/oneOf/not, title/description. Others (`$ref`, `format`, `default`, `definitions`, …) are
 * refused when the schema is parsed, with mongod's error ("… is not currently supported", 9
 * FailedToParse), never accepted and ignored. JSON-schema validator packages do not know `bsonType`
 * or BSON's numeric types, so the subset is implemented here.
 *
 * A failing document gets MongoDB 5.0+'s `errInfo.details` shape: `{ operatorName: '$jsonSchema',
 * schemaRulesNotSatisfied: [ { operatorName, specifiedAs, reason, … } ] }`.
 */
import type { Document } from 'bson';
import { EngineError } from '../errors';
import { isPlainObject, valueKey } from './values';

const KEYWORDS = new Set([
  'bsonType',
  'type',
  'required',
  'properties',
  'additionalProperties',
  'patternProperties',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'items',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'title',
  'description',
  'multipleOf',
  'dependencies',
]);
const UNSUPPORTED = new Set(['$ref', '$schema', 'default', 'definitions', 'format', 'id']);

const BSON_TYPES = new Set([
  'double',
  'string',
  'object',
  'array',
  'binData',
  'undefined',
  'objectId',
  'bool',
  'date',
  'null',
  'regex',
  'dbPointer',
  'javascript',
  'symbol',
  'javascriptWithScope',
  'int',
  'timestamp',
  'long',
  'decimal',
  'minKey',
  'maxKey',
  'number',
]);
const JSON_TYPES = new Set(['object', 'array', 'number', 'boolean', 'string', 'null']);

const parseError = (msg: string): EngineError => new EngineError(9, 'FailedToParse', msg);

/** Throws mongod's parse error for a schema using a keyword outside the supported set. */
export function checkSchema(schema: unknown): void {
  if (!isPlainObject(schema)) throw new EngineError(14, 'TypeMismatch', '$jsonSchema must be an object');
  for (const [k, v] of Object.entries(schema)) {
    if (UNSUPPORTED.has(k)) throw parseError(`$jsonSchema keyword '${k}' is not currently supported`);
    if (!KEYWORDS.has(k)) throw parseError(`Unknown $jsonSchema keyword: ${k}`);
    if (k === 'bsonType' || k === 'type') {
      const names = Array.isArray(v) ? (v as unknown[]) : [v];
      const allowed = k === 'bsonType' ? BSON_TYPES : JSON_TYPES;
      for (const n of names)
        if (typeof n !== 'string' || !allowed.has(n))
          throw new EngineError(2, 'BadValue', `Unknown type name alias: ${String(n)}`);
    }
    if (k === 'properties' || k === 'patternProperties') {
      if (!isPlainObject(v))
        throw new EngineError(14, 'TypeMismatch', `$jsonSchema keyword '${k}' must be an object`);
      for (const sub of Object.values(v)) checkSchema(sub);
    }
    if ((k === 'additionalProperties' || k === 'additionalItems') && isPlainObject(v)) checkSchema(v);
    if (k === 'items') for (const sub of Array.isArray(v) ? (v as unknown[]) : [v]) checkSchema(sub);
    if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') {
      if (!Array.isArray(v) || v.length === 0)
        throw new EngineError(14, 'TypeMismatch', `$jsonSchema keyword '${k}' must be a non-empty array`);
      for (const sub of v as unknown[]) checkSchema(sub);
    }
    if (k === 'not') checkSchema(v);
    if (k === 'required' && (!Array.isArray(v) || v.some((x) => typeof x !== 'string')))
      throw new EngineError(14, 'TypeMismatch', "$jsonSchema keyword 'required' must be an array of strings");
    if (k === 'pattern' && typeof v !== 'string')
      throw new EngineError(14, 'TypeMismatch', "$jsonSchema keyword 'pattern' must be a string");
  }
}

/** The BSON type alias of a value (as `$type` names it). */
export function bsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) <= 2147483647 ? 'int' : 'double';
  if (typeof v === 'bigint') return 'long';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  if (isPlainObject(v)) return 'object';
  const t = (v as { _bsontype?: string })._bsontype;
  switch (t) {
    case 'Int32':
      return 'int';
    case 'Double':
      return 'double';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'ObjectId':
    case 'ObjectID':
      return 'objectId';
    case 'Binary':
      return 'binData';
    case 'BSONRegExp':
      return 'regex';
    case 'Timestamp':
      return 'timestamp';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'Code':
      return 'javascript';
    case 'BSONSymbol':
      return 'symbol';
    case 'DBRef':
      return 'object';
    default:
      return 'object';
  }
}

const NUMERIC = new Set(['int', 'long', 'double', 'decimal']);

function jsonTypeOf(bsonType: string): string {
  if (NUMERIC.has(bsonType)) return 'number';
  if (bsonType === 'bool') return 'boolean';
  return bsonType;
}

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const t = bsonTypeOf(v);
  if (!NUMERIC.has(t)) return undefined;
  return Number((v as { toString(): string }).toString());
}

type Failure = Document;

/** Returns MongoDB's rule failures for `value` against `schema` (empty: it satisfies the schema). */
function failures(schema: Document, value: unknown, top: boolean): Failure[] {
  const out: Failure[] = [];
  const t = bsonTypeOf(value);
  const typeReason = (k: string, spec: unknown): void => {
    out.push({
      operatorName: k,
      specifiedAs: { [k]: spec },
      reason: 'type did not match',
      consideredValue: value,
      consideredType: t,
    });
  };
  if (schema.bsonType !== undefined) {
    const names = (Array.isArray(schema.bsonType) ? schema.bsonType : [schema.bsonType]) as string[];
    if (!names.some((n) => n === t || (n === 'number' && NUMERIC.has(t))))
      typeReason('bsonType', schema.bsonType);
  }
  if (schema.type !== undefined) {
    const names = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[];
    if (!names.includes(jsonTypeOf(t))) typeReason('type', schema.type);
  }
  if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).some((e) => valueKey(e) === valueKey(value)))
    out.push({
      operatorName: 'enum',
      specifiedAs: { enum: schema.enum as unknown },
      reason: 'value was not found in enum',
      consideredValue: value,
    });
  const n = numberOf(value);
  if (n !== undefined) {
    if (schema.minimum !== undefined) {
      const min = Number(schema.minimum);
      if (schema.exclusiveMinimum === true ? n <= min : n < min)
        out.push({
          operatorName: 'minimum',
          specifiedAs: { minimum: schema.minimum as unknown },
          reason: 'comparison failed',
          consideredValue: value,
        });
    }
    if (schema.maximum !== undefined) {
      const max = Number(schema.maximum);
      if (schema.exclusiveMaximum === true ? n >= max : n > max)
        out.push({
          operatorName: 'maximum',
          specifiedAs: { maximum: schema.maximum as unknown },
          reason: 'comparison failed',
          consideredValue: value,
        });
    }
    if (schema.multipleOf !== undefined && n % Number(schema.multipleOf) !== 0)
      out.push({
        operatorName: 'multipleOf',
        specifiedAs: { multipleOf: schema.multipleOf as unknown },
        reason: 'considered value is not a multiple of the specified value',
        consideredValue: value,
      });
  }
  if (typeof value === 'string') {
    const len = [...value].length;
    if (schema.minLength !== undefined && len < Number(schema.minLength))
      out.push({
        operatorName: 'minLength',
        specifiedAs: { minLength: schema.minLength as unknown },
        reason: 'specified string length was not satisfied',
        consideredValue: value,
      });
    if (schema.maxLength !== undefined && len > Number(schema.maxLength))
      out.push({
        operatorName: 'maxLength',
        specifiedAs: { maxLength: schema.maxLength as unknown },
        reason: 'specified string length was not satisfied',
        consideredValue: value,
      });
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      out.push({
        operatorName: 'pattern',
        specifiedAs: { pattern: schema.pattern },
        reason: 'regular expression did not match',
        consideredValue: value,
      });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < Number(schema.minItems))
      out.push({
        operatorName: 'minItems',
        specifiedAs: { minItems: schema.minItems as unknown },
        reason: 'array did not match specified length',
        consideredValue: value,
      });
    if (schema.maxItems !== undefined && value.length > Number(schema.maxItems))
      out.push({
        operatorName: 'maxItems',
        specifiedAs: { maxItems: schema.maxItems as unknown },
        reason: 'array did not match specified length',
        consideredValue: value,
      });
    if (schema.uniqueItems === true && new Set(value.map((x) => valueKey(x))).size !== value.length)
      out.push({
        operatorName: 'uniqueItems',
        specifiedAs: { uniqueItems: true },
        reason: 'found a duplicate item',
        consideredValue: value,
      });
    const items = schema.items as unknown;
    if (isPlainObject(items)) {
      const bad: Document[] = [];
      value.forEach((x, i) => {
        const f = failures(items, x, false);
        if (f.length) bad.push({ index: i, details: f });
      });
      if (bad.length)
        out.push({
          operatorName: 'items',
          reason: 'At least one item did not match the sub-schema',
          itemIndex: bad[0].index as number,
          details: bad[0].details as unknown,
        });
    } else if (Array.isArray(items)) {
      (items as Document[]).forEach((sub, i) => {
        if (i >= value.length) return;
        const f = failures(sub, value[i], false);
        if (f.length)
          out.push({
            operatorName: 'items',
            reason: 'At least one item did not match the sub-schema',
            itemIndex: i,
            details: f,
          });
      });
      if (schema.additionalItems === false && value.length > items.length)
        out.push({
          operatorName: 'additionalItems',
          specifiedAs: { additionalItems: false },
          reason: 'found additional items',
          additionalItems: value.slice(items.length),
        });
    }
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (Array.isArray(schema.required)) {
      const missing = (schema.required as string[]).filter((k) => !(k in value));
      if (missing.length)
        out.push({
          operatorName: 'required',
          specifiedAs: { required: schema.required as unknown },
          missingProperties: missing,
        });
    }
    if (schema.minProperties !== undefined && keys.length < Number(schema.minProperties))
      out.push({
        operatorName: 'minProperties',
        specifiedAs: { minProperties: schema.minProperties as unknown },
        reason: 'specified number of properties was not satisfied',
        numberOfProperties: keys.length,
      });
    if (schema.maxProperties !== undefined && keys.length > Number(schema.maxProperties))
      out.push({
        operatorName: 'maxProperties',
        specifiedAs: { maxProperties: schema.maxProperties as unknown },
        reason: 'specified number of properties was not satisfied',
        numberOfProperties: keys.length,
      });
    const props = isPlainObject(schema.properties) ? schema.properties : {};
    const bad: Document[] = [];
    for (const [k, sub] of Object.entries(props)) {
      if (!(k in value)) continue;
      const f = failures(sub as Document, value[k], false);
      if (f.length) bad.push({ propertyName: k, details: f });
    }
    if (bad.length) out.push({ operatorName: 'properties', propertiesNotSatisfied: bad });
    const patterns = isPlainObject(schema.patternProperties)
      ? Object.entries(schema.patternProperties).map(([p, sub]) => [new RegExp(p, 'u'), sub] as const)
      : [];
    const badPattern: Document[] = [];
    for (const k of keys)
      for (const [re, sub] of patterns)
        if (re.test(k)) {
          const f = failures(sub as Document, value[k], false);
          if (f.length) badPattern.push({ propertyName: k, regexMatched: re.source, details: f });
        }
    if (badPattern.length) out.push({ operatorName: 'patternProperties', details: badPattern });
    const extra = schema.additionalProperties as unknown;
    if (extra !== undefined && extra !== true) {
      const additional = keys.filter((k) => !(k in props) && !patterns.some(([re]) => re.test(k)));
      if (extra === false && additional.length)
        out.push({
          operatorName: 'additionalProperties',
          specifiedAs: { additionalProperties: false },
          additionalProperties: additional,
        });
      else if (isPlainObject(extra)) {
        const badExtra = additional.flatMap((k) => {
          const f = failures(extra, value[k], false);
          return f.length ? [{ propertyName: k, details: f }] : [];
        });
        if (badExtra.length) out.push({ operatorName: 'additionalProperties', details: badExtra });
      }
    }
  }
  const combos: Array<[string, (count: number, total: number) => boolean]> = [
    ['allOf', (c, total) => c === total],
    ['anyOf', (c) => c > 0],
    ['oneOf', (c) => c === 1],
  ];
  for (const [k, ok] of combos) {
    const subs = schema[k] as unknown;
    if (!Array.isArray(subs)) continue;
    const passing = (subs as Document[]).filter((sub) => failures(sub, value, top).length === 0).length;
    if (!ok(passing, subs.length))
      out.push({ operatorName: k, specifiedAs: { [k]: subs }, reason: `did not match ${k} schemas` });
  }
  if (isPlainObject(schema.not) && failures(schema.not, value, top).length === 0)
    out.push({ operatorName: 'not', specifiedAs: { not: schema.not }, reason: 'child expression matched' });
  return out;
}

/** `null` when `doc` satisfies `schema`; otherwise the `errInfo.details` MongoDB reports. */
export function schemaFailure(schema: Document, doc: Document): Document | null {
  const f = failures(schema, doc, true);
  return f.length ? { operatorName: '$jsonSchema', schemaRulesNotSatisfied: f } : null;
}

/** Does `doc` satisfy `schema` (used by the `$jsonSchema` query operator)? */
export function matchesSchema(schema: Document, doc: Document): boolean {
  return failures(schema, doc, true).length === 0;
}
