/**
 * Tables as data: what a table is (`TableInfo`, read from `DescribeTable` and
 * `DescribeTimeToLive`), what its models want of it (`TableShape`), and the steps from the one
 * to the other (`diff`, a `TablePlan`). Pure: `Dynamo.describeTable` reads a table, and
 * `Dynamo.planTable` / `Dynamo.syncTable` run `diff` on what it read.
 *
 * ```ts
 * const plan = Table.diff([Order, Customer], info, { rebuildIndexes: true })
 * console.log(TablePlan.show(plan))
 * ```
 *
 * @since 0.2.0
 * @category Tables
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import type * as DE from '../DynamoError.js'
import { modelWhy, withModel } from '../model/isModel.js'
import { thrown } from '../internal/show.js'
import type * as M from '../model/Model.js'
import type * as A from '../ast/Attr.js'
import { entityConflicts } from './entities.js'
import { entityProjection } from '../model/projected.js'
import type { Step, TablePlan } from './TablePlan.js'
import { showBilling, showKeys, showProjection } from './show.js'
import { indexKeys, keyAttributes } from '../model/indexKeys.js'
import { attributesOf, indexKeyOf } from './indexKey.js'
import { keyTypeConflicts } from './keyTypes.js'
import { keyAttributeOf, keySchemaOf, keySchemaWhy, sameKey } from './keySchema.js'
import { pendingWhy, settled, stuckWhy, ttlBlocked } from './describe.js'
import { leading, listOf, modelsWhy, ttlDisagreement, ttlOf } from './models.js'
import { indexLimitsWhy } from './indexLimits.js'
import { names, read } from '../internal/optionNames.js'
import { diffOptionKeys, diffValuesWhy } from './diffOptions.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A key attribute: its name and stored type.
 *
 * @category model
 */
export interface KeyAttribute {
  readonly name: string
  readonly type: M.StoredKeyType
}

/**
 * Read and write capacity units.
 *
 * @category model
 */
export interface Units {
  readonly readUnits: number
  readonly writeUnits: number
}

/**
 * What an index holds besides its keys and the table's.
 *
 * @category model
 */
export type Projection =
  | { readonly _tag: 'All' }
  | { readonly _tag: 'KeysOnly' }
  /** `attributes` sorted, without key attributes. */
  | { readonly _tag: 'Include'; readonly attributes: ReadonlyArray<string> }

/**
 * An index's key: one attribute, or a global index's multi-attribute key (2 to 4 attributes,
 * in order; one attribute is never a list, as DynamoDB cannot tell the two apart).
 *
 * @category model
 */
export type IndexKey = KeyAttribute | ReadonlyArray<KeyAttribute>

/**
 * An index as declared: its kind, keys, projection, and (global, provisioned table) its units.
 *
 * @category model
 */
export interface IndexShape {
  readonly _tag: 'GlobalIndex' | 'LocalIndex'
  readonly hashKey: IndexKey
  readonly rangeKey?: IndexKey
  readonly projection: Projection
  /** A global index's units on a provisioned table; absent otherwise. */
  readonly units?: Units
}

/**
 * A table as its models want it.
 *
 * @category model
 */
export interface TableShape {
  /** The table name, as the models give it (without the `Env`'s prefix). */
  readonly table: string
  readonly hashKey: KeyAttribute
  readonly rangeKey?: KeyAttribute
  readonly billing: M.Throughput
  readonly indexes: Readonly<Record<string, IndexShape>>
  /** The attribute whose time (epoch seconds) expires an item, when the table has one. */
  readonly ttl?: string
}

/**
 * An index of a table as DynamoDB describes it.
 *
 * @category model
 */
export interface IndexInfo extends IndexShape {
  /** `CREATING`, `UPDATING`, `DELETING` or `ACTIVE` (a local index is always `ACTIVE`). */
  readonly status: string
  /** Whether DynamoDB is still filling a new global index from the table's items. */
  readonly backfilling: boolean
  /** DynamoDB's approximate count (refreshed about every six hours). */
  readonly itemCount: number
}

/**
 * A table's time to live: its status and the attribute it reads.
 *
 * @category model
 */
export interface TtlInfo {
  readonly status: 'ENABLED' | 'ENABLING' | 'DISABLED' | 'DISABLING'
  readonly attribute?: string
}

/**
 * A table as DynamoDB describes it (`DescribeTable` and `DescribeTimeToLive`).
 *
 * @category model
 */
