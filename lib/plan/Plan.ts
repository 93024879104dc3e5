/**
 * Plans: which DynamoDB calls a read (`getOne`, `getMany`) or a `deleteMany` will make,
 * decided purely from the model and the strategy, before any network call.
 *
 * - a full key (any strategy form) is a `GetItem`;
 * - a list of keys, `isIn` on the hash key, or `Model.keysIn` is a `BatchGetItem` (the rest
 *   of the condition is evaluated on the results exactly as DynamoDB would: `Evaluate`);
 * - an equality on the hash key of the table or of a declared index is a `Query` (a range-key
 *   condition goes in the key condition, the rest in the filter);
 * - anything else is a `Scan` with a filter.
 *
 * @since 0.1.0
 * @category Compiling
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../ast/Condition.js'
import * as DE from '../DynamoError.js'
import * as Expression from '../compile/Expression.js'
import * as M from '../model/Model.js'
import * as P from '../ast/Path.js'
import { perObject } from '../internal/memo.js'
import { AST_DEPTH, BATCH_GET } from '../rules/limits.js'
import { conditionWhy } from '../rules/ast.js'
import { thrown } from '../internal/show.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type AttributeMap = Record<string, AttributeValue>

export interface GetItem {
  readonly _tag: 'GetItem'
  readonly table: string
  readonly key: AttributeMap
  /** Checks evaluated on the fetched item (a key condition's extra conjuncts). */
  readonly filter?: C.Condition
}

export interface BatchGetItem {
  readonly _tag: 'BatchGetItem'
  readonly table: string
  /** The selected keys, duplicates collapsed, in request order; each with its own checks. */
  readonly keys: ReadonlyArray<M.Selection>
  /** Checks evaluated on every fetched item. */
  readonly filter?: C.Condition
}

export interface Query {
  readonly _tag: 'Query'
  readonly table: string
  /** The index's name in the model's `indexes` record; absent for the table. */
  readonly index?: string
  readonly keyCondition: C.Condition
  readonly filter?: C.Condition
}

export interface Scan {
  readonly _tag: 'Scan'
  readonly table: string
  readonly filter?: C.Condition
}

export type Plan = GetItem | BatchGetItem | Query | Scan

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

type AnyModel = M.Model<any, any, any, any>

const andAll = (cs: ReadonlyArray<C.Condition>): C.Condition | undefined =>
  cs.length === 0 ? undefined : cs.length === 1 ? cs[0] : C.and(...cs)

const getItem = (table: string, key: AttributeMap, filter: C.Condition | undefined): GetItem =>
  filter === undefined ? { _tag: 'GetItem', table, key } : { _tag: 'GetItem', table, key, filter }

/** A `Query` plan, with only the properties it has (an object literal each: spreading is slow). */
const query = (table: string, index: string | undefined, keyCondition: C.Condition, filter: C.Condition | undefined): Query =>
  index === undefined
    ? filter === undefined
      ? { _tag: 'Query', table, keyCondition }
      : { _tag: 'Query', table, keyCondition, filter }
    : filter === undefined
      ? { _tag: 'Query', table, index, keyCondition }
      : { _tag: 'Query', table, index, keyCondition, filter }

const topName = (o: C.Operand): string | undefined => (o._tag === 'Path' && o.elements.length === 1 ? o.elements[0] : undefined)

/** A batch of keys from a list of strategies: each selected (validated), duplicates collapsed. */
export const fromKeys = (m: AnyModel, strategies: ReadonlyArray<unknown>, filter?: C.Condition): E.Either<DE.DynamoError, BatchGetItem> => {
  const seen = new Set<string>()
  const keys: M.Selection[] = []
  for (const s of strategies) {
    const sel = M.select(m, s)
    if (E.isLeft(sel)) return sel
    const k = M.keyString(m, sel.right.key)
    if (seen.has(k)) continue
    seen.add(k)
    keys.push(sel.right)
  }
  return E.right(filter === undefined ? { _tag: 'BatchGetItem', table: m.table, keys } : { _tag: 'BatchGetItem', table: m.table, keys, filter })
}

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
 * Whether `c` may select a full key (`Model.select` can succeed only then): not an `Or`, with
 * an equality on every key attribute. Saves building `select`'s error for the common misses.
 */
