/**
 * Read-only views (`create` with `viewOn` + `pipeline`), kept as MongoDB keeps them: one document per
 * view in the database's `system.views` collection (`{ _id: "<db>.<view>", viewOn, pipeline,
 * collation? }`), so they are journaled and snapshotted like any document. Reads (find, aggregate,
 * count, distinct) run the view's pipeline (resolved through views of views) followed by the
 * request's own stages; writes are refused with 166 CommandNotSupportedOnView.
 */
import type { Document } from 'bson';
import type { Effect } from '../types';
import { EngineError, invalidNamespace } from '../errors';
import { isPlainObject } from '../storage/values';
import type { EngineContext } from './context';
import { checkPipeline } from './validate';

export const VIEWS = 'system.views';

export interface ViewDef {
  viewOn: string;
  pipeline: Document[];
  collation?: Document;
}

export function viewOf(ctx: EngineContext, db: string, name: string): ViewDef | undefined {
  const views = ctx.store.getColl(db, VIEWS);
  if (!views || views.docs.size === 0) return undefined;
  for (const d of views.docs.values()) {
    if (d._id === `${db}.${name}`) {
      return {
        viewOn: d.viewOn as string,
        pipeline: (d.pipeline as Document[] | undefined) ?? [],
        ...(isPlainObject(d.collation) ? { collation: d.collation } : {}),
      };
    }
  }
  return undefined;
}

/** The backing collection and the full pipeline of a view (views on views resolved). */
export function resolveView(
  ctx: EngineContext,
  db: string,
  name: string,
): { collection: string; pipeline: Document[]; collation?: Document } | undefined {
  let view = viewOf(ctx, db, name);
  if (!view) return undefined;
  let pipeline: Document[] = [];
  let collation: Document | undefined = view.collation;
  for (let depth = 0; view; depth++) {
    if (depth > 20)
      throw new EngineError(
        40373,
        'ViewDepthLimitExceeded',
        `View depth too deep or view cycle detected; maximum depth is 20`,
      );
    pipeline = [...view.pipeline, ...pipeline];
    name = view.viewOn;
    collation ??= view.collation;
    view = viewOf(ctx, db, name);
  }
  return { collection: name, pipeline, ...(collation ? { collation } : {}) };
}

/** 166 for a write (or an index command) addressed to a view. */
export function refuseViewWrite(ctx: EngineContext, db: string, name: string): void {
  if (viewOf(ctx, db, name))
    throw new EngineError(
      166,
      'CommandNotSupportedOnView',
      `Namespace ${db}.${name} is a view, not a collection`,
    );
}

/** `create` with `viewOn` / `pipeline`: validates and stores the definition. */
export function createView(
  ctx: EngineContext,
  db: string,
  name: string,
  cmd: Document,
  effects: Effect[],
): void {
  const viewOn = cmd.viewOn as unknown;
  if (typeof viewOn !== 'string' || viewOn === '')
    throw invalidNamespace("'viewOn' must be specified and be a non-empty string");
  const pipeline = (cmd.pipeline as unknown) ?? [];
  if (!Array.isArray(pipeline))
    throw new EngineError(
      14,
      'TypeMismatch',
      "BSON field 'create.pipeline' is the wrong type, expected type 'array'",
    );
  checkPipeline(pipeline as unknown[]);
  for (const st of pipeline as Document[]) {
    const stage = Object.keys(st)[0];
    if (stage === '$out' || stage === '$merge')
      throw new EngineError(167, 'OptionNotSupportedOnView', `${stage} cannot be used in a view definition`);
  }
  for (const k of [
    'validator',
    'capped',
    'timeseries',
    'clusteredIndex',
    'validationLevel',
    'validationAction',
  ])
    if (cmd[k] !== undefined)
      throw new EngineError(166, 'CommandNotSupportedOnView', `Cannot specify '${k}' option for a view`);
  if (ctx.store.getColl(db, name) || viewOf(ctx, db, name))
    throw new EngineError(48, 'NamespaceExists', `Namespace ${db}.${name} already exists`);
  // A cycle (a view on itself, through other views) is refused now, as MongoDB does.
  for (
    let on: string | undefined = viewOn, depth = 0;
    on !== undefined;
    on = viewOf(ctx, db, on)?.viewOn, depth++
  )
    if (on === name || depth > 20)
      throw new EngineError(
        40373,
        'ViewDepthLimitExceeded',
        'View depth too deep or view cycle detected; maximum depth is 20',
      );
  const views = ctx.store.ensureColl(db, VIEWS, effects);
  const doc: Document = {
    _id: `${db}.${name}`,
    viewOn,
    pipeline,
    ...(isPlainObject(cmd.collation) ? { collation: cmd.collation } : {}),
  };
  views.insert(doc);
  effects.push({ op: 'insert', db, coll: VIEWS, doc });
}

/** Drops a view definition; false when `name` is not a view. */
export function dropView(ctx: EngineContext, db: string, name: string, effects: Effect[]): boolean {
  if (!viewOf(ctx, db, name)) return false;
  const views = ctx.store.getColl(db, VIEWS);
  if (!views) return false;
  for (const [key, d] of views.docs) {
    if (d._id === `${db}.${name}`) {
      views.delete(key);
      effects.push({ op: 'delete', db, coll: VIEWS, id: d._id });
      return true;
    }
  }
  return false;
}

/** `listCollections` entries for the views of `db`. */
export function viewEntries(ctx: EngineContext, db: string, nameOnly: boolean): Document[] {
  const views = ctx.store.getColl(db, VIEWS);
  if (!views) return [];
  return [...views.docs.values()].map((d) => {
    const name = String(d._id).slice(db.length + 1);
    return nameOnly
      ? { name, type: 'view' }
      : {
          name,
          type: 'view',
          options: {
            viewOn: d.viewOn as unknown,
            pipeline: d.pipeline as unknown,
            ...(d.collation ? { collation: d.collation as unknown } : {}),
          },
          info: { readOnly: true },
        };
  });
}
