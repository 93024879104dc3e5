/**
 * Plans: which DynamoDB calls a read (`getOne`, `getMany`) or a `deleteMany` will make,
 * decided purely from the model and the strategy, before any network call.
 *
 * - a full key (any strategy form) is a `GetItem`;
 * - a list of keys, `Model.keysIn`, or literal values on every key field of the table (`eq`
 *   or `isIn` each: `isIn` on the hash key of a hash-only model, hash `eq` and range `isIn`,
 *   both `isIn`, …: their cross product, up to 10,000 keys where two lists multiply) is a
 *   `BatchGetItem` (the rest of the condition is evaluated on the results exactly as DynamoDB
 *   would: `Evaluate`);
 * - an equality on the hash key of the table or of a declared index is a `Query` (a range-key
 *   condition goes in the key condition, the rest in the filter; a range-key `isIn` not read
 *   as a batch bounds the key condition and is checked in memory: `Query.check`);
 * - anything else is a `Scan` with a filter.
 *
 * @since 0.1.0
 * @category Compiling
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../ast/Condition.js'
import * as N from '../ast/nodes.js'
import * as DE from '../DynamoError.js'
import { refuse } from '../model/refuse.js'
import * as Expression from '../compile/Expression.js'
import type * as M from '../model/Model.js'
import * as SK from '../model/storedKey.js'
import * as S from '../model/Strategy.js'
import { withModel } from '../model/isModel.js'
import { keyFieldNames } from '../model/computed.js'
import * as MF from '../model/fields.js'
import * as Composed from './composed.js'
import * as Multi from './multi.js'
import { indexKeys } from '../model/indexKeys.js'
import * as Entity from './Entity.js'
import { givesEverything, heldBy } from './held.js'
import { toAttributeValue } from '../codec/value.js'
import { perObject } from '../internal/memo.js'
import { AST_DEPTH, BATCH_GET, RANGE_KEY_BYTES } from '../rules/limits.js'
import { conditionError, conditionWhy, refusedConjunct } from '../rules/ast.js'
import { count, kindOf, showKey, showStored, thrown, unshowable } from '../internal/show.js'
import { catching } from '../internal/threw.js'
import type { SplitOptions } from './split.js'
import { hasOwn } from '../internal/own.js'
import { equals, sortOrdered, typeOf } from '../rules/compare.js'
import { matchTag } from '../internal/match.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An item in DynamoDB's wire form: attribute names to `AttributeValue`s.
 *
 * @category model
 */
export type AttributeMap = Record<string, AttributeValue>

/**
 * What every plan may say of its pacing: `Dynamo.explain` with `readUnitsPerSecond` gives the
 * plan the paced read runs, with the rate (a read's own plans have none: the run paces them).
 *
 * @category model
 */
export interface Paced {
  /**
   * Each request asks DynamoDB for its consumed capacity (`ReturnConsumedCapacity: 'TOTAL'`),
   * and the next waits until it is paid for at this rate (a `BatchGetItem`'s retries of
   * unprocessed keys too). `show` draws it as `paced: <rate> read units a second`.
   */
  readonly readUnitsPerSecond?: number
}

/**
 * One item by its full key: a `GetItem` request, with the checks evaluated on the item fetched.
 *
 * @category model
 */
export interface GetItem extends Paced {
  readonly _tag: 'GetItem'
  readonly table: string
  readonly key: AttributeMap
  /** Checks evaluated on the fetched item (a key condition's extra conjuncts). */
  readonly filter?: C.Condition
  /** On a model with composed keys: where each conjunct went, and why. */
  readonly explanation?: Explanation
}

/**
 * Several items by their keys: `BatchGetItem` requests, with the checks evaluated on the items
 * fetched.
 *
 * @category model
 */
export interface BatchGetItem extends Paced {
  readonly _tag: 'BatchGetItem'
  readonly table: string
  /** The selected keys, duplicates collapsed, in request order; each with its own checks. */
  readonly keys: ReadonlyArray<S.Strategy>
  /** Checks evaluated on every fetched item. */
  readonly filter?: C.Condition
}

/**
 * A `Query` of the table or of one index: a key condition, and a filter for the rest.
 *
 * @category model
 */
export interface Query extends Paced {
  readonly _tag: 'Query'
  readonly table: string
  /** The index's name in the model's `indexes` record; absent for the table. */
  readonly index?: string
  readonly keyCondition: C.Condition
  readonly filter?: C.Condition
  /**
   * Checks evaluated in memory on the items read: an `isIn` on the range key the key condition
   * bounds (`BETWEEN` its least and greatest value), as DynamoDB refuses a key attribute in a
   * Query's filter.
   */
  readonly check?: C.Condition
  /** On a model with composed keys: where each conjunct went, and why. */
  readonly explanation?: Explanation
}

/**
 * A `Scan` of the table or of one index, with a filter: what a read becomes when no key serves it.
 *
 * @category model
 */
export interface Scan extends Paced {
  readonly _tag: 'Scan'
  readonly table: string
  /** The index's name in the model's `indexes` record, when the read names one; absent for the table. */
  readonly index?: string
  readonly filter?: C.Condition
  /** On a model with composed keys: why no key serves the condition. */
  readonly explanation?: Explanation
}

/**
 * The request a read becomes (`make`, `fromCondition`): a `GetItem`, a `BatchGetItem`, a
 * `Query` or a `Scan`. Shown by `Dynamo.explain`.
 *
 * @category model
 */
export type Plan = GetItem | BatchGetItem | Query | Scan

/**
 * A key the plan does not read through (the table's: `index` absent), and why.
 *
 * @category model
 */
export interface Passed {
  readonly index?: string
  readonly why: string
}

/**
 * How a condition on a model with composed keys was planned (DESIGN §5.4): where each of its
 * conjuncts went (a key attribute, the filter, both) and why, and why the other keys were
 * not read through.
 *
 * @category model
 */
export interface Explanation {
  readonly placements: ReadonlyArray<Composed.Placement>
  readonly passed: ReadonlyArray<Passed>
}

/**
 * What a read asks of the planner (DESIGN §5.1).
 *
 * @category model
 */