export interface TableInfo {
  /** The name DynamoDB knows (with the `Env`'s prefix). */
  readonly name: string
  /** `CREATING`, `UPDATING`, `DELETING`, `ACTIVE`, … */
  readonly status: string
  readonly hashKey: KeyAttribute
  readonly rangeKey?: KeyAttribute
  readonly billing: M.Throughput
  readonly indexes: Readonly<Record<string, IndexInfo>>
  readonly ttl: TtlInfo
  /** DynamoDB's approximate item count (refreshed about every six hours). */
  readonly itemCount: number
  readonly sizeBytes: number
}

/**
 * A model as `diff` reads it: a `Model`, which may name its time-to-live attribute (`ttl`,
 * the attribute whose epoch seconds expire an item).
 *
 * @category model
 */
export type TableModel = M.Model<any, any, any, any>

/** Each model's table as a one-element tuple (one table whose name is a union of literals stays one); `never` where its type does not tell it (`string`). */
type TableOfModel<Mo> = Mo extends { readonly table: infer N } ? (string extends N ? never : [N]) : never

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never

/**
 * What the table operations (`diff`, `Dynamo.createTable`, `planTable`, `syncTable`) take beyond
 * a model or a list of models: models of one table, a misuse that says so where their tables'
 * literal types differ (`Model.make` keeps the literal). Tables whose type does not tell them
 * (`string`) are the run's to check: a `ValidationError` before any request, an `Unfixable`
 * step of `diff`.
 *
 * @category type-level
 */
export type OneTable<Ms> =
  Ms extends ReadonlyArray<infer Mo>
    ? [TableOfModel<Mo>] extends [Intersection<TableOfModel<Mo>>]
      ? unknown
      : A.Misuse<'the models of a table operation share one table: their tables differ'>
    : unknown

/**
 * A model of the table `N`, or a list of them: what a table operation takes from generic code,
 * where `OneTable` of a type parameter cannot be told (`N` is inferred from the models' tables,
 * through the type parameter's constraint: `string` where the types do not tell it).
 *
 * @category type-level
 */
export type OfTable<N extends string> = (TableModel & { readonly table: N }) | ReadonlyArray<TableModel & { readonly table: N }>

/**
 * `OneTable` of the tables' names `N` (as `OfTable` infers them): a misuse where they are two
 * literals or more.
 *
 * @category type-level
 */
export type OneName<N extends string> = string extends N
  ? unknown
  : [N] extends [Intersection<N>]
    ? unknown
    : A.Misuse<'the models of a table operation share one table: their tables differ'>

/**
 * What `diff` may plan beyond creating: deleting undeclared global indexes, rebuilding changed
 * ones.
 *
 * @category model
 */
