/**
 * The stored key of an item, inside the library: the model's key attribute names, the
 * checks DynamoDB makes of key values (present, of their type, non-empty, within size), the
 * key of a stored item, and its identity as a string (for deduplication and lookups).
 *
 * @since 0.1.0
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'
import * as Num from '../codec/decimal.js'
import { perObject } from '../internal/memo.js'
import { HASH_KEY_BYTES, RANGE_KEY_BYTES } from '../rules/limits.js'
import { UNIT_BYTES, numberSize, utf8Length } from '../rules/size.js'
import type { AttributeMap, GlobalIndex, LocalIndex, Model, StoredKeyType } from './Model.js'
import { indexKeys } from './indexKeys.js'
import { base64 } from '../internal/bytes.js'

// -------------------------------------------------------------------------------------
// checks
// -------------------------------------------------------------------------------------

/** The bytes DynamoDB counts for a key value (a string's UTF-8, binary's bytes, a number's stored size). */
export const keyBytes = (av: AttributeValue): number =>
  av.S !== undefined ? utf8Length(av.S) : av.B !== undefined ? av.B.length : av.N !== undefined ? numberSize(av.N) : 0

const storedTypeNames: Readonly<Record<StoredKeyType, string>> = { S: 'a string', N: 'a number', B: 'binary' }

/**
 * Why the key value `av` is not of its key's stored `type` (a string, a number, binary), or
 * `undefined`: the one rule and message of a key value's type, for an item's or a key's
 * attribute and for a key condition's value alike.
 */
export const storedTypeWhy = (av: AttributeValue, type: StoredKeyType): string | undefined => {
  const got: StoredKeyType | undefined = av.S !== undefined ? 'S' : av.N !== undefined ? 'N' : av.B !== undefined ? 'B' : undefined
  return got === type
    ? undefined
    : `a key stored as ${storedTypeNames[type]} takes ${storedTypeNames[type]}, and this value is stored as ${got === undefined ? 'neither a string, a number nor binary' : storedTypeNames[got]}`
}

/** Why the key value `av` is empty (a key of a table or an index is never an empty string or empty binary), or `undefined`. */
export const emptyKeyWhy = (av: AttributeValue): string | undefined =>
  av.S === '' ? 'a key cannot be an empty string' : av.B !== undefined && av.B.length === 0 ? 'a key cannot be empty binary' : undefined

export const checkKeyValue = (name: string, av: AttributeValue | undefined, type: StoredKeyType, role: 'hash' | 'range'): DE.Issue | undefined => {
  if (av === undefined) return { path: name, message: `the ${role} key is missing` }
  const typeWhy = storedTypeWhy(av, type) ?? emptyKeyWhy(av)
  if (typeWhy !== undefined) return { path: name, message: typeWhy }
  const limit = role === 'hash' ? HASH_KEY_BYTES : RANGE_KEY_BYTES
  // a string of at most limit / UNIT_BYTES code units fits, uncounted (a cursor's keys are checked on every page)
  if (av.S !== undefined && av.S.length * UNIT_BYTES <= limit) return undefined
  const n = keyBytes(av)
  if (n > limit) return { path: name, message: `a ${role === 'hash' ? 'partition' : 'sort'} key takes at most ${limit} bytes, this one ${n}` }
  return undefined
}

/** Check the key attributes of an encoded item (or key): present, of their type, non-empty, within size. */
export const checkKey = (m: Pick<Model<any, any, any, any>, 'hashKey' | 'rangeKey' | 'keyTypes'>, av: AttributeMap): E.Either<DE.DynamoError, AttributeMap> => {
  const h = checkKeyValue(m.hashKey, av[m.hashKey], m.keyTypes[m.hashKey] as StoredKeyType, 'hash')
  const r = m.rangeKey === undefined ? undefined : checkKeyValue(m.rangeKey, av[m.rangeKey], m.keyTypes[m.rangeKey] as StoredKeyType, 'range')
  if (h === undefined && r === undefined) return E.right(av)
  return E.left(DE.validationError(h === undefined ? [r as DE.Issue] : r === undefined ? [h] : [h, r]))
}

