import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as F from '../../../lib/codec/Field.js'

// Python's date-times as PynamoDB's UTCDateTimeAttribute (`%Y-%m-%dT%H:%M:%S.%f+0000`) and
// dynamongo 0.2's DateTimeField of `datetime.now()` (`%Y-%m-%dT%H:%M:%S.%f`, naive) store them.
const instants = fc.date({ min: new Date('1000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
const python = (d: Date, micros: number, zone: string) => `${d.toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}${zone}`
const pynamoText = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+0000$/
const naiveText = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/

const cases = [
  [F.pynamoDateTime, '+0000', pynamoText],
  [F.naiveDateTime, '', naiveText],
] as const

test("pynamoDateTime, naiveDateTime write Python's form, fixed width, sorting as the times do, read back as written (1,000 cases each)", () => {
  for (const [field, zone, text] of cases) {
    fc.assert(
      fc.property(instants, instants, (a, b) => {
        const sa = field.encode(a)
        const sb = field.encode(b)
        assert.ok(text.test(sa), sa)
        assert.is(sa, python(a, 0, zone))
        assert.is(Math.sign(a.getTime() - b.getTime()), sa < sb ? -1 : sa > sb ? 1 : 0)
        assert.equal(field.decode(sa), E.right(a))
      }),
      { seed: 40, numRuns: 1_000 },
    )
  }
})

test('a value Python wrote reads to its millisecond and is written back with the microseconds past it as 000 (1,000 cases each)', () => {
  for (const [field, zone] of cases) {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 999 }), (d, micros) => {
        const read = field.decode(python(d, micros, zone))
        assert.equal(read, E.right(d))
        assert.is(E.isRight(read) && field.encode(read.right), python(d, 0, zone))
      }),
      { seed: 41, numRuns: 1_000 },
    )
  }
  assert.equal(F.pynamoDateTime.decode('2024-05-01T14:00:00.5+02:00'), E.right(new Date('2024-05-01T12:00:00.500Z')))
})

test('naiveDateTime reads a naive date-time as UTC, and zoned ones; pynamoDateTime refuses a naive one', () => {
  assert.equal(F.naiveDateTime.decode('2018-10-06T12:34:56.123456'), E.right(new Date('2018-10-06T12:34:56.123Z')))
  assert.equal(F.naiveDateTime.decode('2018-10-06T12:34:56'), E.right(new Date('2018-10-06T12:34:56.000Z')))
  assert.equal(F.naiveDateTime.decode('2018-10-06T12:34:56.123456+0300'), E.right(new Date('2018-10-06T09:34:56.123Z')))
  assert.equal(F.naiveDateTime.decode('2018-10-06T12:34:56.123Z'), E.right(new Date('2018-10-06T12:34:56.123Z')))
  const refused = F.pynamoDateTime.decode('2018-10-06T12:34:56.123456')
  assert.ok(E.isLeft(refused))
  assert.is(refused.left[0]?.message, 'expected an ISO-8601 date-time (2024-05-01T12:00:00.000000+0000), got "2018-10-06T12:34:56.123456"')
  for (const bad of ['2018-10-06T12:34:56.123456ZZ', '2018-02-30T00:00:00', '', '2018-10-06 12:34:56']) {
    assert.ok(E.isLeft(F.naiveDateTime.decode(bad)), bad)
  }
  assert.ok(E.isLeft(F.naiveDateTime.decode(1_538_829_296)))
  assert.is(F.pynamoDateTime.why(new Date(NaN)), 'expected a Date, got an invalid Date')
  assert.is((F.pynamoDateTime as unknown as { storedAs: string }).storedAs, 'S')
})

test("pynamoDateTime, naiveDateTime hold the years 0001–9999 only: Python's datetime reads no year 0000", () => {
  const range = "expected a Date in the years 0001–9999 (Python's datetime holds no other)"
  for (const [field, zone] of cases) {
    const y0 = new Date('0000-06-01T00:00:00.000Z')
    assert.not.ok(field.is(y0), field.name)
    assert.is(field.why(y0), `${range}, got ${y0.toISOString()}`)
    assert.ok(E.isLeft(field.decode(y0)), field.name)
    assert.ok(E.isLeft(field.decode(`0000-06-01T00:00:00.000000${zone}`)), field.name)
    for (const d of [new Date('0001-01-01T00:00:00.000Z'), new Date('9999-12-31T23:59:59.999Z')]) {
      assert.ok(field.is(d), `${field.name} ${d.toISOString()}`)
      assert.equal(field.decode(field.encode(d)), E.right(d))
    }
  }
})

test('a read gives only a Date its field writes: an offset carrying the instant out of 0001–9999 is refused', () => {
  for (const [field, s] of [
    [F.pynamoDateTime, '9999-12-31T23:59:59.999999-0100'],
    [F.naiveDateTime, '9999-12-31T23:59:59.999999-0100'],
    [F.naiveDateTime, '0001-01-01T00:00:00.000000+0100'],
    [F.pynamoDateTime, '0001-01-01T00:59:59.999999+0100'],
  ] as const) {
    const r = field.decode(s)
    assert.ok(E.isLeft(r), `${field.name} read ${s} as ${E.isRight(r) ? r.right.toISOString() : ''}`)
    assert.match(r.left[0]?.message ?? '', /^expected a Date in the years 0001–9999 \(Python's datetime holds no other\), got .*, read from "/)
  }
})

test.run()
