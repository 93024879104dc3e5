/**
 * fast-check arbitraries per field type: the in-memory values each `Field` codec holds, as
 * `Item.decode(codec, Item.encode(codec, x))` gives them back (decimals in DynamoDB's
 * canonical form, no `-0`). `fieldCases` pairs every field with its arbitrary.
 */
import * as fc from 'fast-check'
import * as t from 'io-ts'
import * as F from '../../lib/codec/Field.js'
import * as D from '../../lib/codec/decimal.js'

const noNegZero = (n: number): number => (n === 0 ? 0 : n)

/** Doubles DynamoDB stores (finite, magnitude 0 or within 1E-130 … 9.99E+125). */
export const storableDouble: fc.Arbitrary<number> = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .filter((n) => n === 0 || (Math.abs(n) >= 1e-130 && Math.abs(n) < 9.99e125))
  .map(noNegZero)

/** Exact decimals, in DynamoDB's canonical plain notation, up to 38 significant digits. */
export const decimal: fc.Arbitrary<string> = fc
  .record({
    negative: fc.boolean(),
    digits: fc.stringMatching(/^[1-9](\d{0,36}[1-9])?$/),
    exponent: fc.integer({ min: -130, max: 88 }),
  })
  .filter((p) => p.digits.length + p.exponent - 1 <= 125 && p.digits.length + p.exponent - 1 >= -130)
  .map((p) => D.format({ negative: p.negative, digits: p.digits, exponent: p.exponent + p.digits.length }))

/** Integers with up to 38 digits. */
export const bigint: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n }),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.constantFrom(2n ** 53n + 1n, -(2n ** 53n) - 1n, 10n ** 37n * 9n, 0n),
)

const bytesKey = (b: Uint8Array) => Array.from(b).join(',')

const dateTimeArb = fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })

/** Keys that must stay plain data. */
export const trickyKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'a.b', 'a b', '#x', ':v', 'é')

export const mapKey: fc.Arbitrary<string> = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), trickyKey)

export interface FieldCase {
  readonly name: string
  readonly codec: t.Mixed
  readonly arb: fc.Arbitrary<unknown>
}

const c = (name: string, codec: t.Mixed, arb: fc.Arbitrary<unknown>): FieldCase => ({ name, codec, arb })

/** Every field type with an arbitrary of its in-memory values. */
export const fieldCases: ReadonlyArray<FieldCase> = [
  c('string', F.string(), fc.string({ unit: 'grapheme' })),
  c('string(minLength, maxLength, regex)', F.string({ minLength: 2, maxLength: 6, regex: /^[a-z]+$/ }), fc.stringMatching(/^[a-z]{2,6}$/)),
  c('email', F.email, fc.emailAddress().filter((s) => F.email.is(s))),
  c('url', F.url, fc.webUrl({ withQueryParameters: true, withFragments: true })),
  c('uuid', F.uuid, fc.uuid()),
  c('ipAddress', F.ipAddress, fc.oneof(fc.ipV4(), fc.ipV6())),
  c('int', F.int(), fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER))),
  c('int(min, max)', F.int({ min: 1900, max: 2018 }), fc.integer({ min: 1900, max: 2018 })),
  c('float', F.float(), storableDouble),
  c('boolean', F.boolean, fc.boolean()),
  c('dateTime', F.dateTime, dateTimeArb),
  c('date', F.date, dateTimeArb.map((d) => d.toISOString().slice(0, 10))),
  c('duration', F.duration, fc.maxSafeInteger().map(noNegZero)),
  c('bigint', F.bigint, bigint),
  c('decimal', F.decimal, decimal),
  c('list', F.list(t.string), fc.array(fc.string())),
  c('list of maps', F.list(F.map({ n: F.int(), s: F.stringSet })), fc.array(fc.record({ n: fc.integer(), s: fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 4 }).map((a) => new Set(a)) }, { noNullPrototype: true }))),
  c('map', F.map({ city: t.string, zip: F.int() }, { street: t.string }), fc.record({ city: fc.string(), zip: fc.nat(), street: fc.string() }, { requiredKeys: ['city', 'zip'], noNullPrototype: true })),
  c('stringSet', F.stringSet, fc.uniqueArray(fc.string(), { minLength: 1 }).map((a) => new Set(a))),
  c('numberSet', F.numberSet, fc.uniqueArray(storableDouble, { minLength: 1 }).map((a) => new Set(a))),
  c('binary', F.binary, fc.uint8Array()),
  c('binarySet', F.binarySet, fc.uniqueArray(fc.uint8Array(), { minLength: 1, selector: bytesKey }).map((a) => new Set(a))),
  c('json', F.json, fc.jsonValue().map((j) => JSON.parse(JSON.stringify(j)) as unknown)),
  // whole seconds: what decode gives back (a time between two seconds is stored as the second before it)
  c('epochSeconds', F.epochSeconds, fc.integer({ min: -8.64e12, max: 8.64e12 }).map((s) => new Date(s * 1000))),
]

/** An object from entries, every key an own data property (`__proto__` included). */
export const objectOf = (entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> => {
  const o: Record<string, unknown> = {}
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
  return o
}

/** Plain values any `t.unknown` field can store, with map keys from `keys` at every depth. */
export const storableOf = (keys: fc.Arbitrary<string>): fc.Arbitrary<unknown> =>
  fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.string(),
      storableDouble,
      fc.boolean(),
      fc.constant(null),
      fc.uint8Array(),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.array(fc.tuple(keys, tie('value')), { maxLength: 4 }).map(objectOf),
    ),
  })).value

/** Plain values with tricky map keys (`__proto__`, `constructor`, …) at every depth. */
export const storable: fc.Arbitrary<unknown> = storableOf(mapKey)

/**
 * Plain values whose keys util-dynamodb's `marshall` handles (it turns a `__proto__` key
 * into a prototype and throws on an own `constructor` key that is not a function).
 */
export const storablePlain: fc.Arbitrary<unknown> = storableOf(mapKey.filter((k) => k !== '__proto__' && k !== 'constructor'))

/**
 * Deep equality by own data properties (uvu's `equal` reads `constructor`, so an own
 * `constructor` key confuses it): same prototype, same keys, same values (a `Date`'s time).
 */
export const same = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b) || (a === 0 && b === 0)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (a instanceof Date) return b instanceof Date && Object.is(a.getTime(), b.getTime())
  if (a instanceof Uint8Array) return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i])
  if (a instanceof Set) return b instanceof Set && a.size === b.size && [...a].every((x) => [...b].some((y) => same(x, y)))
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  return ka.every((k) => {
    const da = Object.getOwnPropertyDescriptor(a, k)
    const db = Object.getOwnPropertyDescriptor(b, k)
    return da !== undefined && db !== undefined && same(da.value, db.value)
  })
}
