/**
 * The line format of DynamoDB's export to S3 (and of `ImportTable`), "DynamoDB JSON": one
 * item per line, `{"Item":{"name":{"S":"…"},"n":{"N":"1.50"},"b":{"B":"<base64>"},…}}`.
 * Numbers stay the text DynamoDB gave (no precision lost); binaries are base64. Pure:
 * `Dynamo.dump` writes `show`'s lines, `Dynamo.load` reads lines with `parse`.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { define, isRecord } from '../internal/own.js'
import { checkString } from '../codec/decimal.js'
import { ITEM_BYTES, ITEM_DEPTH } from '../rules/limits.js'
import { checkAttributeName, emptyName, loneSurrogate, unreadableMessage, unreadableName } from '../rules/path.js'
import { binaryMember, numberMember, repeated } from '../rules/sets.js'
import { base64 } from '../internal/bytes.js'

export type AttributeMap = Record<string, AttributeValue>

// -------------------------------------------------------------------------------------
// show
// -------------------------------------------------------------------------------------

/**
 * An attribute value as the object its JSON is (binaries as base64 strings): a new object
 * of the one type key that counts, the first present of S, N, BOOL, NULL, M, L, B, SS, NS,
 * BS (none: `NULL`). One `JSON.stringify` of the whole item then writes the line: V8's
 * serializer of plain objects is several times faster than assembling the text piece by
 * piece, or than a replacer called on every value (the dump target of `bench/data.ts`).
 */
const plain = (av: AttributeValue): object => {
  if (av.S !== undefined) return { S: av.S }
  if (av.N !== undefined) return { N: av.N }
  if (av.BOOL !== undefined) return { BOOL: av.BOOL ? true : false }
  if (av.NULL !== undefined) return { NULL: true }
  if (av.M !== undefined) return { M: plainMap(av.M) }
  if (av.L !== undefined) return { L: av.L.map(plain) }
  if (av.B !== undefined) return { B: base64(av.B) }
  if (av.SS !== undefined) return { SS: av.SS }
  if (av.NS !== undefined) return { NS: av.NS }
  if (av.BS !== undefined) return { BS: av.BS.map(base64) }
  return { NULL: true }
}

/** A map's own attributes (an absent value left out), each `plain`; `__proto__` stays a key. */
const plainMap = (m: Readonly<Record<string, AttributeValue>>): Record<string, object> => {
  const out: Record<string, object> = {}
  for (const k of Object.keys(m)) {
    const v = m[k]
    if (v === undefined) continue
    if (k === '__proto__') define(out, k, plain(v))
    else out[k] = plain(v)
  }
  return out
}

/** One item as a line of the export format, without its newline. */
export const show = (item: AttributeMap): string => JSON.stringify({ Item: plainMap(item) })

/**
 * Why an item as read cannot be shown as it is stored: an attribute that came without its
 * value (`show` would leave it out). @aws-sdk/client-dynamodb gives a top-level attribute named
 * `__proto__` so (`unreadableName` in `rules/path`); a dump that left it out would be a line
 * that loads as another item. `undefined` when every attribute has its value.
 */
export const lostWhy = (item: AttributeMap): string | undefined => {
  for (const k of Object.keys(item)) {
    if (item[k] !== undefined) continue
    return `${JSON.stringify(k)} came without its value${k === unreadableName ? ` (${unreadableMessage})` : ''}`
  }
  return undefined
}

// -------------------------------------------------------------------------------------
// parse
// -------------------------------------------------------------------------------------

/** What a value that is no line is, for people. */
const kind = (u: unknown): string =>
  u === null ? 'null' : u instanceof Uint8Array ? `${u.constructor.name}(${u.length})` : Array.isArray(u) ? 'a list' : typeof u === 'object' ? 'an object' : typeof u

/**
 * Why a line of an iterable of lines (what `load` takes besides a readable stream) is no line
 * of text, or `undefined` (a string). Bytes are not read as a line: an iterable of bytes is most
 * often a byte stream's chunks, which cut lines anywhere; as a readable stream (Node's, or a
 * web `ReadableStream` such as a fetch's body) they are read as UTF-8 text and split at line ends.
 */