export interface DiffOptions {
  /** Delete the global indexes of the table that no model declares (default: keep them). */
  readonly deleteIndexes?: boolean | undefined
  /** Delete and create again a global index whose keys or projection changed (default: `Unfixable`). */
  readonly rebuildIndexes?: boolean | undefined
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A declared projection. A list leaves out the attributes every index holds anyway (the
 * table's keys and the index's own), each attribute once, sorted (DynamoDB refuses a name twice
 * in `NonKeyAttributes`, and describes the list it keeps); another index's key is a plain
 * attribute here. A list with nothing left is the keys only (DynamoDB refuses an `INCLUDE` of
 * no attribute).
 */
const projectionOf = (keys: ReadonlyArray<string | undefined>, p: M.Projection<any>): Projection => {
  if (p === 'all') return { _tag: 'All' }
  const attributes = p === 'keys' ? [] : [...new Set(p as ReadonlyArray<string>)].filter((a) => !keys.includes(a)).sort()
  return attributes.length === 0 ? { _tag: 'KeysOnly' } : { _tag: 'Include', attributes }
}

/**
 * The table one model wants: its keys, billing (as declared, else the default a new table
 * gets), indexes (a global index's units are its own, else the table's) and time-to-live
 * attribute. `Command.createTable` sends it; `diff` keeps the billing of a table that exists
 * where no model declares one. What is no model (`isModel`: null, a forged one) is its
 * `ValidationError`, as is a part of the model that throws when read (`withModel`).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Model, Table } from 'dynamongo'
 *
 * const Orders = Model.make({ table: 'orders', hashKey: 'customer', rangeKey: 'at', codec: t.type({ customer: t.string, at: t.number }), billing: 'onDemand' })
 * pipe(Table.shapeOf(Orders), E.map((s) => [s.hashKey, s.rangeKey, s.billing]))
 * // => E.right([{ name: 'customer', type: 'S' }, { name: 'at', type: 'N' }, { _tag: 'OnDemand' }])
 * ```
 *
 * @category constructors
 */
export const shapeOf = (m: TableModel): E.Either<DE.DynamoError, TableShape> => withModel(m, () => E.right(shapeWith(m, m.throughput, () => undefined)))

/**
 * The table `m` wants when its billing is `billing`: a global index's units are its own, else
 * `base(name)`, else the table's; none on an on-demand table.
 */
const shapeWith = (m: TableModel, billing: M.Throughput, base: (name: string) => Units | undefined): TableShape => {
  const indexes: Record<string, IndexShape> = {}
  for (const [name, ix] of Object.entries(m.indexes)) {
    const k = indexKeys(m, ix)
    const range = indexKeyOf(k.range.map((a) => keyAttributeOf(m, a)))
    const keys = [m.hashKey, m.rangeKey, ...keyAttributes(k)]
    const from = ix._tag === 'GlobalIndex' && billing._tag === 'Provisioned' ? (base(name) ?? billing) : undefined
    indexes[name] = {
      _tag: ix._tag,
      hashKey: indexKeyOf(k.hash.map((a) => keyAttributeOf(m, a))) as IndexKey,
      ...(range === undefined ? {} : { rangeKey: range }),
      projection: projectionOf(keys, entityProjection(m, keys, ix.projection)),
      ...(ix._tag === 'GlobalIndex' && from !== undefined ? { units: { readUnits: ix.readUnits ?? from.readUnits, writeUnits: ix.writeUnits ?? from.writeUnits } } : {}),
    }
  }
  return {
    table: m.table,
    ...keySchemaOf(m),
    billing,
    indexes,
    ...(m.ttl === undefined ? {} : { ttl: m.ttl }),
  }
}

// -------------------------------------------------------------------------------------
// diff
// -------------------------------------------------------------------------------------

/** The same attributes, in the same order (a multi-attribute key's order is part of it). */
const sameIndexKey = (a: IndexKey | undefined, b: IndexKey | undefined): boolean => {
  const xs = attributesOf(a)
  const ys = attributesOf(b)
  return xs.length === ys.length && xs.every((x, i) => sameKey(x, ys[i]))
}

const sameProjection = (a: Projection, b: Projection): boolean =>
  a._tag === b._tag &&
  (a._tag !== 'Include' || (b._tag === 'Include' && a.attributes.length === b.attributes.length && a.attributes.every((x, i) => x === b.attributes[i])))

/** Same kind, keys and projection (units aside): the parts DynamoDB cannot change in place. */
const sameIndex = (a: IndexShape, b: IndexShape): boolean =>
  a._tag === b._tag && sameIndexKey(a.hashKey, b.hashKey) && sameIndexKey(a.rangeKey, b.rangeKey) && sameProjection(a.projection, b.projection)

const sameUnits = (a: Units | undefined, b: Units | undefined): boolean =>
  a === undefined ? b === undefined : b !== undefined && a.readUnits === b.readUnits && a.writeUnits === b.writeUnits

const showIndex = (ix: IndexShape): string =>
  `${ix._tag === 'GlobalIndex' ? 'global' : 'local'}, ${showKeys(ix)}, projection ${showProjection(ix.projection)}`

/** Whether a model declares both units of its global index `name` (`Model.globalIndex({ readUnits, writeUnits })`). */
const unitsDeclared = (models: ReadonlyArray<TableModel>, name: string): boolean =>
  models.some((m) => {
    const ix = own(m.indexes as Readonly<Record<string, M.GlobalIndex | M.LocalIndex>>, name)
    return ix?._tag === 'GlobalIndex' && ix.readUnits !== undefined && ix.writeUnits !== undefined
  })

/** Whether a model declares its billing (`billing`, `readUnits` or `writeUnits`); one made without `Model.make`'s flag counts as declaring it. */
const declares = (m: TableModel): boolean => m.throughputDeclared !== false

/**
 * The one table that `models` share: they must name one table, with one key schema, one
 * billing and one time-to-live attribute, and declare an index of one name alike. What they
 * disagree on comes back as reasons (the `leading` model's word is kept). The billing is the
 * first declaring model's; where none declares one, that of `table` (the table as it is, when
 * there is one: `kept`, its global indexes' units kept too, a new one's the table's), else
 * the default (`Model.make`'s).
 */
const merge = (
  models: ReadonlyArray<TableModel>,
  table?: TableInfo,
): { readonly shape: TableShape; readonly conflicts: ReadonlyArray<string>; readonly kept: boolean } => {
  const lead = leading(models) as TableModel
  const decides = models.find(declares)
  const kept = decides === undefined && table !== undefined
  const billing = decides?.throughput ?? (kept ? table.billing : lead.throughput)
  const base = (name: string): Units | undefined => (kept ? own(table.indexes, name)?.units : undefined)
  const first = shapeWith(lead, billing, base)
  // the table's time to live: the leading model's, or one that entities which never expire share (models.ts)
  const ttl = ttlOf(models)
  const conflicts: string[] = []
  const indexes: Record<string, IndexShape> = { ...first.indexes }
  for (const m of models.filter((m) => m !== lead)) {
    const s = shapeWith(m, billing, base)
    const keyWhy = keySchemaWhy(lead, m)
    if (keyWhy !== undefined) conflicts.push(`the models disagree on the key schema: ${keyWhy}`)
    // a model that declares no billing takes the one decided; two that declare it must agree
    if (declares(m) && showBilling(m.throughput) !== showBilling(billing)) conflicts.push(`the models disagree on billing: ${showBilling(billing)} and ${showBilling(m.throughput)}`)
    const ttlWhy = ttlDisagreement(lead, m, ttl)
    if (ttlWhy !== undefined) conflicts.push(ttlWhy)
    for (const [name, ix] of Object.entries(s.indexes)) {
      const seen = own(indexes, name)
      if (seen === undefined) indexes[name] = ix
      else if (listed(seen.projection) !== undefined && listed(ix.projection) !== undefined && sameIndex({ ...seen, projection: ix.projection }, ix) && sameUnits(seen.units, ix.units)) {
        // entities sharing an index each project their own fields: it holds the union (the keys only, where nothing is listed)
        const attributes = [...new Set([...(listed(seen.projection) ?? []), ...(listed(ix.projection) ?? [])])].sort()
        indexes[name] = { ...seen, projection: attributes.length === 0 ? { _tag: 'KeysOnly' } : { _tag: 'Include', attributes } }
      } else if (!sameIndex(seen, ix) || !sameUnits(seen.units, ix.units)) conflicts.push(`the models declare index ${name} twice, differently: ${showIndex(seen)} and ${showIndex(ix)}`)
    }
  }
  // units of a global index on a table that a model declares on demand would be dropped unsaid (DynamoDB refuses them there)
  if (billing._tag === 'OnDemand' && !kept) {
    for (const m of models) {
      for (const [name, ix] of Object.entries(m.indexes)) {
        if (ix._tag === 'GlobalIndex' && (ix.readUnits !== undefined || ix.writeUnits !== undefined)) {
          conflicts.push(`index ${name} declares read or write units, but a model sharing the table declares its billing on demand, which takes none`)
        }
      }
    }
  }
  conflicts.push(...entityConflicts(models))
  const { ttl: _, ...rest } = first
  return { shape: { ...rest, indexes, ...(ttl === undefined ? {} : { ttl }) }, conflicts, kept }
}

/**
 * An index of the table `t` with its projection as a model's is read (`projectionOf`): an
 * INCLUDE list without the keys every index holds anyway (the table's, the index's own), which
 * DynamoDB takes among the attributes listed and describes back (a table made elsewhere), so
 * that such an index is not taken for another.
 */
const beyondKeys = <I extends IndexShape>(t: TableInfo, ix: I): I => {
  if (ix.projection._tag !== 'Include') return ix
  const keys = [t.hashKey.name, t.rangeKey?.name, ...attributesOf(ix.hashKey).map((k) => k.name), ...attributesOf(ix.rangeKey).map((k) => k.name)]
  return { ...ix, projection: projectionOf(keys, ix.projection.attributes) }
}

/** The attributes a projection holds besides the keys, when it names them (the keys only: none); `undefined` for all. */
const listed = (p: Projection): ReadonlyArray<string> | undefined => (p._tag === 'Include' ? p.attributes : p._tag === 'KeysOnly' ? [] : undefined)

const unfixable = (reason: string): Step => ({ _tag: 'Unfixable', reason })

/** The entry `name` of a record of indexes, its own only (an index may be named `constructor` or `toString`). */
const own = <A>(r: Readonly<Record<string, A>>, name: string): A | undefined => (Object.hasOwn(r, name) ? r[name] : undefined)

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null

/** Why `info` is no description `diff` reads (one cast through `any`, or built by hand), or `undefined`. */
const infoWhy = (info: unknown): string | undefined => {
  if (!isObject(info)) return 'the table description is not an object'
  const missing = ['hashKey', 'billing', 'indexes', 'ttl'].filter((k) => !isObject(info[k]))
  if (missing.length > 0) return `the table description has no ${missing.join(', ')} (Dynamo.describeTable gives one)`
  const bad = Object.entries(info['indexes'] as Record<string, unknown>).find(([, ix]) => !isObject(ix) || typeof ix['_tag'] !== 'string')
  return bad === undefined ? undefined : `the table description's index ${bad[0]} is not an index`
}

/**
 * The steps that make the table `info` describes (`none`: no table) match `models` (a model or
 * the models sharing the table), in the order they can be applied, one at a time:
 *
 * - options `planTable` and `syncTable` refuse (a name that is none of `DiffOptions`', a value
 *   that is no boolean): one `Unfixable` step, in their words;
 * - no table: `CreateTable` (then `EnableTtl` when the models name a time-to-live attribute);
 * - a key schema change, a change to a local index, models that disagree: `Unfixable` (a new
 *   table is needed, or the models must be mended); so is a key attribute given two types (by
 *   the models' keys, a field of a model stored as one type, an index the table keeps), which
 *   DynamoDB defines once, refusing every write of the other type;
 * - indexes the table would have beyond DynamoDB's limits (20 global, 5 local, 100 attributes
 *   listed by their projections together), which one model keeps to but entities sharing the
 *   table, or the indexes the table keeps undeclared, may pass: `Unfixable`, naming the limit;
 * - a global index whose keys or projection changed: `DeleteIndex` then `CreateIndex` with
 *   `rebuildIndexes`, else `Unfixable`; a global index no model declares: `DeleteIndex` with
 *   `deleteIndexes`, else kept (listed in `undeclared`);
 * - billing: the first model's that declares one (`billing`, `readUnits`, `writeUnits`;
 *   two that declare it differently: `Unfixable`); when none does, a new table gets the
 *   default (provisioned 8/8), and a table that exists keeps its own: no billing step, its
 *   global indexes' units as they are (but for an index that declares its own), a new global
 *   index with no units on demand, its own when provisioned, else the table's where they are
 *   the default's, else `Unfixable` (the table's units, which nothing declared, could cost many
 *   times what the index needs, and the default's would throttle the table's writes: the
 *   index's units must be declared); the plan's `keptBilling` says so where the default would
 *   have changed something;
 * - deletions first (they free index slots), then billing (`UpdateBilling`: a switch to
 *   provisioned carries every remaining global index's units in the same step, the table's
 *   for one the table keeps undeclared) or
 *   `UpdateThroughput`, then `UpdateIndexThroughput`, then `CreateIndex`, then time to live
 *   (`EnableTtl` only when it is not on already with that attribute; `DisableTtl` when it is on
 *   and no model names an attribute, or names another);
 * - a table in a change that ends of itself (CREATING, UPDATING, DELETING, an index CREATING,
 *   UPDATING, DELETING or backfilling, or a time to live ENABLING or DISABLING where the models
 *   want it otherwise): the plan's `wait` says what it is in the middle of (`syncTable` waits for
 *   it, within `waitTimeoutMs`, before it plans again), and the steps are planned from the
 *   table as it will then be, as far as the description tells (`describe.settled`: a table
 *   DELETING is gone, so `CreateTable`; an index DELETING is gone, so a declared one is
 *   created again; a time to live ENABLING is ENABLED; units being changed read as described);
 * - a table in a status that no wait ends (ARCHIVED, INACCESSIBLE_ENCRYPTION_CREDENTIALS, …):
 *   `Unfixable` first, naming it (DynamoDB changes a table only when it is ACTIVE); what it is
 *   changing then cannot be waited for either: a declared index `DELETING`, or a time-to-live
 *   change while it is `ENABLING` or `DISABLING`, is `Unfixable` too.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as O from 'fp-ts/Option'
 * import { Field, Model, Table, TablePlan } from 'dynamongo'
 *
 * const User = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([
 *     t.type({ email: Field.email, name: t.string }),
 *     t.partial({ year_of_birth: Field.int({ min: 1900 }), logins: Field.int({ min: 0 }), cities_visited: Field.list(t.string) }),
 *   ]),
 * })
 * const u = User.attrs
 *
 * // no table yet: one step, creating it as the model declares it (no billing declared: the default)
 * TablePlan.show(Table.diff(User, O.none)) // => 'table users: 1 step\n  1. create table: keys email (S), provisioned 8/8'
 *
 * // a table on demand already: the model declares no billing, so it stays on demand
 * const onDemand: Table.TableInfo = {
 *   name: 'users',
 *   status: 'ACTIVE',
 *   hashKey: { name: 'email', type: 'S' },
 *   billing: { _tag: 'OnDemand' },
 *   indexes: {},
 *   ttl: { status: 'DISABLED' },
 *   itemCount: 0,
 *   sizeBytes: 0,
 * }
 * TablePlan.show(Table.diff(User, O.some(onDemand)))
 * // => 'table users: up to date\n  billing left as the table has it: on-demand (no model declares billing; the default, provisioned 8/8, is for a new table)'
 * // a model that declares it switches the table
 * TablePlan.show(Table.diff(Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: Field.email }), billing: 'provisioned' }), O.some(onDemand)))
 * // => 'table users: 1 step\n  1. switch billing to provisioned 8/8'
 * ```
 *
 * @category constructors
 */
export function diff<Ms extends TableModel | ReadonlyArray<TableModel>>(models: Ms & OneTable<Ms>, info: O.Option<TableInfo>, options?: DiffOptions): TablePlan
/** `diff` from generic code: the models' tables told by their type parameter's constraint. */
export function diff<N extends string>(models: OfTable<N> & OneName<N>, info: O.Option<TableInfo>, options?: DiffOptions): TablePlan
export function diff(models: TableModel | ReadonlyArray<TableModel>, info: O.Option<TableInfo>, options?: DiffOptions): TablePlan {
  try {
    return diffOf(models, info, options)
  } catch (e) {
    // a description or options that cannot be read (through `any`: a getter or a Proxy that throws): nothing can be planned
    return { table: '', steps: [unfixable(`the models, the table description or the options cannot be read: ${thrown(e)}`)], undeclared: [] }
  }
}

/** The table of the first of `models` where it is a model (the table a plan is of, as `leading` tells it), else `''`. */
const firstTable = (models: unknown): string => {
  const first: unknown = Array.isArray(models) ? models[0] : models
  return modelWhy(first) === undefined ? (first as TableModel).table : ''
}

/** The names of `diff`'s options. */
const diffOptionNames = names<DiffOptions>(diffOptionKeys)

/**
 * `diff`'s options read once (`internal/optionNames`), each a boolean or absent
 * (`diffValuesWhy`), or why not: the rule `planTable` and `syncTable` hold them to, so that a
 * misspelt `deleteIndex` or a `'true'` is refused here as it is there. A `signal` is refused
 * too: a diff sends nothing.
 */
const diffOptions = (given: DiffOptions | undefined): E.Either<string, DiffOptions> => {
  const o = read(given, diffOptionNames)
  const bad = E.isLeft(o) ? o.left : diffValuesWhy(o.right)
  if (bad === undefined) return o as E.Right<DiffOptions>
  return E.left('message' in bad ? bad.message : bad._tag)
}

const diffOf = (models: TableModel | ReadonlyArray<TableModel>, info: O.Option<TableInfo>, given: DiffOptions | undefined): TablePlan => {
  // not models (cast through any): the one rule of models.ts, an Unfixable step here
  const notModels = modelsWhy(models)
  if (notModels !== undefined) return { table: firstTable(models), steps: [unfixable(`${notModels.path}: ${notModels.message}`)], undeclared: [] }
  // options planTable and syncTable refuse: an Unfixable step here, in their words
  const opted = diffOptions(given)
  if (E.isLeft(opted)) return { table: firstTable(models), steps: [unfixable(opted.left)], undeclared: [] }
  const options = opted.right
  const list = listOf(models)
  // the models' table as a new one would be (billing declared, else the default)
  const fresh = merge(list)
  const why = isObject(info) && info._tag === 'Some' ? infoWhy(info.value) : isObject(info) && info._tag === 'None' ? undefined : 'the table description is not an Option'
  if (why !== undefined) return { table: fresh.shape.table, steps: [unfixable(why)], undeclared: [] }
  // a change under way that syncTable waits for: planned from what the table will then be
  const wait = info._tag === 'Some' ? pendingWhy(info.value, fresh.shape.ttl, fresh.shape.table) : undefined
  const waiting = wait === undefined ? {} : { wait }
  const now = info._tag === 'None' ? undefined : wait === undefined ? info.value : settled(info.value)
  if (now === undefined) {
    const { shape } = fresh
    const steps: Step[] = [
      ...fresh.conflicts.map(unfixable),
      ...keyTypeConflicts({ indexes: {} }, shape, list).map(unfixable),
      ...indexLimitsWhy(Object.values(shape.indexes)).map(unfixable),
      { _tag: 'CreateTable', shape },
    ]
    if (shape.ttl !== undefined) steps.push({ _tag: 'EnableTtl', attribute: shape.ttl })
    return { table: shape.table, steps, undeclared: [], ...waiting }
  }
  const t = now
  // no model declares billing: the table's is kept (the default is a new table's, not a change to this one)
  const { shape, conflicts, kept: billingKept } = merge(list, t)
  const head: Step[] = conflicts.map(unfixable)
  // ARCHIVED and the like: no step can be applied until the table is ACTIVE again (syncTable refuses it as TableNotActive)
  const stuck = stuckWhy(t, shape.table)
  if (stuck !== undefined) head.unshift(unfixable(stuck))
  if (!sameKey(t.hashKey, shape.hashKey) || !sameKey(t.rangeKey, shape.rangeKey)) {
    head.push(unfixable(`key schema: the table has ${showKeys(t)}, the models want ${showKeys(shape)}; a key schema change needs a new table`))
  }
  const deletes: Step[] = []
  const creates: Step[] = []
  const undeclared: string[] = []
  /** The global indexes that stay on the table (not deleted), with their units as wanted. */
  const staying: Array<{ readonly name: string; readonly has: IndexShape; readonly wants: IndexShape }> = []
  for (const [name, described] of Object.entries(t.indexes)) {
    // compared without the key attributes DynamoDB describes back; shown as it describes it
    const has = beyondKeys(t, described)
    const wants = own(shape.indexes, name)
    if (has.status === 'DELETING') {
      // going already: not on the table, and its name is taken until it is gone (planned from `settled` unless the table is stuck)
      if (wants !== undefined) head.push(unfixable(`index ${name}: DELETING; it can be created again once it is gone and the table is ACTIVE again`))
    } else if (wants === undefined) {
      if (has._tag === 'LocalIndex') {
        if (options.deleteIndexes === true) head.push(unfixable(`index ${name}: a local index cannot be deleted; it goes only with its table`))
        else undeclared.push(name)
      } else if (options.deleteIndexes === true) deletes.push({ _tag: 'DeleteIndex', name, reason: 'undeclared' })
      else undeclared.push(name)
    } else if (has._tag === 'LocalIndex' || wants._tag === 'LocalIndex') {
      if (!sameIndex(has, wants)) head.push(unfixable(`index ${name}: the table has ${showIndex(described)}, the models want ${showIndex(wants)}; a local index is made only with its table`))
    } else if (!sameIndex(has, wants)) {
      if (options.rebuildIndexes === true) {
        deletes.push({ _tag: 'DeleteIndex', name, reason: 'rebuild' })
        creates.push({ _tag: 'CreateIndex', name, index: wants })
      } else {
        head.push(unfixable(`index ${name}: the table has ${showIndex(described)}, the models want ${showIndex(wants)}; { rebuildIndexes: true } deletes and creates it again`))
      }
    } else staying.push({ name, has, wants })
  }
  // a new global index takes units on a provisioned table; where no model declares them nor the
  // billing, and the table's units are not the default's, they would be the table's, which
  // nothing declared: refused, asking for them (the default's would throttle the table's
  // writes, an index's writes being the table's; the table's may cost many times what it needs)
  const unitsUndeclared =
    billingKept && t.billing._tag === 'Provisioned' && fresh.shape.billing._tag === 'Provisioned' && !sameUnits(t.billing, fresh.shape.billing) ? t.billing : undefined
  for (const [name, wants] of Object.entries(shape.indexes)) {
    if (own(t.indexes, name) !== undefined) continue
    if (wants._tag === 'LocalIndex') head.push(unfixable(`index ${name}: a local index is made only with its table`))
    else if (unitsUndeclared !== undefined && !unitsDeclared(list, name)) {
      head.push(
        unfixable(
          `index ${name}: a new global index of this provisioned table needs both its units, and no model declares them both nor the table's billing: it would get the table's, ${unitsUndeclared.readUnits}/${unitsUndeclared.writeUnits}; declare readUnits and writeUnits on the index (Model.globalIndex({ …, readUnits, writeUnits })), or the billing on the model`,
        ),
      )
    } else creates.push({ _tag: 'CreateIndex', name, index: wants })
  }
  // DynamoDB's limits held to the indexes the table would have once the steps are applied (the
  // ones going already gone, the deleted ones gone, the created ones there): the models' and
  // those the table keeps, so that no index is built before DynamoDB refuses the one past a limit
  // (a Map: an index may be named __proto__)
  const after = new Map<string, IndexShape>(Object.entries(t.indexes).filter(([, ix]) => ix.status !== 'DELETING'))
  for (const s of deletes) if (s._tag === 'DeleteIndex') after.delete(s.name)
  for (const s of creates) if (s._tag === 'CreateIndex') after.set(s.name, s.index)
  head.push(...indexLimitsWhy([...after.values()], Object.values(t.indexes)).map(unfixable))
  // one type per key attribute: the indexes the table keeps undeclared, the keys wanted, the
  // models' fields (the table's own keys and the indexes it keeps as declared are wanted ones;
  // a key schema or an index the models want otherwise is Unfixable above)
  const keptIndexes = Object.fromEntries(undeclared.map((n) => [n, t.indexes[n] as IndexShape]))
  head.push(...keyTypeConflicts({ indexes: keptIndexes }, shape, list).map(unfixable))
  // the global indexes the table keeps undeclared: a switch to provisioned gives them units too
  const keptGlobal = undeclared.filter((n) => own(t.indexes, n)?._tag === 'GlobalIndex')
  const billing = billingSteps(shape.billing, t.billing, staying, keptGlobal)
  // what the default would have changed, which the plan leaves as the table has it
  const defaulted = billingKept ? billingSteps(fresh.shape.billing, t.billing, staying.map((s) => ({ ...s, wants: own(fresh.shape.indexes, s.name) ?? s.wants })), keptGlobal) : []
  const changing = new Set(billing.flatMap((s) => (s._tag === 'UpdateIndexThroughput' ? [s.name] : [])))
  // the default's steps the plan does not take (an index it changes to its own units is changed either way)
  const left = defaulted.filter((s) => s._tag !== 'UpdateIndexThroughput' || !changing.has(s.name))
  const keptUnits = Object.fromEntries(left.flatMap((s) => (s._tag === 'UpdateIndexThroughput' && s.from !== undefined ? [[s.name, s.from]] : [])))
  const keptBilling = left.length > 0 ? { keptBilling: { billing: t.billing, default: fresh.shape.billing, indexes: keptUnits } } : {}
  const ttl: Step[] = []
  const on = t.ttl.status === 'ENABLED' || t.ttl.status === 'ENABLING'
  if (on && t.ttl.attribute !== shape.ttl) ttl.push({ _tag: 'DisableTtl', attribute: t.ttl.attribute ?? '' })
  if (shape.ttl !== undefined && !(on && t.ttl.attribute === shape.ttl)) ttl.push({ _tag: 'EnableTtl', attribute: shape.ttl })
  // DynamoDB refuses an UpdateTimeToLive while the last one is still under way (planned from `settled` unless the table is stuck)
  if (ttlBlocked(t.ttl, shape.ttl)) {
    ttl.splice(0, ttl.length, unfixable(`time to live: ${t.ttl.status} on ${t.ttl.attribute ?? '?'}; it can be changed once that ends and the table is ACTIVE again`))
  }
  return { table: shape.table, steps: [...head, ...deletes, ...billing, ...creates, ...ttl], undeclared, ...waiting, ...keptBilling }
}

/**
 * The steps from the billing `has` to `want`, for the global indexes that stay: a switch to
 * on demand; a switch to provisioned, carrying every staying index's units, and the table's for
 * each global index it keeps undeclared (`kept`: DynamoDB refuses a switch that leaves one
 * without units; a declared index without units of its own gets the table's alike); else the
 * table's units, then each staying index's that differ (a kept one keeps its own).
 */
const billingSteps = (
  want: M.Throughput,
  has: M.Throughput,
  staying: ReadonlyArray<{ readonly name: string; readonly has: IndexShape; readonly wants: IndexShape }>,
  kept: ReadonlyArray<string>,
): ReadonlyArray<Step> => {
  const steps: Step[] = []
  if (want._tag === 'OnDemand') {
    if (has._tag === 'Provisioned') steps.push({ _tag: 'UpdateBilling', billing: want, indexes: {} })
  } else if (has._tag === 'OnDemand') {
    const indexes: Record<string, Units> = {}
    for (const s of staying) if (s.wants.units !== undefined) indexes[s.name] = s.wants.units
    // (own entries: a table's index may be named __proto__)
    for (const name of kept) Object.defineProperty(indexes, name, { value: { readUnits: want.readUnits, writeUnits: want.writeUnits }, enumerable: true, writable: true, configurable: true })
    steps.push({ _tag: 'UpdateBilling', billing: want, indexes })
  } else {
    const units = { readUnits: want.readUnits, writeUnits: want.writeUnits }
    if (!sameUnits(has, units)) steps.push({ _tag: 'UpdateThroughput', from: { readUnits: has.readUnits, writeUnits: has.writeUnits }, to: units })
    for (const s of staying) {
      if (s.wants.units !== undefined && !sameUnits(s.has.units, s.wants.units)) {
        steps.push({ _tag: 'UpdateIndexThroughput', name: s.name, ...(s.has.units === undefined ? {} : { from: s.has.units }), to: s.wants.units })
      }
    }
  }
  return steps
}