export interface Options {
  /** Read through this declared index (a Query on its hash key, else a Scan of it). */
  readonly index?: string
  /** A strongly consistent read: never through a global index (DynamoDB refuses it). */
  readonly consistentRead?: boolean
  /** The top-level fields the read asks for (absent: every field): an index must project them. */
  readonly fields?: ReadonlyArray<string>
  /** Top-level attributes a filter the read adds tests (a model's `ttl`): an index must project them, as what the condition tests. */
  readonly tests?: ReadonlyArray<string>
  /**
   * `false`: the read needs what only a Query or a Scan gives (descending order, segments),
   * so literal values on every key field (`crossKeys`) are planned as they would be
   * without their cross product, as a Query or a Scan with them in its conditions. A key list
   * the condition names (`keysIn`, `isIn` on a lone key field) stays one: the read refuses it.
   */
  readonly crossKeys?: false
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

type AnyModel = M.Any

const andAll = (cs: ReadonlyArray<C.Condition>): C.Condition | undefined =>
  cs.length === 0 ? undefined : cs.length === 1 ? cs[0] : C.and(...cs)

/** The `GetItem` of one key; its checks are evaluated on the fetched item. */
const getItem = (table: string, s: S.Strategy): GetItem =>
  s._tag === 'Key' ? { _tag: 'GetItem', table, key: s.key } : { _tag: 'GetItem', table, key: s.key, filter: s.check }

/** A `Query` plan, with only the properties it has (an object literal each: spreading is slow). */
const query = (table: string, index: string | undefined, keyCondition: C.Condition, filter: C.Condition | undefined): Query =>
  index === undefined
    ? filter === undefined
      ? { _tag: 'Query', table, keyCondition }
      : { _tag: 'Query', table, keyCondition, filter }
    : filter === undefined
      ? { _tag: 'Query', table, index, keyCondition }
      : { _tag: 'Query', table, index, keyCondition, filter }

/**
 * A Query of one partition whose range key is narrowed by an `isIn` of literal values (`rangeIn`):
 * the key condition bounds it, the `isIn` is its in-memory check (none where the bound is one value).
 */
const rangedQuery = (table: string, index: string | undefined, hash: C.Condition, r: RangeIn, filter: C.Condition | undefined): Query => {
  const q = query(table, index, C.and(hash, r.bound), filter)
  return r.check === undefined ? q : { ...q, check: r.check }
}

const topName = (o: C.Operand): string | undefined => {
  if (o._tag !== 'Path') return undefined
  const es = N.elementsOf(o)
  return es.length === 1 ? es[0] : undefined
}

/** A batch of keys from parsed strategies of a model already found one (`fromKeys`, `crossKeys`, a `Keys` selection), duplicate keys collapsed. */
const batch = (m: AnyModel, strategies: ReadonlyArray<S.Strategy>, filter?: C.Condition): BatchGetItem => {
  const seen = new Set<string>()
  const keys: S.Strategy[] = []
  for (const s of strategies) {
    const k = SK.keyString(m, s.key)
    if (seen.has(k)) continue
    seen.add(k)
    keys.push(s)
  }
  return filter === undefined ? { _tag: 'BatchGetItem', table: m.table, keys } : { _tag: 'BatchGetItem', table: m.table, keys, filter }
}

/** Why the parsed strategy `s` is none of `m`'s: no `Key` or `KeyWithCheck`, a stored key `checkKey` refuses, a check that is no condition. */
const strategyWhy = (m: AnyModel, s: unknown, path: string): DE.Issue | undefined => {
  try {
    if (typeof s !== 'object' || s === null) return { path, message: `expected a parsed strategy (Strategy.parse), got ${kindOf(s)}` }
    const { _tag, key, check } = s as Readonly<Record<string, unknown>>
    if (_tag !== 'Key' && _tag !== 'KeyWithCheck') return { path, message: 'expected a parsed strategy (Strategy.parse): a Key or a KeyWithCheck' }
    if (typeof key !== 'object' || key === null || Array.isArray(key)) return { path: `${path}.key`, message: 'expected the stored key, an object of AttributeValues' }
    const k = SK.checkKey(m, key as AttributeMap)
    const issue = E.isLeft(k) && k.left._tag === 'ValidationError' ? k.left.issues[0] : undefined
    if (issue !== undefined) return { path: `${path}.key.${issue.path}`, message: issue.message }
    const why = _tag === 'Key' ? (check === undefined ? undefined : 'a Key has no check') : conditionWhy(check, 'check')
    return why === undefined ? undefined : { path: `${path}.check`, message: why }
  } catch (e) {
    return { path, message: `the strategy could not be read: ${thrown(e)}` }
  }
}

/** Why `strategies` is no list of `m`'s parsed strategies (`strategyWhy`), or `undefined`; a list whose reading throws is none. */
const strategiesWhy = (m: AnyModel, strategies: unknown): DE.Issue | undefined => {
  try {
    if (!Array.isArray(strategies)) return { path: 'strategies', message: 'expected a list of parsed strategies' }
    for (let i = 0; i < strategies.length; i++) {
      const why = strategyWhy(m, strategies[i], `strategies[${i}]`)
      if (why !== undefined) return why
    }
    return undefined
  } catch (e) {
    return { path: 'strategies', message: `the list could not be read: ${thrown(e)}` }
  }
}

/**
 * A batch of keys from parsed strategies (`Strategy.parse`), duplicate keys collapsed (the
 * first one's checks kept), in order. What is no model, no list of the model's parsed
 * strategies or no condition is a `ValidationError`.
 *
 * @category constructors
 */
export const fromKeys = (m: AnyModel, strategies: ReadonlyArray<S.Strategy>, filter?: C.Condition): E.Either<DE.DynamoError, BatchGetItem> =>
  withModel(m, () => {
    const why = strategiesWhy(m, strategies)
    if (why !== undefined) return E.left(DE.validationError([why]))
    const filterWhy = filter === undefined ? undefined : conditionWhy(filter, 'filter')
    if (filterWhy !== undefined) return E.left(DE.validationError([{ path: 'filter', message: filterWhy }]))
    return E.right(batch(m, strategies, filter))
  })

const hashEquality = (c: C.Condition, name: string): boolean =>
  c._tag === 'Comparison' && c.op === '=' && topName(c.left) === name && c.right._tag === 'Value'

/** Whether `c` or one of its AND-ed conjuncts is an equality on the attribute `name`. */
const hasEquality = (c: C.Condition, name: string, depth = 0): boolean => {
  if (c._tag !== 'And') return hashEquality(c, name)
  // (a tree deeper than any expression: no equality the planner can use)
  if (depth > AST_DEPTH) return false
  for (const d of c.conditions) if (hasEquality(d, name, depth + 1)) return true
  return false
}

/**
 * Whether `c` may select a full key (`Strategy.fromCondition` can succeed only then): not an
 * `Or`, with an equality on every key field (the key attributes, or the fields of composed
 * keys). Saves building its error for the common misses.
 */
const mayBeKey = (keyFields: ReadonlyArray<string>, c: C.Condition): boolean => {
  if (c._tag === 'Or') return false
  for (const n of keyFields) if (!hasEquality(c, n)) return false
  return true
}

/**
 * Which kinds of conjunct `plan` goes on to read, of the conjuncts `parts`, in one pass over
 * them (`CONJUNCTS`): an `isIn` (`crossKeys`), an `Or` (a `keysIn`'s: `batchKeys`).
 */
const glance = (parts: ReadonlyArray<C.Condition>): number => {
  let out = 0
  for (let i = 0; i < parts.length; i++) {
    const tag = (parts[i] as C.Condition)._tag
    if (tag === 'In') out |= CONJUNCTS.in
    else if (tag === 'Or') out |= CONJUNCTS.or
  }
  return out
}

/** The flags of `glance`. */
const CONJUNCTS = { in: 1, or: 2 } as const

/**
 * The most keys a cross product of key values (`crossKeys`) is read as, when the lists of two
 * key fields or more multiply (their lengths as written): 100 `BatchGetItem` requests of 100
 * keys. It holds every product of two `IN` lists DynamoDB takes (99 × 99 values, `IN_VALUES`),
 * so on a model of plain hash and range keys every such condition a Scan could send is read
 * by its keys. A key read costs at least half a read unit (one, consistent) even when no item
 * has it, a Scan half a unit (one) per 4 KB it reads: at the cap the keys cost what a Scan of
 * about 40 MB costs, whatever the table's size, where a Scan grows with the table. Past it
 * (the fields of a composed key multiplying, lists longer than an `IN` takes) the keys would
 * cost more, in read units and in the planner's time (a read kept by content plans its
 * keys once for all its pages; one prepared afresh, with a signal, segments or a model's
 * ttl, plans them at each page): the condition is planned as if no cross product were there. One list (one field of
 * several values, the others of one) is the keys its values name, as `keysIn`'s are: never
 * capped.
 */
const CROSS_KEYS = 100 * BATCH_GET

/** How many literal values a conjunct gives the key field `name` (an equality's one, an `isIn`'s list); -1 for any other conjunct. */
const valueCount = (c: C.Condition, name: string): number => {
  if (c._tag === 'Comparison') return c.op === '=' && c.right._tag === 'Value' && topName(c.left) === name ? 1 : -1
  if (c._tag !== 'In' || topName(c.operand) !== name) return -1
  for (const v of c.values) if (v._tag !== 'Value') return -1
  return c.values.length
}

/** The conjunct of fewest literal values on the key field `name` (the first of them), or -1 (`valueCount`). */
const fewestAt = (parts: ReadonlyArray<C.Condition>, name: string): number => {
  let at = -1
  let fewest = Infinity
  for (let i = 0; i < parts.length; i++) {
    const n = valueCount(parts[i] as C.Condition, name)
    if (n !== -1 && n < fewest) {
      at = i
      fewest = n
    }
  }
  return at
}

/**
 * The keys of a conjunction that gives every key field literal values by an `eq` or `isIn`
 * conjunct (of each field's, the one of fewest values; the others stay checks): the cross
 * product of the fields' values, in the order given (the first key field's values outermost;
 * the keys of one partition in its range key's order, `inPartitionOrder`),
 * each key validated as `keysIn`'s are (a bad value: its `ValidationError`; an `isIn` of no
 * values: an `ExpressionError`, as DynamoDB refuses `IN ()`); with the conjuncts it used. The
 * plan collapses duplicate keys (`batch`). `undefined` where a key field has no such
 * conjunct, where the lists of two fields or more multiply past `CROSS_KEYS`, or where the key
 * has several fields and `crossed` is false (the read needs a Query or a Scan: `Options.crossKeys`).
 */
const crossKeys = (
  m: AnyModel,
  names: ReadonlyArray<string>,
  parts: ReadonlyArray<C.Condition>,
  crossed: boolean,
): { readonly used: ReadonlyArray<number>; readonly keys: E.Either<DE.DynamoError, ReadonlyArray<S.Strategy>> } | undefined => {
  // (a key of no field, a constant, is no list of keys; the values of several key fields, when
  // the read needs a Query or a Scan: their conditions stay there)
  if (names.length === 0 || (!crossed && names.length > 1)) return undefined
  // the common miss found before anything is made: the range key's first (a Query's range condition is no value of it)
  for (let k = names.length - 1; k >= 0; k--) if (fewestAt(parts, names[k] as string) === -1) return undefined
  const used: number[] = []
  const lists: Array<ReadonlyArray<C.Operand>> = []
  let product = 1
  let several = 0
  for (const name of names) {
    const at = fewestAt(parts, name)
    const c = parts[at] as C.Comparison | C.In
    const list = c._tag === 'In' ? c.values : [c.right]
    if (list.length === 0) return { used, keys: refuse(m, `${name} IN () has no values (DynamoDB's IN needs at least one)`) }
    used.push(at)
    lists.push(list)
    if (list.length > 1) several++
    product *= list.length
  }
  if (several > 1 && product > CROSS_KEYS) return undefined
  const keys: S.Strategy[] = []
  // an odometer over the lists, the last turning fastest
  const at = lists.map(() => 0)
  for (;;) {
    const values: Record<string, unknown> = {}
    for (let k = 0; k < lists.length; k++) values[names[k] as string] = ((lists[k] as ReadonlyArray<C.Operand>)[at[k] as number] as C.Value).value
    const key = S.fromValues(m, values)
    if (E.isLeft(key)) return { used, keys: key }
    keys.push(key.right)
    let k = lists.length - 1
    for (; k >= 0; k--) {
      const next = (at[k] as number) + 1
      if (next < (lists[k] as ReadonlyArray<C.Operand>).length) {
        at[k] = next
        break
      }
      at[k] = 0
    }
    if (k < 0) break
  }
  return { used, keys: E.right(inPartitionOrder(m, keys)) }
}

/**
 * Keys of one partition (one stored hash key value) in the order a Query of it reads them:
 * their range key's, in DynamoDB's order of its type, the order of the Query the same read is
 * planned as without its cross product (with `descending`, or past the cap): `limit` takes
 * the same first items. Keys of several partitions, which no Query orders, stay in the order
 * given. Every key holds its range attribute, of the model's one stored type (`S.fromValues`
 * checks each).
 */
const inPartitionOrder = (m: AnyModel, keys: ReadonlyArray<S.Strategy>): ReadonlyArray<S.Strategy> => {
  const range = m.rangeKey as string | undefined
  const first = keys[0]
  if (range === undefined || first === undefined) return keys
  const hash = first.key[m.hashKey as string] as AttributeValue
  for (const k of keys) {
    const h = k.key[m.hashKey as string] as AttributeValue
    // (one number spelt alike, the common case, read without parsing)
    if (!(h.N !== undefined && h.N === hash.N) && !equals(h, hash)) return keys
  }
  return sortOrdered(keys, (k) => k.key[range] as AttributeValue)
}

/**
 * The keys of a `keysIn` conjunct, an OR of full-key equalities; `undefined` for any other
 * conjunct.
 */
const batchKeys = (m: AnyModel, names: ReadonlyArray<string>, c: C.Condition): E.Either<DE.DynamoError, ReadonlyArray<S.Strategy>> | undefined => {
  if (c._tag !== 'Or') return undefined
  // every disjunct a full key and nothing else (`Model.keysIn(M, [])`, an empty `Or`, is no keys: no items, as `getMany(M, [])`)
  const keys: S.Strategy[] = []
  let unbuilt: E.Left<DE.DynamoError> | undefined
  for (const d of c.conditions) {
    if (!mayBeKey(names, d)) return undefined
    const s = S.fromCondition(m, d)
    if (E.isLeft(s)) {
      // a key whose values make no key: refused as getOne refuses it, once every disjunct is a key
      if (s.left._tag !== 'ValidationError') return undefined
      unbuilt ??= s
      continue
    }
    if (s.right._tag !== 'Key') return undefined
    keys.push(s.right)
  }
  return unbuilt ?? E.right(keys)
}

/**
 * The error of a full-key equality whose values make no key (a value its field's codec
 * refuses, a number beyond its pad width, a text a template refuses): getOne's, by its rule
 * (`Strategy.fromCondition`). No stored item has such a key: a Scan would read the table to
 * find none. `undefined` where the key is built, or `c` is no key condition (extra tests of a key).
 */
const unbuiltKey = (m: AnyModel, c: C.Condition): E.Left<DE.DynamoError> | undefined => {
  const s = S.fromCondition(m, c)
  return E.isLeft(s) && s.left._tag === 'ValidationError' ? s : undefined
}

type RangeOp = C.Comparison | C.Between | C.BeginsWith

/** Whether `c` may serve as the range-key part of a key condition on `name`. */
const isRangeCondition = (c: C.Condition, name: string): c is RangeOp => {
  switch (c._tag) {
    case 'Comparison':
      return c.op !== '<>' && topName(c.left) === name && c.right._tag === 'Value'
    case 'Between':
      return topName(c.operand) === name && c.low._tag === 'Value' && c.high._tag === 'Value'
    case 'BeginsWith':
      return N.elementsOf(c.path).length === 1 && N.elementsOf(c.path)[0] === name && c.prefix._tag === 'Value'
    default:
      return false
  }
}

/** An `isIn` of literal values on a range key, as a key condition's bound and the check that keeps only its values. */
interface RangeIn {
  readonly bound: C.Condition
  readonly check: C.Condition | undefined
}

/**
 * The key-condition bound of a conjunct `isIn(range, values)` of literal values, each of the
 * range key's stored type (`type`): `range = v` for one distinct value (no check), else
 * `range BETWEEN least AND greatest` (DynamoDB's order of the type, `rules/compare`) with the
 * `isIn` as the check. `undefined` for any other conjunct, a value of another type, or no values.
 */
const rangeIn = (c: C.Condition, name: string, type: string | undefined): RangeIn | undefined => {
  if (c._tag !== 'In' || topName(c.operand) !== name || c.values.length === 0 || type === undefined) return undefined
  const stored: Array<{ readonly v: C.Operand; readonly av: AttributeValue }> = []
  for (const v of c.values) {
    if (v._tag !== 'Value') return undefined
    const av = toAttributeValue(v, false)
    if (E.isLeft(av) || typeOf(av.right) !== type) return undefined
    stored.push({ v, av: av.right })
  }
  const sorted = sortOrdered(stored, (x) => x.av)
  const low = (sorted[0] as (typeof sorted)[number]).v
  const high = (sorted[sorted.length - 1] as (typeof sorted)[number]).v
  if (equals((sorted[0] as (typeof sorted)[number]).av, (sorted[sorted.length - 1] as (typeof sorted)[number]).av)) {
    return { bound: { _tag: 'Comparison', op: '=', left: c.operand, right: low, [N.built]: true } as C.Condition, check: undefined }
  }
  return { bound: { _tag: 'Between', operand: c.operand, low, high, [N.built]: true } as C.Condition, check: c }
}

/** The first conjunct of `parts` that is a `rangeIn` of the key `name` of stored type `type`, or -1. */
const rangeInAt = (parts: ReadonlyArray<C.Condition>, name: string | undefined, type: string | undefined): number => {
  if (name === undefined || type === undefined) return -1
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as C.Condition
    if (p._tag === 'In' && rangeIn(p, name, type) !== undefined) return i
  }
  return -1
}

