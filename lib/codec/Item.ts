/**
 * Items in and out, exactly and safely.
 *
 * - `encode(codec, item)`: read the item once (its plain objects and lists copied: a
 *   getter's or a Proxy's first answer is what is checked and stored), check it against the
 *   codec (a `ValidationError` naming every failing path: `address.city`, `tags[2]`), encode
 *   it through the codec, marshall it to `AttributeValue`s, and check DynamoDB's item rules
 *   in the same pass: numbers
 *   (38 significant digits, magnitudes 1E-130 … 9.99E+125, no NaN/Infinity), no empty set,
 *   no duplicate set members (`1` and `1.0` are one number), at most 32 levels of nesting,
 *   no empty attribute name, and at most 409,600 bytes (`ItemTooLarge`) by DynamoDB's own
 *   size rules (`size`: the pass bounds the size, and an item is counted only when the bound
 *   passes the limit). Undefined fields are left out.
 * - `decode(codec, attributes)`: unmarshall (exact numbers, safe keys), then decode with
 *   the codec (a `ValidationError` naming every failing path).
 *
 * Numbers: a stored number that a JS `number` holds exactly (see `codec/decimal.ts`)
 * reads as a `number`; any other reads as a util-dynamodb `NumberValue` (its decimal string
 * intact), which `t.number`, `Field.int` and `Field.float` refuse and `Field.bigint` and
 * `Field.decimal` read. Nothing is ever rounded.
 *
 * Keys: a map key `__proto__`, `constructor` or `prototype` is plain data at every depth
 * (objects are built with own data properties; no prototype ever changes), through io-ts's
 * combinators too, which copy by assignment (`codec/proto`). One exception,
 * refused with a clear `ValidationError` both ways: a *top-level attribute* named
 * `__proto__`. DynamoDB stores it, but @aws-sdk/client-dynamodb 3.1162.0 loses its value
 * when it parses GetItem/Query/Scan responses (the key comes back with `undefined`), so
 * such an item could be written but never read back (see `unreadableName` in `rules/path`).
 *
 * @since 0.1.0
 * @category Describing items
 * @module
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import * as DE from '../DynamoError.js'
import type { Element } from '../ast/Path.js'
import * as X from './decimal.js'
import * as Proto from './proto.js'
import { define, isPlainObject, plainOnce, TOO_MANY, tooMany } from '../internal/own.js'
import { show, showElements, thrown } from '../internal/show.js'
import { catching } from '../internal/threw.js'
import { asIs, fieldReads, MISS, type FieldRead } from './asIs.js'
import { ITEM_BYTES, ITEM_DEPTH, VALUE_DEPTH, nestedTooDeep as tooDeep } from '../rules/limits.js'
import { checkAttributeName, emptyName, loneSurrogate, unreadableMessage, unreadableName } from '../rules/path.js'
import { codecThrew, describe, explain, issuesOf } from './issues.js'
import { itemSize, NUMBER_BYTES, UNIT_BYTES } from '../rules/size.js'
import { binaryMember, numberMember, repeated } from '../rules/sets.js'
import { NumberValue } from './decimal.js'
import { type Marshalled, provideEncodeSeen } from './marshalled.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An item as DynamoDB holds it: attribute names to `AttributeValue`s.
 *
 * @category model
 */
export type AttributeMap = Record<string, AttributeValue>

/**
 * Any io-ts codec.
 *
 * @category model
 */
export type Codec<A, O = unknown> = t.Type<A, O, unknown>

// -------------------------------------------------------------------------------------
// destructors: encode, decode
// -------------------------------------------------------------------------------------

