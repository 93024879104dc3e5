/**
 * How DynamoDB compares stored values (`AttributeValue`s): numbers as exact decimals,
 * strings by their UTF-8 bytes, binaries as unsigned bytes, sets regardless of order,
 * lists and maps deeply. Used by the in-memory interpreter (`Evaluate`).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type { AttributeTypeName } from '../ast/Condition.js'
import * as D from '../codec/decimal.js'
import { hasOwn } from '../internal/own.js'

// -------------------------------------------------------------------------------------
// types
// -------------------------------------------------------------------------------------

/** The type of a stored value (`undefined` for a malformed one). */
export const typeOf = (av: AttributeValue): AttributeTypeName | undefined => {
  if (av.S !== undefined) return 'S'
  if (av.N !== undefined) return 'N'
  if (av.B !== undefined) return 'B'
  if (av.BOOL !== undefined) return 'BOOL'
  if (av.NULL !== undefined) return 'NULL'
  if (av.M !== undefined) return 'M'
  if (av.L !== undefined) return 'L'
  if (av.SS !== undefined) return 'SS'
  if (av.NS !== undefined) return 'NS'
  if (av.BS !== undefined) return 'BS'
  return undefined
}

/** The types `< <= > >= BETWEEN` order. */
export const isOrdered = (t: AttributeTypeName | undefined): boolean => t === 'S' || t === 'N' || t === 'B'

// -------------------------------------------------------------------------------------
// scalars
// -------------------------------------------------------------------------------------

/**
 * Order of code points (= order of UTF-8 bytes) for well-formed UTF-16 strings: surrogates
 * (D800–DFFF, the astral planes) move above E000–FFFF, where code-unit order puts them below.
 */
const fixup = (c: number): number => (c >= 0xd800 ? (c >= 0xe000 ? c - 0x800 : c + 0x2000) : c)

/** Strings in UTF-8 byte order: -1, 0 or 1. */
export const compareStrings = (a: string, b: string): number => {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return fixup(x) < fixup(y) ? -1 : 1
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0
}

/** Bytes as unsigned: -1, 0 or 1. */
export const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a[i] as number
    const y = b[i] as number
    if (x !== y) return x < y ? -1 : 1
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0
}

export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && compareBytes(a, b) === 0

export const bytesStartWith = (a: Uint8Array, prefix: Uint8Array): boolean => {
  if (prefix.length > a.length) return false
  for (let i = 0; i < prefix.length; i++) if (a[i] !== prefix[i]) return false
  return true
}

/** `needle` occurs in `hay` (the empty needle occurs everywhere). */
export const bytesInclude = (hay: Uint8Array, needle: Uint8Array): boolean => {
  if (needle.length === 0) return true
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

export const numbersEqual = D.equals

/** Two DynamoDB number strings compared exactly (the one order the compiler and `Evaluate` use). */
export const compareNumbers = (a: string, b: string): number => D.compareStrings(a, b) ?? 0

/**
 * Two values of an ordered type (S, N, B), compared as DynamoDB does; `undefined` when they
 * are not comparable (different types, or a type without order).
 */
export const compareOrdered = (a: AttributeValue, b: AttributeValue): number | undefined => {
  if (a.N !== undefined) return b.N !== undefined ? D.compareStrings(a.N, b.N) : undefined
  if (a.S !== undefined) return b.S !== undefined ? compareStrings(a.S, b.S) : undefined
  if (a.B !== undefined) return b.B !== undefined ? compareBytes(a.B, b.B) : undefined
  return undefined
}

/**
 * Whether a stored time to live `v` (epoch seconds, `N`) is at or before `nowSeconds`: the item
 * expired (what `Command.expiredCondition` tests); `false` for none or another type.
 */
export const expiredAt = (v: AttributeValue | undefined, nowSeconds: number): boolean => {
  if (v === undefined) return false
  const order = compareOrdered(v, { N: String(nowSeconds) })
  return order !== undefined && order <= 0
}

/**
 * `xs` sorted by `valueOf` of each, values of one ordered type (S, N, B) in DynamoDB's order
 * (`compareOrdered`); stable. Each number is parsed once, not once a comparison.
 */
export const sortOrdered = <A>(xs: ReadonlyArray<A>, valueOf: (a: A) => AttributeValue): A[] => {
  const first = xs[0]
  if (first === undefined || valueOf(first).N === undefined) return [...xs].sort((a, b) => compareOrdered(valueOf(a), valueOf(b)) ?? 0)
  const parsed = xs.map((x) => ({ x, d: D.parse(valueOf(x).N as string) }))
  return parsed.sort((a, b) => (a.d === undefined || b.d === undefined ? 0 : D.compare(a.d, b.d))).map((p) => p.x)
}

// -------------------------------------------------------------------------------------
// deep equality
// -------------------------------------------------------------------------------------

const setEqual = <A>(xs: ReadonlyArray<A>, ys: ReadonlyArray<A>, eq: (x: A, y: A) => boolean): boolean =>
  xs.length === ys.length && xs.every((x) => ys.some((y) => eq(x, y)))

/** Deep equality of stored values: numbers by value, sets regardless of order. */
export const equals = (a: AttributeValue, b: AttributeValue): boolean => {
  if (a.S !== undefined) return b.S !== undefined && a.S === b.S
  if (a.N !== undefined) return b.N !== undefined && numbersEqual(a.N, b.N)
  if (a.B !== undefined) return b.B !== undefined && bytesEqual(a.B, b.B)
  if (a.BOOL !== undefined) return b.BOOL !== undefined && a.BOOL === b.BOOL
  if (a.NULL !== undefined) return b.NULL !== undefined
  if (a.SS !== undefined) return b.SS !== undefined && setEqual(a.SS, b.SS, (x, y) => x === y)
  if (a.NS !== undefined) return b.NS !== undefined && setEqual(a.NS, b.NS, numbersEqual)
  if (a.BS !== undefined) return b.BS !== undefined && setEqual(a.BS, b.BS, bytesEqual)
  if (a.L !== undefined) {
    const l = b.L
    return l !== undefined && a.L.length === l.length && a.L.every((x, i) => equals(x, l[i] as AttributeValue))
  }
  if (a.M !== undefined) return b.M !== undefined && mapsEqual(a.M, b.M)
  return false
}

/** Deep equality of two maps (or items). */
export const mapsEqual = (a: Record<string, AttributeValue>, b: Record<string, AttributeValue>): boolean => {
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every((k) => hasOwn(b, k) && equals(a[k] as AttributeValue, b[k] as AttributeValue))
}