const onName = (o: C.Operand, a: string, b: string | undefined): boolean => {
  const p = o._tag === 'Path' ? o : o._tag === 'Size' ? o.path : undefined
  if (p === undefined) return false
  const name = N.elementsOf(p)[0]
  return name === a || name === b
}

/** Whether any path of `c` starts at the attribute `a` or `b` (`paths` of `ast/nodes`, without building the list). */
const mentions = (c: C.Condition, a: string, b: string | undefined, depth = 0): boolean => {
  // a tree deeper than any expression: taken as mentioning them (a Scan, whose compiler refuses it)
  if (depth > AST_DEPTH) return true
  switch (c._tag) {
    case 'Comparison':
      return onName(c.left, a, b) || onName(c.right, a, b)
    case 'Between':
      return onName(c.operand, a, b) || onName(c.low, a, b) || onName(c.high, a, b)
    case 'In':
      if (onName(c.operand, a, b)) return true
      for (const v of c.values) if (onName(v, a, b)) return true
      return false
    case 'BeginsWith':
      return onName(c.path, a, b) || onName(c.prefix, a, b)
    case 'Contains':
      return onName(c.path, a, b) || onName(c.operand, a, b)
    case 'Exists':
    case 'NotExists':
    case 'AttributeType':
      return onName(c.path, a, b)
    case 'And':
    case 'Or':
      for (const d of c.conditions) if (mentions(d, a, b, depth + 1)) return true
      return false
    case 'Not':
      return mentions(c.condition, a, b, depth + 1)
    default:
      return N.absurd(c)
  }
}

