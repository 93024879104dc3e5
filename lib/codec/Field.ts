/**
 * dynamongo's field types, as io-ts codecs. Any io-ts codec can be a field; these add the
 * fields of dynamongo and PynamoDB with DynamoDB's storage in mind:
 *
 * | field | in memory | stored |
 * | --- | --- | --- |
 * | `string({ regex?, minLength?, maxLength? })`, `email`, `url`, `uuid`, `ipAddress`, `date` | `string` | `S` |
 * | `int({ min?, max? })` (a safe integer), `float({ min?, max? })` | `number` | `N` |
 * | `duration` | `number` of milliseconds (a safe integer) | `N` |
 * | `bigint` | `bigint` (up to 38 digits) | `N` |
 * | `decimal` | `string`: an exact decimal (`"12.50"`; read back as DynamoDB's form `"12.5"`) | `N` |
 * | `boolean` | `boolean` | `BOOL` |
 * | `legacyBoolean` | `boolean` | `N`: `1` or `0` (PynamoDB's `LegacyBooleanAttribute`) |
 * | `dateTime` | `Date` (years 0000–9999) | `S`: ISO-8601 UTC, fixed width (`2024-05-01T12:00:00.000Z`), sorts as time |
 * | `pynamoDateTime` / `naiveDateTime` | `Date` (years 0001–9999) | `S`: PynamoDB's `2024-05-01T12:00:00.000000+0000` / Python's naive `2024-05-01T12:00:00.000000` |
 * | `epochSeconds` | `Date` | `N`: whole seconds since the epoch (rounded down), what DynamoDB's time to live reads |
 * | `list(codec)` / `map(props)` | `ReadonlyArray` / object | `L` / `M` |
 * | `stringSet` / `numberSet` / `binarySet` | `ReadonlySet` | `SS` / `NS` / `BS` |
 * | `binary` | `Uint8Array` | `B` |
 * | `pynamoBinary` / `pynamoBinarySet` | `Uint8Array` / `ReadonlySet` | `B` / `BS`: the bytes of the base64 text (PynamoDB up to 5.x) |
 * | `json` | any JSON value | `S`: its JSON text |
 *
 * The stored forms of `pynamoBinary` and `json` are compared by equality only: they take `=`,
 * `<>`, `IN`, `attribute_exists`, `attribute_not_exists` and `attribute_type` (anything else on
 * them is an `ExpressionError`), and neither is a range key. `json`'s `=` compares its text:
 * equal values written in another key order or spacing are not equal.
 *
 * In-memory types are plain (not brands); refinements are checked at run time, and every
 * failure says what was expected. Numbers are exact: `Item.decode` gives a stored number
 * that no JS `number` holds exactly (see `codec/decimal.ts`) as a util-dynamodb
 * `NumberValue`, which `int`, `float` and `t.number` refuse and `bigint`/`decimal` read.
 *
 * @since 0.1.0
 * @category Describing items
 * @module
 */
import * as t from 'io-ts'
import { absurd } from 'fp-ts/lib/function.js'
import type { Json } from 'io-ts-types/lib/JsonFromString.js'
import * as D from './decimal.js'
import { count, show } from '../internal/show.js'
import { AS_IS, BOUNDS, DOMAIN, EQUALITY_ONLY, MEMBER, type Bounds } from './Shape.js'
import { checked, FieldType, fromParse, got, Invalid, invalid, ipv4, isIPv6, jsonWhy, stored, type StoredAs } from './fieldType.js'
import { base64, fromBase64 } from '../internal/bytes.js'
import { NumberValue } from './decimal.js'
import { undeclarable } from '../internal/declared.js'
import { isDate, isoOf, timeOf, yearOf } from '../internal/date.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A field codec: an io-ts `Type` that can also say why an in-memory value is not one of
 * its values (`Item.encode` uses it to name every failing path).
 *
 * @category model
 */
export interface Field<A, O = A> extends t.Type<A, O, unknown> {
  /** `undefined` when `u` is a value of the field, else what was expected. */
  readonly why: (u: unknown) => string | undefined
}

export { NumberValue }
export type { StoredAs }
export type { Json }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * io-ts's own `identity`: io-ts's `type`, `partial`, `array`, … see it as a codec's `encode`
 * and then encode without copying the item (as for `t.string`).
 */
const identity: <A>(a: A) => A = t.identity

/**
 * A field for in-memory values that are stored as they are: `why` checks, and decoding is
 * the same check.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * const Even = Field.make<number>('even', (u) => (typeof u === 'number' && u % 2 === 0 ? undefined : 'expected an even number'))
 * Even.is(4)  // => true
 * Even.why(3) // => 'expected an even number'
 * ```
 *
 * @category constructors
 */
export const make = <A>(name: string, why: (u: unknown) => string | undefined): Field<A, A> =>
  Object.defineProperty(
    new FieldType<A, A>(name, why, (u) => {
      const w = why(u)
      return w === undefined ? (u as A) : invalid(w)
    }, identity),
    AS_IS,
    { value: true },
  )

