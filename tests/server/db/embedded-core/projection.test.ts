/**
 * The engine's mingo-free find projection (`storage/projection.ts`): mongod's answers from
 * `jstests/core/projection_semantics.js`, agreement with mingo's projection on random documents where mingo
 * follows mongod, which projections it leaves to mingo, and that the stored document is never modified.
 */
import fc from 'fast-check';
import type { Document } from 'bson';
import { ObjectId } from 'bson';
import { projector } from '../../../../server/src/db/embedded/commands/crud';
import { Query } from '../../../../server/src/db/embedded/storage/mingo';
import { compileSimpleProjection } from '../../../../server/src/db/embedded/storage/projection';
import { MINGO_BASE } from '../../../../server/src/db/embedded/storage/values';

const project = (spec: Document, doc: Document): Document => {
  const p = compileSimpleProjection(spec);
  if (!p) throw new Error(`not a simple projection: ${JSON.stringify(spec)}`);
  return p(doc);
};

/**
 * mingo's find projection (what the engine ran for every projection before), on a copy; undefined where
 * mingo throws (it fails on a null inside an array on an excluded path, where mongod answers).
 */
const mingoProject = (spec: Document, doc: Document): Document | undefined => {
  let projected: Document;
  try {
    projected = new Query({}, { ...MINGO_BASE }).find<Document>([structuredClone(doc)], spec).all()[0] ?? {};
  } catch {
    return undefined;
  }
  // The engine's projector keeps the document's top-level field order.
  const out: Document = {};
  for (const k of Object.keys(doc)) if (k in projected) out[k] = projected[k] as unknown;
  return out;
};

describe('mongod projection semantics (jstests/core/projection_semantics.js)', () => {
  test.each<[Document, Document, Document]>([
    [{ a: 1 }, { _id: 1, a: 'demo', b: 'other' }, { _id: 1, a: 'demo' }],
    [{ a: 1 }, { _id: 1, b: 'other' }, { _id: 1 }],
    [{ a: 1, _id: 0 }, { _id: 1, a: [1, {}, 2] }, { a: [1, {}, 2] }],
    [{ 'a.b': 1 }, { _id: 1, a: { b: 'demo', _id: 'extra' } }, { _id: 1, a: { b: 'demo' } }],
    [{ 'a.b': 1 }, { _id: 1, a: [{ b: 1, c: 1 }, { c: 2 }], x: 'extra' }, { _id: 1, a: [{ b: 1 }, {}] }],
    [{ 'a.b': 1 }, { _id: 1, a: {} }, { _id: 1, a: {} }],
    [{ 'a.b': 1 }, { _id: 1, a: 'scalar' }, { _id: 1 }],
    [{ 'a.b': 1, _id: 0 }, { _id: 1, a: ['scalar', {}, 'scalar', { c: 1 }] }, { a: [{}, {}] }],
    [{ 'a.b': 1, _id: 0 }, { _id: 1, a: [null] }, { a: [] }],
    [{ 'a.b': 1, _id: 0 }, { _id: 1, a: [[1, 2, 3]] }, { a: [[]] }],
    [
      { 'a.b': 1, _id: 0 },
      { _id: 1, a: [[], [[], [], [1], [{ c: 1 }]], { b: 1 }] },
      { a: [[], [[], [], [], [{}]], { b: 1 }] },
    ],
    [
      { 'a.b': 1, 'a.c': 1, _id: 0 },
      {
        _id: 1,
        a: [
          { b: 1, c: 2 },
          { b: 3, d: 4 },
        ],
      },
      { a: [{ b: 1, c: 2 }, { b: 3 }] },
    ],
    [{ 'a.b.c': 1, _id: 0 }, { _id: 1, a: { b: 'scalar' } }, { a: {} }],
    [{ 'a.b.c': 1, _id: 0 }, { _id: 1, a: [1, { b: [[1, 2], [{}], 2] }, 2] }, { a: [{ b: [[], [{}]] }] }],
    [
      { 'a.b.c': 1, _id: 0 },
      { _id: 1, a: [[1, 2], [{ b: [[1, 2], [{ c: [[1, 2], [{}], 2] }], 2] }], 2] },
      { a: [[], [{ b: [[], [{ c: [[1, 2], [{}], 2] }]] }]] },
    ],
    [
      { measurements: { temperature: 1, pressure: 1 }, _id: 0 },
      { _id: 1, measurements: { temperature: 20, pressure: 0.7, humidity: 0.4 } },
      { measurements: { temperature: 20, pressure: 0.7 } },
    ],
    [{ a: 0 }, { _id: 1, a: 1, b: 1, c: 1 }, { _id: 1, b: 1, c: 1 }],
    [
      { 'a.b': 0 },
      { _id: 1, a: ['scalar', { b: 1, c: 1, d: 1 }, { b: 2, c: 2 }, { b: 3 }] },
      { _id: 1, a: ['scalar', { c: 1, d: 1 }, { c: 2 }, {}] },
    ],
    [
      { 'a.b.c': 0 },
      { _id: 1, a: [[], [{ b: [[1, 2], { c: 1, d: 1 }] }]] },
      { _id: 1, a: [[], [{ b: [[1, 2], { d: 1 }] }]] },
    ],
    [
      { measurements: { humidity: 0, time: 0 }, _id: 0 },
      { _id: 1, measurements: { temperature: 20, humidity: 0.4, time: 3 } },
      { measurements: { temperature: 20 } },
    ],
    [{ _id: 1 }, { _id: 1, a: 1 }, { _id: 1 }],
    [{ _id: 0 }, { _id: 1, a: 1, b: 1 }, { a: 1, b: 1 }],
    [
      { _id: 1, a: 0 },
      { _id: 1, a: 1, b: 1 },
      { _id: 1, b: 1 },
    ],
  ])('%j of %j', (spec, doc, expected) => {
    const out = project(spec, doc);
    expect(out).toEqual(expected);
    expect(Object.keys(out)).toEqual(Object.keys(expected));
  });

  test('inclusion keeps the document field order; BSON values are values, not sub-documents', () => {
    const id = new ObjectId();
    const at = new Date(0);
    const doc = { z: 1, _id: id, a: { y: 1, x: 2 }, at };
    const out = project({ at: 1, 'a.x': 1, 'a.y': 1, z: 1 }, doc);
    expect(Object.keys(out)).toEqual(['z', '_id', 'a', 'at']);
    expect(Object.keys(out.a as Document)).toEqual(['y', 'x']);
    expect(out._id).toBe(id);
    expect(project({ 'at.x': 1, _id: 0 }, doc)).toEqual({});
    expect(project({ 'at.x': 0 }, doc).at).toBe(at);
  });
});

