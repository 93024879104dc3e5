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
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from './Condition.js'
import * as DE from './DynamoError.js'
import * as Expression from './Expression.js'
import * as M from './Model.js'
import * as P from './Path.js'

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

const withFilter = <P extends object>(p: P, filter: C.Condition | undefined): P => (filter === undefined ? p : { ...p, filter })

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
  return E.right(withFilter({ _tag: 'BatchGetItem', table: m.table, keys } as BatchGetItem, filter))
}

/** The key values of a batch-get conjunct: `isIn` on the hash key, or an OR of full-key equalities (`keysIn`). */
const batchKeys = (m: AnyModel, c: C.Condition): ReadonlyArray<unknown> | undefined => {
  if (m.rangeKey === undefined && c._tag === 'In' && topName(c.operand) === m.hashKey && c.values.every((v) => v._tag === 'Value')) {
    return c.values.map((v) => C.eq(m.attrs[m.hashKey] as never, (v as C.Value).value as never))
  }
  // `Model.keysIn(M, [])`: no keys, no items (as `getMany(M, [])`)
  if (c._tag === 'Or' && c.conditions.length === 0) return []
  if (c._tag === 'Or') {
    const all = c.conditions.every((d) => {
      const sel = M.select(m, d)
      return E.isRight(sel) && sel.right.check === undefined
    })
    return all ? c.conditions : undefined
  }
  return undefined
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

const hashEquality = (c: C.Condition, name: string): boolean =>
  c._tag === 'Comparison' && c.op === '=' && topName(c.left) === name && c.right._tag === 'Value'

const mentions = (c: C.Condition, names: ReadonlyArray<string>): boolean =>
  C.paths(c).some((p) => names.includes(p.elements[0]))

interface Candidate {
  readonly index: string | undefined
  readonly hashKey: string
  readonly rangeKey: string | undefined
}

/**
 * The plan of a condition (DESIGN §3): a full-key equality is a `GetItem`; `isIn` on the
 * hash key or `keysIn` a `BatchGetItem`; an equality on the hash key of the table or of an
 * index a `Query`; anything else a `Scan`.
 */
export const fromCondition = (m: AnyModel, c: C.Condition): E.Either<DE.DynamoError, Plan> => {
  // a full key, with or without extra checks
  const sel = M.select(m, c)
  if (E.isRight(sel)) {
    return E.right(withFilter({ _tag: 'GetItem', table: m.table, key: sel.right.key } as GetItem, sel.right.check))
  }
  const parts = M.conjuncts(c)
  // a batch get: isIn on the hash key, or keysIn
  for (let i = 0; i < parts.length; i++) {
    const keys = batchKeys(m, parts[i] as C.Condition)
    if (keys !== undefined) return fromKeys(m, keys, andAll(parts.filter((_, j) => j !== i)))
  }
  // a query: the table first, then the indexes in declaration order; one with a range condition wins
  const candidates: Candidate[] = [{ index: undefined, hashKey: m.hashKey, rangeKey: m.rangeKey }]
  for (const [name, ix] of Object.entries(m.indexes)) {
    candidates.push(ix._tag === 'GlobalIndex' ? { index: name, hashKey: ix.hashKey, rangeKey: ix.rangeKey } : { index: name, hashKey: m.hashKey, rangeKey: ix.rangeKey })
  }
  let best: { cand: Candidate; hashAt: number; rangeAt: number } | undefined
  for (const cand of candidates) {
    const hashAt = parts.findIndex((p) => hashEquality(p, cand.hashKey))
    if (hashAt === -1) continue
    const rangeAt = cand.rangeKey === undefined ? -1 : parts.findIndex((p) => isRangeCondition(p, cand.rangeKey as string))
    if (best === undefined || (best.rangeAt === -1 && rangeAt !== -1)) best = { cand, hashAt, rangeAt }
  }
  if (best !== undefined) {
    const { cand, hashAt, rangeAt } = best
    const keyParts = [parts[hashAt] as C.Condition, ...(rangeAt === -1 ? [] : [parts[rangeAt] as C.Condition])]
    const rest = parts.filter((_, j) => j !== hashAt && j !== rangeAt)
    const keyNames = cand.rangeKey === undefined ? [cand.hashKey] : [cand.hashKey, cand.rangeKey]
    const onKeys = rest.filter((p) => mentions(p, keyNames))
    if (onKeys.length === 0) {
      const q: Query = { _tag: 'Query', table: m.table, ...(cand.index === undefined ? {} : { index: cand.index }), keyCondition: andAll(keyParts) as C.Condition }
      return E.right(withFilter(q, andAll(rest)))
    }
    // DynamoDB refuses a filter on a key attribute of a Query: fall through to a Scan
  }
  return E.right({ _tag: 'Scan', table: m.table, filter: c })
}

/** The plan of any strategy of `getMany`/`deleteMany`: a list of keys, or a condition. */
export const make = (m: AnyModel, strategy: unknown): E.Either<DE.DynamoError, Plan> => {
  if (Array.isArray(strategy)) return fromKeys(m, strategy)
  if (M.isCondition(m, strategy)) return fromCondition(m, strategy)
  return E.map((s: M.Selection): Plan => withFilter({ _tag: 'GetItem', table: m.table, key: s.key } as GetItem, s.check))(M.select(m, strategy))
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
      const chunks = Math.ceil(p.keys.length / 100)
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