const inexact = (u: NumberValue, float = false): string => {
  // text no DynamoDB number is (an answer not from DynamoDB: 1e400, NaN) reads in no field: say so, not which field would read it
  const stores = D.checkString(u.value)
  if (stores !== undefined) return `expected a number DynamoDB stores: ${stores}`
  // a float's own update may leave such a number: DynamoDB adds in exact decimal (0.5 + 1e-20 is stored as 0.50000000000000000001)
  const why = float ? ': DynamoDB computes in exact decimal, so an update may store more digits than a double holds, and a float is read exactly, never rounded' : ''
  return `expected a number a JS number holds exactly, got ${u.value} (it would round to ${Number(u.value)})${why}: use Field.bigint or Field.decimal`
}

// -------------------------------------------------------------------------------------
// strings
// -------------------------------------------------------------------------------------

/**
 * The checks of `Field.string`: a pattern the whole string matches, and bounds of its length.
 *
 * @category model
 */
export interface StringOptions {
  readonly regex?: RegExp
  readonly minLength?: number
  readonly maxLength?: number
}

/**
 * A string, optionally matching `regex` (tested whole-string as given) and of a length in `[minLength, maxLength]` (UTF-16 code units, as `s.length`).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Field } from 'dynamongo'
 *
 * const Name = Field.string({ minLength: 1, maxLength: 40 })
 * Name.is('Jo') // => true
 * Name.why('')  // => 'expected a string of at least 1 character, at most 40 characters, got ""'
 * E.isRight(Field.string({ regex: /^[a-z]+$/ }).decode('abc')) // => true
 * ```
 *
 * @category codecs
 */
export const string = (options: StringOptions = {}): Field<string> => {
  try {
    const { regex, minLength, maxLength } = options
    const parts: string[] = []
    if (minLength !== undefined) parts.push(`at least ${count(minLength, 'character')}`)
    if (maxLength !== undefined) parts.push(`at most ${count(maxLength, 'character')}`)
    if (regex !== undefined) parts.push(`matching ${regex}`)
    const expected = parts.length === 0 ? 'a string' : `a string of ${parts.join(', ')}`.replace('of matching', 'matching')
    const name = parts.length === 0 ? 'string' : `string(${parts.join(', ')})`
    return bounded(stored('S', make<string>(name, (u) => {
      if (typeof u !== 'string') return `expected ${expected}, got ${got(u)}`
      if (minLength !== undefined && u.length < minLength) return `expected ${expected}, got ${show(u)}`
      if (maxLength !== undefined && u.length > maxLength) return `expected ${expected}, got a string of ${u.length}`
      if (regex !== undefined) {
        regex.lastIndex = 0
        if (!regex.test(u)) return `expected ${expected}, got ${show(u)}`
      }
      return undefined
    })), { ...(regex === undefined ? {} : { regex }), ...(minLength === undefined ? {} : { minLength }), ...(maxLength === undefined ? {} : { maxLength }) })
  } catch (e) {
    return undeclarable('Field.string', e)
  }
}

/** `field`, declaring what bounds its values (`Shape.BOUNDS`: what key templates read of a field). */
const bounded = <F extends t.Mixed>(field: F, bounds: Bounds): F => Object.defineProperty(field, BOUNDS, { value: bounds })

const stringField = (name: string, expected: string, ok: (s: string) => boolean): Field<string> =>
  stored('S', make<string>(name, (u) => (typeof u === 'string' && ok(u) ? undefined : `expected ${expected}, got ${got(u)}`)))

// the WHATWG HTML rule for <input type=email>: dotless domains (`john@x`) are addresses
const emailRegex = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/

/**
 * An e-mail address, by the WHATWG HTML rule for `<input type=email>` (at most 254 characters).
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * Field.email.is('ann@example.com') // => true
 * Field.email.is('ann at example')  // => false
 * ```
 *
 * @category codecs
 */
export const email: Field<string> = stringField('email', 'an e-mail address', (s) => s.length <= 254 && emailRegex.test(s))

const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/

/**
 * An absolute URL, as the WHATWG URL parser reads it (`https://x.io/a?b`, `mailto:a@b.c`).
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * Field.url.is('https://x.io/a?b') // => true
 * Field.url.is('x.io/a')           // => false
 * ```
 *
 * @category codecs
 */
export const url: Field<string> = stringField('url', 'an absolute URL', (s) => scheme.test(s) && URL.canParse(s))

/** 8-4-4-4-12 hex digits: the check of io-ts-types' `UUID` (its codec would bring io-ts's brand machinery for this one line). */
const uuidText = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * A UUID (any version; letters in either case).
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * Field.uuid.is('123e4567-e89b-12d3-a456-426614174000') // => true
 * Field.uuid.is('123e4567')                             // => false
 * ```
 *
 * @category codecs
 */
export const uuid: Field<string> = stringField('uuid', 'a UUID', (s) => uuidText.test(s))

/**
 * An IPv4 (dotted quad, no leading zeros) or IPv6 address.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * Field.ipAddress.is('192.168.0.1') // => true
 * Field.ipAddress.is('::1')         // => true
 * Field.ipAddress.is('256.0.0.1')   // => false
 * ```
 *
 * @category codecs
 */
export const ipAddress: Field<string> = stringField('ipAddress', 'an IPv4 or IPv6 address', (s) => ipv4.test(s) || isIPv6(s))

const dateRegex = /^(\d{4})-(\d{2})-(\d{2})$/

