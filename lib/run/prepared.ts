/**
 * The prepared reads of a model, kept by content: a service's `page` prepares the same read
 * (the same condition and options) on every request, and preparing it (the plan over the key
 * templates, the compiled request, its identity) is most of a page's own work between the
 * SDK's requests. A read is kept under a text of everything it is made from (`readKey`), so
 * a condition built afresh for every request, or changed in place between two, finds the read
 * its content makes, never another's.
 *
 * What is kept is bounded: at most `capacity` reads a model (the oldest let go first), and a
 * read is kept only when its text says all it depends on (conditions of strings, numbers,
 * booleans, dates and `null`; no abort signal, no clock, no segments).
 */
import type * as C from '../ast/Condition.js'
import type * as P from '../ast/Path.js'
import * as N from '../ast/nodes.js'
import { AST_DEPTH } from '../rules/limits.js'
import type * as M from '../model/Model.js'
import { perObject } from '../internal/memo.js'

type AnyModel = M.Model<any, any, any, any>

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
  if (typeof p !== 'object' || p === null || p._tag !== 'Path' || !Array.isArray(p.elements)) return undefined
  let s = `p${p.elements.length}`
  for (const e of p.elements) {
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
// the cache
// -------------------------------------------------------------------------------------

const reads = perObject((_m: AnyModel) => new Map<string, unknown>())

/**
 * The read kept for `key` on `m`, or `make()`'s, kept when it is to be kept (`keep`): at
 * most `capacity` a model, the oldest let go first. `key` must hold everything `make` reads.
 */
export const kept = <A>(m: AnyModel, key: string, make: () => A, keep: (a: A) => boolean): A => {
  const cache = reads(m)
  const found = cache.get(key)
  if (found !== undefined) return found as A
  const a = make()
  if (keep(a)) {
    if (cache.size >= capacity) cache.delete(cache.keys().next().value as string)
    cache.set(key, a)
  }
  return a
}

/** How many reads are kept for `m` (for its spec). */
export const keptCount = (m: AnyModel): number => reads(m).size
