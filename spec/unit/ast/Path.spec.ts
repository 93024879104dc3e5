/**
 * Path.clash (the one test of colliding paths that Expression and Evaluate share) and
 * Path.overlaps, which it defines.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as P from '../../../lib/ast/Path.js'

test('clash: overlap, conflict, apart', () => {
  assert.is(P.clash(P.of('a'), P.of('a', 'b')), 'overlap')
  assert.is(P.clash(P.of('a', 'b'), P.of('a')), 'overlap')
  assert.is(P.clash(P.of('a', 0), P.of('a', 0)), 'overlap')
  assert.is(P.clash(P.of('a', 0), P.of('a', 'b')), 'conflict')
  assert.is(P.clash(P.of('a', 'b', 1), P.of('a', 'b', 'c', 2)), 'conflict')
  assert.is(P.clash(P.of('a', 'b'), P.of('a', 'c')), undefined)
  assert.is(P.clash(P.of('a', 0), P.of('a', 1)), undefined)
  assert.is(P.clash(P.of('a'), P.of('b')), undefined)
})

const element = fc.oneof(fc.constantFrom('a', 'b', '0'), fc.nat(2))
const path = fc.tuple(fc.constantFrom('a', 'b'), fc.array(element, { maxLength: 3 })).map(([n, rest]) => P.of(n, ...rest))

test('overlaps is "one is a prefix of the other"; clash is symmetric (500 cases)', () => {
  fc.assert(
    fc.property(path, path, (a, b) => {
      assert.is(P.overlaps(a, b), P.isPrefixOf(a, b) || P.isPrefixOf(b, a))
      assert.is(P.clash(a, b), P.clash(b, a))
    }),
    { seed: 71, numRuns: 500 },
  )
})

test.run()
