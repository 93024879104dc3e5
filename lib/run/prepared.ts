/**
 * The prepared reads of a model, kept by content: a service's `page` prepares the same read
 * (the same condition and options) on every request, and preparing it (the plan over the key
 * templates, the compiled request, its identity) is most of a page's own work between the
 * SDK's requests. A read is kept under a text of everything it is made from (`readKey`), so
 * a condition built afresh for every request, or changed in place between two, finds the read
 * its content makes, never another's. A read not found is keyed and prepared from one plain
 * snapshot of its condition (`conditionOnce`), every value read once, so a condition whose nodes read
 * differently each time (a getter, a Proxy) is never kept under another content's key.
 *
 * What is kept is bounded: at most `capacity` reads a model (the oldest let go first), and a
 * read is kept only when its text says all it depends on (conditions of strings, numbers,
 * booleans, dates and `null`; no abort signal, no clock, no segments).
 *
 * A codec is keyed by its identity, not run: a read is prepared (its values encoded) once per
 * content. That holds because a codec's `encode` is a pure function of its value, as io-ts's
 * contract is (README: a field's codec); a codec whose `encode` reads outside state gets the
 * read prepared under the state of its first use.
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as C from '../ast/Condition.js'
import type * as P from '../ast/Path.js'
import * as N from '../ast/nodes.js'
import * as DE from '../DynamoError.js'
import { AST_DEPTH } from '../rules/limits.js'
import * as Ast from '../rules/ast.js'
import type * as M from '../model/Model.js'
import { perObject } from '../internal/memo.js'

type AnyModel = M.Any

/** The most reads kept a model. */
export const capacity = 64

// -------------------------------------------------------------------------------------
// keys
// -------------------------------------------------------------------------------------

/** A number for each codec a value carries (a codec is behaviour, not data: its identity is what it is). */
const codecIds = new WeakMap<object, number>()
let codecCount = 0

const codecId = (codec: unknown): number | undefined => {
  if (codec === undefined) return 0
  if ((typeof codec !== 'object' && typeof codec !== 'function') || codec === null) return undefined
  let id = codecIds.get(codec)
  if (id === undefined) {
    id = ++codecCount
    codecIds.set(codec, id)
  }
  return id
}

/** A string with its length first, so that no text can pass for another's end. */
const text = (s: string): string => `${s.length}:${s}`

/** A number as written, `-0` apart from `0`. */
const numberText = (n: number): string => (Object.is(n, -0) ? '-0;' : `${String(n)};`)

const pathKey = (p: P.Path): string | undefined => {
  if (typeof p !== 'object' || p === null || p._tag !== 'Path') return undefined
  // read once: a getter may answer another list at each read
  const elements: unknown = p.elements
  if (!Array.isArray(elements)) return undefined
  let s = `p${elements.length}`
  for (const e of elements as ReadonlyArray<unknown>) {
    if (typeof e === 'string') s += `s${text(e)}`
    else if (typeof e === 'number') s += `i${numberText(e)}`
    else return undefined
  }
  return s
}

/** A constant's text: its type and value (`-0` apart from `0`, a date by its time); `undefined` for any other kind of value. */
const valueKey = (v: unknown): string | undefined => {
  switch (typeof v) {
    case 'string':
      return `s${text(v)}`
    case 'number':
      return `n${numberText(v)}`
    case 'boolean':
      return v ? 'T' : 'F'
    case 'undefined':
      return 'U'
    case 'object':
      if (v === null) return 'Z'
      // (a date of its own properties may read differently to a codec: not kept)
      if (Object.getPrototypeOf(v) === Date.prototype && Reflect.ownKeys(v).length === 0) return `d${numberText((v as Date).getTime())}`
      return undefined
    default:
      return undefined
  }
}