const isCalendarDate = (y: number, m: number, d: number): boolean => {
  if (m < 1 || m > 12 || d < 1) return false
  const days = m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
  return d <= days
}

/**
 * A calendar date as `YYYY-MM-DD` (a `string` in memory and in DynamoDB; sorts as dates).
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * Field.date.is('2024-02-29') // => true
 * Field.date.is('2023-02-29') // => false
 * ```
 *
 * @category codecs
 */
export const date: Field<string> = stringField('date', 'a date as YYYY-MM-DD', (s) => {
  const m = dateRegex.exec(s)
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))
})

// -------------------------------------------------------------------------------------
// numbers
// -------------------------------------------------------------------------------------

/**
 * The inclusive bounds of `Field.int` and `Field.float`.
 *
 * @category model
 */
export interface RangeOptions {
  readonly min?: number
  readonly max?: number
}

const numberField = (kind: 'int' | 'float', options: RangeOptions): Field<number> => {
  const { min, max } = options
  const bounds = [min === undefined ? '' : `≥ ${min}`, max === undefined ? '' : `≤ ${max}`].filter((s) => s !== '').join(' and ')
  const what = kind === 'int' ? 'an integer' : 'a number'
  const expected = bounds === '' ? what : `${what} ${bounds}`
  const name = bounds === '' ? kind : `${kind}(${[min === undefined ? '' : `min ${min}`, max === undefined ? '' : `max ${max}`].filter((s) => s !== '').join(', ')})`
  // an int reads the safe integers only: a finite bound declared past them is the codec's own
  // limit (what `Stored.rangeOf` gives the update guards); a side without a bound, or with an
  // infinite one, declares none
  const LIMIT = Number.MAX_SAFE_INTEGER
  const safe = (n: number): number =>
    kind === 'int' && Number.isFinite(n) ? Math.min(Math.max(n, -LIMIT), LIMIT) : n
  const declared: Bounds = {
    ...(typeof min === 'number' ? { min: safe(min) } : {}),
    ...(typeof max === 'number' ? { max: safe(max) } : {}),
    integer: kind === 'int',
    ...(kind === 'int' ? { safe: true } : {}),
  }
  return bounded(stored('N', make<number>(name, (u) => {
    if (typeof u !== 'number') return u instanceof NumberValue ? inexact(u, kind === 'float') : `expected ${expected}, got ${got(u)}`
    if (!Number.isFinite(u)) return `expected ${expected}, got ${u} (DynamoDB stores no NaN or Infinity)`
    if (kind === 'int' && !Number.isInteger(u)) return `expected ${expected}, got ${u}`
    if ((min !== undefined && u < min) || (max !== undefined && u > max)) return `expected ${expected}, got ${u}`
    // past 2^53 - 1 a number stands for several integers: u + 1 === u, and a read of a stored integer may be another
    if (kind === 'int' && !Number.isSafeInteger(u)) return `expected ${expected}, got ${u}, beyond Number.MAX_SAFE_INTEGER (${Number.MAX_SAFE_INTEGER}): use Field.bigint or Field.decimal`
    return D.checkNumber(u)
  })), declared)
}

/**
 * A safe integer `number` (at most `Number.MAX_SAFE_INTEGER` either side of 0; optionally
 * within `[min, max]`), on encode and decode alike: a larger one is refused (`Field.bigint`
 * holds it). A stored number no JS number holds exactly is refused, never rounded.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * const Age = Field.int({ min: 0, max: 150 })
 * Age.is(42)  // => true
 * Age.is(4.2) // => false
 * Age.why(-1) // => 'expected an integer ≥ 0 and ≤ 150, got -1'
 * ```
 *
 * @category codecs
 */
export const int = (options: RangeOptions = {}): Field<number> => {
  try {
    return numberField('int', options)
  } catch (e) {
    return undeclarable('Field.int', e)
  }
}

/**
 * A finite `number` (optionally within `[min, max]`). A stored number no JS number holds exactly is refused, never rounded.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * const Ratio = Field.float({ min: 0, max: 1 })
 * Ratio.is(0.25)     // => true
 * Ratio.is(Infinity) // => false
 * ```
 *
 * @category codecs
 */
export const float = (options: RangeOptions = {}): Field<number> => {
  try {
    return numberField('float', options)
  } catch (e) {
    return undeclarable('Field.float', e)
  }
}

/**
 * A duration as a whole number of milliseconds (a safe integer, negative allowed), stored
 * as a number of milliseconds: exact, sortable, and `U.add`/`U.increment` work on it.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * Field.duration.is(90_000) // => true
 * Field.duration.is(1.5)    // => false
 * ```
 *
 * @category codecs
 */
export const duration: Field<number> = bounded(stored('N', make<number>('duration', (u) => {
  if (typeof u !== 'number') return u instanceof NumberValue ? inexact(u) : `expected a duration in whole milliseconds, got ${got(u)}`
  return Number.isSafeInteger(u) ? undefined : `expected a duration in whole milliseconds (a safe integer), got ${u}`
})), { integer: true, safe: true })

const bigintWhy = (u: unknown): string | undefined => {
  if (typeof u !== 'bigint') return `expected a bigint, got ${got(u)}`
  const why = D.checkString(u.toString())
  return why === undefined ? undefined : `expected a bigint DynamoDB can store: ${why}`
}

