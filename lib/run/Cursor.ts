/**
 * Cursors: where a paged read goes on, written down as an opaque URL-safe string a service
 * can hand to its client and take back (DESIGN §5.1). Pure: no I/O, the same positions and
 * query always give the same string.
 *
 * `base64url(version ‖ payload ‖ tag)`, the tag covering the version, the payload and the
 * query the cursor belongs to (`Stream.identity`: the resolved table, the index, the compiled
 * key condition, filter and projection with their values, the order, the segment), taken in
 * as `head` = the version, the identity's length and the identity (so no other identity and
 * payload give the same bytes):
 *
 * - version 3, without a key: the payload is the positions as JSON, followed by 0 to 2 spaces
 *   so that `version ‖ payload` is a whole number of 3-byte groups (then its base64url text
 *   ends where the tag's begins: the tag is written and checked as text); the tag the SHA-256
 *   checksum of `head ‖ payload`, one hash. Corruption and reuse on another query are
 *   refused; forgery is not (anyone can compute a checksum). (Version 1, unpadded, is no
 *   longer read: refused as from an earlier dynamongo version.)
 * - version 2, with `Env`'s `cursorKey` (32 bytes): the payload is the positions encrypted
 *   with AES-256-GCM (`head` as associated data), the tag an HMAC-SHA-256 of `head ‖ body`.
 *   A client can neither forge a cursor nor read keys from it. The GCM nonce is derived from
 *   the key, the query and the positions (a synthetic IV): the same positions of the same
 *   query give the same cursor, and two different plaintexts never share a nonce.
 *
 * Three keys are derived from `cursorKey` (HMAC-SHA-256 of a label each): encryption, nonce,
 * tag. A malformed, truncated, altered or foreign cursor is a `ValidationError`; one an earlier
 * build made for the same read (`Expected.earlier`, `Expected.joined`), or of version 1, says so.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as crypto from 'node:crypto'
import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import * as DE from '../DynamoError.js'
import { cursorChars } from '../rules/limits.js'
import { cursorKeyWhy } from './config.js'
import type { Position } from './pages.js'
import type { StoredKeyType } from '../model/Model.js'
import { emptyKeyWhy, storedTypeWhy } from '../model/storedKey.js'
import { checkString } from '../codec/decimal.js'
import { none, some } from '../internal/option.js'
import { base64 } from '../internal/bytes.js'
import { perObject } from '../internal/memo.js'
import { isWhole, wholeRule } from '../internal/whole.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The positions a cursor holds: one per segment of the read (one for a read that is not split); `none` where a segment has ended. */
export type Positions = ReadonlyArray<O.Option<Position>>

