/**
 * Exact decimal numbers as DynamoDB keeps them: at most 38 significant digits, magnitudes
 * from 1E-130 to 9.99…E+125. Numbers travel as strings; here they are compared and added
 * exactly (never through a JS double). A `Decimal` is `±0.d₁d₂…dₙ × 10^e` with `digits` free
 * of leading and trailing zeros (`''` for zero).
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export interface Decimal {
  readonly negative: boolean
  /** Significant digits, no leading or trailing zeros; `''` is zero. */
  readonly digits: string
  /** The value is `0.digits × 10^exponent` (unused for zero). */
  readonly exponent: number
}

const ZERO: Decimal = { negative: false, digits: '', exponent: 0 }

const numeric = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** Parse a DynamoDB number string; `undefined` when it is not a number. */
export const parse = (s: string): Decimal | undefined => {
  const m = numeric.exec(s)
  if (m === null) return undefined
  const int = m[2] ?? ''
  const frac = m[3] ?? ''
  if (int === '' && frac === '') return undefined
  const exp = m[4] === undefined ? 0 : Number(m[4])
  const all = int + frac
  let start = 0
  while (start < all.length && all.charCodeAt(start) === 48) start++
  if (start === all.length) return ZERO
  let end = all.length
  while (all.charCodeAt(end - 1) === 48) end--
  // the first significant digit sits at position `start` of `all`; the point after `int`
  return { negative: m[1] === '-', digits: all.slice(start, end), exponent: int.length - start + exp }
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

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

export const isZero = (d: Decimal): boolean => d.digits === ''

const compareMagnitude = (a: Decimal, b: Decimal): number => {
  if (a.exponent !== b.exponent) return a.exponent < b.exponent ? -1 : 1
  // same exponent: compare the digit strings as fractions (shorter = padded with zeros)
  return a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0
}

/** -1, 0 or 1, exactly. */
export const compare = (a: Decimal, b: Decimal): number => {
  if (isZero(a)) return isZero(b) ? 0 : b.negative ? 1 : -1
  if (isZero(b)) return a.negative ? -1 : 1
  if (a.negative !== b.negative) return a.negative ? -1 : 1
  const c = compareMagnitude(a, b)
  return a.negative ? -c : c
}

export const equals = (a: Decimal, b: Decimal): boolean =>
  a.digits === b.digits && (a.digits === '' || (a.negative === b.negative && a.exponent === b.exponent))

/** Two number strings, compared exactly (`undefined` if either is not a number). */
export const compareStrings = (a: string, b: string): number | undefined => {
  if (a === b) return 0
  const x = parseCached(a)
  const y = parseCached(b)
  return x === undefined || y === undefined ? undefined : compare(x, y)
}

/** DynamoDB's limits: `undefined` when storable, else why not. */
export const check = (d: Decimal): string | undefined => {
  if (isZero(d)) return undefined
  if (d.digits.length > 38) return 'DynamoDB only supports precision up to 38 digits'
  // 0.d × 10^e: the leading digit's power of ten is e - 1
  if (d.exponent - 1 > 125) return 'Number overflow: magnitude larger than supported range'
  if (d.exponent - 1 < -130) return 'Number underflow: magnitude smaller than supported range'
  return undefined
}

/** A canonical string: plain notation for moderate exponents, else `d.dddE±n`. */
export const format = (d: Decimal): string => {
  if (isZero(d)) return '0'
  const sign = d.negative ? '-' : ''
  const n = d.digits.length
  const e = d.exponent
  if (e >= n && e <= 40) return sign + d.digits + '0'.repeat(e - n)
  if (e > 0 && e < n) return sign + d.digits.slice(0, e) + '.' + d.digits.slice(e)
  if (e <= 0 && e > -10) return sign + '0.' + '0'.repeat(-e) + d.digits
  const exp = e - 1
  return sign + d.digits[0] + (n > 1 ? '.' + d.digits.slice(1) : '') + 'E' + (exp >= 0 ? '+' : '') + exp
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/** coefficient × 10^scale */
const toScaled = (d: Decimal): { readonly coefficient: bigint; readonly scale: number } => ({
  coefficient: (d.negative ? -1n : 1n) * BigInt(d.digits),
  scale: d.exponent - d.digits.length,
})

const fromScaled = (coefficient: bigint, scale: number): Decimal => {
  if (coefficient === 0n) return ZERO
  const negative = coefficient < 0n
  const s = (negative ? -coefficient : coefficient).toString()
  let end = s.length
  while (s.charCodeAt(end - 1) === 48) end--
  return { negative, digits: s.slice(0, end), exponent: scale + s.length }
}

/** `a + b`, exactly (check the result with `check`). */
export const add = (a: Decimal, b: Decimal): Decimal => {
  if (isZero(a)) return b
  if (isZero(b)) return a
  const x = toScaled(a)
  const y = toScaled(b)
  const scale = Math.min(x.scale, y.scale)
  return fromScaled(x.coefficient * 10n ** BigInt(x.scale - scale) + y.coefficient * 10n ** BigInt(y.scale - scale), scale)
}

export const negate = (d: Decimal): Decimal => (isZero(d) ? d : { ...d, negative: !d.negative })

/** `a - b`, exactly. */
export const subtract = (a: Decimal, b: Decimal): Decimal => add(a, negate(b))