/**
 * An exact integer as a `bigint`, up to DynamoDB's 38 significant digits (so up to
 * 9.99…E+125 when the rest are zeros). Reads any stored integer exactly. It declares its
 * values integers (`Shape.bounds`), so an update adding a fraction to it or copying a number
 * that may be one into it is refused before any request.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * // past Number.MAX_SAFE_INTEGER, exactly
 * Field.bigint.is(2n ** 64n) // => true
 * Field.bigint.is(1)         // => false
 * ```
 *
 * @category codecs
 */
export const bigint: Field<bigint> = bounded(stored('N', fromParse<bigint, bigint>(
  'bigint',
  bigintWhy,
  (u) => {
    if (typeof u === 'bigint') return checked(u, bigintWhy)
    // a double holds the decimal JS writes for it (`9e37`), not its binary expansion
    if (typeof u === 'number') return Number.isSafeInteger(u) ? BigInt(u) : Number.isInteger(u) ? BigInt(D.ofNumber(u)) : invalid(`expected an integer, got ${u}`)
    if (u instanceof NumberValue) {
      // in DynamoDB's range first: `1e999999999` has no canonical string to write out
      const why = D.checkString(u.value)
      if (why !== undefined) return invalid(`expected an integer DynamoDB can store: ${why}`)
      const c = D.canonical(u.value) as string
      return D.isInteger(c) ? BigInt(c) : invalid(`expected an integer, got ${u.value}`)
    }
    return invalid(`expected a bigint, got ${got(u)}`)
  },
  identity,
)), { integer: true })

const decimalWhy = (u: unknown): string | undefined => {
  if (typeof u !== 'string') return `expected a decimal number as a string, got ${got(u)}`
  const why = D.checkString(u)
  return why === undefined ? undefined : `expected a decimal number DynamoDB can store: ${why}`
}

/**
 * An exact decimal number as a `string` (`"12.50"`, `"-1e-7"`, up to 38 significant digits,
 * magnitude 1E-130 … 9.99…E+125). Stored as a DynamoDB number (a util-dynamodb
 * `NumberValue` when encoded); read back in DynamoDB's canonical plain notation
 * (`"12.5"`, `"-0.0000001"`), see `decimal.canonical`.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * // exact: the string is the number, stored as N, never through a JS number
 * Field.decimal.is('12.50')                        // => true
 * Field.decimal.is('0.1 + 0.2')                    // => false
 * Field.decimal.encode('12345678901234567890.01').value // => '12345678901234567890.01'
 * ```
 *
 * @category codecs
 */
export const decimal: Field<string, NumberValue> = stored('N', fromParse<string, NumberValue>(
  'decimal',
  decimalWhy,
  (u) => {
    if (typeof u === 'number') return Number.isFinite(u) ? D.ofNumber(u) : invalid(`expected a decimal number, got ${u}`)
    if (u instanceof NumberValue || typeof u === 'string') {
      const s = typeof u === 'string' ? u : u.value
      const why = D.checkString(s)
      return why === undefined ? (D.canonical(s) as string) : invalid(`expected a decimal number DynamoDB can store: ${why}`)
    }
    return invalid(`expected a decimal number, got ${got(u)}`)
  },
  (s) => new NumberValue(s),
))

// -------------------------------------------------------------------------------------
// booleans, dates
// -------------------------------------------------------------------------------------

/**
 * `true` or `false`.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * Field.boolean.is(false)   // => true
 * Field.boolean.is('false') // => false
 * ```
 *
 * @category codecs
 */
export const boolean: Field<boolean> = make<boolean>('boolean', (u) => (typeof u === 'boolean' ? undefined : `expected a boolean, got ${got(u)}`))

/**
 * PynamoDB's `LegacyBooleanAttribute` (and its `BooleanAttribute` before 1.6): a `boolean`
 * stored as the number `1` or `0` (`N`). Reads those and a `BOOL`, as PynamoDB does. For a
 * `BooleanAttribute` whose older items hold numbers, `t.union([Field.boolean, Field.legacyBoolean])`
 * reads both and writes `BOOL`, as PynamoDB rewrites them.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Field } from 'dynamongo'
 *
 * Field.legacyBoolean.encode(true) // => 1
 * Field.legacyBoolean.decode(0)    // => E.right(false)
 * ```
 *
 * @category codecs
 */
export const legacyBoolean: Field<boolean, number> = stored('N', fromParse<boolean, number>(
  'legacyBoolean',
  boolean.why,
  (u) => (typeof u === 'boolean' ? u : u === 1 || u === 0 ? u === 1 : invalid(`expected 1, 0 or a boolean, got ${got(u)}`)),
  // a condition's value is encoded unchecked: anything but a boolean (a cast's `'x'`, `2`) is
  // no value of the type, and the compiler reports the encode's failure on it as a
  // ValidationError saying what the field takes (as `dateTime`'s on a string)
  (b) => (b === true ? 1 : b === false ? 0 : absurd(b)),
))

/** Days from 1970-01-01 to the proleptic Gregorian date `y-m-d` (any year: `Date.UTC` reads years 0–99 as 1900–1999). */
const daysFromCivil = (y: number, m: number, d: number): number => {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468
}

