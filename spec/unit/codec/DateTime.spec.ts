import * as vm from 'node:vm'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as F from '../../../lib/codec/Field.js'
import * as Item from '../../../lib/codec/Item.js'
import * as DE from '../../../lib/DynamoError.js'
import { show } from '../../../lib/internal/show.js'

// The reader `Field.dateTime` had before its hand-written one (a regex, a calendar check,
// then `new Date`): the oracle the new reader must agree with, acceptance, instant and message.
// (now with 1–9 fractional digits, of which a Date keeps the first three: the instant truncated)
const oldRegex = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/
const isCalendarDate = (y: number, m: number, d: number): boolean => {
  if (m < 1 || m > 12 || d < 1) return false
  const days = m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31
  return d <= days
}
const expected = 'expected an ISO-8601 date-time with a time zone (2024-05-01T12:00:00.000Z)'
const oldRead = (u: string): E.Either<string, number> => {
  const m = oldRegex.exec(u)
  if (m === null || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) {
    return E.left(`${expected}, got ${show(u)}`)
  }
  const d = new Date(u.replace(/(\.\d{3})\d+/, '$1'))
  if (Number.isNaN(d.getTime())) return E.left(`${expected}, got ${show(u)}`)
  // a read gives only a Date the field writes: an offset may carry one out of the years 0000–9999
  const y = d.getUTCFullYear()
  return y < 0 || y > 9999 ? E.left(outOfRange(d, u)) : E.right(d.getTime())
}
const outOfRange = (d: Date, u: string) => `expected a Date in the years 0000–9999 (stored with a fixed width), got ${d.toISOString()}, read from ${show(u)}`
const newRead = (u: string): E.Either<string, number> => {
  const r = F.dateTime.decode(u)
  if (E.isRight(r)) return E.right(r.right.getTime())
  assert.is(r.left.length, 1)
  return E.left(r.left[0]?.message ?? '')
}

const pad = (n: number, w: number) => String(n).padStart(w, '0')
const digits = (min: number, max: number, w: number) => fc.integer({ min, max }).map((n) => pad(n, w))

/** Date-times of the accepted forms, each field drawn a little past its range (month 13, day 32, hour 24, offset 24:60, …). */
const nearValid = fc
  .record({
    y: fc.oneof(digits(0, 9999, 4), fc.constantFrom('0000', '1900', '2000', '2024', '2100', '9999', '0004', '0100', '0400')),
    mo: fc.oneof(digits(0, 13, 2), fc.constant('02')),
    d: fc.oneof(digits(0, 32, 2), fc.constantFrom('28', '29', '30', '31')),
    h: digits(0, 25, 2),
    mi: digits(0, 61, 2),
    s: fc.option(digits(0, 61, 2)),
    f: fc.option(fc.stringMatching(/^[0-9]{0,10}$/)),
    zone: fc.oneof(
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), digits(0, 25, 2), fc.constantFrom(':', ''), digits(0, 61, 2)).map(([s, h, c, m]) => `${s}${h}${c}${m}`),
      fc.constantFrom('z', '', '+0', '+00:0', '+00:000', 'UTC', ' Z', 'Z ', 'Z\n', '+00'),
    ),
  })
  .map(({ y, mo, d, h, mi, s, f, zone }) => `${y}-${mo}-${d}T${h}:${mi}${s === null ? '' : `:${s}${f === null ? '' : `.${f}`}`}${zone}`)

/** A near-valid date-time with one character changed, inserted or removed. */
const mutated = fc
  .tuple(nearValid, fc.nat(), fc.constantFrom('set', 'insert', 'delete'), fc.constantFrom('0', '9', '-', ':', 'T', 't', ' ', '.', '+', 'Z', '٣', '\n', 'a', '/'))
  .map(([s, at, how, c]) => {
    const i = at % (s.length + 1)
    return how === 'set' ? s.slice(0, i) + c + s.slice(i + 1) : how === 'insert' ? s.slice(0, i) + c + s.slice(i) : s.slice(0, i) + s.slice(i + 1)
  })

test('dateTime reads as the regex reader did: leap days, offsets, fractions, fields out of range (20,000 cases)', () => {
  fc.assert(
    fc.property(fc.oneof(nearValid, mutated, fc.string({ maxLength: 40 })), (s) => {
      assert.equal(newRead(s), oldRead(s), s)
    }),
    { seed: 8, numRuns: 20_000 },
  )
})

