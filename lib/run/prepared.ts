/**
 * The prepared reads of a model, kept by content: a service's `page` prepares the same read
 * (the same condition and options) on every request, and preparing it (the plan over the key
 * templates, the compiled request, its identity) is most of a page's own work between the
 * SDK's requests. A read is kept under a hash of everything it is made from (`readHash` in
 * read.ts, `conditionHash`), and found only when what it was made from is the same
 * (`sameCondition` and the options, read.ts's `sameRead`), so a condition built afresh for
 * every request, or changed in place between two, finds the read its content makes, never
 * another's. A read not found is prepared from one plain snapshot of its condition
 * (`conditionOnce`), every value read once, and taken again only for a condition the same as
 * that snapshot, so a condition whose nodes read differently each time (a getter, a Proxy) is
 * never taken for another content's read.
 *
 * What is kept is bounded: at most `capacity` reads a model (the oldest let go first; one a
 * hash, the later in place of the earlier), a read is kept only when its hash covers all it
 * depends on (conditions of strings, numbers, booleans, dates and `null`; no abort signal, no
 * clock, no segments), and only from its second preparation (`admitted`).
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
import { plainDateTime, timeOf } from '../internal/date.js'

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

/**
 * The hash being written (FNV-1a over 32 bits, a word at a time): one number, so that no
 * text nor list is made per node.
 */
let h = 0

const mix = (x: number): void => {
  h = Math.imul(h ^ x, 0x01000193)
}

/** A string: its length first, then its code units (no string can pass for another's end). */
const mixText = (s: string): void => {
  mix(s.length)
  for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i))
}

const bits = new Float64Array(1)
const words = new Uint32Array(bits.buffer)

/** A number by its bits (`-0` apart from `0`), every NaN as one. */
const mixNumber = (n: number): void => {
  if (n !== n) return mix(0x7ff80000)
  bits[0] = n
  mix(words[0] as number)
  mix(words[1] as number)
}

const mixPath = (p: P.Path): boolean => {
  if (typeof p !== 'object' || p === null || p._tag !== 'Path') return false
  // read once: a getter may answer another list at each read
  const elements: unknown = p.elements
  if (!Array.isArray(elements)) return false
  mix(0x70)
  mix(elements.length)
  for (const e of elements as ReadonlyArray<unknown>) {
    if (typeof e === 'string') {
      mix(0x73)
      mixText(e)
    } else if (typeof e === 'number') {
      mix(0x69)
      mixNumber(e)
    } else return false
  }
  return true
}

/** A constant: its type and value (`-0` apart from `0`, a date by its time); `false` for any other kind of value. */
const mixValue = (v: unknown): boolean => {
  switch (typeof v) {
    case 'string':
      mix(0x73)
      mixText(v)
      return true
    case 'number':
      mix(0x6e)
      mixNumber(v)
      return true
    case 'boolean':
      mix(v ? 0x54 : 0x46)
      return true
    case 'undefined':
      mix(0x55)
      return true
    case 'object':
      if (v === null) {
        mix(0x5a)
        return true
      }
      {
        // a plain Date by its time (one of its own properties may read differently to a codec: not kept)
        const time = plainDateTime(v)
        if (time === undefined) return false
        mix(0x64)
        mixNumber(time)
        return true
      }
    default:
      return false
  }
}

const mixOperand = (o: C.Operand): boolean => {
  if (typeof o !== 'object' || o === null) return false
  switch (o._tag) {
    case 'Path':
      return mixPath(o)
    case 'Size':
      mix(0x7a)
      return mixPath(o.path)
    case 'Value': {
      const c = codecId(o.codec)
      if (c === undefined) return false
      mix(0x76)
      mix(c)
      return mixValue(o.value)
    }
    default:
      return false
  }
}

const mixList = <A>(xs: ReadonlyArray<A>, f: (x: A, depth: number) => boolean, depth: number): boolean => {
  if (!Array.isArray(xs)) return false
  mix(0x5b)
  mix(xs.length)
  for (const x of xs) if (!f(x, depth)) return false
  return true
}

const mixCondition = (c: C.Condition, depth: number): boolean => {
  if (!N.isCondition(c) || depth > AST_DEPTH) return false
  switch (c._tag) {
    case 'Comparison':
      if (typeof c.op !== 'string') return false
      mix(0x63)
      mixText(c.op)
      return mixOperand(c.left) && mixOperand(c.right)
    case 'Between':
      mix(0x62)
      return mixOperand(c.operand) && mixOperand(c.low) && mixOperand(c.high)
    case 'In':
      mix(0x69)
      return mixOperand(c.operand) && mixList(c.values, mixOperand, depth)
    case 'BeginsWith':
      mix(0x77)
      return mixPath(c.path) && mixOperand(c.prefix)
    case 'Contains':
      mix(0x68)
      return mixPath(c.path) && mixOperand(c.operand)
    case 'Exists':
      mix(0x65)
      return mixPath(c.path)
    case 'NotExists':
      mix(0x78)
      return mixPath(c.path)
    case 'AttributeType':
      if (typeof c.type !== 'string') return false
      mix(0x74)
      mixText(c.type)
      return mixPath(c.path)
    case 'And':
    case 'Or':
      mix(c._tag === 'And' ? 0x41 : 0x4f)
      return mixList(c.conditions, mixCondition, depth + 1)
    case 'Not':
      mix(0x4e)
      return mixCondition(c.condition, depth + 1)
  }
}

