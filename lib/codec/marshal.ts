/**
 * Marshalling, one pass over an item: its values to `AttributeValue`s, DynamoDB's item rules
 * checked, a bound of its size counted; and encoding through a codec before it. `Item.encode`,
 * `Item.marshall` and `Item.marshallValue` are the public surface of this module; the library's
 * own caller (`Model.encode`) gives `encodeSeen` a record (`Marshalled`) that encoding fills in,
 * which no public function takes (nothing a caller gives them is written into). The root does
 * not export this module.
 *
 * @since 0.1.0
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import * as DE from '../DynamoError.js'
import type { Element } from '../ast/Path.js'
import * as X from './decimal.js'
import * as Proto from './proto.js'
import { define, hasOwn, isPlainObject, plainOnce, ReadThrew, TOO_MANY, tooMany } from '../internal/own.js'
import { show, showElements, thrown } from '../internal/show.js'
import { catching } from '../internal/threw.js'
import { isDate } from '../internal/date.js'
import { ITEM_BYTES, ITEM_DEPTH, nestedTooDeep as tooDeep } from '../rules/limits.js'
import { checkAttributeName, emptyName, loneSurrogate, unreadableMessage, unreadableName } from '../rules/path.js'
import { describe, explain } from './issues.js'
import { itemSize, NUMBER_BYTES, UNIT_BYTES } from '../rules/size.js'
import { binaryMember, numberMember, repeated } from '../rules/sets.js'
import { NumberValue } from './decimal.js'

/** An item as DynamoDB holds it (`Item.AttributeMap`). */
type AttributeMap = Record<string, AttributeValue>

/**
 * What the marshalling saw: `lossy` when a value stores as one that reads back otherwise: `-0`
 * (stored `0`), a `Buffer` or another view of bytes (read back a `Uint8Array`), an own key
 * whose value is `undefined` (no attribute: read back without the key).
 */
export interface Marshalled {
  lossy: boolean
  /** The item as encoding read it once (`plainOnce`'s copy), what it checked and encoded. */
  read?: unknown
}

/**
 * `Item.encode(codec, item)`, telling `seen` (when given: `Model.encode`'s record) what was
 * read and whether the stored item reads back as other values than the encoded ones.
 */
export const encodeSeen = <A, O>(codec: t.Type<A, O, unknown>, item: A, seen: Marshalled | undefined): E.Either<DE.DynamoError, AttributeMap> =>
  catching(() => {
    let encoded: unknown
    // the codec's `is` and `encode`, and the item's getters, are the application's code: they may throw
    try {
      // read once (a getter's or a Proxy's first answer): what the codec checks is what it encodes.
      // A plain object or array is read as a copy (a refinement on its identity sees the copy);
      // a class's instance, an Array subclass's too, is kept as it is (own.plainOnce)
      let once: unknown
      try {
        once = plainOnce(item)
      } catch (e) {
        // the item itself could not be read (a Proxy's trap)
        return readingThrew({ path: [] }, e)
      }
      if (once === TOO_MANY) return E.left(DE.validationError([{ path: '', message: `the item holds ${tooMany}` }]))
      // a getter or a Proxy's trap of the item threw: named where, as the marshalling names it
      if (once instanceof ReadThrew) return readingThrew({ path: once.path }, once.error)
      const own = once as A
      if (seen !== undefined) seen.read = own
      if (!codec.is(own)) {
        const issues = explain(codec, own)
        return E.left(DE.validationError(issues.length > 0 ? issues : [{ path: '', message: `expected ${codec.name}, got ${show(own)}` }]))
      }
      encoded = Proto.encode(codec, own)
      if (encoded !== own) {
        const lost = lostKeys(own, encoded)
        if (lost !== undefined) return E.left(DE.validationError(lost))
      }
    } catch (e) {
      return E.left(DE.validationError([{ path: '', message: `the codec threw (or a getter of the item): ${thrown(e)}` }]))
    }
    return marshallSeen(encoded, seen)
  })