/** What a cursor must agree with to be read back. */
export interface Expected {
  /** The query's identity (`Stream.identity`). */
  readonly identity: string
  /** The attributes of an `After` position's key, exactly. */
  readonly keyNames: ReadonlyArray<string>
  /** How many positions (segments). */
  readonly segments: number
  /**
   * The stored type of each key attribute (`Model.keyTypes`): an `After` position's value of
   * each is of that type and not empty, as every key DynamoDB gives back is. Without it (the
   * codec's own specs), any string, number or binary value is read.
   */
  readonly keyTypes?: Readonly<Record<string, StoredKeyType>>
  /**
   * Why an `After` position's key can be no key the read reaches (a key value over its bytes,
   * of the table or of the index read: `positionKeyWhy`), or `undefined`. Absent: not asked.
   */
  readonly keyWhy?: (key: Readonly<Record<string, AttributeValue>>) => string | undefined
  /**
   * Whether an `After` position's key is one the read can reach: a Query's key condition holds
   * for it (a key of another partition, or past a range bound, is no position of the Query).
   * Absent for a Scan, which reaches every key.
   */
  readonly within?: (key: Readonly<Record<string, AttributeValue>>) => boolean
  /**
   * The identities earlier builds tagged this read's cursors with, where they differ from
   * `identity`: the read's with the `ReturnConsumedCapacity` pacing asks for (earlier builds
   * tagged a paced read's cursors with the paced request's identity); for a read of known keys
   * (a `BatchGetItem`), the Query's or Scan's earlier builds read it as when it was paced. Read
   * only to say why a cursor whose tag is wrong is refused: one of an earlier build is not "altered".
   */
  readonly earlier?: () => ReadonlyArray<string>
  /**
   * What earlier builds tagged a split read's cursors with: every segment's identity joined
   * by newlines (unpaced, then paced), each computed only if the one before does not fit
   * (`undefined` where a segment's stream cannot be made). Read as `earlier` is, and only for a
   * cursor those builds could make (`EARLIER_CHARS`, `EARLIER_SEGMENTS`): a read of many
   * segments makes one stream per segment for it.
   */
  readonly joined?: () => Iterable<string | undefined>
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

const plain = 3
const sealed = 2
const tagBytes = 32
/** The base64url length of a 32-byte tag. */
const tagChars = 43
const ivBytes = 12
const gcmTagBytes = 16

const base64url = /^[A-Za-z0-9_-]+$/

const SPACE = 0x20
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const OPEN = 0x5b
const CLOSE = 0x5d
const ZERO = 0x30
const NINE = 0x39

// -------------------------------------------------------------------------------------
// keys
// -------------------------------------------------------------------------------------

interface Keys {
  readonly enc: Buffer
  readonly iv: Buffer
  readonly mac: Buffer
}

const derive = (key: Uint8Array, label: string): Buffer => createHmac('sha256', key).update(`dynamongo cursor ${label}`).digest()

/** The keys derived from a cursor key, once per key. */
const derived = perObject((key: Uint8Array): Keys => ({ enc: derive(key, 'encryption'), iv: derive(key, 'nonce'), mac: derive(key, 'tag') }))

const keysOf = (key: Uint8Array): E.Either<DE.DynamoError, Keys> => {
  const bad = cursorKeyWhy(key)
  return bad === undefined ? E.right(derived(key)) : E.left(DE.configError(bad))
}

/** The SHA-256 of a text's UTF-8 bytes, as base64url text: Node's one-shot `crypto.hash` where it has one (20.12+; no Hash object made), else a Hash. */
const sha256: (text: string) => string =
  typeof crypto.hash === 'function' ? (t) => crypto.hash('sha256', t, 'base64url') : (t) => createHash('sha256').update(t, 'utf8').digest('base64url')

/** What the tag covers besides the payload: the version and the query, its length first. */
const headOf = (version: number, identity: string): string => `dynamongo cursor ${version}\n${Buffer.byteLength(identity, 'utf8')}\n${identity}`

/** The last identity's plain head: a page reads a cursor and makes the next one of the same read. */
let headIdentity: string | undefined
let headText = ''

/**
 * The plain tag of a payload of the read `identity`: the SHA-256 of head ‖ payload, taken
 * over their text (the payload's text is its bytes exactly: `encode` writes it so, `checked`
 * refuses bytes that are not UTF-8).
 */
const plainTag = (identity: string, payload: string): string => {
  if (identity !== headIdentity) {
    headText = headOf(plain, identity)
    headIdentity = identity
  }
  return sha256(headText + payload)
}

/** A buffer of at least `n` bytes that begins with `from`'s first `keep` bytes. */
const room = (from: Buffer, keep: number, n: number): Buffer => {
  if (from.length >= n) return from
  const b = Buffer.allocUnsafe(Math.max(n, 2 * from.length))
  from.copy(b, 0, 0, keep)
  return b
}

/** The bytes of the cursor `checked` reads (base64url: fewer bytes than characters). */
let readBytes: Buffer = Buffer.allocUnsafe(256)

/** version ‖ payload of a plain cursor, the payload written after the version's byte. */
let bodyBytes: Buffer = Buffer.from([plain])

/** The spaces after a payload that ends at byte `end % 3` of a 3-byte group, to fill the group. */
const padding = ['', '  ', ' ']

// -------------------------------------------------------------------------------------
// payload
// -------------------------------------------------------------------------------------

/**
 * A string as JSON text, as `JSON.stringify` writes it: quoted as it is when nothing in it
 * needs escaping (a quote, a backslash, a control character, a surrogate), the commonest case,
 * else by `JSON.stringify` (slower on short strings, and a cursor is written on every page: the P page target).
 */
const quote = (s: string): string => (plainText(s) ? `"${s}"` : JSON.stringify(s))

/** Whether JSON writes `s` as it is between quotes (no quote, backslash, control character or surrogate in it). */
const plainText = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === QUOTE || c === BACKSLASH || (c >= 0xd800 && c <= 0xdfff)) return false
  }
  return true
}

