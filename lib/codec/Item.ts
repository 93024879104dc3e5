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
import { define } from '../internal/own.js'
import { show } from '../internal/show.js'
import { catching } from '../internal/threw.js'
import { asIs, fieldReads, MISS, type FieldRead } from './asIs.js'
import { VALUE_DEPTH } from '../rules/limits.js'
import { unreadableMessage, unreadableName } from '../rules/path.js'
import { codecThrew, issuesOf } from './issues.js'
import { itemSize } from '../rules/size.js'
import { NumberValue } from './decimal.js'
import { encodeSeen, issue, marshallAt, marshallSeen } from './marshal.js'

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
export const encode = <A, O>(codec: t.Type<A, O, unknown>, item: A): E.Either<DE.DynamoError, AttributeMap> => encodeSeen(codec, item, undefined)

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
export const marshall = (encoded: unknown): E.Either<DE.DynamoError, AttributeMap> => marshallSeen(encoded, undefined)

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
export const marshallValue = (encoded: unknown, at = 'value', depth = 1): E.Either<DE.DynamoError, AttributeValue> => marshallAt(encoded, at, depth)

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
// internal: unmarshalling (exact numbers, own data properties)
// -------------------------------------------------------------------------------------

const notAttributeValue = (st: ReadState, av: unknown): undefined => issue(st, `expected an AttributeValue, got ${show(av)}`)

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
