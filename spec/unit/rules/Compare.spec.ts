/**
 * DynamoDB's order of ordered values (lib/rules/compare.ts): `sortOrdered`, which reads each
 * number once, sorts as `compareOrdered` compares, for numbers of any spelling, strings of any
 * code point and binaries; and keeps the order of equal values (stable).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compareOrdered, sortOrdered } from '../../../lib/rules/compare.js'

const spelt = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.tuple(fc.integer({ min: -999, max: 999 }), fc.integer({ min: -130, max: 125 })).map(([m, e]) => `${m}E${e}`),
  fc.tuple(fc.integer({ min: -99, max: 99 }), fc.nat(999)).map(([a, b]) => `${a}.${String(b).padStart(3, '0')}`),
  fc.constantFrom('0', '-0', '0.0', '1e0', '10E-1', '100e-2'),
)
const lists: ReadonlyArray<fc.Arbitrary<AttributeValue[]>> = [
  fc.array(spelt.map((N): AttributeValue => ({ N })), { maxLength: 30 }),
  fc.array(fc.string({ unit: 'binary', maxLength: 6 }).map((S): AttributeValue => ({ S })), { maxLength: 30 }),
  fc.array(fc.uint8Array({ maxLength: 5 }).map((B): AttributeValue => ({ B })), { maxLength: 30 }),
]

test('sortOrdered sorts as compareOrdered compares (numbers of any spelling, strings, binaries), stable', () => {
  for (const list of lists) {
    fc.assert(
      fc.property(list, (avs) => {
        const tagged = avs.map((av, i) => ({ av, i }))
        const got = sortOrdered(tagged, (x) => x.av)
        const want = [...tagged].sort((a, b) => compareOrdered(a.av, b.av) ?? 0)
        assert.equal(got.map((x) => x.i), want.map((x) => x.i))
      }),
      { numRuns: 300, seed: 4242 },
    )
  }
})

test('numbers by value, not as written', () => {
  const ns = ['10', '9', '1E1', '-1', '100', '0.5', '-0']
  assert.equal(sortOrdered(ns, (N) => ({ N })), ['-1', '-0', '0.5', '9', '10', '1E1', '100'])
})

test.run()
