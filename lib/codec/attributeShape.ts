/**
 * The shape of a stored item: a map of `AttributeValue`s, each with exactly one type key of S,
 * N, B, BOOL, NULL, SS, NS, BS, L, M holding a value of its type, at most `ITEM_DEPTH` levels
 * down. One rule, read in two forms: an item's JSON (the line format of `table/Line`, which
 * `load` reads) and an item in memory (what `Evaluate`'s writes take). Pure.
 *
 * @since 0.1.0
 */
import { isRecord } from '../internal/own.js'
import { ITEM_DEPTH, nestedTooDeep } from '../rules/limits.js'
import { kindOf } from '../internal/show.js'
import { loneSurrogate } from '../rules/path.js'
import { fromBase64 } from '../internal/bytes.js'


const isStringList = (u: unknown): boolean => Array.isArray(u) && u.length > 0 && u.every((s) => typeof s === 'string')

/** Whether every string of a list of strings is well formed (a lone surrogate, `"\ud800"` in JSON, is not). */
const wellFormed = (ss: ReadonlyArray<string>): boolean => ss.every((s) => s.isWellFormed())

/**
 * What is wrong with a value, and where: the path from the item's attribute down (a map's
 * key, a list's index), built only on the way out of a failure.
 */
export interface Issue {
  readonly path: Array<string | number>
  readonly why: string
}

/** An issue at the value itself (its path is built on the way out, by `within`). */
export const issue = (why: string): Issue => ({ path: [], why })

/** `e`, one step further down: under the attribute, map key or list index `at`. */
export const within = (at: string | number, e: Issue): Issue => {
  e.path.unshift(at)
  return e
}

/** An issue for people: its path (`a.b[2]`), then why. */
export const draw = (e: Issue): string => {
  let at = ''
  for (const p of e.path) at = typeof p === 'number' ? `${at}[${p}]` : at === '' ? p : `${at}.${p}`
  return `${at}: ${e.why}`
}

const notBase64 = 'a binary must be a base64 string'

/**
 * A list or map with `ITEM_DEPTH` levels above it (level `ITEM_DEPTH` + 1, the item level 1):
 * DynamoDB refuses it, an empty one too, where a scalar or a set there is stored (as
 * `Item.encode` refuses it on every write).
 */
const tooDeep = nestedTooDeep

/**
 * The form of the values `checkValue` reads: `json`, an item's JSON form (`JSON.parse`'s own
 * objects: binaries base64 strings, made bytes where they stand; strings well formed, as a
 * line must hold them), or `memory`, an item as the SDK gives one (binaries `Uint8Array`s,
 * nothing changed).
 */
export type Form = 'json' | 'memory'

/** The bytes of a binary as `form` holds it, or `undefined` when it is none. */
const binaryOf = (v: unknown, form: Form): Uint8Array | undefined => (form === 'json' ? fromBase64(v) : v instanceof Uint8Array ? v : undefined)

const notBinary = (form: Form): string => (form === 'json' ? notBase64 : 'a binary must be a Uint8Array')

/** `undefined` where `s` is well formed or `form` is `memory` (a stored string's content is no shape). */
const textIssue = (s: string, form: Form): Issue | undefined => (form === 'memory' || s.isWellFormed() ? undefined : issue(loneSurrogate))

/**
 * Check a value of an item's `form` (its JSON form, or as in memory) against the shape of an
 * `AttributeValue`: exactly one type key, of S, N, B, BOOL, NULL, SS, NS, BS, L, M, each with
 * the value of its type (a set a non-empty list), a list's and a map's values in turn, no list
 * or map with `ITEM_DEPTH` levels above it (`tooDeep`; `depth` counts the levels above the value, 1 for a top-level attribute's). In the JSON form it makes the value an `AttributeValue` where it
 * stands: only binaries change (base64 to bytes); everything else is already the SDK's shape,
 * so nothing is copied. In memory nothing is changed.
 */
const checkValue = (u: unknown, depth: number, form: Form): Issue | undefined => {
  if (!isRecord(u)) return issue('an attribute value must be an object such as {"S":"…"}')
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
      if (depth >= ITEM_DEPTH) return issue(tooDeep)
      for (let i = 0; i < v.length; i++) {
        const e = checkValue(v[i], depth + 1, form)
        if (e !== undefined) return within(i, e)
      }
      return undefined
    }
    case 'M':
      return depth >= ITEM_DEPTH && isRecord(v) ? issue(tooDeep) : checkMap(v, depth + 1, form)
    default:
      return issue(`${JSON.stringify(tag)} is not a DynamoDB type (S, N, B, BOOL, NULL, SS, NS, BS, L, M)`)
  }
}

/** `checkValue` of each value of a map (an attribute named `__proto__` is `JSON.parse`'s own property: it stays an attribute). */
export const checkMap = (u: unknown, depth: number, form: Form): Issue | undefined => {
  if (!isRecord(u)) return issue('a map must be an object')
  for (const k of Object.keys(u)) {
    // a name is a string too: one with a lone surrogate is refused as a value is
    const e = form === 'memory' || k.isWellFormed() ? checkValue(u[k], depth, form) : issue(loneSurrogate)
    if (e !== undefined) return within(k, e)
  }
  return undefined
}

/**
 * Why `item`, given as a stored item in memory (to `Evaluate`'s writes), is no map of
 * `AttributeValue`s (the shape `table/Line`'s `parse` reads a line's item to, binaries `Uint8Array`s), with
 * the path of the value (or what it is, when no object); `undefined` when it is one. Nothing
 * of it is changed.
 */
export const shapeWhy = (item: unknown): string | undefined => {
  if (!isRecord(item)) return kindOf(item)
  const e = checkMap(item, 1, 'memory')
  return e === undefined ? undefined : draw(e)
}