/**
 * `YYYY-MM-DDTHH:mm[:ss[.s{1,9}]](Z|±HH[:]MM)`: `\d` is ASCII digits only. Python writes six
 * digits (`%f`), nanosecond clocks nine; a `Date` keeps the first three.
 */
const dateTimeText = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d{0,6})?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/

/**
 * The instant of `s` (`dateTimeText`) in milliseconds, or NaN when `s` is not of that form or
 * names no time (February 30th, hour 24, minute 60, second 60, an offset of 24 hours or 60
 * minutes).
 */
const dateTimeMs = (s: string): number => {
  const m = dateTimeText.exec(s)
  if (m === null) return NaN
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  const h = Number(m[4])
  const mi = Number(m[5])
  const sec = Number(m[6] ?? 0)
  const oh = Number(m[9] ?? 0)
  const om = Number(m[10] ?? 0)
  if (!isCalendarDate(y, mo, d) || h > 23 || mi > 59 || sec > 59 || oh > 23 || om > 59) return NaN
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'))
  const offset = m[8] === undefined ? 0 : (m[8] === '+' ? 1 : -1) * (oh * 60 + om)
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi - offset) * 60_000 + sec * 1000 + ms
}

/** Why `u` is no valid `Date` (what `epochSeconds` holds), or `undefined`. */
const epochWhy = (u: unknown): string | undefined => {
  const ms = timeOf(u)
  return ms === undefined ? `expected a Date, got ${got(u)}` : Number.isNaN(ms) ? 'expected a Date, got an invalid Date' : undefined
}

/** Why `u` is no valid `Date` in the years `first`–9999, written with four digits as `years`. */
const yearsWhy =
  (first: number, years: string) =>
  (u: unknown): string | undefined => {
    const why = epochWhy(u)
    if (why !== undefined) return why
    // a valid Date: epochWhy says so
    const d = u as Date
    const y = yearOf(d)
    return y < first || y > 9999 ? `expected a Date in the years ${years}, got ${isoOf(d)}` : undefined
  }

const dateTimeWhy = yearsWhy(0, '0000–9999 (stored with a fixed width)')

/** Python's `datetime` holds the years 1–9999: a year 0000 written for it cannot be read back. */
const pythonWhy = yearsWhy(1, "0001–9999 (Python's datetime holds no other)")

/**
 * `field`, declaring the values whose stored form means their order (`Shape.DOMAIN`: what a
 * condition's value must be within): a date-time text is fixed width in the years 0000–9999
 * only (`+010000-…` sorts before `2024-…`), also where a field writes fewer of them (a year
 * 0000 compared with Python's 0001–9999 is before them all, as it should be).
 */
const within = <F extends t.Mixed>(field: F, why: (u: unknown) => string | undefined): F => Object.defineProperty(field, DOMAIN, { value: why })

/**
 * The one reader of the date-time fields: a `Date` that `why` takes, or a string of
 * `dateTimeText` (with `naive`, one without a zone too, as UTC) naming an instant that `why`
 * takes, so that a read gives only what the field writes (an offset can carry
 * `9999-12-31T23:59…-0100` into the year 10000).
 */
const readDateTime =
  (why: (u: unknown) => string | undefined, expected: string, naive: boolean) =>
  (u: unknown): Date | Invalid => {
    if (isDate(u)) return checked(u, why)
    if (typeof u !== 'string') return invalid(`${expected}, got ${got(u)}`)
    let ms = dateTimeMs(u)
    if (naive && Number.isNaN(ms)) ms = dateTimeMs(`${u}Z`)
    if (Number.isNaN(ms)) return invalid(`${expected}, got ${show(u)}`)
    const d = new Date(ms)
    const w = why(d)
    return w === undefined ? d : invalid(`${w}, read from ${show(u)}`)
  }

/**
 * A `Date` in memory; in DynamoDB an ISO-8601 UTC string of fixed width
 * (`YYYY-MM-DDTHH:mm:ss.sssZ`, years 0000–9999), so strings sort as the times do and the
 * field works as a range key. Reads that form and any ISO-8601 date-time with `Z` or an
 * offset, with up to 9 fractional digits (PynamoDB's `2020-01-01T00:00:00.123456+0000`): a
 * `Date` keeps milliseconds, so the rest is cut (toward the past), and a save writes this
 * field's own form (`Field.pynamoDateTime` writes PynamoDB's). A condition's value is held to
 * those years too (a `ValidationError` otherwise): `+010000-01-01T…` would sort before `2024-…`.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Field } from 'dynamongo'
 *
 * Field.dateTime.encode(new Date(Date.UTC(2024, 2, 5, 10))) // => '2024-03-05T10:00:00.000Z'
 * Field.dateTime.decode('2024-03-05T10:00:00.000Z')         // => E.right(new Date(Date.UTC(2024, 2, 5, 10)))
 * ```
 *
 * @category codecs
 */
export const dateTime: Field<Date, string> = within(stored('S', fromParse<Date, string>(
  'dateTime',
  dateTimeWhy,
  readDateTime(dateTimeWhy, 'expected an ISO-8601 date-time with a time zone (2024-05-01T12:00:00.000Z)', false),
  isoOf,
)), dateTimeWhy)