const operandKey = (o: C.Operand): string | undefined => {
  if (typeof o !== 'object' || o === null) return undefined
  switch (o._tag) {
    case 'Path':
      return pathKey(o)
    case 'Size': {
      const p = pathKey(o.path)
      return p === undefined ? undefined : `z${p}`
    }
    case 'Value': {
      const v = valueKey(o.value)
      const c = codecId(o.codec)
      return v === undefined || c === undefined ? undefined : `v${c}${v}`
    }
    default:
      return undefined
  }
}

const listKey = <A>(xs: ReadonlyArray<A>, f: (x: A) => string | undefined): string | undefined => {
  if (!Array.isArray(xs)) return undefined
  let s = `[${xs.length}`
  for (const x of xs) {
    const k = f(x)
    if (k === undefined) return undefined
    s += k
  }
  return `${s}]`
}

const join = (tag: string, ...parts: ReadonlyArray<string | undefined>): string | undefined => {
  let s = tag
  for (const p of parts) {
    if (p === undefined) return undefined
    s += p
  }
  return s
}

/**
 * The text of a condition: every node's kind, operator and operands, depth first; equal texts,
 * equal conditions (as a plan and a compiler read them). `undefined` for a condition this
 * does not cover (another kind of value, a node that is not a condition's).
 */
export const conditionKey = (c: C.Condition, depth = 0): string | undefined => {
  if (!N.isCondition(c) || depth > AST_DEPTH) return undefined
  switch (c._tag) {
    case 'Comparison':
      return typeof c.op === 'string' ? join(`c${text(c.op)}`, operandKey(c.left), operandKey(c.right)) : undefined
    case 'Between':
      return join('b', operandKey(c.operand), operandKey(c.low), operandKey(c.high))
    case 'In':
      return join('i', operandKey(c.operand), listKey(c.values, operandKey))
    case 'BeginsWith':
      return join('w', pathKey(c.path), operandKey(c.prefix))
    case 'Contains':
      return join('h', pathKey(c.path), operandKey(c.operand))
    case 'Exists':
      return join('e', pathKey(c.path))
    case 'NotExists':
      return join('x', pathKey(c.path))
    case 'AttributeType':
      return typeof c.type === 'string' ? join(`t${text(c.type)}`, pathKey(c.path)) : undefined
    case 'And':
    case 'Or':
      return join(c._tag === 'And' ? 'A' : 'O', listKey(c.conditions, (x) => conditionKey(x, depth + 1)))
    case 'Not':
      return join('N', conditionKey(c.condition, depth + 1))
  }
}

// -------------------------------------------------------------------------------------
// comparing with a snapshot
// -------------------------------------------------------------------------------------

/** Whether path `p` reads as `kept` (a snapshot's): equal `pathKey`s. */
const samePath = (p: P.Path, kept: P.Path): boolean => {
  if (typeof p !== 'object' || p === null || p._tag !== 'Path') return false
  const elements: unknown = p.elements
  if (!Array.isArray(elements)) return false
  const ks = kept.elements
  let i = 0
  for (const e of elements as ReadonlyArray<unknown>) {
    if ((typeof e !== 'string' && typeof e !== 'number') || i >= ks.length || !Object.is(e, ks[i])) return false
    i++
  }
  return i === ks.length
}

/** Whether constant `v` reads as `kept` (a snapshot's): equal `valueKey`s. */
const sameValue = (v: unknown, kept: unknown): boolean => {
  if (kept instanceof Date) {
    return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Date.prototype && Reflect.ownKeys(v).length === 0 && Object.is((v as Date).getTime(), kept.getTime())
  }
  return typeof v !== 'object' || v === null ? Object.is(v, kept) : false
}

const sameOperand = (o: C.Operand, kept: C.Operand): boolean => {
  if (typeof o !== 'object' || o === null || o._tag !== kept._tag) return false
  switch (kept._tag) {
    case 'Path':
      return samePath(o as P.Path, kept)
    case 'Size':
      return samePath((o as C.Size).path, kept.path)
    case 'Value': {
      const x = o as C.Value
      return sameValue(x.value, kept.value) && x.codec === kept.codec
    }
    default:
      return false
  }
}