/**
 * Validate `item` against `codec`, encode it, marshall it and check DynamoDB's item rules.
 * `ValidationError` lists every failing path; an item over 409,600 bytes is `ItemTooLarge`.
 * The item is read once: its plain objects and arrays as a copy, each property read once (a refinement on a plain object's identity, a `WeakSet`'s `has` or
 * `Object.isFrozen`, sees the copy); class instances, an `Array` subclass's included, dates,
 * bytes and sets are kept as they are.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { Field, Item } from 'dynamongo'
 *
 * const codec = t.type({ email: t.string, born: Field.dateTime, tags: Field.stringSet })
 *
 * Item.encode(codec, { email: 'j@x.io', born: new Date(Date.UTC(1985, 0, 2)), tags: new Set(['a']) })
 * // => E.right({ email: { S: 'j@x.io' }, born: { S: '1985-01-02T00:00:00.000Z' }, tags: { SS: ['a'] } })
 * ```
 *
 * @category conversions
 */
export const encode = <A, O>(codec: t.Type<A, O, unknown>, item: A): E.Either<DE.DynamoError, AttributeMap> => encodeWith(codec, item, undefined)

/**
 * `encode`, telling `seen` (the library's own record, codec/marshalled: `Model.encode`'s) what
 * was read and whether the stored item reads back as other values than the encoded ones.
 */
const encodeWith = <A, O>(codec: t.Type<A, O, unknown>, item: A, seen: Marshalled | undefined): E.Either<DE.DynamoError, AttributeMap> =>
  catching(() => {
    let encoded: unknown
    // the codec's `is` and `encode`, and the item's getters, are the application's code: they may throw
    try {
      // read once (a getter's or a Proxy's first answer): what the codec checks is what it encodes.
      // A plain object or array is read as a copy (a refinement on its identity sees the copy);
      // a class's instance, an Array subclass's too, is kept as it is (own.plainOnce)
      const once = plainOnce(item)
      if (once === TOO_MANY) return E.left(DE.validationError([{ path: '', message: `the item holds ${tooMany}` }]))
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
    return marshallWith(encoded, seen)
  })

provideEncodeSeen(encodeWith)

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
    if ((item as Record<string, unknown>)[k] === undefined || hasOwn.call(encoded, k)) continue
    ;(out ??= []).push({
      path: showElements([k]),
      message: k === unreadableName ? `an own __proto__ key cannot be stored (${unreadableMessage})` : "the codec's encode leaves it out, so it would not be written (remove it, or add it to the codec)",
    })
  }
  return out
}

/**
 * Unmarshall `attributes` (exact numbers, safe keys) and decode them with `codec`; the
 * attributes named in `skip` are left out, as if absent (a model's computed attributes).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { DynamoError, Field, Item } from 'dynamongo'
 *
 * const codec = t.type({ email: t.string, born: Field.dateTime, tags: Field.stringSet })
 *
 * Item.decode(codec, { email: { S: 'j@x.io' }, born: { S: '1985-01-02T00:00:00.000Z' }, tags: { SS: ['a'] } })
 * // => E.right({ email: 'j@x.io', born: new Date(Date.UTC(1985, 0, 2)), tags: new Set(['a']) })
 * const bad = Item.decode(codec, { email: { N: '1' }, born: { S: '1985-01-02T00:00:00.000Z' }, tags: { SS: ['a'] } })
 * E.isLeft(bad) && DynamoError.show(bad.left) // => 'ValidationError: email: expected string, got 1'
 * ```
 *
 * @category conversions
 */
export const decode = <A, O>(codec: t.Type<A, O, unknown>, attributes: AttributeMap, skip?: ReadonlySet<string>): E.Either<DE.DynamoError, A> =>
  catching(() => {
    // a `type` of as-is and parsed fields: its items read in one pass, without io-ts's allocations,
    // when they decode (on a miss the attributes are read afresh below, and decode says why)
    const reads = fieldReads(codec)
    if (reads !== null) {
      const a = readFields(reads, attributes, skip)
      if (a !== MISS) return E.right(a as A)
    }
    const st: ReadState = { issues: undefined, path: [], proto: false }
    const native = unmarshallWith(attributes, skip, st)
    if (E.isLeft(native)) return native
    // the codec's own code may throw
    try {
      // a map key or attribute named __proto__: read under a stand-in name (io-ts would make it a prototype)
      if (st.proto) return decodeHidden(codec, native.right)
      // a codec that decodes such a value to itself: one read of it, none of io-ts's allocations
      const check = asIs(codec)
      if (check !== null && check(native.right)) return native as E.Right<A>
      const r = codec.decode(native.right)
      return E.isRight(r) ? r : E.left(DE.validationError(issuesOf(r.left)))
    } catch (e) {
      return E.left(codecThrew('', e))
    }
  })