/**
 * A `Date` field stored as Python writes date-times (`%Y-%m-%dT%H:%M:%S.%f` then `zone`, in
 * UTC: fixed width, so the strings sort as the times do); it reads what `dateTime` reads, and
 * a naive date-time (no zone) as UTC when `zone` is ''.
 */
const pythonDateTime = (name: string, zone: string): Field<Date, string> =>
  within(stored('S', fromParse<Date, string>(
    name,
    pythonWhy,
    readDateTime(pythonWhy, `expected an ISO-8601 date-time (2024-05-01T12:00:00.000000${zone})`, zone === ''),
    (d) => `${isoOf(d).slice(0, 23)}000${zone}`,
  )), dateTimeWhy)

/**
 * PynamoDB's `UTCDateTimeAttribute`: a `Date` in memory; in DynamoDB the string PynamoDB
 * writes, `2020-01-01T00:00:00.123000+0000` (UTC, six fractional digits, fixed width: it sorts
 * as the times do, as PynamoDB's conditions compare). Reads what `Field.dateTime` reads. A
 * `Date` keeps milliseconds: a value PynamoDB wrote with microseconds reads to its
 * millisecond, and a save writes it back with the digits past it as `000`
 * (`…00.123456+0000` becomes `…00.123000+0000`). A key attribute PynamoDB wrote so needs its
 * exact text: declare it `t.string`. Years 0001–9999, as Python's `datetime` holds them (a
 * condition's value 0000–9999, the years whose text sorts as the time does).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Field } from 'dynamongo'
 *
 * Field.pynamoDateTime.encode(new Date(Date.UTC(2024, 2, 5, 10))) // => '2024-03-05T10:00:00.000000+0000'
 * Field.pynamoDateTime.decode('2024-03-05T10:00:00.123456+0000')  // => E.right(new Date(Date.UTC(2024, 2, 5, 10, 0, 0, 123)))
 * ```
 *
 * @category codecs
 */
export const pynamoDateTime: Field<Date, string> = pythonDateTime('pynamoDateTime', '+0000')

/**
 * A naive Python `datetime` taken as UTC, as dynamongo 0.2's `DateTimeField` (schematics)
 * stores `datetime.now()`: `2018-10-06T12:34:56.123456`, no zone. Reads that form (as UTC)
 * and what `Field.dateTime` reads; writes that form in UTC with six fractional digits (the
 * microseconds past the millisecond as `000`, as `Field.pynamoDateTime`), so the Python side
 * keeps reading naive values (Python refuses to compare a naive `datetime` with an aware one).
 * Right only when the Python side's clock was UTC: a naive time names no instant. Years
 * 0001–9999, as Python's `datetime` holds them (a condition's value 0000–9999, as
 * `Field.pynamoDateTime`'s).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Field } from 'dynamongo'
 *
 * Field.naiveDateTime.encode(new Date(Date.UTC(2018, 9, 6, 12))) // => '2018-10-06T12:00:00.000000'
 * Field.naiveDateTime.decode('2018-10-06T12:34:56.5')             // => E.right(new Date(Date.UTC(2018, 9, 6, 12, 34, 56, 500)))
 * ```
 *
 * @category codecs
 */
export const naiveDateTime: Field<Date, string> = pythonDateTime('naiveDateTime', '')

/**
 * A `Date` in memory; in DynamoDB a number: whole seconds since the epoch (1970-01-01T00:00:00Z),
 * the form DynamoDB's time to live reads (a model's `ttl` field is one of these). A time
 * between two seconds is stored as the second before it (rounded down, toward the past:
 * `12:00:00.999` is stored as `12:00:00`), so an item never outlives the time it was given;
 * what is read back is that whole second. An invalid `Date` (`new Date(NaN)`) is refused
 * (`ValidationError`). Reads any stored number of seconds; a fraction (written by another
 * tool) is rounded down the same way, so a read gives what a save of it would store.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * // the format DynamoDB's time to live reads: whole seconds since the epoch
 * Field.epochSeconds.encode(new Date('2024-03-05T10:00:00.900Z')) // => 1709632800
 * ```
 *
 * @category codecs
 */
export const epochSeconds: Field<Date, number> = within(stored('N', fromParse<Date, number>(
  'epochSeconds',
  epochWhy,
  (u) => {
    if (isDate(u)) return checked(u, epochWhy)
    if (typeof u !== 'number') return invalid(u instanceof NumberValue ? `expected seconds since the epoch, got the number ${u.value}` : `expected seconds since the epoch, got ${got(u)}`)
    // a fraction (stored by another writer) reads as the whole second before it, as a save stores it
    const d = new Date(Math.floor(u) * 1000)
    return Number.isNaN(d.getTime()) ? invalid(`expected seconds since the epoch within the years a Date holds, got ${u}`) : d
  },
  // a valid Date: epochWhy took it
  (d) => Math.floor((timeOf(d) as number) / 1000),
)), epochWhy)

// -------------------------------------------------------------------------------------
// lists and maps
// -------------------------------------------------------------------------------------

/**
 * A list of `codec` values (stored as `L`; an io-ts `ReadonlyArrayType`, so handles reach its elements).
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * const Scores = Field.list(Field.int({ min: 0 }))
 * Scores.is([3, 5])  // => true
 * Scores.is([3, -5]) // => false
 * ```
 *
 * @category combinators
 */