export const textWhy = (line: unknown): string | undefined =>
  typeof line === 'string'
    ? undefined
    : `expected a line of text (a string), got ${kind(line)}${
        line instanceof Uint8Array ? ': bytes are read as text, split at line ends, from a readable stream (stream.Readable.from(chunks), or a web ReadableStream as it is), not as lines' : ''
      }`

/**
 * Why a chunk of a readable stream given to `load` is neither text nor bytes (a string, a
 * Buffer, a typed array or an `ArrayBuffer`), or `undefined` when it is one. The stream's text
 * is split at line ends whatever its chunks, so such a chunk is no line: it stops the load.
 */
export const chunkWhy = (chunk: unknown): string | undefined =>
  typeof chunk === 'string' || ArrayBuffer.isView(chunk) || chunk instanceof ArrayBuffer
    ? undefined
    : `it gave a chunk that is neither text nor bytes: ${kind(chunk)} (a readable stream is read as UTF-8 text, its chunks strings or bytes)`

const base64Shape = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

const bytes = (s: unknown): Uint8Array | undefined => (typeof s === 'string' && base64Shape.test(s) ? new Uint8Array(Buffer.from(s, 'base64')) : undefined)

const isObject = (u: unknown): u is Record<string, unknown> => isRecord(u)

const isStringList = (u: unknown): boolean => Array.isArray(u) && u.length > 0 && u.every((s) => typeof s === 'string')

/** Whether every string of a list of strings is well formed (a lone surrogate, `"\ud800"` in JSON, is not). */
const wellFormed = (ss: ReadonlyArray<string>): boolean => ss.every((s) => s.isWellFormed())

/**
 * What is wrong with a value, and where: the path from the item's attribute down (a map's
 * key, a list's index), built only on the way out of a failure.
 */
interface Issue {
  readonly path: Array<string | number>
  readonly why: string
}

const issue = (why: string): Issue => ({ path: [], why })

const within = (at: string | number, e: Issue): Issue => {
  e.path.unshift(at)
  return e
}

const draw = (e: Issue): string => {
  let at = ''
  for (const p of e.path) at = typeof p === 'number' ? `${at}[${p}]` : at === '' ? p : `${at}.${p}`
  return `${at}: ${e.why}`
}

const notBase64 = 'a binary must be a base64 string'

/**
 * The form of the values `checkValue` reads: `json`, an item's JSON form (`JSON.parse`'s own
 * objects: binaries base64 strings, made bytes where they stand; strings well formed, as a
 * line must hold them), or `memory`, an item as the SDK gives one (binaries `Uint8Array`s,
 * nothing changed).
 */
type Form = 'json' | 'memory'

/** The bytes of a binary as `form` holds it, or `undefined` when it is none. */
const binaryOf = (v: unknown, form: Form): Uint8Array | undefined => (form === 'json' ? bytes(v) : v instanceof Uint8Array ? v : undefined)

const notBinary = (form: Form): string => (form === 'json' ? notBase64 : 'a binary must be a Uint8Array')

/** `undefined` where `s` is well formed or `form` is `memory` (a stored string's content is no shape). */
const textIssue = (s: string, form: Form): Issue | undefined => (form === 'memory' || s.isWellFormed() ? undefined : issue(loneSurrogate))

/**
 * Check a value of an item's `form` (its JSON form, or as in memory) against the shape of an
 * `AttributeValue`: exactly one type key, of S, N, B, BOOL, NULL, SS, NS, BS, L, M, each with
 * the value of its type (a set a non-empty list), a list's and a map's values in turn, at most
 * `ITEM_DEPTH` levels down. In the JSON form it makes the value an `AttributeValue` where it
 * stands: only binaries change (base64 to bytes); everything else is already the SDK's shape,
 * so nothing is copied. In memory nothing is changed.
 */