/** One side of an index's key as DynamoDB checks it: its attributes and the most bytes they take together. */
export interface IndexKeySide {
  readonly index: string
  readonly role: 'hash' | 'range'
  readonly names: ReadonlyArray<string>
}

/**
 * The sides of the keys of a model's indexes (once per model): each global index's hash and
 * range attributes, each local index's range attribute (its hash key is the table's).
 */
export const indexKeySides = perObject((m: Model<any, any, any, any>): ReadonlyArray<IndexKeySide> => {
  const sides: IndexKeySide[] = []
  for (const [index, ix] of Object.entries(m.indexes as Readonly<Record<string, GlobalIndex | LocalIndex>>)) {
    const k = indexKeys(m, ix)
    if (ix._tag === 'GlobalIndex') sides.push({ index, role: 'hash', names: k.hash })
    if (k.range.length > 0) sides.push({ index, role: 'range', names: k.range })
  }
  return sides
})

/**
 * Why DynamoDB refuses the values `av` holds for one side of an index's key, or `undefined`.
 * It checks every attribute of an index key an item has, even when the item lacks the others
 * (and so stays out of that sparse index): each of its stored type and non-empty, and those
 * present within the side's bytes together (`HASH_KEY_BYTES` for a partition key,
 * `RANGE_KEY_BYTES` for a sort key; the attributes of a multi-attribute key count together).
 */
export const indexKeySideWhy = (side: IndexKeySide, types: Readonly<Record<string, StoredKeyType>>, av: AttributeMap): DE.Issue | undefined => {
  let bytes = 0
  for (let i = 0; i < side.names.length; i++) {
    const name = side.names[i] as string
    const v = av[name]
    if (v === undefined) continue
    const typeWhy = storedTypeWhy(v, types[name] as StoredKeyType)
    if (typeWhy !== undefined) return { path: name, message: `${typeWhy} (it is a key of the index ${side.index})` }
    const emptyWhy = emptyKeyWhy(v)
    if (emptyWhy !== undefined) return { path: name, message: `${emptyWhy} (it is a key of the index ${side.index})` }
    bytes += keyBytes(v)
  }
  const limit = side.role === 'hash' ? HASH_KEY_BYTES : RANGE_KEY_BYTES
  if (bytes <= limit) return undefined
  const key = side.role === 'hash' ? 'partition' : 'sort'
  const present = side.names.filter((n) => av[n] !== undefined)
  return side.names.length === 1
    ? { path: side.names[0] as string, message: `the ${key} key of the index ${side.index} takes at most ${limit} bytes, this one ${bytes}` }
    : { path: present[present.length - 1] as string, message: `the ${key} key attributes of the index ${side.index} (${side.names.join(', ')}) take at most ${limit} bytes together, these ${bytes}` }
}

/**
 * `av` when DynamoDB takes the values it holds for every side of `sides` (`indexKeySideWhy`),
 * else a `ValidationError` of the first it refuses: it rejects the write otherwise.
 */
export const checkIndexKeys = (sides: ReadonlyArray<IndexKeySide>, types: Readonly<Record<string, StoredKeyType>>, av: AttributeMap): E.Either<DE.DynamoError, AttributeMap> => {
  for (let i = 0; i < sides.length; i++) {
    const issue = indexKeySideWhy(sides[i] as IndexKeySide, types, av)
    if (issue !== undefined) return E.left(DE.validationError([issue]))
  }
  return E.right(av)
}

/**
 * Why `key`, the key attributes of a position a read gives back (the table's, and those of the
 * index `index` where it reads one), can be no item's that the read reaches, or `undefined`: a
 * table key value missing, of another type, empty or over its bytes (`checkKeyValue`), or a
 * value of the index read that the index refuses (`indexKeySideWhy`). Only that index's rules:
 * an index built on a table that has items holds none it refuses, and a read of the table or
 * of another index still reaches them.
 */
