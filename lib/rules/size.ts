/**
 * The bytes DynamoDB counts for items, values and names (confirmed against DynamoDB Local):
 * for each attribute, its name's UTF-8 bytes plus its value's size. A value's size: a
 * string, its UTF-8 bytes; a binary, its raw bytes; a number, 1 byte plus 1 per pair of
 * digits aligned on the decimal point (leading/trailing zero pairs dropped), plus 1 for a
 * negative number under 20 pairs (`decimal.size`); a boolean or null, 1; a set, the sum of
 * its members; a list, 3 + Σ (1 + element); a map, 3 + Σ (1 + key's UTF-8 bytes + value).
 *
 * `Item` (which checks the 400 KB limit of what it marshalls, with these rules), `Model` (key
 * sizes) and `run/send` (the size an `ItemTooLarge` reports) all count with this module.
 *
 * @since 0.1.0
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as X from '../codec/decimal.js'

/** UTF-8 bytes of a JS string (a lone surrogate counts as U+FFFD, 3 bytes). */
export const utf8Length = (s: string): number => {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x800) n += 1
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2 // 4 bytes for 2 code units
      i++
    } else n += 2
  }
  return n
}

/** The bytes of a stored number (its decimal string, as in an `N`). */
export const numberSize: (n: string) => number = X.size

/**
 * The most UTF-8 bytes of one UTF-16 code unit (`utf8Length(s)` is at most `UNIT_BYTES * s.length`):
 * 3 for a unit of the BMP (a lone surrogate counts as U+FFFD), 2 for each unit of a pair (4 bytes).
 */
export const UNIT_BYTES = 3

/**
 * The most bytes of a number DynamoDB stores (`numberSize` of one of at most 38 significant digits):
 * 1, and 20 pairs of digits at most, or fewer pairs and 1 for the sign.
 */
export const NUMBER_BYTES = 21

/** The size DynamoDB counts for one value (without its name). */
export const valueSize = (av: AttributeValue): number => {
  if (av.S !== undefined) return utf8Length(av.S)
  if (av.N !== undefined) return numberSize(av.N)
  if (av.B !== undefined) return av.B.byteLength
  if (av.BOOL !== undefined || av.NULL !== undefined) return 1
  if (av.M !== undefined) {
    let n = 3
    for (const k of Object.keys(av.M)) {
      const v = av.M[k]
      if (v !== undefined) n += 1 + utf8Length(k) + valueSize(v)
    }
    return n
  }
  if (av.L !== undefined) {
    let n = 3
    for (const v of av.L) n += 1 + valueSize(v)
    return n
  }
  if (av.SS !== undefined) return av.SS.reduce((n, s) => n + utf8Length(s), 0)
  if (av.NS !== undefined) return av.NS.reduce((n, s) => n + numberSize(s), 0)
  if (av.BS !== undefined) return av.BS.reduce((n, b) => n + b.byteLength, 0)
  return 0
}

/**
 * A bound from above of `valueSize(av)`, read without counting: a string's UTF-16 units at
 * `UNIT_BYTES` each (the rule `Item.marshall` bounds an item by), a number's text length plus 2
 * (a byte per significant digit at most, plus its byte and its sign: true of any text, checked
 * or not), a binary's bytes.
 */
export const valueBound = (av: AttributeValue): number => {
  if (av.S !== undefined) return UNIT_BYTES * av.S.length
  if (av.N !== undefined) return av.N.length + 2
  if (av.B !== undefined) return av.B.byteLength
  if (av.BOOL !== undefined || av.NULL !== undefined) return 1
  if (av.M !== undefined) {
    let n = 3
    for (const k of Object.keys(av.M)) {
      const v = av.M[k]
      if (v !== undefined) n += 1 + UNIT_BYTES * k.length + valueBound(v)
    }
    return n
  }
  if (av.L !== undefined) {
    let n = 3
    for (const v of av.L) n += 1 + valueBound(v)
    return n
  }
  if (av.SS !== undefined) return av.SS.reduce((n, s) => n + UNIT_BYTES * s.length, 0)
  if (av.NS !== undefined) return av.NS.reduce((n, s) => n + s.length + 2, 0)
  if (av.BS !== undefined) return av.BS.reduce((n, b) => n + b.byteLength, 0)
  return 0
}

/** A bound from above of `itemSize(attributes)` (`valueBound`, a name's UTF-16 units at `UNIT_BYTES` each). */
export const itemBound = (attributes: Readonly<Record<string, AttributeValue>>): number => {
  let n = 0
  for (const k of Object.keys(attributes)) {
    const av = attributes[k]
    if (av !== undefined) n += UNIT_BYTES * k.length + valueBound(av)
  }
  return n
}

/** The size DynamoDB counts for an item: every attribute's name and value. */
export const itemSize = (attributes: Readonly<Record<string, AttributeValue>>): number => {
  let n = 0
  for (const k of Object.keys(attributes)) {
    const av = attributes[k]
    if (av !== undefined) n += utf8Length(k) + valueSize(av)
  }
  return n
}