const sameList = <A>(xs: ReadonlyArray<A>, kept: ReadonlyArray<A>, f: (x: A, k: A) => boolean): boolean => {
  if (!Array.isArray(xs) || xs.length !== kept.length) return false
  let i = 0
  for (const x of xs) {
    if (i >= kept.length || !f(x, kept[i] as A)) return false
    i++
  }
  return i === kept.length
}

/**
 * Whether condition `c` reads as `kept`, a snapshot (`conditionOnce`): equal `conditionKey`s, without writing
 * them (each node of `c` read once, as `conditionKey` reads it). The pages of one read come
 * one after another, and comparing with the last one's snapshot costs less than its key.
 */
export const sameCondition = (c: C.Condition, kept: C.Condition): boolean => {
  if (!N.isCondition(c) || c._tag !== kept._tag) return false
  switch (kept._tag) {
    case 'Comparison': {
      const x = c as C.Comparison
      return x.op === kept.op && sameOperand(x.left, kept.left) && sameOperand(x.right, kept.right)
    }
    case 'Between': {
      const x = c as C.Between
      return sameOperand(x.operand, kept.operand) && sameOperand(x.low, kept.low) && sameOperand(x.high, kept.high)
    }
    case 'In': {
      const x = c as C.In
      return sameOperand(x.operand, kept.operand) && sameList(x.values, kept.values, sameOperand)
    }
    case 'BeginsWith': {
      const x = c as C.BeginsWith
      return samePath(x.path, kept.path) && sameOperand(x.prefix, kept.prefix)
    }
    case 'Contains': {
      const x = c as C.Contains
      return samePath(x.path, kept.path) && sameOperand(x.operand, kept.operand)
    }
    case 'Exists':
    case 'NotExists':
      return samePath((c as C.Exists).path, kept.path)
    case 'AttributeType': {
      const x = c as C.AttributeType
      return x.type === kept.type && samePath(x.path, kept.path)
    }
    case 'And':
    case 'Or':
      return sameList((c as C.And).conditions, kept.conditions, sameCondition)
    case 'Not':
      return sameCondition((c as C.Not).condition, kept.condition)
  }
}

// -------------------------------------------------------------------------------------
// snapshots
// -------------------------------------------------------------------------------------

/**
 * What a read plans from, or a `deleteMany`: one snapshot of a condition (rules/ast's
 * `snapshot`: every node and value read once, a getter or a Proxy read there and nowhere
 * after, a date copied; its `ExpressionError` where it cannot be read), so that its request
 * and its answer's checks (a Query's partition) read the same values, and a kept read is keyed
 * (`conditionKey`) and prepared from the same content; what is not a condition, as given.
 */
export const conditionOnce = (strategy: unknown): E.Either<DE.DynamoError, unknown> => {
  if (!N.isCondition(strategy)) return E.right(strategy)
  const copy = Ast.snapshot(strategy, 'condition')
  // a tag or mark that answered otherwise when read again: the copy is what is planned, so it must be a condition
  return E.isLeft(copy) || N.isCondition(copy.right) ? copy : E.left(DE.expressionError('the condition changed while it was read: it is no condition'))
}

// -------------------------------------------------------------------------------------
// the cache
// -------------------------------------------------------------------------------------

const reads = perObject((_m: AnyModel) => new Map<string, unknown>())

/** The read kept for `key` on `m`, if any. */
export const found = (m: AnyModel, key: string): unknown => reads(m).get(key)

/**
 * Keep `a` for `key` on `m`: at most `capacity` a model, the oldest let go first. `key` must
 * hold everything `a` was made from, read from the same values (a `snapshot`).
 */
export const keep = (m: AnyModel, key: string, a: unknown): void => {
  const cache = reads(m)
  if (cache.size >= capacity) cache.delete(cache.keys().next().value as string)
  cache.set(key, a)
}

/** How many reads are kept for `m` (for its spec). */
export const keptCount = (m: AnyModel): number => reads(m).size