/** A key a query may go through: one hash and at most one range attribute. */
interface Single {
  readonly index: string | undefined
  readonly hashKey: string
  readonly rangeKey: string | undefined
  readonly multi?: undefined
}

/** A global index keyed by DynamoDB's multi-attribute keys (its fields, as they are). */
interface Multiple {
  readonly index: string
  readonly multi: Multi.Key
}

type Candidate = Single | Multiple

/** Where a query may go: the table first, then the indexes in declaration order (computed once per model). */
const candidates = perObject((m: AnyModel): ReadonlyArray<Candidate> => {
  const list: Candidate[] = [{ index: undefined, hashKey: m.hashKey, rangeKey: m.rangeKey }]
  for (const [name, ix] of Object.entries(m.indexes)) {
    const k = indexKeys(m, ix)
    if (k.multi) list.push({ index: name, multi: { hash: k.hash, range: k.range, types: m.keyTypes } })
    else list.push({ index: name, hashKey: k.hash[0] as string, rangeKey: k.range[0] })
  }
  return list
})

/**
 * Whether a sparse multi-attribute index holds every item the condition selects: each of its
 * attributes is a required field, or tested by its key condition.
 */
const holdsAll = (m: AnyModel, k: Multi.Key, t: Composed.Translation): boolean => {
  const required = MF.presentFields(m.codec)
  for (const a of [...k.hash, ...k.range]) if (!required.has(a) && !t.tested.has(a)) return false
  return true
}

/**
 * Whether an index gives the fields asked for and holds what the read's filter tests: a global
 * index holds its projection, the table key and its own key; a local index gives any
 * attribute (DynamoDB fetches what it does not project from the table), but a filter tests
 * only what it projects (DynamoDB refuses the rest). `filter` is what the read tests through
 * the index beyond its key condition: on plain keys the whole condition (its key conjuncts
 * test key attributes, which every index holds), on composed keys what their translation
 * leaves to the filter (a conjunct it puts in the key condition tests the key attribute, not
 * the field), `undefined` when not yet known.
 */
const projects = (m: AnyModel, ix: M.Index<unknown>, fields: ReadonlyArray<string> | undefined, filter: C.Condition | undefined, tests: ReadonlyArray<string> = []): boolean => {
  if (ix.projection === 'all') return true
  const held = heldBy(m, ix)
  if (!givesEverything(ix)) for (const f of fields ?? Object.keys(m.fields)) if (!held.has(f)) return false
  if (filter !== undefined) for (const p of N.paths(filter)) if (!held.has(String(N.elementsOf(p)[0]))) return false
  for (const a of tests) if (!held.has(a)) return false
  return true
}

/** Whether what a composed key's translation leaves to the filter is held by the index `name` (the table, `undefined`, holds all). */
const filterHeld = (m: AnyModel, name: string | undefined, filter: C.Condition | undefined): boolean =>
  name === undefined || filter === undefined || projects(m, m.indexes[name] as M.Index<unknown>, [], filter)