test('dateTime reads every valid date-time, at the instant new Date gives (5,000 cases)', () => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date('0000-01-02T00:00:00.000Z'), max: new Date('9999-12-30T23:59:59.999Z'), noInvalidDate: true }),
      fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
      fc.constantFrom(':', ''),
      fc.integer({ min: 0, max: 3 }),
      (d, offset, colon, fraction) => {
        // the instant written in the zone `offset` minutes east of UTC, to `fraction` digits
        const local = new Date(d.getTime() + offset * 60_000).toISOString()
        const a = Math.abs(offset)
        const zone = offset === 0 && colon === '' ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60), 2)}${colon}${pad(a % 60, 2)}`
        const s = `${local.slice(0, fraction === 0 ? 19 : 20 + fraction)}${zone}`
        const r = newRead(s)
        assert.equal(r, oldRead(s), s)
        assert.ok(E.isRight(r), s)
        assert.is(r.right, new Date(s).getTime(), s)
      },
    ),
    { seed: 9, numRuns: 5_000 },
  )
})

test("the date-time fields store the time a Date holds, not what its class or own properties answer (toISOString, getTime, getUTCFullYear)", () => {
  class Shifted extends Date {
    override toISOString(): string {
      return 'nope'
    }
    override getTime(): number {
      return NaN
    }
  }
  const own = (d: Date, k: string, f: () => unknown): Date => Object.defineProperty(d, k, { value: f })
  const at = Date.UTC(2024, 2, 5, 10)
  const dates: ReadonlyArray<readonly [string, Date]> = [
    ['a subclass', new Shifted(at)],
    ['an own toISOString', own(new Date(at), 'toISOString', () => 'zz')],
    ['an own getTime', own(new Date(at), 'getTime', () => 5)],
    ['an own getUTCFullYear', own(new Date(at), 'getUTCFullYear', () => 12345)],
  ]
  const write = <O>(f: { is: (u: unknown) => boolean; encode: (d: Date) => O }, d: Date): O | 'refused' => (f.is(d) ? f.encode(d) : 'refused')
  for (const [what, d] of dates) {
    assert.is(write(F.dateTime, d), '2024-03-05T10:00:00.000Z', what)
    assert.is(write(F.pynamoDateTime, d), '2024-03-05T10:00:00.000000+0000', what)
    assert.is(write(F.naiveDateTime, d), '2024-03-05T10:00:00.000000', what)
    assert.is(write(F.epochSeconds, d), at / 1000, what)
  }
  // an invalid time is refused whatever the value says of itself; an object that only inherits from Date holds no time
  assert.not.ok(F.dateTime.is(own(new Date(NaN), 'getTime', () => 0)))
  assert.not.ok(F.epochSeconds.is(own(new Date(NaN), 'getTime', () => 0)))
  assert.not.ok(F.dateTime.is(Object.create(Date.prototype)))
  assert.not.ok(F.epochSeconds.is(Object.create(Date.prototype)))
})

test('a Date of another realm (node:vm, an iframe) is a Date: the fields take it and store the time it holds', () => {
  const at = Date.UTC(2024, 2, 5, 10)
  const other = (ms: number): Date => vm.runInNewContext(`new Date(${ms})`) as Date
  const d = other(at)
  assert.not.ok(d instanceof Date)
  assert.is(F.dateTime.is(d) ? F.dateTime.encode(d) : 'refused', '2024-03-05T10:00:00.000Z')
  assert.is(F.pynamoDateTime.is(d) ? F.pynamoDateTime.encode(d) : 'refused', '2024-03-05T10:00:00.000000+0000')
  assert.is(F.naiveDateTime.is(d) ? F.naiveDateTime.encode(d) : 'refused', '2024-03-05T10:00:00.000000')
  assert.is(F.epochSeconds.is(d) ? F.epochSeconds.encode(d) : 'refused', at / 1000)
  const read = F.dateTime.decode(d)
  assert.ok(E.isRight(read) && Date.prototype.getTime.call(read.right) === at, JSON.stringify(read))
  assert.equal(F.dateTime.decode(F.dateTime.encode(d)), E.right(new Date(at)))
  assert.is(show(d), 'Date(2024-03-05T10:00:00.000Z)')
  // stored as it is, it is refused as this realm's Date is, asking for a field
  assert.equal(Item.marshall({ x: d }), E.left(DE.validationError([{ path: 'x', message: 'a Date cannot be stored as it is (use Field.dateTime), got Date(2024-03-05T10:00:00.000Z)' }])))
  // its invalid Date is refused as this realm's is; what only says it is a Date (its toStringTag) is none
  assert.not.ok(F.dateTime.is(other(Number.NaN)))
  assert.not.ok(F.epochSeconds.is(other(Number.NaN)))
  assert.not.ok(F.dateTime.is({ [Symbol.toStringTag]: 'Date' }))
  assert.not.ok(F.epochSeconds.is(vm.runInNewContext('Object.create(Date.prototype)')))
})

test('dateTime: the edges, one by one', () => {
  const cases: ReadonlyArray<readonly [string, number | null]> = [
    ['2024-02-29T00:00Z', Date.parse('2024-02-29T00:00:00Z')],
    ['2023-02-29T00:00Z', null],
    ['1900-02-29T00:00Z', null],
    ['2000-02-29T00:00Z', Date.parse('2000-02-29T00:00:00Z')],
    ['0000-02-29T00:00Z', Date.parse('0000-02-29T00:00:00Z')],
    ['0000-01-01T00:01+00:01', Date.parse('0000-01-01T00:00:00Z')],
    ['9999-12-31T00:00:59.999-23:59', Date.parse('9999-12-31T23:59:59.999Z')],
    ['2024-05-01T12:00+0200', Date.parse('2024-05-01T10:00:00Z')],
    ['2024-05-01T12:00:00.1Z', Date.parse('2024-05-01T12:00:00.100Z')],
    ['2024-05-01T12:00:00.12-00:00', Date.parse('2024-05-01T12:00:00.120Z')],
    ['2024-05-01T12:00+24:00', null],
    ['2024-05-01T12:00+23:60', null],
    ['2024-05-01T24:00Z', null],
    ['2024-05-01T12:60Z', null],
    ['2024-05-01T12:00:60Z', null],
    ['2024-05-01T12:00:00.Z', null],
    ['2024-05-01T12:00:00.1234Z', Date.parse('2024-05-01T12:00:00.123Z')],
    ['2024-05-01T12:00:00.999999999Z', Date.parse('2024-05-01T12:00:00.999Z')],
    ['1969-12-31T23:59:59.999999+0000', -1],
    ['2024-05-01T12:00:00.1234567890Z', null],
    ['2024-05-01T12:00.000Z', null],
    ['2024-04-31T00:00Z', null],
    ['2024-05-01t12:00Z', null],
    ['+02024-05-01T12:00Z', null],
  ]
  for (const [s, ms] of cases) {
    assert.equal(newRead(s), oldRead(s), s)
    assert.equal(newRead(s), ms === null ? E.left(`${expected}, got ${show(s)}`) : E.right(ms), s)
  }
  // an offset carrying the instant out of the years the field writes: refused, not read as a
  // Date its save would refuse
  for (const [s, ms] of [
    ['0000-01-01T00:00+00:01', Date.parse('0000-01-01T00:00:00Z') - 60_000],
    ['9999-12-31T23:59:59.999-23:59', Date.parse('9999-12-31T23:59:59.999Z') + (23 * 60 + 59) * 60_000],
    ['9999-12-31T23:59:59.999-01:00', Date.parse('9999-12-31T23:59:59.999Z') + 60 * 60_000],
  ] as const) {
    assert.equal(newRead(s), oldRead(s), s)
    assert.equal(newRead(s), E.left(outOfRange(new Date(ms), s)), s)
  }
})

// PynamoDB's UTCDateTimeAttribute stores `%Y-%m-%dT%H:%M:%S.%f+0000` (microseconds); schematics'
// DateTimeType (dynamongo 0.2) `%Y-%m-%dT%H:%M:%S.%f%z`: a Date keeps the milliseconds, the rest is cut
test("dateTime reads PynamoDB's microseconds, to the millisecond below (2,000 cases)", () => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
      fc.integer({ min: 0, max: 999 }),
      fc.constantFrom('+0000', '+00:00', 'Z'),
      (d, micros, zone) => {
        const s = `${d.toISOString().slice(0, 23)}${pad(micros, 3)}${zone}`
        assert.equal(newRead(s), E.right(d.getTime()), s)
      },
    ),
    { seed: 10, numRuns: 2_000 },
  )
})

test.run()