/** A key attribute's type and value as JSON text: `"S",<text>`, `"N",<text>` or `"B",<base64>`. */
const avText = (av: AttributeValue): string =>
  av.S !== undefined
    ? `"S",${quote(av.S)}`
    : av.N !== undefined
      ? `"N",${quote(av.N)}`
      : av.B !== undefined
        ? `"B","${base64(av.B)}"`
        : 'null,null'

/**
 * A key's attribute names in code-unit order (as `Array.prototype.sort` orders strings), by
 * insertion: a key has one to four names, and `sort` allocates a work array on every call
 * (most of a cursor's garbage; the P page target).
 */
const sortedNames = (key: Readonly<Record<string, AttributeValue>>): string[] => {
  const names = Object.keys(key)
  for (let i = 1; i < names.length; i++) {
    const n = names[i] as string
    let j = i - 1
    for (; j >= 0 && (names[j] as string) > n; j--) names[j + 1] = names[j] as string
    names[j + 1] = n
  }
  return names
}

/** A key as the JSON text of a list's members after its first: `,name,type,value` for each attribute, names sorted. */
const keyText = (key: Readonly<Record<string, AttributeValue>>): string => {
  let s = ''
  for (const n of sortedNames(key)) {
    const av = key[n] as AttributeValue
    // the commonest key, a string attribute of plain text: written in one go (a cursor is written on every page)
    if (av.S !== undefined && plainText(n) && plainText(av.S)) s = s + ',"' + n + '","S","' + av.S + '"'
    else s += `,${quote(n)},${avText(av)}`
  }
  return s
}

/**
 * A position as JSON text: `null` (ended), `"S"` (start), `["O",offset]`, `["A",name,type,value,…]`
 * (each key attribute's name, type and value, names sorted), or, for a position with the
 * trail of the walk that gave it (`answer.Trail`), `["T",power,steps,…key…,…kept…]` (the key,
 * then the trail's kept key, each as `A`'s): a walk by cursors, a page a call, then finds keys
 * that come round as one walk does. Flat arrays, not DynamoDB's JSON objects: `JSON.parse`
 * reads arrays of strings faster, and a cursor is read on every page (P page).
 */
const positionText = (p: O.Option<Position>): string => {
  if (p._tag === 'None') return 'null'
  const v = p.value
  switch (v._tag) {
    case 'Start':
      return '"S"'
    case 'At':
      return `["O",${v.offset}]`
    case 'After': {
      const t = v.trail
      if (t === undefined) return '["A"' + keyText(v.key) + ']'
      return '["T",' + t.power + ',' + t.steps + keyText(v.key) + keyText(t.kept) + ']'
    }
  }
}

/** The positions as JSON text (one spelling: key names sorted). */
const payloadOf = (positions: Positions): string => {
  let s = '['
  for (let i = 0; i < positions.length; i++) s += (i === 0 ? '' : ',') + positionText(positions[i] as O.Option<Position>)
  return `${s}]`
}

/**
 * The positions of a payload in the spelling `encode` writes (`positionText`), read in one
 * pass: each key attribute's name matched in place against the read's own names, the values
 * and numbers checked as `fromJson` checks them. `undefined` for any other text (escapes,
 * spaces but the padding at the end, a name not the read's, a value refused, …), which
 * `JSON.parse` and `fromJson` then read, and say why they refuse. (No list of the text's parts
 * is made: a cursor is read on every page, the P page target.) Exported for its spec.
 */