/** Whether a read with `options` may go through the index `name` (the table, `undefined`, always may), filtering with `filter` (`projects`). */
const usable = (m: AnyModel, name: string | undefined, options: Options, filter: C.Condition | undefined): boolean => {
  if (name === undefined) return true
  const ix = m.indexes[name] as M.Index<unknown>
  return !(options.consistentRead === true && ix._tag === 'GlobalIndex') && projects(m, ix, options.fields, filter, options.tests)
}

const notProjected = (m: AnyModel, name: string): E.Either<DE.DynamoError, never> => refuse(m, `the index ${name} does not project every field the read asks for or tests`)

/**
 * The index a read names, checked: declared, readable with its consistency, projecting what
 * the read asks for (`filter`: what it tests, `projects`).
 */
const namedIndex = (m: AnyModel, name: string, options: Options, filter: C.Condition | undefined): E.Either<DE.DynamoError, Candidate> => {
  const found = hasOwn(m.indexes, name) ? candidates(m).find((c) => c.index === name) : undefined
  if (found === undefined) return E.left(DE.validationError([{ path: 'index', message: `${m.table} declares no index ${JSON.stringify(name)}` }]))
  const ix = m.indexes[name] as M.Index<unknown>
  if (options.consistentRead === true && ix._tag === 'GlobalIndex') {
    return refuse(m, `the global index ${name} cannot be read with consistentRead (DynamoDB refuses it)`)
  }
  if (!projects(m, ix, options.fields, filter, options.tests)) return notProjected(m, name)
  return E.right(found)
}

const indexOf = (parts: ReadonlyArray<C.Condition>, test: (c: C.Condition, name: string) => boolean, name: string): number => {
  for (let i = 0; i < parts.length; i++) if (test(parts[i] as C.Condition, name)) return i
  return -1
}

/**
 * The plan of a condition (DESIGN §3): a full-key equality is a `GetItem`; literal values on
 * every key field (`eq`/`isIn`: `crossKeys`) or `keysIn` a `BatchGetItem`; an equality on the
 * hash key of the table or of an index a `Query`; anything else a `Scan`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { Condition as C, Model, Plan } from 'dynamongo'
 *
 * const Orders = Model.make({ table: 'orders', hashKey: 'customer', rangeKey: 'id', codec: t.type({ customer: t.string, id: t.string, total: t.number }) })
 * const o = Orders.attrs
 * // the hash key fixed: a Query, the rest a filter
 * E.map(Plan.show)(Plan.fromCondition(Orders, C.and(C.eq(o.customer, 'c-1'), C.gt(o.total, 100))))
 * // => E.right('Query orders\n  key condition: customer = "c-1"\n  filter: total > 100')
 * ```
 *
 * @category constructors
 */
export const fromCondition = <Mo extends AnyModel>(m: Mo, c: C.Condition<NoInfer<Mo>>, options: Options = {}): E.Either<DE.DynamoError, Plan> =>
  withModel(m, () => conditionPlan(m, c, options))

/** `fromCondition` on a model already found one (`make`, `fromSelection`): one check a call. */
const conditionPlan = <Mo extends AnyModel>(m: Mo, c: C.Condition<NoInfer<Mo>>, options: Options = {}): E.Either<DE.DynamoError, Plan> => {
  // the planner reads a few levels of the condition, each recursion bounded by AST_DEPTH; the
  // parts it does not read go to a filter or key condition, which the compiler (or Evaluate)
  // reads in full. A node it cannot read (cast through any) fails it: rules/ast says why. A
  // builder's refusal that is the condition or a conjunct of it is refused here (one deeper is
  // in a filter, which the compiler refuses).
  const refusal = refusedConjunct(c, 'strategy')
  if (refusal !== undefined) return E.left(refusal)
  try {
    const p = plan(m, c, options)
    if (E.isRight(p) && p.right._tag === 'Query') {
      const why = keyConditionWhy(m, p.right.keyCondition, p.right.index === undefined ? (m.rangeKey === undefined ? [] : [m.rangeKey]) : indexKeys(m, m.indexes[p.right.index] as M.GlobalIndex | M.LocalIndex).range)
      if (why !== undefined) return E.left(why)
    }
    return p
  } catch (e) {
    return E.left(conditionError(c, 'strategy') ?? DE.expressionError(`the strategy could not be read: ${thrown(e)}`))
  }
}

/**
 * Why a Query's key condition holds a value DynamoDB refuses there: each value, as stored
 * (through its codec), must be of its key attribute's type (`keyTypes`), else DynamoDB answers
 * "Condition parameter type does not match schema type" (and refuses begins_with on a number
 * key); never an empty string or binary; and within a key's bytes, a sort key's for a value
 * compared with a range attribute (`range`: the read's), a partition key's for the others, each
 * on its own (`SK.checkKeyValue`, as getOne's key). Typed code
 * gives the first only through a cast through `any`.
 */
const keyConditionWhy = (m: AnyModel, kc: C.Condition, range: ReadonlyArray<string>): DE.DynamoError | undefined => {
  if (kc._tag !== 'And') return keyPartWhy(m, kc, range)
  for (const p of kc.conditions) {
    const why = keyPartWhy(m, p, range)
    if (why !== undefined) return why
  }
  return undefined
}

/** `keyConditionWhy` of one part of a key condition (no list made: the planner runs on every read built). */
const keyPartWhy = (m: AnyModel, p: C.Condition, range: ReadonlyArray<string>): DE.DynamoError | undefined => {
  switch (p._tag) {
    case 'Comparison':
      return keyValueWhy(m, topName(p.left), p.right, false, range)
    case 'Between':
      return keyValueWhy(m, topName(p.operand), p.low, false, range) ?? keyValueWhy(m, topName(p.operand), p.high, false, range)
    case 'BeginsWith':
      return keyValueWhy(m, topName(p.path), p.prefix, true, range)
    default:
      return undefined
  }
}

const keyValueWhy = (m: AnyModel, name: string | undefined, v: C.Operand, prefix: boolean, range: ReadonlyArray<string>): DE.DynamoError | undefined => {
  if (name === undefined || v._tag !== 'Value') return undefined
  const want = m.keyTypes[name] as string | undefined
  if (want === undefined) return undefined
  // the common cases, read without encoding (a string of at most RANGE_KEY_BYTES / 3 characters fits any key)
  const raw = typeof v.value
  if (want === 'S' ? raw === 'string' && v.value !== '' && (v.value as string).length * 3 <= RANGE_KEY_BYTES : want === 'N' && !prefix && (raw === 'number' || raw === 'bigint')) return undefined
  if (prefix && want === 'N') return DE.validationError([{ path: name, message: `begins_with takes a string or binary key, and ${name} is a number` }])
  const av = toAttributeValue(v, false, name)
  if (E.isLeft(av)) return av.left
  // as a key of getOne is checked: a partition key longer than DynamoDB stores names no item
  // (DynamoDB Local answers it with none), a longer sort key bound DynamoDB refuses
  const issue = SK.checkKeyValue(name, av.right, want as M.StoredKeyType, range.includes(name) ? 'range' : 'hash')
  return issue === undefined ? undefined : DE.validationError([issue])
}