test('projections it leaves to mingo', () => {
  for (const spec of [
    { a: { $slice: 1 } },
    { a: { $elemMatch: { b: 1 } } },
    { 'a.$': 1 },
    { a: 1, b: 0 },
    { a: 1, 'a.b': 1 },
    { 'a.0': 1 },
    { '_id.x': 1 },
    { a: 'literal' },
    { a: {} },
    { a: { $literal: 1 } },
    { 'a..b': 1 },
  ] as Document[])
    expect(compileSimpleProjection(spec)).toBeNull();
});

test('the stored document is never modified (mingo edited it in place for nested exclusions)', () => {
  const doc = { _id: 1, a: { b: 1, c: 2 }, l: [1, { b: 1, c: 2 }, [{ b: 3 }]] };
  const before = structuredClone(doc);
  for (const spec of [
    { 'a.b': 0, 'l.b': 0 },
    { 'a.b': 1, 'l.c': 1 },
    { 'a.b': 0, 'l.0': 0 },
    { l: { $slice: 1 } },
  ])
    projector(spec, {}, undefined, { ...MINGO_BASE })!(doc);
  expect(doc).toEqual(before);
});

// Random documents over a few field names, nested up to 3 levels, with scalars, nulls, BSON values, arrays.
const names = ['a', 'b', 'c', '_id'];
const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('x', 'y', null, true),
  fc.constant(new Date(0)),
);
const { value } = fc.letrec<{ value: unknown; obj: Document }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    tie('obj'),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
  obj: fc.dictionary(fc.constantFrom(...names), tie('value'), { maxKeys: 3 }),
}));
const doc = fc
  .dictionary(fc.constantFrom('a', 'b', 'c', 'd'), value, { maxKeys: 4 })
  .map((d): Document => ({ _id: 1, ...d }));
const path = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }).map((p) => p.join('.'));
const noPrefixClash = (paths: string[]): boolean =>
  paths.every((p, i) => paths.every((q, j) => i === j || (p !== q && !q.startsWith(`${p}.`))));

/** Do arrays directly inside arrays occur (mingo's exclusion leaves them untouched; mongod walks them)? */
const nestedArrays = (v: unknown): boolean =>
  Array.isArray(v)
    ? v.some((x) => Array.isArray(x) || nestedArrays(x))
    : v !== null && typeof v === 'object' && !(v instanceof Date) && Object.values(v).some(nestedArrays);

/**
 * Property: for a random document `admits` accepts and 1–3 distinct paths (none a prefix of another) all set to
 * `value` (1 inclusion, 0 exclusion), with `_id: 0` half the time, `project` gives mingo's result (mingoProject
 * works on a copy) and leaves the document as it was. A case where mingo gives no result (undefined) is skipped
 * for an exclusion only; for an inclusion it fails the comparison.
 */
function agreesWithMingo(value: 0 | 1, admits: (d: Document) => boolean): void {
  fc.assert(
    fc.property(
      doc,
      fc.uniqueArray(path, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      (d, paths, withId) => {
        fc.pre(noPrefixClash(paths) && admits(d));
        const spec: Document = Object.fromEntries(paths.map((p) => [p, value]));
        if (!withId) spec._id = 0;
        const expected = mingoProject(spec, d);
        if (value === 0) fc.pre(expected !== undefined);
        const before = structuredClone(d);
        expect(project(spec, d)).toEqual(expected);
        expect(d).toEqual(before);
      },
    ),
    { numRuns: 500 },
  );
}

test('inclusion agrees with mingo on random documents and paths', () => {
  agreesWithMingo(1, () => true);
});

test('exclusion agrees with mingo on random documents without arrays in arrays', () => {
  agreesWithMingo(0, (d) => !nestedArrays(d));
});