const checkValue = (u: unknown, depth: number, form: Form): Issue | undefined => {
  if (depth > ITEM_DEPTH) return issue(`nested deeper than ${ITEM_DEPTH} levels`)
  if (!isObject(u)) return issue('an attribute value must be an object such as {"S":"…"}')
  let tag = ''
  let tags = 0
  for (const k in u) {
    tag = k
    tags++
  }
  if (tags !== 1) return issue(`an attribute value has exactly one type key, this one ${tags === 0 ? 'none' : Object.keys(u).join(', ')}`)
  const v = u[tag]
  switch (tag) {
    case 'S':
      return typeof v !== 'string' ? issue('S must be a string') : textIssue(v, form)
    case 'N':
      return typeof v !== 'string' ? issue('N must be a string of digits') : textIssue(v, form)
    case 'B': {
      const b = binaryOf(v, form)
      if (b === undefined) return issue(notBinary(form))
      if (form === 'json') u[tag] = b
      return undefined
    }
    case 'BOOL':
      return typeof v === 'boolean' ? undefined : issue('BOOL must be true or false')
    case 'NULL':
      return v === true ? undefined : issue('NULL must be true')
    case 'SS':
    case 'NS':
      return !isStringList(v) ? issue(`${tag} must be a non-empty list of strings`) : form === 'memory' || wellFormed(v as string[]) ? undefined : issue(loneSurrogate)
    case 'BS': {
      if (!Array.isArray(v) || v.length === 0) return issue(`BS must be a non-empty list of ${form === 'json' ? 'base64 strings' : 'Uint8Arrays'}`)
      const out: Uint8Array[] = new Array(v.length)
      for (let i = 0; i < v.length; i++) {
        const b = binaryOf(v[i], form)
        if (b === undefined) return issue(notBinary(form))
        out[i] = b
      }
      if (form === 'json') u[tag] = out
      return undefined
    }
    case 'L': {
      if (!Array.isArray(v)) return issue('L must be a list')
      for (let i = 0; i < v.length; i++) {
        const e = checkValue(v[i], depth + 1, form)
        if (e !== undefined) return within(i, e)
      }
      return undefined
    }
    case 'M':
      return checkMap(v, depth + 1, form)
    default:
      return issue(`${JSON.stringify(tag)} is not a DynamoDB type (S, N, B, BOOL, NULL, SS, NS, BS, L, M)`)
  }
}

/** `checkValue` of each value of a map (an attribute named `__proto__` is `JSON.parse`'s own property: it stays an attribute). */
const checkMap = (u: unknown, depth: number, form: Form): Issue | undefined => {
  if (!isObject(u)) return issue('a map must be an object')
  for (const k of Object.keys(u)) {
    // a name is a string too: one with a lone surrogate is refused as a value is
    const e = form === 'memory' || k.isWellFormed() ? checkValue(u[k], depth, form) : issue(loneSurrogate)
    if (e !== undefined) return within(k, e)
  }
  return undefined
}

/**
 * Why `item`, given as a stored item in memory (to `Evaluate`'s writes), is no map of
 * `AttributeValue`s (the shape `parse` reads a line's item to, binaries `Uint8Array`s), with
 * the path of the value (or what it is, when no object); `undefined` when it is one. Nothing
 * of it is changed.
 */
export const shapeWhy = (item: unknown): string | undefined => {
  if (!isObject(item)) return kind(item)
  const e = checkMap(item, 1, 'memory')
  return e === undefined ? undefined : draw(e)
}

/**
 * Whether the item of `line` is surely within `bytes` of DynamoDB's item size (`rules/size`),
 * known from the line's length alone: an item's size is at most 3 bytes per UTF-16 code unit
 * of its line. A character of a name or a string is at most 3 UTF-8 bytes per code unit; a
 * number counts at most 21 bytes and its JSON (`{"N":"…"}`) has at least 9 code units; a
 * binary counts fewer bytes than its base64 has characters; the bytes a list or map adds
 * (3, and 1 per element) are fewer than its brackets, quotes and commas. `load` computes
 * the size of an item only when its line is longer.
 */
export const surelyWithin = (line: string, bytes: number): boolean => line.length * 3 <= bytes

/**
 * The most characters a line of the export format holding an item DynamoDB stores is read to:
 * 32 for each byte of the largest item (`ITEM_BYTES`). A writer of the format spends far fewer
 * (`show` at most 9 a byte, an empty string in a list; Python's `json.dumps`, its spaces and
 * escapes, 11), so a longer line is junk: `load` fails it with its number, unread, and holds
 * no more of it than this while it reads on to its end (a file of binary junk without a line
 * end would otherwise be held whole, beyond what a string or the memory can hold).
 */