export const spelled = (s: string, expected: Expected, plain: boolean): Positions | undefined => {
  if (s.charCodeAt(0) !== OPEN) return undefined
  const r: Reader = { s, at: 1 }
  const out: Array<O.Option<Position>> = []
  for (;;) {
    const p = spelledPosition(r, expected, plain)
    if (p === undefined) return undefined
    out.push(p)
    const c = s.charCodeAt(r.at++)
    if (c === CLOSE) break
    if (c !== COMMA) return undefined
  }
  while (s.charCodeAt(r.at) === SPACE) r.at++
  return r.at === s.length ? out : undefined
}

/** A text, and where `spelled` reads in it. */
interface Reader {
  readonly s: string
  at: number
}

/** The position at `r.at`, as `fromJson` gives it; `undefined` where `spelled` leaves the text to `JSON.parse`. */
const spelledPosition = (r: Reader, expected: Expected, plain: boolean): O.Option<Position> | undefined => {
  const s = r.s
  if (s.startsWith('null', r.at)) {
    r.at += 4
    return none
  }
  if (s.startsWith('"S"', r.at)) {
    r.at += 3
    return some({ _tag: 'Start' })
  }
  if (s.startsWith('["O",', r.at)) {
    r.at += 5
    const offset = spelledWhole(r)
    return isWhole(offset, 0) && s.charCodeAt(r.at++) === CLOSE ? some({ _tag: 'At', offset }) : undefined
  }
  if (s.startsWith('["A"', r.at)) {
    r.at += 4
    const key = spelledKey(r, expected)
    return key !== undefined && s.charCodeAt(r.at++) === CLOSE ? some({ _tag: 'After', key }) : undefined
  }
  if (!s.startsWith('["T",', r.at)) return undefined
  r.at += 5
  const power = spelledWhole(r)
  if (!isPowerOf2(power) || s.charCodeAt(r.at++) !== COMMA) return undefined
  const steps = spelledWhole(r)
  if (!isWhole(steps, 0, power)) return undefined
  const key = spelledKey(r, expected)
  const kept = key === undefined ? undefined : spelledKey(r, expected)
  if (key === undefined || kept === undefined || s.charCodeAt(r.at++) !== CLOSE) return undefined
  return some({ _tag: 'After', key, trail: plain ? { kept, power, steps, written: true } : { kept, power, steps } })
}

/** The whole number at `r.at`, digits without a leading zero (as JSON writes them); else `undefined`. */
const spelledWhole = (r: Reader): number | undefined => {
  const s = r.s
  const from = r.at
  const c = s.charCodeAt(r.at++)
  if (!(c >= ZERO && c <= NINE)) return undefined
  if (c !== ZERO) while (s.charCodeAt(r.at) >= ZERO && s.charCodeAt(r.at) <= NINE) r.at++
  return Number(s.slice(from, r.at))
}

/** The end (its closing quote) of the string whose text begins at `r.at`, when nothing in it is escaped (then the text is the string); else -1. */
const plainEnd = (r: Reader): number => {
  const s = r.s
  for (let i = r.at; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === QUOTE) return i
    if (c === BACKSLASH || c < 0x20) return -1
  }
  return -1
}

/** A key attribute's type, by the character that names it. */
const typeNamed = (c: number): string | undefined => (c === 0x53 ? 'S' : c === 0x4e ? 'N' : c === 0x42 ? 'B' : undefined)

/**
 * The key at `r.at`, `,"name","type","value"` for each of the read's key attributes (in any
 * order, as `keyFrom` reads them), when it is one this read reaches; else `undefined`.
 */