export const list = <C extends t.Mixed>(codec: C, name?: string): t.ReadonlyArrayC<C> => {
  try {
    return t.readonlyArray(codec, name)
  } catch (e) {
    return undeclarable('Field.list', e)
  }
}

/**
 * A map with the given fields (stored as `M`). Unknown keys are dropped (`t.exact`); the
 * shape stays inspectable, so handles reach its fields. Optional fields go in `optional`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Field } from 'dynamongo'
 *
 * // a map of required and optional fields, stored as M; unknown keys are dropped
 * const Address = Field.map({ city: t.string }, { zip: t.string })
 * Address.encode({ city: 'Nairobi' }) // => { city: 'Nairobi' }
 * Address.is({ zip: '00100' })        // => false
 * ```
 *
 * @category combinators
 */
export function map<P extends t.Props>(props: P, name?: string): t.ExactC<t.TypeC<P>>
export function map<P extends t.Props, Q extends t.Props>(props: P, optional: Q, name?: string): t.ExactC<t.IntersectionC<[t.TypeC<P>, t.PartialC<Q>]>>
export function map(props: t.Props, optional?: t.Props | string, name?: string): t.Mixed {
  try {
    if (optional === undefined || typeof optional === 'string') return t.exact(t.type(props), optional)
    return t.exact(t.intersection([t.type(props), t.partial(optional)]), name)
  } catch (e) {
    return undeclarable('Field.map', e)
  }
}

// -------------------------------------------------------------------------------------
// sets, binary
// -------------------------------------------------------------------------------------

/**
 * A set codec `set` whose members are stored as `member` stores one (`Shape.MEMBER`), so that
 * `contains` compares a member in its stored form; a new object whose prototype is `set`.
 */
const withMember = <S extends t.Mixed>(member: t.Mixed, set: S): S => Object.create(set, { [MEMBER]: { value: member } }) as S

const setField = <A>(name: string, member: string, ok: (u: unknown) => string | undefined): Field<ReadonlySet<A>> =>
  make<ReadonlySet<A>>(name, (u) => {
    if (!(u instanceof Set)) return `expected a set of ${member}, got ${got(u)}`
    for (const m of u) {
      const why = ok(m)
      if (why !== undefined) return `expected a set of ${member}: ${why}`
    }
    return undefined
  })

/**
 * A set of strings (`SS`). DynamoDB stores no empty set: `Item.encode` refuses one.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * Field.stringSet.is(new Set(['admin', 'ops'])) // => true
 * Field.stringSet.is(['admin'])                 // => false
 * ```
 *
 * @category codecs
 */
export const stringSet: Field<ReadonlySet<string>> = withMember(t.string, setField<string>('stringSet', 'strings', (m) => (typeof m === 'string' ? undefined : `got ${got(m)}`)))

/**
 * A set of numbers (`NS`), each held exactly by a JS number.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * Field.numberSet.is(new Set([1, 2])) // => true
 * Field.numberSet.is(new Set(['1']))  // => false
 * ```
 *
 * @category codecs
 */
export const numberSet: Field<ReadonlySet<number>> = withMember(t.number, setField<number>('numberSet', 'numbers', (m) =>
  typeof m === 'number' ? (Number.isFinite(m) ? D.checkNumber(m) : `got ${m}`) : m instanceof NumberValue ? inexact(m) : `got ${got(m)}`,
))

/**
 * Bytes (`B`): a `Uint8Array` (a Node `Buffer` is one).
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * Field.binary.is(new Uint8Array([1, 2])) // => true
 * Field.binary.is('AQI=')                 // => false
 * ```
 *
 * @category codecs
 */
export const binary: Field<Uint8Array> = stored('B', make<Uint8Array>('binary', (u) => (u instanceof Uint8Array ? undefined : `expected a Uint8Array, got ${got(u)}`)))

/**
 * A set of byte strings (`BS`); members with the same bytes are duplicates.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * Field.binarySet.is(new Set([new Uint8Array([1])])) // => true
 * ```
 *
 * @category codecs
 */
export const binarySet: Field<ReadonlySet<Uint8Array>> = withMember(binary, setField<Uint8Array>('binarySet', 'Uint8Arrays', (m) => (m instanceof Uint8Array ? undefined : `got ${got(m)}`)))

/** `field`, declaring that its stored form keeps its values' equality only, and why (`Shape.EQUALITY_ONLY`). */
const equalityOnly = <F extends t.Mixed>(why: string, field: F): F => Object.defineProperty(field, EQUALITY_ONLY, { value: why })

/** The stored bytes of PynamoDB's binaries: the ASCII of the base64 text of the value. */
const toPynamo = (b: Uint8Array): Uint8Array => new Uint8Array(Buffer.from(base64(b), 'latin1'))

/** The value of stored bytes `u` that PynamoDB wrote (`toPynamo`), or why not. */
const fromPynamo = (u: unknown): Uint8Array | Invalid =>
  (u instanceof Uint8Array ? fromBase64(Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('latin1')) : undefined) ??
  invalid(`expected bytes holding base64 text (as PynamoDB up to 5.x stores a binary), got ${got(u)}`)

