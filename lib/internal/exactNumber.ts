/**
 * Exact numbers of items: DynamoDB's canonical form of a number string, numeric equality,
 * DynamoDB's stored size of a number, and whether a JS `number` holds a stored number
 * exactly. (Used by `Field` and `Item`.)
 *
 * What "exactly" means. A DynamoDB number is a decimal (up to 38 significant digits); a JS
 * `number` is a binary double. A double `n` *holds* the decimal `s` when `s` is numerically
 * equal to the decimal JS writes for `n` (`String(n)`, the shortest decimal that reads back
 * as `n`). That is the decimal dynamongo writes for `n`, so a number read as `n` writes back
 * unchanged: `"0.1"` is held by `0.1` and `"9007199254740992"` by 2^53, but
 * `"9007199254740993"` (it would read as 2^53) and `"0.1000000000000000055511151231257827"`
 * (it would read as `0.1`, whose decimal is `"0.1"`) are held by no double.
 */
import { checkNumberString } from './number.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A number string split into sign, significant digits and the power of ten of the last digit. */
export interface Parts {
  readonly negative: boolean
  /** Significant digits, without leading or trailing zeros; `''` for zero. */
  readonly digits: string
  /** value = digits × 10^exponent */
  readonly exponent: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const numeric = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** The parts of a number string, or `undefined` when it is not one. */
export const parse = (s: string): Parts | undefined => {
  const m = numeric.exec(s)
  if (m === null) return undefined
  const intPart = m[2] ?? ''
  const fracPart = m[3] ?? ''
  if (intPart === '' && fracPart === '') return undefined
  const all = intPart + fracPart
  let start = 0
  while (start < all.length && all.charCodeAt(start) === 48) start++
  if (start === all.length) return { negative: false, digits: '', exponent: 0 }
  let end = all.length
  while (all.charCodeAt(end - 1) === 48) end--
  const exp = m[4] === undefined ? 0 : Number(m[4])
  return { negative: m[1] === '-', digits: all.slice(start, end), exponent: exp - fracPart.length + (all.length - end) }
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/** Plain notation (no exponent), as DynamoDB returns numbers: `12.5`, `-0.00015`, `1000`. */
export const format = (p: Parts): string => {
  if (p.digits === '') return '0'
  const k = p.digits.length
  const point = k + p.exponent // digits before the decimal point
  const body =
    p.exponent >= 0
      ? p.digits + '0'.repeat(p.exponent)
      : point > 0
        ? p.digits.slice(0, point) + '.' + p.digits.slice(point)
        : '0.' + '0'.repeat(-point) + p.digits
  return p.negative ? '-' + body : body
}

/** DynamoDB's canonical form of a number string (plain notation), or `undefined` when it is not a number. */
export const canonical = (s: string): string | undefined => {
  const p = parse(s)
  return p === undefined ? undefined : format(p)
}

/** Numeric equality of two number strings (`"1"` and `"1.0"`, `"100"` and `"1E2"`). */
export const equal = (a: string, b: string): boolean => a === b || (canonical(a) ?? a) === (canonical(b) ?? b)

/** Whether the canonical string `c` is an integer. */
export const isInteger = (c: string): boolean => c.indexOf('.') === -1

/**
 * The double that holds the number string `s` exactly (see the header), or `undefined`.
 * Fast for what DynamoDB returns: one `Number` and one `String` when `s` is already the
 * shortest form of a double.
 */
export const toExactNumber = (s: string): number | undefined => {
  const n = Number(s)
  if (!Number.isFinite(n)) return undefined
  if (String(n) === s) return n
  if (s === '' || s.trim() !== s) return undefined
  const a = canonical(s)
  if (a === undefined) return undefined
  return a === canonical(String(n)) ? (n === 0 ? 0 : n) : undefined
}

/** The canonical decimal of a finite double (`1e21` → `"1000000000000000000000"`). */
export const ofNumber = (n: number): string => {
  const s = String(n)
  return s.indexOf('e') === -1 ? s : (canonical(s) as string)
}

/** Why `s` is not a number DynamoDB stores, or `undefined` when it is. */
export const check = (s: string): string | undefined => checkNumberString(s)

/**
 * The bytes DynamoDB counts for a number (confirmed against DynamoDB Local): the digits are
 * grouped in pairs aligned on the decimal point (base 100), leading and trailing zero pairs
 * dropped; 1 byte per pair, plus 1 byte, plus 1 more for a negative number of fewer than 20
 * pairs (so at most 21 bytes). Zero is 1 byte. `1` → 2, `100` → 2, `101` → 3, `1.1` → 3,
 * `0.12` → 2, `-1` → 3, 38 digits → 20 or 21 (either sign).
 */
export const size = (s: string): number => {
  const p = parse(s)
  if (p === undefined || p.digits === '') return 1
  const low = p.exponent // power of ten of the last significant digit
  const high = low + p.digits.length - 1
  const pairs = Math.floor(high / 2) - Math.floor(low / 2) + 1
  return 1 + pairs + (p.negative && pairs < 20 ? 1 : 0)
}