/**
 * The own keys of `item` (with a value) that `encoded` lacks: nothing the caller gave may be
 * silently dropped. An own `__proto__` (from `JSON.parse`) is one: io-ts builds objects by
 * assignment, which sets a prototype (or does nothing) instead of copying the key. A field
 * a `t.exact`/`t.strict` codec strips is another.
 */
const lostKeys = (item: unknown, encoded: unknown): ReadonlyArray<DE.Issue> | undefined => {
  if (typeof item !== 'object' || item === null || typeof encoded !== 'object' || encoded === null) return undefined
  let out: DE.Issue[] | undefined
  const keys = Object.keys(item)
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    if ((item as Record<string, unknown>)[k] === undefined || hasOwn(encoded, k)) continue
    ;(out ??= []).push({
      path: showElements([k]),
      message: k === unreadableName ? `an own __proto__ key cannot be stored (${unreadableMessage})` : "the codec's encode leaves it out, so it would not be written (remove it, or add it to the codec)",
    })
  }
  return out
}

/** `Item.marshall(encoded)`, telling `seen` (when given: `encodeSeen`'s) whether a value reads back otherwise. */
export const marshallSeen = (encoded: unknown, seen: Marshalled | undefined): E.Either<DE.DynamoError, AttributeMap> =>
  catching(() => {
    if (!isPlainObject(encoded)) {
      return E.left(DE.validationError([{ path: '', message: `expected an item (a plain object), got ${describe(encoded)}` }]))
    }
    const st: State = { bound: 0, issues: undefined, path: [], lossy: false }
    const out: AttributeMap = {}
    try {
      attributes(encoded, out, st, 1, true)
    } catch (e) {
      return readingThrew(st, e)
    }
    if (st.issues !== undefined) return E.left(DE.validationError(st.issues))
    if (seen !== undefined) seen.lossy = st.lossy
    if (st.bound <= ITEM_BYTES) return E.right(out)
    const size = itemSize(out)
    return size > ITEM_BYTES ? E.left(DE.itemTooLarge(size, ITEM_BYTES)) : E.right(out)
  })

/** `Item.marshallValue(encoded, at, depth)`. */
export const marshallAt = (encoded: unknown, at: string, depth: number): E.Either<DE.DynamoError, AttributeValue> => {
  // a place that is no string (through `any`) is named as a value's: the messages below print it
  const where = typeof at === 'string' ? at : 'value'
  const st: State = { bound: 0, issues: undefined, path: [where], lossy: false }
  let av: AttributeValue | undefined
  try {
    av = toAV(encoded, st, depth)
  } catch (e) {
    return readingThrew(st, e)
  }
  if (st.issues !== undefined || av === undefined) {
    return E.left(DE.validationError(st.issues ?? [{ path: where, message: 'undefined cannot be stored' }]))
  }
  return E.right(av)
}

// -------------------------------------------------------------------------------------
// internal: marshalling (one pass: values, rules, a bound of the size)
// -------------------------------------------------------------------------------------

interface State {
  /**
   * At least the bytes DynamoDB counts for what is marshalled (`rules/size`), by counting each
   * string's UTF-16 units and each number at their most (`UNIT_BYTES`, `NUMBER_BYTES`): an item
   * is counted exactly (`itemSize`) only when this passes the limit.
   */
  bound: number
  issues: DE.Issue[] | undefined
  readonly path: Element[]
  /** A value met that reads back as another (`Marshalled`). */
  lossy: boolean
}

/** A getter or a Proxy trap of the encoded value threw: the path says where. */
const readingThrew = (st: { readonly path: ReadonlyArray<Element> }, e: unknown): E.Either<DE.DynamoError, never> =>
  E.left(DE.validationError([{ path: showElements(st.path), message: `reading the value threw: ${thrown(e)}` }]))
/** Adds an issue at `st`'s path (the marshalling's and the unmarshalling's). */
export const issue = (st: { issues: DE.Issue[] | undefined; readonly path: ReadonlyArray<Element> }, message: string): undefined => {
  ;(st.issues ??= []).push({ path: showElements(st.path), message })
  return undefined
}