export const positionKeyWhy = (m: Model<any, any, any, any>, key: AttributeMap, index: string | undefined): DE.Issue | undefined => {
  const hash = checkKeyValue(m.hashKey, key[m.hashKey], m.keyTypes[m.hashKey] as StoredKeyType, 'hash')
  if (hash !== undefined) return hash
  const range = m.rangeKey === undefined ? undefined : checkKeyValue(m.rangeKey, key[m.rangeKey], m.keyTypes[m.rangeKey] as StoredKeyType, 'range')
  if (range !== undefined || index === undefined) return range
  const sides = indexKeySides(m)
  for (let i = 0; i < sides.length; i++) {
    const side = sides[i] as IndexKeySide
    const issue = side.index === index ? indexKeySideWhy(side, m.keyTypes, key) : undefined
    if (issue !== undefined) return issue
  }
  return undefined
}

// -------------------------------------------------------------------------------------
// keys
// -------------------------------------------------------------------------------------

/** The model's key attribute names: `[hashKey]` or `[hashKey, rangeKey]` (one array per model). */
export const keyNames = perObject((m: Model<any, any, any, any>): ReadonlyArray<string> => (m.rangeKey === undefined ? [m.hashKey] : [m.hashKey, m.rangeKey]))

/**
 * One key attribute's part of a key string: its type letter, then its value. A string's
 * length comes first (`S5:a\0Sbc`), so no text of one part can read as the start of the
 * next; a number is its canonical decimal (`1`, `1.0` and `1e0` are one key, as to
 * DynamoDB), binary its base64: neither holds the `\0` that separates hash from range. A
 * number string that is no number keeps its text, length first, under another letter.
 */
const keyPart = (av: AttributeValue | undefined): string => {
  if (av === undefined) return ''
  if (av.S !== undefined) return `S${av.S.length}:${av.S}`
  if (av.N !== undefined) {
    const n = Num.canonical(av.N)
    return n === undefined ? `n${av.N.length}:${av.N}` : `N${n}`
  }
  if (av.B !== undefined) return `B${base64(av.B)}`
  return '?'
}

/**
 * The identity of a stored key, as a string (for deduplication and lookups): two keys have
 * one string exactly when DynamoDB sees one key (strings equal code unit for code unit,
 * numbers equal in value, binaries byte for byte, never across types).
 */
export const keyString = (m: Pick<Model<any, any, any, any>, 'hashKey' | 'rangeKey'>, key: AttributeMap): string =>
  m.rangeKey === undefined ? keyPart(key[m.hashKey]) : `${keyPart(key[m.hashKey])}\u0000${keyPart(key[m.rangeKey])}`

/** Whether two key values are one to DynamoDB (equal `keyPart`s; two strings, or two number texts alike, compared as they are). */
const sameValue = (a: AttributeValue | undefined, b: AttributeValue | undefined): boolean => {
  if (a === undefined || b === undefined) return a === b
  if (a.S !== undefined || b.S !== undefined) return a.S === b.S
  if (a.N !== undefined && a.N === b.N) return true
  return keyPart(a) === keyPart(b)
}

/** Whether `a` and `b` are one key to DynamoDB in each attribute of `names` (`keyString`'s identity, for keys of any read: an index's too). */
export const sameKeyAt = (names: ReadonlyArray<string>, a: AttributeMap, b: AttributeMap): boolean => {
  for (let i = 0; i < names.length; i++) {
    const n = names[i] as string
    if (!sameValue(a[n], b[n])) return false
  }
  return true
}

/** The stored key of an item's stored form. */
export const keyOfStored = (m: Model<any, any, any, any>, av: AttributeMap): AttributeMap => {
  const out: AttributeMap = { [m.hashKey]: av[m.hashKey] as AttributeValue }
  if (m.rangeKey !== undefined) out[m.rangeKey] = av[m.rangeKey] as AttributeValue
  return out
}