const mayBeKey = (m: AnyModel, c: C.Condition): boolean =>
  c._tag !== 'Or' && hasEquality(c, m.hashKey) && (m.rangeKey === undefined || hasEquality(c, m.rangeKey))

/** The key values of a batch-get conjunct: `isIn` on the hash key, or an OR of full-key equalities (`keysIn`). */
const batchKeys = (m: AnyModel, c: C.Condition): ReadonlyArray<unknown> | undefined => {
  if (m.rangeKey === undefined && c._tag === 'In' && topName(c.operand) === m.hashKey && c.values.every((v) => v._tag === 'Value')) {
    return c.values.map((v) => C.eq(m.attrs[m.hashKey] as never, (v as C.Value).value as never))
  }
  if (c._tag !== 'Or') return undefined
  // every disjunct a full key and nothing else (`Model.keysIn(M, [])`, an empty `Or`, is no keys: no items, as `getMany(M, [])`)
  for (const d of c.conditions) {
    if (!mayBeKey(m, d)) return undefined
    const sel = M.select(m, d)
    if (E.isLeft(sel) || sel.right.check !== undefined) return undefined
  }
  return c.conditions
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
      return c.path.elements.length === 1 && c.path.elements[0] === name && c.prefix._tag === 'Value'
    default:
      return false
  }
}

const onName = (o: C.Operand, a: string, b: string | undefined): boolean => {
  const p = o._tag === 'Path' ? o : o._tag === 'Size' ? o.path : undefined
  return p !== undefined && (p.elements[0] === a || p.elements[0] === b)
}

/** Whether any path of `c` starts at the attribute `a` or `b` (`C.paths`, without building the list). */
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
      return C.absurd(c)
  }
}

interface Candidate {
  readonly index: string | undefined
  readonly hashKey: string
  readonly rangeKey: string | undefined
}

/** Where a query may go: the table first, then the indexes in declaration order (computed once per model). */
const candidates = perObject((m: AnyModel): ReadonlyArray<Candidate> => {
  const list: Candidate[] = [{ index: undefined, hashKey: m.hashKey, rangeKey: m.rangeKey }]
  for (const [name, ix] of Object.entries(m.indexes)) {
    list.push(ix._tag === 'GlobalIndex' ? { index: name, hashKey: ix.hashKey, rangeKey: ix.rangeKey } : { index: name, hashKey: m.hashKey, rangeKey: ix.rangeKey })
  }
  return list
})

const indexOf = (parts: ReadonlyArray<C.Condition>, test: (c: C.Condition, name: string) => boolean, name: string): number => {
  for (let i = 0; i < parts.length; i++) if (test(parts[i] as C.Condition, name)) return i
  return -1
}

/**
 * The plan of a condition (DESIGN §3): a full-key equality is a `GetItem`; `isIn` on the
 * hash key or `keysIn` a `BatchGetItem`; an equality on the hash key of the table or of an
 * index a `Query`; anything else a `Scan`.
 */
export const fromCondition = (m: AnyModel, c: C.Condition): E.Either<DE.DynamoError, Plan> => {
  // the planner reads a few levels of the condition, each recursion bounded by AST_DEPTH; the
  // parts it does not read go to a filter or key condition, which the compiler (or Evaluate)
  // reads in full. A node it cannot read (cast through any) fails it: rules/ast says why.
  try {
    return plan(m, c)
  } catch (e) {
    return E.left(DE.expressionError(conditionWhy(c, 'strategy') ?? `the strategy could not be read: ${thrown(e)}`))
  }
}