/**
 * The attributes of `o` (an item's, `top`, or a map's) into `into`, each value at `depth`: an
 * `undefined` one left out (lossy); each name checked (an item's by `checkAttributeName`, which
 * also refuses the name reserved for what cannot be read; a map's for being empty or ill-formed)
 * and counted in the bound (a map's names one byte more each).
 */
const attributes = (o: Record<string, unknown>, into: AttributeMap, st: State, depth: number, top: boolean): void => {
  const keys = Object.keys(o)
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    // pushed before the value is read: a getter that throws is named at its own key (as own.plainOnce names it)
    st.path.push(k)
    const x = o[k]
    if (x === undefined) {
      st.lossy = true
      st.path.pop()
      continue
    }
    const why = top ? checkAttributeName(k) : k === '' ? emptyName : k.isWellFormed() ? undefined : loneSurrogate
    if (why !== undefined) issue(st, why)
    const av = toAV(x, st, depth)
    st.path.pop()
    if (av === undefined) continue
    st.bound += (top ? 0 : 1) + UNIT_BYTES * k.length
    if (k === '__proto__') define(into, k, av)
    else into[k] = av
  }
}

/** One value to an `AttributeValue`, adding at least its size to `st.bound`; `depth` counts the levels above it (`limits.ITEM_DEPTH`: 1 for a top-level attribute's value, the item's). */
const toAV = (v: unknown, st: State, depth: number): AttributeValue | undefined => {
  switch (typeof v) {
    case 'string':
      if (!v.isWellFormed()) return issue(st, loneSurrogate)
      st.bound += UNIT_BYTES * v.length
      return { S: v }
    case 'number': {
      if (!Number.isFinite(v)) return issue(st, `${v} cannot be stored (DynamoDB has no NaN or Infinity)`)
      const why = X.checkNumber(v)
      if (why !== undefined) return issue(st, why)
      const s = String(v)
      if (v === 0 && 1 / v < 0) st.lossy = true
      st.bound += NUMBER_BYTES
      return { N: s }
    }
    case 'bigint': {
      const s = v.toString()
      const why = X.checkString(s)
      if (why !== undefined) return issue(st, why)
      st.bound += NUMBER_BYTES
      return { N: s }
    }
    case 'boolean':
      st.bound += 1
      return { BOOL: v }
    case 'undefined':
      return issue(st, 'undefined cannot be stored here (use null)')
    case 'object': {
      if (v === null) {
        st.bound += 1
        return { NULL: true }
      }
      if (Array.isArray(v)) {
        if (depth >= ITEM_DEPTH) return issue(st, tooDeep)
        // pushed, so that the array is packed as a literal's (`new Array(n)` makes a holey one)
        const L: AttributeValue[] = []
        st.bound += 3 + v.length
        for (let i = 0; i < v.length; i++) {
          st.path.push(i)
          const av = toAV(v[i], st, depth + 1)
          st.path.pop()
          if (av !== undefined) L.push(av)
        }
        return { L }
      }
      const proto = Object.getPrototypeOf(v)
      if (proto === Object.prototype || proto === null) {
        if (depth >= ITEM_DEPTH) return issue(st, tooDeep)
        const M: Record<string, AttributeValue> = {}
        st.bound += 3
        attributes(v as Record<string, unknown>, M, st, depth + 1, false)
        return { M }
      }
      if (v instanceof Uint8Array) {
        st.bound += v.byteLength
        if (proto === Uint8Array.prototype) return { B: v }
        // a Buffer: stored as the plain Uint8Array of its bytes (a view, no copy) that reads back
        st.lossy = true
        return { B: new Uint8Array(v.buffer, v.byteOffset, v.byteLength) }
      }
      if (v instanceof NumberValue) {
        // read once: its `value` is a plain property, which may have changed since (or be a getter)
        const s: unknown = v.value
        if (typeof s !== 'string') return issue(st, notText(s))
        const why = X.checkString(s)
        if (why !== undefined) return issue(st, why)
        st.bound += NUMBER_BYTES
        return { N: s }
      }
      if (v instanceof Set) return toSet(v, st)
      if (ArrayBuffer.isView(v)) {
        st.lossy = true
        st.bound += v.byteLength
        return { B: new Uint8Array(v.buffer, v.byteOffset, v.byteLength) }
      }
      if (v instanceof ArrayBuffer) {
        st.lossy = true
        st.bound += v.byteLength
        return { B: new Uint8Array(v) }
      }
      if (isDate(v)) return issue(st, `a Date cannot be stored as it is (use Field.dateTime), got ${show(v)}`)
      return issue(st, `cannot store ${describeObject(v)} (use a plain object, an array, a Set, a Uint8Array or a codec that encodes it)`)
    }
    default:
      return issue(st, `cannot store a ${typeof v}`)
  }
}