// (`hasOwnProperty.call`: V8 can answer it in an optimized `for…in` from the enumeration cache, when the object has the map that cache was made for; `Object.hasOwn` it never does)
const hasOwn = Object.prototype.hasOwnProperty

/**
 * The item of `attributes` (less `skip`) as a `type` codec of `reads` decodes it, in one pass:
 * each attribute unmarshalled as `unmarshall` does, each field read as it comes; `MISS` when
 * a field is absent or missed, an attribute cannot be read or is named `__proto__`, or
 * anything throws (`decode` then reads the item its general way, which says why). A nested
 * `__proto__` key stays plain data: a field's read checks a map as it is and parses none.
 */
const readFields = (reads: ReadonlyMap<string, FieldRead>, attributes: AttributeMap, skip: ReadonlySet<string> | undefined): unknown => {
  const out: Record<string, unknown> = {}
  let found = 0
  // made for the first attribute of another type than S and N (what names a failing path)
  let st: ReadState | undefined
  try {
    for (const k in attributes) {
      if (!hasOwn.call(attributes, k) || (skip !== undefined && skip.has(k))) continue
      if (k === '__proto__') return MISS
      const av = attributes[k]
      let v: unknown
      if (typeof av === 'object' && av !== null && av.S !== undefined) v = av.S
      else if (typeof av === 'object' && av !== null && av.N !== undefined) v = readNumber(av.N)
      else {
        st ??= { issues: undefined, path: [] }
        st.path.push(k)
        v = fromAV(av, st, 1)
        st.path.pop()
        if (st.issues !== undefined) return MISS
      }
      const read = reads.get(k)
      if (read !== undefined) {
        v = read(v)
        if (v === MISS) return MISS
        found++
      }
      out[k] = v
    }
  } catch {
    return MISS
  }
  return found === reads.size ? out : MISS
}

