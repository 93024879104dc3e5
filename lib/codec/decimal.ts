/**
 * Exact decimal numbers, as DynamoDB keeps them: at most 38 significant digits, magnitudes
 * from 1E-130 to 9.9999999999999999999999999999999999999E+125 (and 0), no NaN or Infinity.
 * Numbers travel as decimal strings; here they are parsed (one parser), checked against
 * those limits, written in DynamoDB's canonical plain notation, compared and added exactly
 * (never through a JS double), and measured as DynamoDB counts their bytes. (Used by `Item`,
 * `Field`, `Model`, `Expression`, `Evaluate` and `internal/compare`.)
 *
 * What "exactly" means. A DynamoDB number is a decimal (up to 38 significant digits); a JS
 * `number` is a binary double. A double `n` *holds* the decimal `s` when `s` is numerically
 * equal to the decimal JS writes for `n` (`String(n)`, the shortest decimal that reads back
 * as `n`). That is the decimal dynamongo writes for `n`, so a number read as `n` writes back
 * unchanged: `"0.1"` is held by `0.1` and `"9007199254740992"` by 2^53, but
 * `"9007199254740993"` (it would read as 2^53) and `"0.1000000000000000055511151231257827"`
 * (it would read as `0.1`, whose decimal is `"0.1"`) are held by no double.
 */

/**
 * The AWS SDK's number that no JS number holds exactly (util-dynamodb's `NumberValue`): `Item`
 * reads such a stored number as one, `Field.bigint` and `Field.decimal` write theirs as one.
 */
export { NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** `±0.d₁d₂…dₙ × 10^exponent`: a number string split into sign, significant digits and the power of ten just above the first digit. */
export interface Decimal {
  readonly negative: boolean
  /** Significant digits, without leading or trailing zeros; `''` is zero. */
  readonly digits: string
  /** The value is `0.digits × 10^exponent` (0 for zero). */
  readonly exponent: number
}

const ZERO: Decimal = { negative: false, digits: '', exponent: 0 }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const numeric = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** The largest 32-bit integer: DynamoDB reads a number as a Java `BigDecimal`, whose exponent and scale are `int`s. */
const INT_MAX = 2147483647

/**
 * The decimal a number string writes (`"12.50"`, `"-1e-7"`, `".5"`, `"1."`), or `undefined` when
 * it is not one DynamoDB reads: its exponent, and its scale (the fraction's digits less the
 * exponent), must be 32-bit integers, even for a zero (`"0E-2147483648"` is refused).
 */
export const parse = (s: string): Decimal | undefined => {
  const m = numeric.exec(s)
  if (m === null) return undefined
  const int = m[2] ?? ''
  const frac = m[3] ?? ''
  if (int === '' && frac === '') return undefined
  if (m[4] !== undefined) {
    const x = Number(m[4])
    if (x > INT_MAX || x < -INT_MAX - 1 || frac.length - x > INT_MAX || frac.length - x < -INT_MAX - 1) return undefined
  }
  const all = int + frac
  let start = 0
  while (start < all.length && all.charCodeAt(start) === 48) start++
  if (start === all.length) return ZERO
  let end = all.length
  while (all.charCodeAt(end - 1) === 48) end--
  // the first significant digit sits at position `start` of `all`; the point after `int`
  return { negative: m[1] === '-', digits: all.slice(start, end), exponent: int.length - start + (m[4] === undefined ? 0 : Number(m[4])) }
}

const cache = new Map<string, Decimal | undefined>()

/** `parse`, memoised (conditions compare the same few constants over and over). */
export const parseCached = (s: string): Decimal | undefined => {
  let d = cache.get(s)
  if (d === undefined && !cache.has(s)) {
    d = parse(s)
    if (cache.size > 10_000) cache.clear()
    cache.set(s, d)
  }
  return d
}

/** The canonical decimal of a finite double (`1e21` → `"1000000000000000000000"`). */
export const ofNumber = (n: number): string => {
  const s = String(n)
  return s.indexOf('e') === -1 ? s : (canonical(s) as string)
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/** Plain notation (no exponent), as DynamoDB returns numbers: `12.5`, `-0.00015`, `1000`. */
export const format = (d: Decimal): string => {
  const { digits, exponent: e } = d
  const n = digits.length
  if (n === 0) return '0'
  const body = e >= n ? digits + '0'.repeat(e - n) : e > 0 ? digits.slice(0, e) + '.' + digits.slice(e) : '0.' + '0'.repeat(-e) + digits
  return d.negative ? '-' + body : body
}

/** DynamoDB's canonical form of a number string (plain notation), or `undefined` when it is not a number. */
export const canonical = (s: string): string | undefined => {
  const d = parse(s)
  return d === undefined ? undefined : format(d)
}

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
  const d = parse(s) // `Number` also reads what is no DynamoDB number (`" 1"`, `"0x10"`, `""`)
  return d !== undefined && compare(d, parse(String(n)) as Decimal) === 0 ? n || 0 : undefined
}

/** -1, 0 or 1, exactly. */
export const compare = (a: Decimal, b: Decimal): number => {
  if (a.digits === '') return b.digits === '' ? 0 : b.negative ? 1 : -1
  if (b.digits === '' || a.negative !== b.negative) return a.negative ? -1 : 1
  // same sign: the larger exponent is the larger magnitude; on a tie, the digits as fractions
  const c = a.exponent !== b.exponent ? (a.exponent < b.exponent ? -1 : 1) : a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0
  return a.negative ? -c : c
}

/** Two number strings, compared exactly (`undefined` if either is not a number). */
export const compareStrings = (a: string, b: string): number | undefined => {
  if (a === b) return 0
  const x = parseCached(a)
  const y = parseCached(b)
  return x === undefined || y === undefined ? undefined : compare(x, y)
}

/** Numeric equality of two number strings (`"1"` and `"1.0"`, `"100"` and `"1E2"`; else the same string). */
export const equals = (a: string, b: string): boolean => compareStrings(a, b) === 0

/**
 * Whether two number strings are one value (`"12.50"` and `"12.5"`, `"0005"` and `"5"`),
 * exactly, never through `parseCached`'s cache: for texts a stored item or an answer holds,
 * which would fill it (`equals` is for a condition's constants).
 */
export const sameValue = (a: string, b: string): boolean => {
  if (a === b) return parse(a) !== undefined
  const x = parse(a)
  const y = parse(b)
  return x !== undefined && y !== undefined && compare(x, y) === 0
}

/**
 * DynamoDB's limits, with DynamoDB's own error messages (what `Evaluate` answers when
 * arithmetic leaves them): `undefined` when `d` is storable, else why not.
 */
export const check = (d: Decimal): string | undefined => {
  if (d.digits === '') return undefined
  if (d.digits.length > 38) return 'DynamoDB only supports precision up to 38 digits'
  // 0.d × 10^e: the leading digit's power of ten is e - 1
  if (d.exponent - 1 > 125) return 'Number overflow: magnitude larger than supported range'
  if (d.exponent - 1 < -130) return 'Number underflow: magnitude smaller than supported range'
  return undefined
}

/** The common case: a plain integer of at most 38 digits, always in range. */
const plainInteger = /^-?(?:0|[1-9]\d{0,37})$/

/** Why the string `s` is not a number DynamoDB stores (dynamongo's validation messages), or `undefined` when it is. */
export const checkString = (s: string): string | undefined => {
  if (plainInteger.test(s)) return undefined
  const d = parse(s)
  if (d === undefined) return `${JSON.stringify(s)} is not a number`
  if (d.digits === '') return undefined
  if (d.digits.length > 38) return `${s} has ${d.digits.length} significant digits (DynamoDB keeps at most 38)`
  if (d.exponent - 1 > 125) return `${s} is beyond DynamoDB's largest magnitude (9.99…E+125)`
  if (d.exponent - 1 < -130) return `${s} is below DynamoDB's smallest magnitude (1E-130)`
  return undefined
}

/**
 * The bytes DynamoDB counts for a number (confirmed against DynamoDB Local): the digits are
 * grouped in pairs aligned on the decimal point (base 100), leading and trailing zero pairs
 * dropped; 1 byte per pair, plus 1 byte, plus 1 more for a negative number of fewer than 20
 * pairs (so at most 21 bytes). Zero is 1 byte. `1` → 2, `100` → 2, `101` → 3, `1.1` → 3,
 * `0.12` → 2, `-1` → 3, 38 digits → 20 or 21 (either sign).
 */
export const size = (s: string): number => {
  // the common case, a plain decimal (`-12.50`: what JS writes for most numbers), read in one
  // pass without parsing: where the point and the first and last significant digits are
  const n = s.length
  const negative = s.charCodeAt(0) === 45
  let point = -1
  let first = -1
  let last = -1
  let i = negative ? 1 : 0
  for (; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c === 46 && point < 0) point = i
    else if (c < 48 || c > 57) break
    else if (c !== 48) {
      if (first < 0) first = i
      last = i
    }
  }
  // the power of ten just above the first significant digit, and how many digits there are
  let e: number
  let k: number
  if (i === n && n - (negative ? 1 : 0) - (point < 0 ? 0 : 1) > 0) {
    if (first < 0) return 1
    if (point < 0) point = n
    e = first < point ? point - first : point - first + 1
    k = last - first + (first < point && point < last ? 0 : 1)
  } else {
    const d = parse(s)
    if (d === undefined || d.digits === '') return 1
    e = d.exponent
    k = d.digits.length
  }
  const pairs = Math.floor((e - 1) / 2) - Math.floor((e - k) / 2) + 1
  return 1 + pairs + (negative && pairs < 20 ? 1 : 0)
}

/** Why DynamoDB cannot store the finite double `n`, or `undefined`: only near its magnitude limits (a double has at most 17 significant digits). */
export const checkNumber = (n: number): string | undefined => {
  const a = Math.abs(n)
  return a === 0 || (a >= 1e-130 && a < 1e125) ? undefined : checkString(String(n))
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/** `a + b`, exactly (check the result with `check`). */
export const add = (a: Decimal, b: Decimal): Decimal => {
  if (a.digits === '') return b
  if (b.digits === '') return a
  // coefficient × 10^scale, both at the smaller scale
  const sa = a.exponent - a.digits.length
  const sb = b.exponent - b.digits.length
  const scale = Math.min(sa, sb)
  const x = BigInt(a.digits) * 10n ** BigInt(sa - scale)
  const y = BigInt(b.digits) * 10n ** BigInt(sb - scale)
  const sum = (a.negative ? -x : x) + (b.negative ? -y : y)
  if (sum === 0n) return ZERO
  const s = (sum < 0n ? -sum : sum).toString()
  let end = s.length
  while (s.charCodeAt(end - 1) === 48) end--
  return { negative: sum < 0n, digits: s.slice(0, end), exponent: scale + s.length }
}

export const negate = (d: Decimal): Decimal => (d.digits === '' ? d : { ...d, negative: !d.negative })

/** `a - b`, exactly. */
export const subtract = (a: Decimal, b: Decimal): Decimal => add(a, negate(b))