/** Why a `NumberValue` whose `value` is `s`, no string, cannot be stored (DynamoDB's `N` is the number's text). */
const notText = (s: unknown): string => `a NumberValue whose value is no string cannot be stored, got ${show(s)}`

const describeObject = (v: object): string => {
  const name = (v as { constructor?: { name?: unknown } }).constructor?.name
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object with a prototype'
}

const toSet = (set: ReadonlySet<unknown>, st: State): AttributeValue | undefined => {
  if (set.size === 0) return issue(st, 'DynamoDB stores no empty set (leave the attribute out, or remove it)')
  // one array of the members, read by index (a Set's iterators are objects of their own)
  const ms = Array.from(set)
  const first = ms[0]
  if (typeof first === 'string') {
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i]
      if (typeof m !== 'string') return issue(st, `a set mixes strings with ${describe(m)}`)
      if (!m.isWellFormed()) return issue(st, loneSurrogate)
      st.bound += UNIT_BYTES * m.length
    }
    return { SS: ms as string[] }
  }
  if (typeof first === 'number' || typeof first === 'bigint' || first instanceof NumberValue) {
    const NS: string[] = []
    let allNumbers = true
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i]
      let s: string
      let why: string | undefined
      if (typeof m === 'number') {
        if (!Number.isFinite(m)) return issue(st, `a number set holds ${m} (DynamoDB has no NaN or Infinity)`)
        why = X.checkNumber(m)
        s = String(m)
      } else if (typeof m === 'bigint' || m instanceof NumberValue) {
        const text: unknown = typeof m === 'bigint' ? m.toString() : m.value
        if (typeof text !== 'string') return issue(st, notText(text))
        s = text
        why = X.checkString(s)
        allNumbers = false
      } else return issue(st, `a set mixes numbers with ${describe(m)}`)
      if (why !== undefined) return issue(st, why)
      st.bound += NUMBER_BYTES
      NS.push(s)
    }
    // distinct JS numbers are distinct decimals; bigints and NumberValues may repeat one ("1", 1n, "1.0")
    if (!allNumbers) {
      const twice = repeated(NS, numberMember)
      if (twice !== undefined) return issue(st, `a set holds the number ${numberMember(twice[1])} twice (${twice[0]} and ${twice[1]})`)
    }
    return { NS }
  }
  if (first instanceof Uint8Array) {
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i]
      if (!(m instanceof Uint8Array)) return issue(st, `a set mixes binaries with ${describe(m)}`)
      // a Buffer: stored as a plain Uint8Array below
      if (Object.getPrototypeOf(m) !== Uint8Array.prototype) st.lossy = true
      st.bound += m.byteLength
    }
    const BS = ms as Uint8Array[]
    for (let i = 0; i < BS.length; i++) {
      const b = BS[i] as Uint8Array
      if (Object.getPrototypeOf(b) !== Uint8Array.prototype) BS[i] = new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
    }
    const twice = repeated(BS, binaryMember)
    if (twice !== undefined) return issue(st, `a binary set holds the same ${twice[1].byteLength} bytes twice`)
    return { BS }
  }
  return issue(st, `a set of ${describe(first)} cannot be stored (DynamoDB has string, number and binary sets)`)
}