/** `decode` of a value holding a `__proto__` key: through `Proto.hide`/`Proto.restore`, so that the key stays one. */
const decodeHidden = <A, O>(codec: t.Type<A, O, unknown>, native: unknown): E.Either<DE.DynamoError, A> => {
  const r = codec.decode(Proto.hide(codec, native))
  return E.isRight(r)
    ? E.right(Proto.restore(codec, r.right) as A)
    : E.left(DE.validationError(issuesOf(r.left).map((i) => ({ path: Proto.restorePath(i.path), message: i.message }))))
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
    const x = o[k]
    if (x === undefined) {
      st.lossy = true
      continue
    }
    st.path.push(k)
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

/**
 * Marshall an encoded item (what a codec's `encode` gives: plain objects, arrays, strings,
 * numbers, bigints, `NumberValue`s, booleans, null, `Uint8Array`s, `Set`s) and check
 * DynamoDB's item rules, in one pass.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Item } from 'dynamongo'
 *
 * Item.marshall({ name: 'Jo', tags: new Set(['a']), n: 1 }) // => E.right({ name: { S: 'Jo' }, tags: { SS: ['a'] }, n: { N: '1' } })
 * ```
 *
 * @category conversions
 */
export const marshall = (encoded: unknown): E.Either<DE.DynamoError, AttributeMap> => marshallWith(encoded, undefined)

/** `marshall`, telling `seen` (`encodeWith`'s) whether a value reads back otherwise. */
const marshallWith = (encoded: unknown, seen: Marshalled | undefined): E.Either<DE.DynamoError, AttributeMap> =>
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

/**
 * Unmarshall an item: exact numbers, own data properties only (no key changes a prototype);
 * the attributes named in `skip` left out.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Item } from 'dynamongo'
 *
 * Item.unmarshall({ email: { S: 'a@b.c' }, logins: { N: '3' }, tags: { SS: ['x'] } }) // => E.right({ email: 'a@b.c', logins: 3, tags: new Set(['x']) })
 * ```
 *
 * @category conversions
 */
export const unmarshall = (attributes: AttributeMap, skip?: ReadonlySet<string>): E.Either<DE.DynamoError, Record<string, unknown>> =>
  catching(() => unmarshallWith(attributes, skip, { issues: undefined, path: [], proto: false }))

const unmarshallWith = (attributes: AttributeMap, skip: ReadonlySet<string> | undefined, st: ReadState): E.Either<DE.DynamoError, Record<string, unknown>> => {
  const out: Record<string, unknown> = {}
  // (`for…in` reads the enumeration cache of the SDK's objects: no array of keys per item)
  for (const k in attributes) {
    if (!hasOwn.call(attributes, k) || (skip !== undefined && skip.has(k))) continue
    const av = attributes[k]
    let v: unknown
    if (typeof av === 'object' && av !== null && av.S !== undefined) v = av.S
    else if (typeof av === 'object' && av !== null && av.N !== undefined) v = readNumber(av.N)
    else {
      if (av === undefined && k === unreadableName) {
        readIssue(st, k, `${unreadableMessage} (here it came back without its value)`)
        continue
      }
      st.path.push(k)
      v = fromAV(av, st, 1)
      st.path.pop()
    }
    if (k === '__proto__') {
      st.proto = true
      define(out, k, v)
    } else out[k] = v
  }
  return st.issues === undefined ? E.right(out) : E.left(DE.validationError(st.issues))
}

/**
 * Marshall one encoded value (exact numbers, sets, nesting checked); `at` names it in errors.
 * `depth`: the levels above the value, as an attribute's value has one (the item's), a value
 * written at a document path of n elements n.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Item } from 'dynamongo'
 *
 * Item.marshallValue({ city: 'Oslo', zip: 150 }) // => E.right({ M: { city: { S: 'Oslo' }, zip: { N: '150' } } })
 * E.isLeft(Item.marshallValue(undefined))       // => true
 * ```
 *
 * @category conversions
 */
export const marshallValue = (encoded: unknown, at = 'value', depth = 1): E.Either<DE.DynamoError, AttributeValue> => {
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

/**
 * Unmarshall one `AttributeValue`: exact numbers, safe keys.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Item } from 'dynamongo'
 *
 * Item.unmarshallValue({ L: [{ N: '1' }, { BOOL: true }] }) // => E.right([1, true])
 * ```
 *
 * @category conversions
 */
export const unmarshallValue = (av: AttributeValue, at = 'value'): E.Either<DE.DynamoError, unknown> =>
  catching(() => {
    const st: ReadState = { issues: undefined, path: [at] }
    const v = fromAV(av, st, 1)
    return st.issues === undefined ? E.right(v) : E.left(DE.validationError(st.issues))
  })

/**
 * Unmarshall one `AttributeValue` and decode it with `codec` (a value holding a `__proto__`
 * key through `Proto.hide`/`Proto.restore`, as `decode` reads items). A codec that throws is a
 * `ValidationError`.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Field, Item } from 'dynamongo'
 *
 * Item.decodeValue(Field.dateTime, { S: '2024-03-05T10:00:00.000Z' }, 'createdAt') // => E.right(new Date(Date.UTC(2024, 2, 5, 10)))
 * ```
 *
 * @category conversions
 */
export const decodeValue = <A, O>(codec: t.Type<A, O, unknown>, av: AttributeValue, at: string): E.Either<DE.DynamoError, A> =>
  catching(() => {
    const st: ReadState = { issues: undefined, path: [at], proto: false }
    const v = fromAV(av, st, 1)
    if (st.issues !== undefined) return E.left(DE.validationError(st.issues))
    try {
      if (st.proto) return decodeHidden(codec, v)
      const r = codec.decode(v)
      return E.isRight(r) ? r : E.left(DE.validationError(issuesOf(r.left)))
    } catch (e) {
      return E.left(codecThrew(at, e))
    }
  })

/**
 * The bytes DynamoDB counts for an item (`rules/size`: the rules `encode` counts with); `NaN`
 * for what cannot be read as an item's attributes (through `any`: a getter or a Proxy that
 * throws, a value that is no AttributeValue), which is no size.
 *
 * @example
 * ```ts
 * import { Item } from 'dynamongo'
 *
 * // the bytes of the names and the values, as DynamoDB counts them (its limit is 400 KB)
 * Item.size({ id: { S: 'abc' } }) // => 5
 * ```
 *
 * @category utils
 */
export const size = (attributes: AttributeMap): number => {
  try {
    return itemSize(attributes)
  } catch {
    // attributes whose reading throws: no size (NaN compares false with every limit: callers that check a size encode first)
    return NaN
  }
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
const readingThrew = (st: State, e: unknown): E.Either<DE.DynamoError, never> =>
  E.left(DE.validationError([{ path: showElements(st.path), message: `reading the value threw: ${thrown(e)}` }]))

const notAttributeValue = (st: ReadState, av: unknown): undefined => issue(st, `expected an AttributeValue, got ${show(av)}`)

const issue = (st: State | ReadState, message: string): undefined => {
  ;(st.issues ??= []).push({ path: showElements(st.path), message })
  return undefined
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
        const why = X.checkString(v.value)
        if (why !== undefined) return issue(st, why)
        st.bound += NUMBER_BYTES
        return { N: v.value }
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
      if (v instanceof Date) return issue(st, `a Date cannot be stored as it is (use Field.dateTime), got ${show(v)}`)
      return issue(st, `cannot store ${describeObject(v)} (use a plain object, an array, a Set, a Uint8Array or a codec that encodes it)`)
    }
    default:
      return issue(st, `cannot store a ${typeof v}`)
  }
}

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
        s = typeof m === 'bigint' ? m.toString() : m.value
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

// -------------------------------------------------------------------------------------
// internal: unmarshalling (exact numbers, own data properties)
// -------------------------------------------------------------------------------------

interface ReadState {
  issues: DE.Issue[] | undefined
  readonly path: Element[]
  /** A key `__proto__` was read (at any depth). */
  proto?: boolean
}

const readIssue = (st: ReadState, at: Element, message: string): void => {
  st.path.push(at)
  issue(st, message)
  st.path.pop()
}

/** A stored number: a `number` when one holds it exactly, else a `NumberValue`. */
const readNumber = (s: string): number | NumberValue => {
  const n = X.toExactNumber(s)
  return n === undefined ? new NumberValue(s) : n
}

const fromAV = (av: AttributeValue | undefined, st: ReadState, depth: number): unknown => {
  if (typeof av !== 'object' || av === null) return notAttributeValue(st, av)
  if (av.S !== undefined) return av.S
  if (av.N !== undefined) return readNumber(av.N)
  if (av.M !== undefined) {
    if (depth > VALUE_DEPTH) return issue(st, 'nested too deeply')
    const M = av.M
    const o: Record<string, unknown> = {}
    const keys = Object.keys(M)
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string
      st.path.push(k)
      const v = fromAV(M[k], st, depth + 1)
      st.path.pop()
      if (k === '__proto__') {
        st.proto = true
        define(o, k, v)
      } else o[k] = v
    }
    return o
  }
  if (av.L !== undefined) {
    if (depth > VALUE_DEPTH) return issue(st, 'nested too deeply')
    const L = av.L
    const a: unknown[] = new Array(L.length)
    for (let i = 0; i < L.length; i++) {
      st.path.push(i)
      a[i] = fromAV(L[i], st, depth + 1)
      st.path.pop()
    }
    return a
  }
  if (av.BOOL !== undefined) return av.BOOL
  if (av.NULL !== undefined) return null
  if (av.B !== undefined) return av.B
  if (av.SS !== undefined) return new Set(av.SS)
  if (av.NS !== undefined) return new Set(av.NS.map(readNumber))
  if (av.BS !== undefined) return new Set(av.BS)
  return notAttributeValue(st, av)
}