export const LINE_CHARS = 32 * ITEM_BYTES

/** Why `line` is longer than a line of an item can be (`LINE_CHARS`), or `undefined`. */
export const longWhy = (line: string): string | undefined =>
  line.length > LINE_CHARS ? `longer than a line of an item DynamoDB stores can be (over ${LINE_CHARS.toLocaleString('en-US')} characters): not read` : undefined

/**
 * The item of one line of the export format (`{"Item":{…}}`), or why the line is not one. A
 * string, number text, set member or name holding a lone surrogate (JSON `"\ud800"`) is refused,
 * as every write refuses it (`loneSurrogate` in `rules/path`): DynamoDB would store a `?`.
 */
export const parse = (line: string): E.Either<string, AttributeMap> => {
  let u: unknown
  try {
    u = JSON.parse(line)
  } catch (e) {
    return E.left(`not JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (!isObject(u) || !isObject(u['Item']) || Object.keys(u).length !== 1) return E.left('a line must be {"Item":{…}}')
  const item = u['Item']
  const e = checkMap(item, 1, 'json')
  return e === undefined ? E.right(item as AttributeMap) : E.left(draw(e))
}

// -------------------------------------------------------------------------------------
// what DynamoDB stores
// -------------------------------------------------------------------------------------

/** A set's members given twice (`sets.repeated`): the issue of the first such member, or `undefined`. */
const twice = <A>(members: ReadonlyArray<A>, member: (m: A) => string, shown: (m: A) => string): Issue | undefined => {
  const r = repeated(members, member)
  return r === undefined ? undefined : issue(`a set holds one member twice (${shown(r[1])}): DynamoDB refuses it`)
}

/** `storedWhy` of one value `parse` read. */
const storedValueWhy = (av: AttributeValue): Issue | undefined => {
  if (av.N !== undefined) {
    const why = checkString(av.N)
    return why === undefined ? undefined : issue(why)
  }
  if (av.NS !== undefined) {
    for (const m of av.NS) {
      const why = checkString(m)
      if (why !== undefined) return issue(why)
    }
    // `1` and `1.0` are one number
    return twice(av.NS, numberMember, (m) => m)
  }
  if (av.SS !== undefined) return twice(av.SS, (m) => m, (m) => JSON.stringify(m))
  if (av.BS !== undefined) return twice(av.BS, binaryMember, (m) => `${m.length} bytes`)
  if (av.L !== undefined) {
    for (let i = 0; i < av.L.length; i++) {
      const e = storedValueWhy(av.L[i] as AttributeValue)
      if (e !== undefined) return within(i, e)
    }
    return undefined
  }
  return av.M === undefined ? undefined : storedMapWhy(av.M)
}

const storedMapWhy = (m: Readonly<Record<string, AttributeValue>>): Issue | undefined => {
  for (const k of Object.keys(m)) {
    // an empty name is the map's issue (a path to it would end in an empty step)
    if (k === '') return issue(emptyName)
    const e = storedValueWhy(m[k] as AttributeValue)
    if (e !== undefined) return within(k, e)
  }
  return undefined
}

/**
 * Why an item `parse` read cannot be stored as it is (`load` writes a line's item as it is,
 * and any line of the format parses): a number DynamoDB does not store (`codec/decimal`'s
 * `checkString`: 38 digits, its magnitudes), a set holding one member twice (`1` and `1.0` are
 * one number; binaries by their bytes), an empty attribute name at any depth, a top-level
 * attribute named `__proto__` (`checkAttributeName`: DynamoDB stores it, but no read through
 * the SDK gives its value back, so a dump would lose it); with the path of the value.
 * `undefined` when it can. The rules every write of a codec's value follows (`Item.encode`),
 * for values that come as they are.
 */
export const storedWhy = (item: AttributeMap): string | undefined => {
  for (const k of Object.keys(item)) {
    const why = checkAttributeName(k)
    if (why !== undefined) return draw(within(k, issue(why)))
  }
  const e = storedMapWhy(item)
  return e === undefined ? undefined : draw(e)
}