const plan = (m: AnyModel, c: C.Condition): E.Either<DE.DynamoError, Plan> => {
  // a full key, with or without extra checks
  if (mayBeKey(m, c)) {
    const sel = M.select(m, c)
    if (E.isRight(sel)) return E.right(getItem(m.table, sel.right.key, sel.right.check))
  }
  const parts = M.conjuncts(c)
  // a batch get: isIn on the hash key, or keysIn
  for (let i = 0; i < parts.length; i++) {
    const keys = batchKeys(m, parts[i] as C.Condition)
    if (keys !== undefined) return fromKeys(m, keys, andAll(parts.filter((_, j) => j !== i)))
  }
  // a query: the table first, then the indexes in declaration order; one with a range condition wins
  let best: Candidate | undefined
  let hashAt = -1
  let rangeAt = -1
  for (const cand of candidates(m)) {
    const h = indexOf(parts, hashEquality, cand.hashKey)
    if (h === -1) continue
    const r = cand.rangeKey === undefined ? -1 : indexOf(parts, isRangeCondition, cand.rangeKey)
    if (best === undefined || (rangeAt === -1 && r !== -1)) {
      best = cand
      hashAt = h
      rangeAt = r
    }
  }
  if (best !== undefined) {
    const rest: C.Condition[] = []
    let onKeys = false
    for (let j = 0; j < parts.length; j++) {
      if (j === hashAt || j === rangeAt) continue
      const p = parts[j] as C.Condition
      if (mentions(p, best.hashKey, best.rangeKey)) onKeys = true
      rest.push(p)
    }
    // DynamoDB refuses a filter on a key attribute of a Query: otherwise, fall through to a Scan
    if (!onKeys) {
      const hash = parts[hashAt] as C.Condition
      const keyCondition = rangeAt === -1 ? hash : C.and(hash, parts[rangeAt] as C.Condition)
      return E.right(query(m.table, best.index, keyCondition, andAll(rest)))
    }
  }
  return E.right({ _tag: 'Scan', table: m.table, filter: c })
}

/** The plan of any strategy of `getMany`/`deleteMany`: a list of keys, or a condition. */
export const make = (m: AnyModel, strategy: unknown): E.Either<DE.DynamoError, Plan> => {
  if (Array.isArray(strategy)) return fromKeys(m, strategy)
  if (M.isCondition(m, strategy)) return fromCondition(m, strategy)
  const sel = M.select(m, strategy)
  return E.isLeft(sel) ? sel : E.right(getItem(m.table, sel.right.key, sel.right.check))
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

export const match =
  <B>(handlers: { readonly [K in Plan['_tag']]: (p: Extract<Plan, { _tag: K }>) => B }) =>
  (p: Plan): B =>
    (handlers[p._tag] as (p: Plan) => B)(p)

const showAv = (av: AttributeValue | undefined): string =>
  av === undefined ? '?' : av.S !== undefined ? JSON.stringify(av.S) : av.N !== undefined ? av.N : av.B !== undefined ? `<${av.B.length} bytes>` : '?'

const showKey = (key: AttributeMap): string =>
  Object.entries(key)
    .map(([k, v]) => `${P.show(P.of(k))} = ${showAv(v)}`)
    .join(' AND ')

/** The plan, drawn for people. */
export const show = (p: Plan): string => {
  const filter = p._tag === 'Scan' ? p.filter : p.filter
  const lines: string[] = []
  switch (p._tag) {
    case 'GetItem':
      lines.push(`GetItem ${p.table}`, `  key: ${showKey(p.key)}`)
      break
    case 'BatchGetItem': {
      const chunks = Math.ceil(p.keys.length / BATCH_GET)
      lines.push(`BatchGetItem ${p.table} (${p.keys.length} key${p.keys.length === 1 ? '' : 's'}, ${chunks} request${chunks === 1 ? '' : 's'})`)
      for (const k of p.keys.slice(0, 5)) lines.push(`  key: ${showKey(k.key)}${k.check === undefined ? '' : `  check: ${Expression.show(k.check)}`}`)
      if (p.keys.length > 5) lines.push(`  … ${p.keys.length - 5} more`)
      break
    }
    case 'Query':
      lines.push(`Query ${p.table}${p.index === undefined ? '' : ` index ${p.index}`}`, `  key condition: ${Expression.show(p.keyCondition)}`)
      break
    case 'Scan':
      lines.push(`Scan ${p.table}`)
      break
  }
  if (filter !== undefined) lines.push(`  ${p._tag === 'Query' || p._tag === 'Scan' ? 'filter' : 'filter (evaluated on the results)'}: ${Expression.show(filter)}`)
  return lines.join('\n')
}
