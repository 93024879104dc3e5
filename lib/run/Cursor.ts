/**
 * Cursors: where a paged read goes on, written down as an opaque URL-safe string a service
 * can hand to its client and take back (DESIGN §5.1). Pure: no I/O, the same positions and
 * query always give the same string.
 *
 * `base64url(version ‖ payload ‖ tag)`, the tag covering the version, the payload and a
 * digest of the query the cursor belongs to (`Stream.identity`: the resolved table, the
 * index, the compiled key condition, filter and projection with their values, the order, the
 * segment):
 *
 * - version 1, without a key: the payload is the positions as JSON, the tag their SHA-256
 *   checksum. Corruption and reuse on another query are refused; forgery is not (anyone can
 *   compute a checksum).
 * - version 2, with `Env`'s `cursorKey` (32 bytes): the payload is the positions encrypted
 *   with AES-256-GCM (the query's digest as associated data), the tag an HMAC-SHA-256. A
 *   client can neither forge a cursor nor read keys from it. The GCM nonce is derived from
 *   the key, the query and the positions (a synthetic IV): the same positions of the same
 *   query give the same cursor, and two different plaintexts never share a nonce.
 *
 * Three keys are derived from `cursorKey` (HMAC-SHA-256 of a label each): encryption, nonce,
 * tag. A malformed, truncated, altered or foreign cursor is a `ValidationError`.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import * as DE from '../DynamoError.js'
import type { Position } from './pages.js'

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
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

const plain = 1
const sealed = 2
const tagBytes = 32
const ivBytes = 12
const gcmTagBytes = 16
/** Longer strings are refused unread (a cursor holds a key or a few: hundreds of bytes). */
export const maxLength = 65_536

const base64url = /^[A-Za-z0-9_-]+$/

// -------------------------------------------------------------------------------------
// keys
// -------------------------------------------------------------------------------------

interface Keys {
  readonly enc: Buffer
  readonly iv: Buffer
  readonly mac: Buffer
}

const derived = new WeakMap<Uint8Array, Keys>()

const derive = (key: Uint8Array, label: string): Buffer => createHmac('sha256', key).update(`dynamongo cursor ${label}`).digest()

const keysOf = (key: Uint8Array): E.Either<DE.DynamoError, Keys> => {
  if (!(key instanceof Uint8Array) || key.length !== 32) return E.left(DE.configError(`cursorKey must be 32 bytes (a Uint8Array), got ${key instanceof Uint8Array ? `${key.length} bytes` : typeof key}`))
  let ks = derived.get(key)
  if (ks === undefined) {
    ks = { enc: derive(key, 'encryption'), iv: derive(key, 'nonce'), mac: derive(key, 'tag') }
    derived.set(key, ks)
  }
  return E.right(ks)
}

/** A checked `cursorKey` (for `Env.make`'s callers to learn early that theirs is wrong). */
export const checkKey = (key: Uint8Array): E.Either<DE.DynamoError, Uint8Array> => E.map(() => key)(keysOf(key))

const digest = (identity: string): Buffer => createHash('sha256').update(identity).digest()

const tagOf = (keys: Keys | undefined, head: Buffer, body: Buffer): Buffer =>
  (keys === undefined ? createHash('sha256') : createHmac('sha256', keys.mac)).update(head).update(body).digest()

// -------------------------------------------------------------------------------------
// payload
// -------------------------------------------------------------------------------------

type Json = null | string | number | ReadonlyArray<Json> | { readonly [k: string]: Json }

const avToJson = (av: AttributeValue): Json =>
  av.S !== undefined ? { S: av.S } : av.N !== undefined ? { N: av.N } : av.B !== undefined ? { B: Buffer.from(av.B).toString('base64') } : null