/**
 * PynamoDB's `BinaryAttribute` (up to 5.x; 6.x's with `legacy_encoding=True`): bytes in memory,
 * stored as `B` whose bytes are the base64 text of the value (PynamoDB encodes it, then the
 * SDK does again), so `b'hi'` is stored as the bytes of `aGk=`. `Field.binary` would read
 * those bytes as they are, and its saves would write bytes PynamoDB's read refuses (an
 * `Incorrect padding` error for the whole item). The stored form keeps equality only
 * (`Shape.EQUALITY_ONLY`): `<`, `<=`, `>`, `>=`, `BETWEEN`, `begins_with`, `contains` and
 * `size` on it are an `ExpressionError`, and it is no range key (a `SchemaError` at
 * `Model.make`); `pynamoBinarySet`'s `contains` compares a member whole.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Field } from 'dynamongo'
 *
 * new TextDecoder().decode(Field.pynamoBinary.encode(new TextEncoder().encode('hi'))) // => 'aGk='
 * Field.pynamoBinary.decode(new TextEncoder().encode('aGk='))                        // => E.right(new Uint8Array([104, 105]))
 * ```
 *
 * @category codecs
 */
export const pynamoBinary: Field<Uint8Array> = equalityOnly(
  'its stored form is the bytes of its base64 text, which do not sort, begin, contain or count as the bytes do',
  stored('B', fromParse<Uint8Array, Uint8Array>('pynamoBinary', binary.why, fromPynamo, toPynamo)),
)

/**
 * PynamoDB's `BinarySetAttribute` (up to 5.x): a set of byte strings (`BS`), each member
 * stored as the bytes of its base64 text, as `Field.pynamoBinary` stores one.
 *
 * @example
 * ```ts
 * import { Field } from 'dynamongo'
 *
 * Field.pynamoBinarySet.is(new Set([new Uint8Array([1])])) // => true
 * ```
 *
 * @category codecs
 */
export const pynamoBinarySet: Field<ReadonlySet<Uint8Array>> = withMember(pynamoBinary, fromParse<ReadonlySet<Uint8Array>, ReadonlySet<Uint8Array>>(
  'pynamoBinarySet',
  binarySet.why,
  (u) => {
    if (!(u instanceof Set)) return invalid(`expected a set of bytes, got ${got(u)}`)
    const out = new Set<Uint8Array>()
    for (const m of u) {
      const b = fromPynamo(m)
      if (b instanceof Invalid) return b
      out.add(b)
    }
    return out
  },
  (s) => new Set(Array.from(s, toPynamo)),
))

// -------------------------------------------------------------------------------------
// json
// -------------------------------------------------------------------------------------

/** Why `json`'s stored form keeps equality only, and which equality (`Shape.EQUALITY_ONLY`). */
const jsonEqualityOnly =
  'its stored form is its JSON text, which does not sort, begin, contain or count as its values do (10 is stored as "10", before "9"), ' +
  'and = compares that text, equal only when written the same (as this library writes it: {"a":1,"b":2} is neither {"b":2,"a":1} nor PynamoDB\'s {"a": 1, "b": 2})'

/** The strings and numbers of JSON text. */
const jsonTokens = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g

/**
 * Any JSON value (io-ts-types' `Json`), stored as its JSON text (`S`), like PynamoDB's
 * `JSONAttribute`. Parsing keeps `__proto__` keys as plain data (as `JSON.parse` does). A
 * text holding a number no JS number holds exactly (an integer past 2^53, as Python's `json`
 * writes any `int`) is refused, never rounded: a save would store the rounded number. The
 * stored text is compared by equality only (`Shape.EQUALITY_ONLY`, as `pynamoBinary`'s): it
 * takes `=`, `<>`, `IN`, `attribute_exists`, `attribute_not_exists` and `attribute_type`, and
 * anything else on it is an `ExpressionError`. `=` compares the TEXT: a value equals a stored
 * one only when written the same, as this library writes it (`JSON.stringify`: keys in the
 * object's order, no spaces), so `{ a: 1, b: 2 }` is not a stored `{"b":2,"a":1}`, nor
 * PynamoDB's `{"a": 1, "b": 2}`.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { Field } from 'dynamongo'
 *
 * Field.json.encode({ a: [1, null] }) // => '{"a":[1,null]}'
 * Field.json.decode('{"a":1}')        // => E.right({ a: 1 })
 * ```
 *
 * @category codecs
 */
export const json: Field<Json, string> = equalityOnly(jsonEqualityOnly, fromParse<Json, string>(
  'json',
  (u) => {
    const why = jsonWhy(u)
    return why === undefined ? undefined : `expected a JSON value: ${why}`
  },
  (u) => {
    if (typeof u !== 'string') return invalid(`expected JSON text, got ${got(u)}`)
    let j: Json
    try {
      j = JSON.parse(u) as Json
    } catch (e) {
      return invalid(`expected JSON text: ${e instanceof Error ? e.message : String(e)}`)
    }
    // strings are matched whole, so that only numbers outside them are read
    for (const [token] of u.matchAll(jsonTokens)) {
      if (token[0] !== '"' && D.toExactNumber(token) === undefined) {
        return invalid(`expected JSON whose numbers a JS number holds exactly, got ${token} (it would round to ${Number(token)}, and a save would store that)`)
      }
    }
    return j
  },
  (j) => JSON.stringify(j),
))