/** The FNV-1a offset basis: where every hash starts. */
const BASIS = 0x811c9dc5

/**
 * A hash of a condition's content: every node's kind, operator and operands, depth first (as
 * a plan and a compiler read them), each read once; equal conditions (`sameCondition` of one
 * and the other's snapshot), equal hashes. Two conditions may share one: a kept read found by
 * its hash is taken only when its condition is the same (`sameCondition`). `undefined` for a
 * condition this does not cover (another kind of value, a node that is not a condition's).
 * With `seed`, the hash goes on from it (a read's options, hashed first: `readHash` in read.ts).
 */
export const conditionHash = (c: C.Condition, seed: number = BASIS): number | undefined => {
  h = seed
  if (!mixCondition(c, 0)) return undefined
  // FNV-1a's multiplications carry a difference only to higher bits: spread them over the low
  // ones (murmur3's finalizer) before 30 bits are kept (a small integer of V8's: no number
  // object made for a key of the kept reads)
  let x = h ^ (h >>> 16)
  x = Math.imul(x, 0x85ebca6b)
  x ^= x >>> 13
  x = Math.imul(x, 0xc2b2ae35)
  x ^= x >>> 16
  return x & 0x3fffffff
}

/** A hash of `parts` (strings, numbers, booleans, `undefined`) from `seed` (the basis): what to give `conditionHash` as its seed. */
export const partsHash = (parts: ReadonlyArray<string | number | boolean | undefined>, seed: number = BASIS): number => {
  h = seed
  for (const x of parts) mixValue(x)
  return h
}

// -------------------------------------------------------------------------------------
// comparing with a snapshot
// -------------------------------------------------------------------------------------

/** Whether path `p` reads as `kept` (a snapshot's): the same elements, `-0` apart from `0`. */
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

/** Whether constant `v` reads as `kept` (a snapshot's): the same type and value (`-0` apart from `0`, NaN as NaN, a date of no property of its own by its time). */
const sameValue = (v: unknown, kept: unknown): boolean => {
  if (kept instanceof Date) {
    const time = plainDateTime(v)
    return time !== undefined && Object.is(time, timeOf(kept))
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
 * Whether condition `c` reads as `kept`, a snapshot (`conditionOnce`): the same nodes,
 * operators, paths and constants (as `conditionHash` covers them: a condition it does not
 * cover is the same as none), the same codecs, each node of `c` read once. A kept read is
 * taken only when its snapshot is the same as the condition given.
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
 * (`conditionHash`) and prepared from the same content; what is not a condition, as given.
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

const reads = perObject((_m: AnyModel) => new Map<number, unknown>())

/** How many hashes of reads prepared once a model remembers (`admitted`). */
const recentCount = 4 * capacity

const recent = perObject((_m: AnyModel) => new Map<number, true>())

/**
 * Whether a read of hash `key` is to be kept on `m`: one whose hash is among the last
 * `recentCount` of reads prepared and not kept; else its hash is noted (the oldest let go), and
 * the read is not kept. A read is kept from its second preparation: a read asked for once (a
 * service's request for one of its users' reads) is let go with its request, and those kept,
 * which live long enough for the garbage collector to copy them, are reads asked for again.
 */
export const admitted = (m: AnyModel, key: number): boolean => {
  const seen = recent(m)
  if (seen.delete(key)) return true
  if (seen.size >= recentCount) seen.delete(seen.keys().next().value as number)
  seen.set(key, true)
  return false
}

/** The read kept for hash `key` on `m`, if any: one of that hash, which the caller compares with what it reads. */
export const found = (m: AnyModel, key: number): unknown => reads(m).get(key)

/**
 * Keep `a` for hash `key` on `m`, in place of any read of that hash: at most `capacity` a
 * model, the oldest let go first. `key` must be the hash of what `a` was made from, read from
 * the same values (a `snapshot`).
 */
export const keep = (m: AnyModel, key: number, a: unknown): void => {
  const cache = reads(m)
  if (cache.has(key)) cache.delete(key)
  else if (cache.size >= capacity) cache.delete(cache.keys().next().value as number)
  cache.set(key, a)
}

/** How many reads are kept for `m` (for its spec). */
export const keptCount = (m: AnyModel): number => reads(m).size