const spelledKey = (r: Reader, expected: Expected): Record<string, AttributeValue> | undefined => {
  const s = r.s
  const names = expected.keyNames
  const key: Record<string, AttributeValue> = {}
  for (let k = 0; k < names.length; k++) {
    if (s.charCodeAt(r.at) !== COMMA || s.charCodeAt(r.at + 1) !== QUOTE) return undefined
    r.at += 2
    const end = plainEnd(r)
    // the read's own name, matched in place (no copy of the text's)
    let name: string | undefined
    for (const n of names) {
      if (n.length === end - r.at && s.startsWith(n, r.at)) {
        name = n
        break
      }
    }
    if (name === undefined || Object.hasOwn(key, name)) return undefined
    r.at = end + 1
    // ,"S","
    if (s.charCodeAt(r.at) !== COMMA || s.charCodeAt(r.at + 1) !== QUOTE || s.charCodeAt(r.at + 3) !== QUOTE || s.charCodeAt(r.at + 4) !== COMMA || s.charCodeAt(r.at + 5) !== QUOTE) {
      return undefined
    }
    const type = typeNamed(s.charCodeAt(r.at + 2))
    r.at += 6
    const close = plainEnd(r)
    if (type === undefined || close === -1 || put(key, name, type, s.slice(r.at, close), expected) !== undefined) return undefined
    r.at = close + 1
  }
  return reachWhy(key, names.length, expected) === undefined ? key : undefined
}

const canonicalBase64 = (s: string): boolean => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && Buffer.from(s, 'base64').toString('base64') === s

const avFromJson = (type: unknown, v: unknown): AttributeValue | undefined => {
  if (typeof v !== 'string') return undefined
  switch (type) {
    case 'S':
      return { S: v }
    case 'N':
      // a number DynamoDB stores (at most 38 digits, within its magnitudes): any key it gives back is one
      return /^-?\d+(\.\d+)?(E[+-]?\d+)?$/i.test(v) && checkString(v) === undefined ? { N: v } : undefined
    case 'B':
      return canonicalBase64(v) ? { B: new Uint8Array(Buffer.from(v, 'base64')) } : undefined
    default:
      return undefined
  }
}

/**
 * The position `u` of a cursor's payload, or why it is none of this read's. `plain`: the
 * cursor is a checksum's (no `cursorKey`), so anyone could have written its trail's kept key
 * (`Trail.written`).
 */
const fromJson = (u: unknown, expected: Expected, plain: boolean): O.Option<Position> | string => {
  if (u === null) return none
  if (u === 'S') return some({ _tag: 'Start' })
  if (!Array.isArray(u) || u.length < 2) return 'a position is not of any known form'
  if (u[0] === 'O') {
    const n: unknown = u[1]
    return u.length === 2 && isWhole(n, 0) ? some({ _tag: 'At', offset: n }) : `an offset is not ${wholeRule(0)}`
  }
  if (u[0] === 'A' && u.length % 3 === 1) {
    const key = keyFrom(u, 1, u.length, expected)
    return typeof key === 'string' ? key : some({ _tag: 'After', key })
  }
  if (u[0] !== 'T' || u.length < 3 || (u.length - 3) % 6 !== 0) return 'a position is not of any known form'
  const power: unknown = u[1]
  const steps: unknown = u[2]
  // what answer.trailAfter makes: a power of 2, and at most that many steps
  if (!isPowerOf2(power)) return "a trail's power is not a power of 2"
  if (!isWhole(steps, 0, power)) {
    return "a trail's steps are not a whole number from 0 to its power"
  }
  const half = 3 + (u.length - 3) / 2
  const key = keyFrom(u, 3, half, expected)
  if (typeof key === 'string') return key
  // the key kept is one the walk went on from: a key of this read, as the position's
  const kept = keyFrom(u, half, u.length, expected)
  if (typeof kept === 'string') return `the trail's kept key: ${kept}`
  return some({ _tag: 'After', key, trail: plain ? { kept, power, steps, written: true } : { kept, power, steps } })
}

/**
 * Whether `u` is a power of 2 a trail can hold (1 to 2^52), exactly: `Math.log2` of a whole
 * number just past a large power of 2 (2^50 + 1) rounds to a whole number.
 */
const isPowerOf2 = (u: unknown): u is number =>
  isWhole(u, 1) && 2 ** Math.round(Math.log2(u)) === u

/**
 * The key whose attributes are `u[from]` to `u[to]` (name, type, value each), when it is one
 * this read can reach; else why not.
 */