const plan = (m: AnyModel, c: C.Condition, options: SplitOptions): E.Either<DE.DynamoError, Plan> => {
  if (options.index !== undefined) {
    // on composed keys, what the filter tests is known once the condition is translated (composedThrough)
    const composed = isComposed(m)
    const named = namedIndex(m, options.index, options, composed ? undefined : c)
    return E.isLeft(named) ? named : composed ? composedThrough(m, c, named.right) : E.right(throughIndex(m, c, named.right, options))
  }
  const { composed, keyFields, cands } = planned(m)
  // the conjuncts, read once for every step below
  const parts = N.conjuncts(c)
  // a full key, with or without extra checks (on composed keys, the planner's GetItem, which says where each conjunct went)
  const keyish = mayBeKey(keyFields, c)
  const flags = glance(parts)
  if (keyish) {
    if (composed) {
      const p = composedPlan(m, c, parts, options)
      if (p._tag === 'GetItem') return E.right(p)
      const unbuilt = unbuiltKey(m, c)
      if (unbuilt !== undefined) return unbuilt
    } else {
      const s = S.fromCondition(m, c)
      if (E.isRight(s)) return E.right(getItem(m.table, s.right))
      if (s.left._tag === 'ValidationError') return s
    }
  }
  // a batch get: literal values (eq, isIn) on every key field, their cross product (an equality
  // on each, not a GetItem: a check tests a key; else an isIn among them); or keysIn
  const cross = keyish || (flags & CONJUNCTS.in) !== 0 ? crossKeys(m, keyFields, parts, options.crossKeys !== false) : undefined
  if (cross !== undefined) {
    const { used, keys } = cross
    return E.isLeft(keys) ? keys : E.right(batch(m, keys.right, andAll(parts.filter((_, j) => !used.includes(j)))))
  }
  for (let i = 0; i < parts.length && (flags & CONJUNCTS.or) !== 0; i++) {
    const keys = batchKeys(m, keyFields, parts[i] as C.Condition)
    if (keys !== undefined) return E.isLeft(keys) ? keys : E.right(batch(m, keys.right, andAll(parts.filter((_, j) => j !== i))))
  }
  if (composed) return E.right(composedPlan(m, c, parts, options))
  // a query: the table first, then the indexes in declaration order; one with a range condition wins
  let best: Single | undefined
  let hashAt = -1
  let rangeAt = -1
  let multi: { readonly cand: Multiple; readonly t: Composed.Translation } | undefined
  for (const cand of cands) {
    if (!usable(m, cand.index, options, c)) continue
    if (cand.multi !== undefined) {
      const t = Multi.translate(cand.multi, parts)
      if (t._tag === 'Miss' || !holdsAll(m, cand.multi, t)) continue
      if ((best === undefined && multi === undefined) || (rangeAt === -1 && multi?.t.ranged !== true && t.ranged)) {
        best = undefined
        multi = { cand, t }
      }
      continue
    }
    const h = indexOf(parts, hashEquality, cand.hashKey)
    if (h === -1) continue
    const r = rangeConjunct(m, parts, cand, options)
    // an index on an optional range key holds no item without it: only when the key condition tests it
    if (cand.index !== undefined && r === -1 && cand.rangeKey !== undefined && !MF.requiredFields(m.codec).has(cand.rangeKey)) continue
    // DynamoDB refuses a filter on a key attribute of a Query: a candidate whose other conjuncts test its keys cannot be queried
    if (parts.some((p, j) => j !== h && j !== r && mentions(p, cand.hashKey, cand.rangeKey))) continue
    if ((best === undefined && multi === undefined) || (rangeAt === -1 && multi?.t.ranged !== true && r !== -1)) {
      best = cand
      multi = undefined
      hashAt = h
      rangeAt = r
    }
  }
  if (multi !== undefined) return E.right(query(m.table, multi.cand.index, multi.t.keyCondition, andAll(multi.t.filter)))
  if (best !== undefined) return E.right(keyQuery(m, best, parts, hashAt, rangeAt, andAll(parts.filter((_, j) => j !== hashAt && j !== rangeAt))))
  return E.right({ _tag: 'Scan', table: m.table, filter: c })
}

/**
 * The conjunct of `parts` a Query through `cand` takes as its range key condition, or -1: a
 * range condition, else (unless split in segments, which keeps a Scan) an `isIn` of the range
 * key's values (bounded, and checked in memory).
 */
const rangeConjunct = (m: AnyModel, parts: ReadonlyArray<C.Condition>, cand: Single, options: SplitOptions): number => {
  if (cand.rangeKey === undefined) return -1
  const r = indexOf(parts, isRangeCondition, cand.rangeKey)
  return r !== -1 || options.segmented === true ? r : rangeInAt(parts, cand.rangeKey, m.keyTypes[cand.rangeKey])
}

/**
 * The Query of a key: the hash equality `parts[h]` and the range conjunct `parts[r]` (none: -1)
 * its key condition, an `isIn` of the range key bounded there and checked in memory (`rangeIn`).
 */
const keyQuery = (m: AnyModel, cand: Single, parts: ReadonlyArray<C.Condition>, h: number, r: number, filter: C.Condition | undefined): Query => {
  const hash = parts[h] as C.Condition
  if (r === -1) return query(m.table, cand.index, hash, filter)
  const range = parts[r] as C.Condition
  const ranged = range._tag === 'In' ? rangeIn(range, cand.rangeKey as string, m.keyTypes[cand.rangeKey as string]) : undefined
  return ranged === undefined ? query(m.table, cand.index, C.and(hash, range), filter) : rangedQuery(m.table, cand.index, hash, ranged, filter)
}

/**
 * A read through a named index: a Query on its hash key (a range condition in the key
 * condition) when the condition has an equality on it and the rest does not test its keys;
 * otherwise a Scan of the index.
 */
const throughIndex = (m: AnyModel, c: C.Condition, cand: Candidate, options: Options): Plan => {
  const parts = N.conjuncts(c)
  if (cand.multi !== undefined) {
    const t = Multi.translate(cand.multi, parts)
    return t._tag === 'Translation' ? query(m.table, cand.index, t.keyCondition, andAll(t.filter)) : { _tag: 'Scan', table: m.table, index: cand.index, filter: c }
  }
  const h = indexOf(parts, hashEquality, cand.hashKey)
  if (h !== -1) {
    const r = rangeConjunct(m, parts, cand, options)
    const rest = parts.filter((_, j) => j !== h && j !== r)
    if (!rest.some((p) => mentions(p, cand.hashKey, cand.rangeKey))) return keyQuery(m, cand, parts, h, r, andAll(rest))
  }
  return { _tag: 'Scan', table: m.table, index: cand.index as string, filter: c }
}

// -------------------------------------------------------------------------------------
// composed keys
// -------------------------------------------------------------------------------------

/** Whether a model composes a key attribute from its fields (DESIGN §5.4). */
const isComposed = perObject((m: AnyModel): boolean => m.templates !== undefined && Object.keys(m.templates).length > 0)

/** What every plan of a model reads of it, found with one lookup (not one per use: six in the W3 query's plan). */
const planned = perObject((m: AnyModel) => ({ composed: isComposed(m), keyFields: keyFieldNames(m), cands: candidates(m) }))

/** A key attribute as the translation sees it: composed by a template, or a field stored as it is. */
const sideOf = (m: AnyModel, attribute: string): Composed.Side => {
  const t = hasOwn(m.templates, attribute) ? m.templates[attribute] : undefined
  return t === undefined ? { _tag: 'Plain', attribute } : { _tag: 'Template', template: t }
}

