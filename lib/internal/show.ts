import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type { Element } from '../ast/Path.js'
import { isoOf, timeOf } from './date.js'

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Path elements for people (`Path.show`, and a validation issue's place inside a value:
 * `[2].a`): `a.b[3].c`; names that are not plain identifiers are quoted: `"a.b"[0]`.
 */
export const showElements = (elements: ReadonlyArray<Element>): string => {
  let out = ''
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i] as Element
    if (typeof e === 'number') out += `[${e}]`
    else out += (i === 0 ? '' : '.') + (identifier.test(e) ? e : JSON.stringify(e))
  }
  return out
}

/**
 * Long text in a message: its first `most` code points and '…' after them, never half of a
 * pair (a cut by UTF-16 units can leave a lone surrogate, which JSON writes as `\ud83d`).
 */
export const shortened = (s: string, most = 60): string => {
  if (s.length <= most) return s
  const cs = Array.from(s)
  return cs.length > most ? `${cs.slice(0, most).join('')}…` : s
}

/** `s`, or its first 57 characters and `...` when it has more than 60: cut between characters, as `shortened`. */
const dotted = (s: string): string => {
  if (s.length <= 60) return s
  const cs = Array.from(s)
  return cs.length > 60 ? `${cs.slice(0, 57).join('')}...` : s
}

/** A number or a bigint as written (JSON reads NaN and the infinities as null, and -0 as 0). */
const showNumber = (n: number | bigint): string => (typeof n === 'bigint' ? `${n}n` : Object.is(n, -0) ? '-0' : String(n))

/** What marks a value `asWritten` gave as text, in `show`'s JSON: `"\u0000…\u0000"` once escaped. */
const marker = '\u0000'
const marked = /"\\u0000([^"\\]*)\\u0000"/g

/**
 * `JSON.stringify`'s replacer for `show`: a number JSON cannot write (NaN, the infinities,
 * -0) or a bigint (which it refuses) inside a value, as written, between markers that `show`
 * then drops with the quotes around them.
 */
const asWritten = (_: string, v: unknown): unknown =>
  typeof v === 'bigint' || (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) ? `${marker}${showNumber(v)}${marker}` : v

/** The getters every typed array inherits, read at load: they read a view's own slots, never a property the application set. */
const typedArray: object = Object.getPrototypeOf(Uint8Array.prototype) as object
const typedArrayTag = Object.getOwnPropertyDescriptor(typedArray, Symbol.toStringTag)?.get as (this: unknown) => string | undefined
const typedArrayLength = Object.getOwnPropertyDescriptor(typedArray, 'length')?.get as (this: unknown) => number

/**
 * The length of bytes (a `Uint8Array`, a `Buffer`) as the runtime keeps it for the view (never
 * its own `length` or `constructor`, which the application may set), or `undefined` for what is
 * no bytes. What `show` and `kindOf` say of bytes.
 */
const bytesLength = (u: object): number | undefined =>
  ArrayBuffer.isView(u) && typedArrayTag.call(u) === 'Uint8Array' ? typedArrayLength.call(u) : undefined

/** `Buffer(n)` or `Uint8Array(n)` for bytes, by the class and length the runtime keeps for the view, or `undefined`. */
const bytesKind = (u: object): string | undefined => {
  const n = bytesLength(u)
  return n === undefined ? undefined : `${Buffer.isBuffer(u) ? 'Buffer' : 'Uint8Array'}(${n})`
}

/** A short description of any value, for error messages. */
export const show = (u: unknown): string => {
  if (typeof u === 'bigint' || typeof u === 'number') return showNumber(u)
  try {
    // (`instanceof` reads the prototype: a Proxy's trap may throw, as may a getter below)
    if (typeof u === 'object' && u !== null) {
      const time = timeOf(u)
      if (time !== undefined) return `Date(${Number.isNaN(time) ? 'invalid' : isoOf(u as Date)})`
      const n = bytesLength(u)
      if (n !== undefined) return `Uint8Array(${n})`
    }
    if (u instanceof Set) return `Set(${u.size})`
    const s = JSON.stringify(u, asWritten)?.replace(marked, '$1')
    return s === undefined ? String(u) : dotted(s)
  } catch {
    // a cycle, a value too deep, a getter or a toJSON that throws
    return plain(u)
  }
}