const keyFrom = (
  u: ReadonlyArray<unknown>,
  from: number,
  to: number,
  expected: Expected,
): Record<string, AttributeValue> | string => {
  const names = expected.keyNames
  const key: Record<string, AttributeValue> = {}
  let count = 0
  for (let i = from; i < to; i += 3) {
    const n: unknown = u[i]
    // a list or object is not written out in the refusal: one nested deep would overflow the stack
    if (typeof n === 'object' && n !== null) return "a key attribute's name is a list or an object, not a string"
    // the read's own name, not the text's copy of it, names the attribute (a new string as a property name is looked up in V8's string table first)
    const name = typeof n === 'string' ? names[names.indexOf(n)] : undefined
    if (name === undefined || Object.hasOwn(key, name)) {
      const of = names.join(', ')
      return `the key attribute ${String(n)} is not a key attribute of this read (${of}), or is given twice`
    }
    const why = put(key, name, u[i + 1], u[i + 2], expected)
    if (why !== undefined) return why
    count++
  }
  return reachWhy(key, count, expected) ?? key
}

/** Puts the read's key attribute `name`, of `type` with the text `v`, in `key`: why it is no key attribute of this read, or `undefined`. */
const put = (key: Record<string, AttributeValue>, name: string, type: unknown, v: unknown, expected: Expected): string | undefined => {
  const av = avFromJson(type, v)
  if (av === undefined) return `the key attribute ${name} is not a string, number or binary value`
  const t = expected.keyTypes?.[name]
  const why = t === undefined ? undefined : (storedTypeWhy(av, t) ?? emptyKeyWhy(av))
  if (why !== undefined) return `the key attribute ${name} is no key of this read: ${why}`
  key[name] = av
  return undefined
}

/** Why a key of `count` of the read's attributes is none this read reaches, or `undefined`. */
const reachWhy = (key: Record<string, AttributeValue>, count: number, expected: Expected): string | undefined => {
  const names = expected.keyNames
  if (count !== names.length) return `a key of ${Object.keys(key).join(', ')} is not a key of this read (${names.join(', ')})`
  const stored = expected.keyWhy?.(key)
  if (stored !== undefined) return `the key is none this read reaches: ${stored}`
  if (expected.within !== undefined && !expected.within(key)) return "the key is outside this read's key condition"
  return undefined
}

// -------------------------------------------------------------------------------------
// codec
// -------------------------------------------------------------------------------------

const refused = (message: string): E.Either<DE.DynamoError, never> => E.left(DE.validationError([{ path: 'cursor', message }]))

/**
 * The last cursor made with a key (or without one), with the read it was made for and the
 * payload text it holds: a page reads the cursor the page before it made, and `decode` of
 * that cursor for that read with that key reads that text back (as the full check would: the
 * cursor is well formed and its tag is right), skipping the base64url decoding and the
 * checksum or the decryption.
 */
interface Made {
  cursor: string | undefined
  identity: string
  json: string
}

/** The last plain cursor made. */
const plainMade: Made = { cursor: undefined, identity: '', json: '' }

/** The last sealed cursor made with each key, held by the key: what a key sealed goes when the key does. */
const sealedMade = new WeakMap<Uint8Array, Made>()

const made = (cursor: string, identity: string, key: Uint8Array | undefined, json: string): E.Either<never, string> => {
  let slot = plainMade
  if (key !== undefined) {
    const kept = sealedMade.get(key)
    if (kept === undefined) sealedMade.set(key, (slot = { cursor: undefined, identity: '', json: '' }))
    else slot = kept
  }
  slot.cursor = cursor
  slot.identity = identity
  slot.json = json
  return E.right(cursor)
}

