/**
 * The line format of DynamoDB's export to S3 (and of `ImportTable`), "DynamoDB JSON": one
 * item per line, `{"Item":{"name":{"S":"…"},"n":{"N":"1.50"},"b":{"B":"<base64>"},…}}`.
 * Numbers stay the text DynamoDB gave (no precision lost); binaries are base64. Pure:
 * `Dynamo.dump` writes `show`'s lines, `Dynamo.load` reads lines with `parse`.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { ITEM_DEPTH } from '../rules/limits.js'

export type AttributeMap = Record<string, AttributeValue>

// -------------------------------------------------------------------------------------
// show
// -------------------------------------------------------------------------------------

const base64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')

const strings = (ss: ReadonlyArray<string>): string => JSON.stringify(ss)

const value = (av: AttributeValue): string => {
  if (av.S !== undefined) return `{"S":${JSON.stringify(av.S)}}`
  if (av.N !== undefined) return `{"N":${JSON.stringify(av.N)}}`
  if (av.BOOL !== undefined) return av.BOOL ? '{"BOOL":true}' : '{"BOOL":false}'
  if (av.NULL !== undefined) return '{"NULL":true}'
  if (av.M !== undefined) return `{"M":${map(av.M)}}`
  if (av.L !== undefined) return `{"L":[${av.L.map(value).join(',')}]}`
  if (av.B !== undefined) return `{"B":"${base64(av.B)}"}`
  if (av.SS !== undefined) return `{"SS":${strings(av.SS)}}`
  if (av.NS !== undefined) return `{"NS":${strings(av.NS)}}`
  if (av.BS !== undefined) return `{"BS":[${av.BS.map((b) => `"${base64(b)}"`).join(',')}]}`
  return '{"NULL":true}'
}

const map = (m: Readonly<Record<string, AttributeValue>>): string => {
  let out = '{'
  let first = true
  for (const k of Object.keys(m)) {
    const v = m[k]
    if (v === undefined) continue
    out += `${first ? '' : ','}${JSON.stringify(k)}:${value(v)}`
    first = false
  }
  return `${out}}`
}

/** One item as a line of the export format, without its newline. */
export const show = (item: AttributeMap): string => `{"Item":${map(item)}}`

// -------------------------------------------------------------------------------------
// parse
// -------------------------------------------------------------------------------------

const base64Shape = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

const bytes = (s: unknown, at: string): Uint8Array | string =>
  typeof s === 'string' && base64Shape.test(s) ? new Uint8Array(Buffer.from(s, 'base64')) : `${at}: a binary must be a base64 string`

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const stringList = (u: unknown, at: string, what: string): ReadonlyArray<string> | string =>
  Array.isArray(u) && u.length > 0 && u.every((s) => typeof s === 'string') ? (u as string[]) : `${at}: ${what} must be a non-empty list of strings`

/** An attribute value read from its JSON form, or what is wrong with it (a path and a reason). */
const readValue = (u: unknown, at: string, depth: number): AttributeValue | string => {
  if (depth > ITEM_DEPTH) return `${at}: nested deeper than ${ITEM_DEPTH} levels`
  if (!isObject(u)) return `${at}: an attribute value must be an object such as {"S":"…"}`
  const tags = Object.keys(u)
  if (tags.length !== 1) return `${at}: an attribute value has exactly one type key, this one ${tags.length === 0 ? 'none' : tags.join(', ')}`
  const tag = tags[0] as string
  const v = u[tag]
  switch (tag) {
    case 'S':
      return typeof v === 'string' ? { S: v } : `${at}: S must be a string`
    case 'N':
      return typeof v === 'string' ? { N: v } : `${at}: N must be a string of digits`
    case 'B': {
      const b = bytes(v, at)
      return typeof b === 'string' ? b : { B: b }
    }
    case 'BOOL':
      return typeof v === 'boolean' ? { BOOL: v } : `${at}: BOOL must be true or false`
    case 'NULL':
      return v === true ? { NULL: true } : `${at}: NULL must be true`
    case 'SS':
    case 'NS': {
      const ss = stringList(v, at, tag)
      return typeof ss === 'string' ? ss : tag === 'SS' ? { SS: [...ss] } : { NS: [...ss] }
    }
    case 'BS': {
      if (!Array.isArray(v) || v.length === 0) return `${at}: BS must be a non-empty list of base64 strings`
      const out: Uint8Array[] = []
      for (const s of v) {
        const b = bytes(s, at)
        if (typeof b === 'string') return b
        out.push(b)
      }
      return { BS: out }
    }
    case 'L': {
      if (!Array.isArray(v)) return `${at}: L must be a list`
      const out: AttributeValue[] = []
      for (let i = 0; i < v.length; i++) {
        const x = readValue(v[i], `${at}[${i}]`, depth + 1)
        if (typeof x === 'string') return x
        out.push(x)
      }
      return { L: out }
    }
    case 'M': {
      const m = readMap(v, at, depth + 1)
      return typeof m === 'string' ? m : { M: m }
    }
    default:
      return `${at}: ${JSON.stringify(tag)} is not a DynamoDB type (S, N, B, BOOL, NULL, SS, NS, BS, L, M)`
  }
}

const readMap = (u: unknown, at: string, depth: number): AttributeMap | string => {
  if (!isObject(u)) return `${at}: a map must be an object`
  const out: AttributeMap = {}
  for (const k of Object.keys(u)) {
    const x = readValue(u[k], at === '' ? k : `${at}.${k}`, depth)
    if (typeof x === 'string') return x
    // an attribute named __proto__ as a defined property, so that it stays an attribute (the
    // others assigned: defineProperty on every attribute made load spend a sixth of its CPU here)
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true })
    else out[k] = x
  }
  return out
}

/** The item of one line of the export format (`{"Item":{…}}`), or why the line is not one. */
export const parse = (line: string): E.Either<string, AttributeMap> => {
  let u: unknown
  try {
    u = JSON.parse(line)
  } catch (e) {
    return E.left(`not JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (!isObject(u) || !isObject(u['Item']) || Object.keys(u).length !== 1) return E.left('a line must be {"Item":{…}}')
  const item = readMap(u['Item'], '', 1)
  return typeof item === 'string' ? E.left(item) : E.right(item)
}