const toJson = (p: O.Option<Position>): Json => {
  if (p._tag === 'None') return null
  const v = p.value
  switch (v._tag) {
    case 'Start':
      return 'S'
    case 'At':
      return ['O', v.offset]
    case 'After': {
      const key: Record<string, Json> = {}
      for (const n of Object.keys(v.key).sort()) key[n] = avToJson(v.key[n] as AttributeValue)
      return ['A', key]
    }
  }
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const canonicalBase64 = (s: string): boolean => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && Buffer.from(s, 'base64').toString('base64') === s

const avFromJson = (u: unknown): AttributeValue | undefined => {
  if (!isRecord(u)) return undefined
  const ks = Object.keys(u)
  if (ks.length !== 1) return undefined
  const v = u[ks[0] as string]
  if (typeof v !== 'string') return undefined
  switch (ks[0]) {
    case 'S':
      return { S: v }
    case 'N':
      return /^-?\d+(\.\d+)?(E[+-]?\d+)?$/i.test(v) ? { N: v } : undefined
    case 'B':
      return canonicalBase64(v) ? { B: new Uint8Array(Buffer.from(v, 'base64')) } : undefined
    default:
      return undefined
  }
}

const some = <A>(value: A): O.Option<A> => ({ _tag: 'Some', value })
const none: O.Option<never> = { _tag: 'None' }

const fromJson = (u: unknown, expected: Expected): O.Option<Position> | string => {
  if (u === null) return none
  if (u === 'S') return some({ _tag: 'Start' })
  if (!Array.isArray(u) || u.length !== 2) return 'a position is not of any known form'
  if (u[0] === 'O') {
    const n: unknown = u[1]
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? some({ _tag: 'At', offset: n }) : 'an offset is not a whole number ≥ 0'
  }
  if (u[0] !== 'A' || !isRecord(u[1])) return 'a position is not of any known form'
  const names = Object.keys(u[1])
  if (names.length !== expected.keyNames.length || !expected.keyNames.every((n) => names.includes(n))) return `a key of ${names.join(', ')} is not a key of this read (${expected.keyNames.join(', ')})`
  const key: Record<string, AttributeValue> = {}
  for (const n of names) {
    const av = avFromJson(u[1][n])
    if (av === undefined) return `the key attribute ${n} is not a string, number or binary value`
    key[n] = av
  }
  return some({ _tag: 'After', key })
}

// -------------------------------------------------------------------------------------
// codec
// -------------------------------------------------------------------------------------

const refused = (message: string): E.Either<DE.DynamoError, never> => E.left(DE.validationError([{ path: 'cursor', message }]))

/** The cursor of `positions` of the read `identity`; sealed with `key` when there is one. */
export const encode = (positions: Positions, identity: string, key: Uint8Array | undefined): E.Either<DE.DynamoError, string> => {
  const keys = key === undefined ? undefined : keysOf(key)
  if (keys !== undefined && E.isLeft(keys)) return keys
  const k = keys?.right
  const d = digest(identity)
  const payload = Buffer.from(JSON.stringify(positions.map(toJson)), 'utf8')
  const version = Buffer.of(k === undefined ? plain : sealed)
  let body: Buffer
  if (k === undefined) body = payload
  else {
    const iv = createHmac('sha256', k.iv).update(d).update(payload).digest().subarray(0, ivBytes)
    const cipher = createCipheriv('aes-256-gcm', k.enc, iv)
    cipher.setAAD(d)
    body = Buffer.concat([iv, cipher.update(payload), cipher.final(), cipher.getAuthTag()])
  }
  const tag = tagOf(k, Buffer.concat([version, d]), body)
  return E.right(Buffer.concat([version, body, tag]).toString('base64url'))
}

/**
 * The positions a cursor holds, when it is well formed, unaltered, made for this query (and
 * with this key, or without one as this `Env` has none), and of this read's shape.
 */
export const decode = (cursor: string, expected: Expected, key: Uint8Array | undefined): E.Either<DE.DynamoError, Positions> => {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > maxLength) return refused('is not a cursor of this library (empty, too long, or not a string)')
  if (!base64url.test(cursor)) return refused('is not URL-safe base64')
  const bytes = Buffer.from(cursor, 'base64url')
  // the one spelling of these bytes: no padding bits set, no length that leaves a stray character
  if (bytes.toString('base64url') !== cursor) return refused('is not URL-safe base64')
  const keys = key === undefined ? undefined : keysOf(key)
  if (keys !== undefined && E.isLeft(keys)) return keys
  const k = keys?.right
  const version = bytes[0]
  if (version !== plain && version !== sealed) return refused('is of an unknown version')
  if (version === plain && k !== undefined) return refused('was made without a cursor key, and this Env has one')
  if (version === sealed && k === undefined) return refused('was made with a cursor key, and this Env has none')
  const least = 1 + tagBytes + (version === sealed ? ivBytes + gcmTagBytes : 0)
  if (bytes.length < least) return refused('is truncated')
  const d = digest(expected.identity)
  const body = bytes.subarray(1, bytes.length - tagBytes)
  const tag = bytes.subarray(bytes.length - tagBytes)
  if (!timingSafeEqual(tag, tagOf(k, Buffer.concat([bytes.subarray(0, 1), d]), body))) return refused('was altered, or belongs to another query')
  let payload: Buffer
  if (k === undefined) payload = body
  else {
    try {
      const decipher = createDecipheriv('aes-256-gcm', k.enc, body.subarray(0, ivBytes))
      decipher.setAAD(d)
      decipher.setAuthTag(body.subarray(body.length - gcmTagBytes))
      payload = Buffer.concat([decipher.update(body.subarray(ivBytes, body.length - gcmTagBytes)), decipher.final()])
    } catch {
      return refused('was altered, or belongs to another query')
    }
  }
  let json: unknown
  try {
    json = JSON.parse(payload.toString('utf8'))
  } catch {
    return refused('holds no positions')
  }
  if (!Array.isArray(json) || json.length !== expected.segments) return refused(`holds ${Array.isArray(json) ? json.length : 'no'} positions; this read has ${expected.segments}`)
  const out: Array<O.Option<Position>> = []
  for (const u of json) {
    const p = fromJson(u, expected)
    if (typeof p === 'string') return refused(p)
    out.push(p)
  }
  return E.right(out)
}