/** The cursor of `positions` of the read `identity`; sealed with `key` when there is one. */
export const encode = (positions: Positions, identity: string, key: Uint8Array | undefined): E.Either<DE.DynamoError, string> => {
  const json = payloadOf(positions)
  if (key === undefined) {
    // version ‖ payload, padded with spaces to whole 3-byte groups: base64url(tag) follows its base64url text as it is
    // (a UTF-16 code unit is at most 3 UTF-8 bytes)
    bodyBytes = room(bodyBytes, 1, 3 + 3 * json.length)
    let end = 1 + bodyBytes.write(json, 1, 'utf8')
    const pad = padding[end % 3] as string
    while (end % 3 !== 0) bodyBytes[end++] = SPACE
    return made(bodyBytes.toString('base64url', 0, end) + plainTag(identity, json + pad), identity, undefined, json)
  }
  const keys = keysOf(key)
  if (E.isLeft(keys)) return keys
  const k = keys.right
  const head = Buffer.from(headOf(sealed, identity), 'utf8')
  const payload = Buffer.from(json, 'utf8')
  const iv = createHmac('sha256', k.iv).update(head).update(payload).digest().subarray(0, ivBytes)
  const cipher = createCipheriv('aes-256-gcm', k.enc, iv)
  cipher.setAAD(head)
  const body = Buffer.concat([iv, cipher.update(payload), cipher.final(), cipher.getAuthTag()])
  const tag = createHmac('sha256', k.mac).update(head).update(body).digest()
  return made(Buffer.concat([Buffer.of(sealed), body, tag]).toString('base64url'), identity, key, json)
}

/** The value of a base64url character (the string is known to be base64url). */
const sextet = (c: number): number => (c >= 97 ? c - 71 : c >= 65 ? c - 65 : c >= 48 ? c + 4 : c === 45 ? 62 : 63)

/**
 * Whether a base64url string is the one spelling of its bytes: no stray last character (a
 * length of 1 mod 4 decodes it to nothing) and no unused low bits of the last character set
 * (4 of them at a length of 2 mod 4, 2 at 3 mod 4).
 */
const oneSpelling = (s: string): boolean => {
  const r = s.length % 4
  if (r === 0) return true
  if (r === 1) return false
  return (sextet(s.charCodeAt(s.length - 1)) & (r === 2 ? 0b1111 : 0b11)) === 0
}

const altered = 'was altered, or belongs to another query'

const earlierBuild = 'was made by an earlier dynamongo version, whose cursors this one cannot read: start the read again (without a cursor)'

/**
 * The most characters, and positions, of a cursor the builds that joined every segment's
 * identity read (they refused longer ones): 65,536 base64url characters hold 49,152 bytes,
 * of which a payload of at most 49,119, and a position takes 4 at least (`"S",`). Past these,
 * a cursor is none of theirs, and their identity (one per segment, `Expected.joined`) is not
 * built for it.
 */
const EARLIER_CHARS = 65_536
const EARLIER_SEGMENTS = 12_279

/** A cursor whose tag is wrong: refused as from an earlier build when `tagged` holds for an identity such a build gave this read, else as altered. */
const wrongTag = (cursor: string, expected: Expected, tagged: (identity: string) => boolean): E.Either<DE.DynamoError, never> => {
  if (expected.earlier !== undefined) for (const identity of expected.earlier()) if (tagged(identity)) return refused(earlierBuild)
  if (expected.joined === undefined || cursor.length > EARLIER_CHARS || expected.segments > EARLIER_SEGMENTS) return refused(altered)
  for (const identity of expected.joined()) if (identity !== undefined && tagged(identity)) return refused(earlierBuild)
  return refused(altered)
}
/**
 * The positions a cursor holds, when it is well formed, unaltered, made for this query (and
 * with this key, or without one as this `Env` has none), and of this read's shape.
 */
export const decode = (cursor: string, expected: Expected, key: Uint8Array | undefined): E.Either<DE.DynamoError, Positions> => {
  // longer text than this read's positions can be is refused unread (`cursorChars`: never a cursor a page of it made)
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > cursorChars(expected.segments, expected.keyNames)) {
    return refused('is not a cursor of this library (empty, too long, or not a string)')
  }
  const slot = key === undefined ? plainMade : sealedMade.get(key)
  const plain = key === undefined
  if (slot !== undefined && cursor === slot.cursor && expected.identity === slot.identity) {
    return positionsOf(slot.json, expected, plain)
  }
  return positionsOf(checked(cursor, expected, key), expected, plain)
}

