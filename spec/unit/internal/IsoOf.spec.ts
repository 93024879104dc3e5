import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import { isoOf } from '../../../lib/internal/date.js'

// isoOf writes a four-digit year's text from the UTC fields: it must be toISOString's text, to the character

const MIN = -8.64e15
const MAX = 8.64e15
/** The first and last milliseconds of the years 1000 to 9999 (the years isoOf writes itself). */
const FIRST_WRITTEN = Date.UTC(1000, 0, 1)
const LAST_WRITTEN = Date.UTC(9999, 11, 31, 23, 59, 59, 999)
/** 0000-01-01T00:00:00.000Z (Date.UTC reads the years 0 to 99 as 1900 to 1999). */
const YEAR_ZERO = -62167219200000

test('isoOf: the text toISOString writes, for any valid time', () => {
  fc.assert(
    fc.property(fc.integer({ min: MIN, max: MAX }), (ms) => {
      const d = new Date(ms)
      assert.is(isoOf(d), d.toISOString())
    }),
    { numRuns: 5000 },
  )
})

test('isoOf: the text toISOString writes, for any time of the years 1000 to 9999', () => {
  fc.assert(
    fc.property(fc.integer({ min: FIRST_WRITTEN, max: LAST_WRITTEN }), (ms) => {
      const d = new Date(ms)
      assert.is(isoOf(d), d.toISOString())
    }),
    { numRuns: 5000 },
  )
})

test('isoOf: the years 1000 to 9999 (the written ones) and around them, every width of each field', () => {
  const times = [
    Date.UTC(999, 11, 31, 23, 59, 59, 999),
    Date.UTC(1000, 0, 1, 0, 0, 0, 0),
    Date.UTC(1970, 0, 1, 0, 0, 0, 0),
    Date.UTC(2024, 2, 1, 0, 0, 0, 0),
    Date.UTC(2024, 2, 31, 23, 59, 59, 999),
    Date.UTC(2024, 1, 29, 9, 5, 7, 5),
    Date.UTC(2024, 9, 10, 10, 10, 10, 10),
    Date.UTC(2024, 10, 9, 1, 2, 3, 99),
    Date.UTC(2024, 11, 31, 12, 30, 45, 100),
    Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    Date.UTC(10000, 0, 1, 0, 0, 0, 0),
    YEAR_ZERO,
    YEAR_ZERO - 1,
    MIN,
    MAX,
  ]
  for (const ms of times) assert.is(isoOf(new Date(ms)), new Date(ms).toISOString(), String(ms))
})

test('isoOf: an invalid Date throws the RangeError of toISOString', () => {
  assert.throws(() => isoOf(new Date(NaN)), (e: unknown) => e instanceof RangeError)
})

test.run()