/** What the translation reads of a model's fields: a value's stored form (through its own codec, as the filter's) and the field's stored type. */
const fieldsOf = perObject(
  (m: AnyModel): Composed.Fields => ({
    stored: (_name, v) => {
      const av = toAttributeValue(v, false)
      return E.isRight(av) ? av.right : undefined
    },
    storedType: (name) => {
      const codec = m.fields[name]
      // a nullable field of an index template: its values' type (a null is in no key)
      return codec === undefined ? undefined : MF.templateTypeOf(codec)
    },
  }),
)

const keyOf = (m: AnyModel, cand: Single): Composed.Key => ({
  hash: sideOf(m, cand.hashKey),
  range: cand.rangeKey === undefined ? undefined : sideOf(m, cand.rangeKey),
})

/** The fields an index key is made of (a sparse index holds an item only when it has them all). */
const indexFields = (m: AnyModel, cand: Candidate): ReadonlyArray<string> => {
  if (cand.multi !== undefined) return [...cand.multi.hash, ...cand.multi.range]
  const out: string[] = []
  for (const a of [cand.hashKey, cand.rangeKey]) {
    if (a === undefined) continue
    const side = sideOf(m, a)
    if (side._tag === 'Plain') out.push(side.attribute)
    else for (const p of side.template.parts) if (p._tag === 'Field') out.push(p.name)
  }
  return out
}

/** The key condition of a key on a model with composed keys: its templates', or a multi-attribute key's (its fields as they are). */
const translate = (m: AnyModel, cand: Candidate, parts: ReadonlyArray<C.Condition>): Composed.Translation | Composed.Miss =>
  cand.multi === undefined ? Composed.translate(keyOf(m, cand), parts, fieldsOf(m)) : Multi.translate(cand.multi, parts)

const explained = (t: Composed.Translation, passed: ReadonlyArray<Passed>): Explanation => ({ placements: t.placements, passed })

/** Why `cand` is passed over, naming its index (none: the table's own key). */
const passOver = (cand: Candidate, why: string): Passed => (cand.index === undefined ? { why } : { index: cand.index, why })

/**
 * The plan of a condition on a model with composed keys: a `GetItem` when the conjuncts give
 * the table's full key by equality; else a `Query` of the first key (the table's, then the
 * indexes' in declaration order) whose hash fields all have equalities, one that narrows its
 * range side preferred; else a `Scan`. An index the planner picks must hold every item the
 * condition selects: each field of its keys required (and never null), or tested by the key
 * condition. `parts`: the conjuncts of `c`.
 */
const composedPlan = (m: AnyModel, c: C.Condition, parts: ReadonlyArray<C.Condition>, options: Options): Plan => {
  // (a required field may still be null, or take undefined: such an item is in no index keyed by it)
  const required = MF.presentFields(m.codec)
  const cands = candidates(m)
  // why each key is passed over, in declaration order
  const passed: Array<Passed | undefined> = cands.map(() => undefined)
  let best: { readonly at: number; readonly t: Composed.Translation } | undefined
  for (let i = 0; i < cands.length; i++) {
    const cand = cands[i] as Candidate
    // what the filter tests is checked once the translation says what it is (filterHeld)
    if (!usable(m, cand.index, options, undefined)) {
      passed[i] = passOver(cands[i] as Candidate, options.consistentRead === true && m.indexes[cand.index as string]?._tag === 'GlobalIndex' ? 'a global index cannot be read with consistentRead' : 'it does not project every field the read asks for or tests')
      continue
    }
    const t = translate(m, cand, parts)
    if (t._tag === 'Miss') {
      passed[i] = passOver(cands[i] as Candidate, t.why)
      continue
    }
    if (!filterHeld(m, cand.index, andAll(t.filter))) {
      passed[i] = passOver(cands[i] as Candidate, 'it does not project every field the read asks for or tests')
      continue
    }
    if (cand.index === undefined && t.key !== undefined) {
      const filter = andAll(t.filter)
      const explanation = explained(t, [])
      return filter === undefined ? { _tag: 'GetItem', table: m.table, key: t.key, explanation } : { _tag: 'GetItem', table: m.table, key: t.key, filter, explanation }
    }
    if (cand.index !== undefined) {
      const missing = indexFields(m, cand).filter((f) => !required.has(f) && !t.tested.has(f))
      if (missing.length > 0) {
        passed[i] = passOver(cands[i] as Candidate, `it holds no item without ${missing.join(', ')} (not required, or nullable, and not tested by its key condition)`)
        continue
      }
    }
    if (best === undefined) best = { at: i, t }
    else if (!best.t.ranged && t.ranged) {
      passed[best.at] = passOver(cands[best.at] as Candidate, 'another key narrows its range side')
      best = { at: i, t }
    } else passed[i] = passOver(cands[i] as Candidate, 'an earlier key serves as well')
  }
  const reasons = passed.filter((x): x is Passed => x !== undefined)
  if (best === undefined) return { _tag: 'Scan', table: m.table, filter: c, explanation: { placements: [], passed: reasons } }
  return composedQuery(m, cands[best.at] as Candidate, best.t, reasons)
}

const composedQuery = (m: AnyModel, cand: Candidate, t: Composed.Translation, passed: ReadonlyArray<Passed>): Query => {
  const q: { -readonly [K in keyof Query]: Query[K] } = query(m.table, cand.index, t.keyCondition, andAll(t.filter))
  // a member added, not a spread: V8's spread of a new member would miss the K composed query target
  q.explanation = explained(t, passed)
  return q
}

/**
 * A read through a named index of a model with composed keys: a Query when the conjuncts give
 * its hash key, else a Scan of it; refused when its filter tests what the index does not hold.
 */
const composedThrough = (m: AnyModel, c: C.Condition, cand: Candidate): E.Either<DE.DynamoError, Plan> => {
  const name = cand.index as string
  const t = translate(m, cand, N.conjuncts(c))
  const filter = t._tag === 'Translation' ? andAll(t.filter) : c
  if (!filterHeld(m, name, filter)) return notProjected(m, name)
  if (t._tag === 'Translation') return E.right(composedQuery(m, cand, t, []))
  return E.right({ _tag: 'Scan', table: m.table, index: name, filter: c, explanation: { placements: [], passed: [{ index: name, why: t.why }] } })
}

/**
 * The plan of a parsed selection: one key is a `GetItem`, a list of keys a `BatchGetItem`, a condition what `fromCondition` says.
 *
 * @category constructors
 */
export const fromSelection = (m: AnyModel, s: S.Selection, options: Options = {}): E.Either<DE.DynamoError, Plan> =>
  withModel(m, () => {
    const tag = typeof s === 'object' && s !== null ? s._tag : undefined
    const why =
      tag === 'Keys' ? strategiesWhy(m, (s as S.Keys).keys)
      : tag === 'Key' || tag === 'KeyWithCheck' ? strategyWhy(m, s, 'selection')
      : tag === 'Where' ? undefined
      : { path: 'selection', message: 'expected a parsed selection (Strategy.parseSelection): a Key, a KeyWithCheck, Keys or Where' }
    if (why !== undefined) return E.left(DE.validationError([why]))
    return selectionPlan(m, s, options)
  })