/** The payload text of a cursor, when it is well formed, unaltered and made for this query with this key (or without one); else its refusal. */
const checked = (cursor: string, expected: Expected, key: Uint8Array | undefined): string | E.Either<DE.DynamoError, never> => {
  if (!base64url.test(cursor) || !oneSpelling(cursor)) return refused('is not URL-safe base64')
  const keys = key === undefined ? undefined : keysOf(key)
  if (keys !== undefined && E.isLeft(keys)) return keys
  // decoded into a buffer kept for it (no new one a page); all read from it before this returns
  const bytes = (readBytes = room(readBytes, 0, cursor.length)).subarray(0, readBytes.write(cursor, 0, 'base64url'))
  const version = bytes[0]
  // version 1: plain cursors before their payload was padded (version 3)
  if (version !== plain && version !== sealed) return refused(version === 1 ? earlierBuild : 'is of an unknown version')
  if (version === plain && key !== undefined) return refused('was made without a cursor key, and this Env has one')
  if (version === sealed && key === undefined) return refused('was made with a cursor key, and this Env has none')
  const least = 1 + tagBytes + (version === sealed ? ivBytes + gcmTagBytes : 0)
  if (bytes.length < least) return refused('is truncated')
  const end = bytes.length - tagBytes
  let json: string
  if (key === undefined) {
    // version ‖ payload in whole 3-byte groups: the last characters are the tag's base64url text
    if (end % 3 !== 0) return refused(altered)
    json = bytes.toString('utf8', 1, end)
    // the text is the bytes exactly (UTF-8 decoding writes U+FFFD for what is not UTF-8): bytes that are not UTF-8 were not written by encode
    if (json.includes('\uFFFD') && !Buffer.from(json, 'utf8').equals(bytes.subarray(1, end))) return refused(altered)
    // a checksum, not a secret: an ordinary comparison
    if (plainTag(expected.identity, json) !== cursor.slice(-tagChars)) return wrongTag(cursor, expected, (identity) => plainTag(identity, json) === cursor.slice(-tagChars))
  } else {
    const k = (keys as E.Right<Keys>).right
    const head = Buffer.from(headOf(sealed, expected.identity), 'utf8')
    const body = bytes.subarray(1, end)
    const macOf = (h: Buffer): Buffer => createHmac('sha256', k.mac).update(h).update(body).digest()
    if (!timingSafeEqual(bytes.subarray(end), macOf(head))) {
      return wrongTag(cursor, expected, (identity) => timingSafeEqual(bytes.subarray(end), macOf(Buffer.from(headOf(sealed, identity), 'utf8'))))
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', k.enc, body.subarray(0, ivBytes))
      decipher.setAAD(head)
      decipher.setAuthTag(body.subarray(body.length - gcmTagBytes))
      json = Buffer.concat([decipher.update(body.subarray(ivBytes, body.length - gcmTagBytes)), decipher.final()]).toString('utf8')
    } catch {
      return refused(altered)
    }
  }
  return json
}

/** The positions of a cursor's payload text, when they are of this read's shape. */
const positionsOf = (
  json: string | E.Either<DE.DynamoError, never>,
  expected: Expected,
  plain: boolean,
): E.Either<DE.DynamoError, Positions> => {
  if (typeof json !== 'string') return json
  const read = spelled(json, expected, plain)
  if (read !== undefined && read.length === expected.segments) return E.right(read)
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return refused('holds no positions')
  }
  if (!Array.isArray(parsed) || parsed.length !== expected.segments) return refused(`holds ${Array.isArray(parsed) ? parsed.length : 'no'} positions; this read has ${expected.segments}`)
  const out = new Array<O.Option<Position>>(parsed.length)
  for (let i = 0; i < parsed.length; i++) {
    const p = fromJson(parsed[i], expected, plain)
    if (typeof p === 'string') return refused(p)
    out[i] = p
  }
  return E.right(out)
}
