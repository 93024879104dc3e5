/**
 * The line format of DynamoDB's export to S3 (and of `ImportTable`), "DynamoDB JSON": one
 * item per line, `{"Item":{"name":{"S":"…"},"n":{"N":"1.50"},"b":{"B":"<base64>"},…}}`.
 * Numbers stay the text DynamoDB gave (no precision lost); binaries are base64 (the shape of a
 * line's item is `codec/attributeShape`'s rule). Pure:
 * `Dynamo.dump` writes `show`'s lines, `Dynamo.load` reads lines with `parse`.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { define, isRecord } from '../internal/own.js'
import { checkString } from '../codec/decimal.js'
import { ITEM_BYTES } from '../rules/limits.js'
import { checkMap, draw, issue, within, type Issue } from '../codec/attributeShape.js'
import { kindOf } from '../internal/show.js'
import { checkAttributeName, emptyName, unreadableMessage, unreadableName } from '../rules/path.js'
import { binaryMember, numberMember, repeated } from '../rules/sets.js'
import { base64 } from '../internal/bytes.js'
import { beyondC0, escaped } from '../internal/control.js'

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

/** What `JSON.stringify` leaves raw that a terminal acts on (`internal/control`); only ever inside a JSON string. */
const raw = new RegExp(`[${beyondC0}]`, 'gu')

/**
 * One item as a line of the export format, without its newline. DEL, C1, the bidirectional
 * controls and U+2028/9 of a value or a name are written as JSON escapes (`\u009b`), as
 * `JSON.stringify` writes C0: the same JSON value, and a dump to stdout never drives a terminal.
 */
export const show = (item: AttributeMap): string => JSON.stringify({ Item: plainMap(item) }).replace(raw, escaped)

/**
 * Why an item as read cannot be shown as it is stored: an attribute that came without its
 * value (`show` would leave it out). @aws-sdk/client-dynamodb gives a top-level attribute named
 * `__proto__` so (`unreadableName` in `rules/path`): `dump` reads such an item again whole, from
 * DynamoDB's answer as sent, since a line without it would load as another item. `undefined`
 * when every attribute has its value.
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

/**
 * Why a line of an iterable of lines (what `load` takes besides a readable stream) is no line
 * of text, or `undefined` (a string). Bytes are not read as a line: an iterable of bytes is most
 * often a byte stream's chunks, which cut lines anywhere; as a readable stream (Node's, or a
 * web `ReadableStream` such as a fetch's body) they are read as UTF-8 text and split at line ends.
 */