/** `fromSelection` on a model already found one (`make`, after `Strategy.parseSelection`): one check a call. */
const selectionPlan = (m: AnyModel, s: S.Selection, options: Options = {}): E.Either<DE.DynamoError, Plan> => {
  if (options.index !== undefined && s._tag !== 'Where') {
    return refuse(m, `keys are read from the table; a read through the index ${options.index} takes a condition`)
  }
  switch (s._tag) {
    case 'Key':
    case 'KeyWithCheck':
      return E.right(getItem(m.table, s))
    case 'Keys':
      return E.right(batch(m, s.keys))
    case 'Where':
      return conditionPlan(m, s.condition, options)
  }
}

/**
 * The plan of what `getMany`/`deleteMany`/`explain` take (one strategy, a list of them, or a
 * condition), read by `Strategy.parseSelection`; with `options`, what the read asks of it (an
 * index, consistency, the fields read).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Condition as C, Model, Plan } from 'dynamongo'
 *
 * const Contacts = Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec: t.type({ email: t.string, name: t.string, age: t.number }) })
 * const c = Contacts.attrs
 *
 * // one key: a GetItem; several: a BatchGetItem; a condition on the hash key: a Query; else a Scan
 * pipe(Plan.make(Contacts, ['a@b.c', 'Ann']), E.map((p) => p._tag)) // => E.right('GetItem')
 * pipe(Plan.make(Contacts, [['a@b.c', 'Ann'], ['a@b.c', 'Bob']]), E.map((p) => p._tag)) // => E.right('BatchGetItem')
 * pipe(Plan.make(Contacts, C.eq(c.email, 'a@b.c')), E.map((p) => p._tag)) // => E.right('Query')
 * pipe(Plan.make(Contacts, C.gt(c.age, 3)), E.map((p) => p._tag)) // => E.right('Scan')
 * ```
 *
 * @category constructors
 */
export const make = (m: AnyModel, input: unknown, options: Options = {}): E.Either<DE.DynamoError, Plan> => {
  const s = S.parseSelection(m, input)
  if (E.isLeft(s)) return s
  // options of the application's whose reading throws (a getter, a Proxy): the Left quoting it
  const p = catching(() => selectionPlan(m, s.right, options))
  // a model with an entity reads only its own items (Entity.ts)
  return m.entityAttribute === undefined || E.isLeft(p) ? p : E.right(Entity.restrict(m, p.right))
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * A fold over the plans: one handler per `_tag`, the one of the plan's tag applied.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Condition as C, Model, Plan } from 'dynamongo'
 *
 * const Contacts = Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec: t.type({ email: t.string, name: t.string, age: t.number }) })
 * const c = Contacts.attrs
 *
 * const cost = Plan.match({
 *   GetItem: () => 'one item',
 *   BatchGetItem: (b) => `${b.keys.length} keys`,
 *   Query: () => 'the items of one hash key',
 *   Scan: () => 'every item of the table',
 * })
 * pipe(Plan.make(Contacts, C.gt(c.age, 3)), E.map(cost)) // => E.right('every item of the table')
 * ```
 *
 * @category pattern matching
 */
export const match: <B>(handlers: { readonly [K in Plan['_tag']]: (p: Extract<Plan, { _tag: K }>) => B }) => (p: Plan) => B = matchTag

/** A plan's key, as its key condition: `name = value AND …` (`showKey`). */
const keyCondition = (key: AttributeMap): string => showKey(Object.keys(key), (k) => showStored(key[k]), ' AND ')

/**
 * The plan, drawn for people. What is no plan (through `any`) is described as such, never thrown.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { Condition as C, Model, Plan } from 'dynamongo'
 *
 * const Users = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, age: t.number }) })
 * // no key in the condition: the whole table is read
 * E.map(Plan.show)(Plan.fromCondition(Users, C.gt(Users.attrs.age, 30))) // => E.right('Scan users\n  filter: age > 30')
 * ```
 *
 * @category destructors
 */
export const show = (p: Plan): string => {
  try {
    const filter = p._tag === 'Scan' ? p.filter : p.filter
    const lines: string[] = []
    switch (p._tag) {
      case 'GetItem':
        lines.push(`GetItem ${p.table}`, `  key: ${keyCondition(p.key)}`)
        break
      case 'BatchGetItem': {
        const chunks = Math.ceil(p.keys.length / BATCH_GET)
        lines.push(`BatchGetItem ${p.table} (${count(p.keys.length, 'key')}, ${count(chunks, 'request')})`)
        for (const k of p.keys.slice(0, 5)) lines.push(`  key: ${keyCondition(k.key)}${k.check === undefined ? '' : `  check: ${Expression.show(k.check)}`}`)
        if (p.keys.length > 5) lines.push(`  … ${p.keys.length - 5} more`)
        break
      }
      case 'Query':
        lines.push(`Query ${p.table}${p.index === undefined ? '' : ` index ${p.index}`}`, `  key condition: ${p.explanation === undefined ? Expression.show(p.keyCondition) : showKeyCondition(p.keyCondition)}`)
        break
      case 'Scan':
        lines.push(`Scan ${p.table}${p.index === undefined ? '' : ` index ${p.index}`}`)
        break
    }
    if (filter !== undefined) lines.push(`  ${p._tag === 'Query' || p._tag === 'Scan' ? 'filter' : 'filter (evaluated on the results)'}: ${Expression.show(filter)}`)
    if (p._tag === 'Query' && p.check !== undefined) lines.push(`  check (evaluated on the results): ${Expression.show(p.check)}`)
    if (p.readUnitsPerSecond !== undefined) lines.push(`  paced: ${p.readUnitsPerSecond} read units a second`)
    if (p._tag !== 'BatchGetItem' && p.explanation !== undefined) lines.push(...showExplanation(p.explanation))
    return lines.join('\n')
  } catch (e) {
    return unshowable('a plan', p, e)
  }
}

/** A key condition of composed keys: a bound `top(P)` (P and the greatest text a range key holds after it) drawn as such. */
const showKeyCondition = (c: C.Condition): string => {
  const members = c._tag === 'And' ? c.conditions : [c]
  return members
    .map((x) => {
      const high = x._tag === 'Between' && x.high._tag === 'Value' && typeof x.high.value === 'string' ? Composed.topOf(x.high.value) : undefined
      return x._tag === 'Between' && x.low._tag === 'Value' && high !== undefined
        ? Expression.show({ ...x, high: { _tag: 'Value', value: '', codec: undefined } } as C.Condition).replace(/ AND ""$/, ` AND top(${JSON.stringify(high)})`)
        : Expression.show(x)
    })
    .join(' AND ')
}

/** Where each conjunct of a condition on composed keys went, and why; the keys passed over. */
const showExplanation = (x: Explanation): ReadonlyArray<string> => {
  const lines: string[] = []
  for (const p of x.placements) {
    const to = p.keys.length === 0 ? 'filter' : `${p.keys.join(', ')}${p.filter ? ' and filter' : ''}`
    lines.push(`  ${Expression.show(p.condition)} → ${to}: ${p.why}`)
  }
  for (const q of x.passed) lines.push(`  not ${q.index === undefined ? 'the table' : `index ${q.index}`}: ${q.why}`)
  return lines
}