/**
 * What a value is, for an error message (`got …`), never what it holds (it may be a secret):
 * `null`, `a list`, `Uint8Array(3)` (bytes by their class and length: `Buffer(3)`), `a Date` or `an invalid Date`, `an object`, or
 * its `typeof` (`string`, `number`, `undefined`, `function`, …); `object` names what else is
 * an object (`an object that is no model`). The one describer of a value's kind; never a throw
 * (a revoked Proxy, whose `Array.isArray` throws, is an object).
 */
export const kindOf = (u: unknown, object = 'an object'): string => {
  if (u === null) return 'null'
  if (typeof u !== 'object') return typeof u
  try {
    if (Array.isArray(u)) return 'a list'
    const bytes = bytesKind(u)
    if (bytes !== undefined) return bytes
    // one that only inherits from Date.prototype holds no time: an object
    const time = timeOf(u)
    if (time !== undefined) return Number.isNaN(time) ? 'an invalid Date' : 'a Date'
  } catch {
    // a Proxy whose traps throw: an object
  }
  return object
}

/**
 * A value for an error message where what it holds may be shown: a string quoted (its first 40
 * characters), a number, a boolean or a bigint as written (`show`); anything else its kind (`kindOf`).
 */
export const scalarOrKind = (u: unknown): string =>
  typeof u === 'string'
    ? JSON.stringify(shortened(u, 40))
    : typeof u === 'number' || typeof u === 'bigint'
      ? showNumber(u)
      : typeof u === 'boolean'
        ? String(u)
        : kindOf(u)

/**
 * `String(u)`, or what `u` is when even that throws (a Proxy, a `toString` of the application's):
 * a list, or by `typeof`, the one reading that never throws (`Array.isArray` throws on a revoked
 * Proxy).
 */
const plain = (u: unknown): string => {
  try {
    const s = String(u)
    return dotted(s)
  } catch {
    return kindOf(u)
  }
}

/**
 * A key for people, as the condition that selects it: `name = value` for each of `names` (a name
 * that is no plain identifier quoted, as `Path.show` quotes it), joined by `sep`; each value as
 * `value` shows it (`showStored` of a stored key, `showGiven` of the values given for one).
 */
export const showKey = (names: ReadonlyArray<string>, value: (name: string) => string, sep = ', '): string => {
  let out = ''
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string
    out += `${i === 0 ? '' : sep}${showElements([name])} = ${value(name)}`
  }
  return out
}

/** A binary key value for people, as `showGiven` and `showStored` print it: its size. */
const showBytes = (b: Uint8Array): string => `<${b.length} bytes>`

/**
 * A key field's value as given, for `showKey`: a string whole and quoted, a binary by its size
 * (as `showStored` prints it), any other value as `show` gives it.
 */
export const showGiven = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v)
  try {
    if (v instanceof Uint8Array) return showBytes(v)
  } catch {
    // a Proxy whose traps throw: `show` describes it
  }
  return show(v)
}

/**
 * A stored key value, for `showKey`: a string whole and quoted, a number as stored, a binary by
 * its size, `?` for none and for what is no key value (a key holds only S, N or B).
 */
export const showStored = (av: AttributeValue | undefined): string =>
  av?.S !== undefined
    ? JSON.stringify(av.S)
    : av?.N !== undefined
      ? av.N
      : av?.B !== undefined
        ? showBytes(av.B)
        : '?'

/** `n` of `noun`, as counted in English: `1 item`, `0 items`, `2 items` (nouns that take an `s`). */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`

/** What a thrown value says (the application's code, a codec, a getter), for an error message. */
export const thrown = (e: unknown): string => {
  try {
    if (e instanceof Error) return `${e.name}: ${e.message}`
  } catch {
    // a Proxy whose traps throw: described below
  }
  return plain(e)
}

/**
 * What a printer for people (`Path.show`, `Expression.show`, `Plan.show`, …) answers for a
 * value it cannot read as what it prints (garbage passed through `any`, a getter or a Proxy
 * that throws, a node of no known tag): what was expected, what was given and why, never a throw.
 */
export const unshowable = (what: string, u: unknown, e: unknown): string => `(not ${what}: ${show(u)}; ${thrown(e)})`