export const textWhy = (line: unknown): string | undefined =>
  typeof line === 'string'
    ? undefined
    : `expected a line of text (a string), got ${kindOf(line)}${
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
    : `it gave a chunk that is neither text nor bytes: ${kindOf(chunk)} (a readable stream is read as UTF-8 text, its chunks strings or bytes)`

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
 * How many names the objects of the JSON `text` are given: its colons that follow a string
 * (spaces between), the string's closing quote not escaped (an even run of backslashes before
 * it). A colon outside a string always follows a name; one inside a string follows a quote
 * only where that quote is escaped (a raw tab or line end cannot be inside a JSON string).
 */
const namesGiven = (text: string): number => {
  let n = 0
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) {
    let q = at - 1
    while (q >= 0 && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9 || text.charCodeAt(q) === 13 || text.charCodeAt(q) === 10)) q--
    if (text.charCodeAt(q) !== 34) continue
    let slashes = 0
    while (text.charCodeAt(q - 1 - slashes) === 92) slashes++
    if (slashes % 2 === 0) n++
  }
  return n
}

/**
 * How many names the objects of a value `JSON.parse` made hold, at every depth; read once its
 * shape is checked (`checkMap`: no deeper than an item, its binaries made bytes, which hold no names).
 */
const namesHeld = (u: unknown): number => {
  if (ArrayBuffer.isView(u)) return 0
  if (Array.isArray(u)) {
    let n = 0
    for (const v of u) n += namesHeld(v)
    return n
  }
  if (typeof u !== 'object' || u === null) return 0
  let n = 0
  for (const k of Object.keys(u)) n += 1 + namesHeld((u as Record<string, unknown>)[k])
  return n
}

/**
 * The first name the JSON `text` (valid JSON) gives twice in one object, with the path of that
 * object as names and list indices from the line's top, or `undefined`. Read only once
 * `namesGiven` counts more names than `JSON.parse` kept.
 */
const nameTwice = (text: string): { readonly path: ReadonlyArray<string | number>; readonly name: string } | undefined => {
  // one frame a container open: an object's names so far, or a list's index
  const frames: Array<{ readonly names: Set<string> | undefined; at: string | number }> = []
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '{' || c === '[') frames.push({ names: c === '{' ? new Set() : undefined, at: 0 })
    else if (c === '}' || c === ']') frames.pop()
    else if (c === ',') {
      const f = frames[frames.length - 1]
      if (f !== undefined && f.names === undefined) f.at = (f.at as number) + 1
    } else if (c === '"') {
      let end = i + 1
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1
      let next = end + 1
      while (text[next] === ' ' || text[next] === '\t' || text[next] === '\r' || text[next] === '\n') next++
      const f = frames[frames.length - 1]
      if (text[next] === ':' && f?.names !== undefined) {
        const name = JSON.parse(text.slice(i, end + 1)) as string
        if (f.names.has(name)) return { path: frames.slice(0, -1).map((x) => x.at), name }
        f.names.add(name)
        f.at = name
      }
      i = end
    }
  }
  return undefined
}

/**
 * Why the JSON `text`, which `JSON.parse` read as `u`, gives one object a name twice, or
 * `undefined`: `JSON.parse` keeps the last value, so the other would be dropped unsaid. The
 * path is the item's (`a.b[0]`: attribute names and list indices, the type keys left out).
 */
const twiceWhy = (text: string, u: unknown): string | undefined => {
  if (namesGiven(text) === namesHeld(u)) return undefined
  const t = nameTwice(text)
  if (t === undefined) return undefined
  // the line's path: "Item", then an attribute's name (or a list's index) and its type key in turn
  const at = draw({ path: t.path.filter((_, i) => i % 2 === 1), why: '' }).slice(0, -2)
  return `${at === '' ? '' : `${at}: `}${JSON.stringify(t.name)} is given twice in one object: a JSON reader keeps one of its values and drops the other, so the line is refused`
}

/**
 * The item of one line of the export format (`{"Item":{…}}`), or why the line is not one. A
 * string, number text, set member or name holding a lone surrogate (JSON `"\ud800"`) is refused,
 * as every write refuses it (`loneSurrogate` in `rules/path`): DynamoDB would store a `?`. So is
 * a name given twice in one object (`{"a":…,"a":…}`, at any depth), which `JSON.parse` would
 * read as its last value, dropping the other unsaid.
 */
export const parse = (line: string): E.Either<string, AttributeMap> => {
  let u: unknown
  try {
    u = JSON.parse(line)
  } catch (e) {
    return E.left(`not JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (!isRecord(u) || !isRecord(u['Item']) || Object.keys(u).length !== 1) return E.left('a line must be {"Item":{…}}')
  const item = u['Item']
  // the shape first: it bounds the depth the names are then counted to (JSON.parse reads far deeper than a walk can go)
  const e = checkMap(item, 1, 'json')
  if (e !== undefined) return E.left(draw(e))
  const twice = twiceWhy(line, u)
  return twice === undefined ? E.right(item as AttributeMap) : E.left(twice)
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
 * one number; binaries by their bytes), an empty attribute name at any depth (`checkAttributeName`);
 * with the path of the value. `undefined` when it can. The rules every write of a codec's value
 * follows (`Item.encode`), for values that come as they are, but one: a top-level attribute
 * named `__proto__`, which every other write refuses (no read through the SDK gives its value
 * back), is stored, as DynamoDB stores it: `dump` reads its value from DynamoDB's answer, and a
 * restore writes what a dump holds.
 */
export const storedWhy = (item: AttributeMap): string | undefined => {
  for (const k of Object.keys(item)) {
    // `__proto__`: DynamoDB stores it, and a dump reads its value from DynamoDB's answer
    const why = k === unreadableName ? undefined : checkAttributeName(k)
    if (why !== undefined) return draw(within(k, issue(why)))
  }
  const e = storedMapWhy(item)
  return e === undefined ? undefined : draw(e)
}
