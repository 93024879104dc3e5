/**
 * rules/path's `clash`: the one test of colliding paths that Expression and Evaluate share.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as P from '../../../lib/ast/Path.js'
import * as A from '../../../lib/ast/Attr.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Ex from '../../../lib/compile/Expression.js'
import { clash } from '../../../lib/rules/path.js'

test('clash: overlap, conflict, apart', () => {
  assert.is(clash(P.of('a'), P.of('a', 'b')), 'overlap')
  assert.is(clash(P.of('a', 'b'), P.of('a')), 'overlap')
  assert.is(clash(P.of('a', 0), P.of('a', 0)), 'overlap')
  assert.is(clash(P.of('a', 0), P.of('a', 'b')), 'conflict')
  assert.is(clash(P.of('a', 'b', 1), P.of('a', 'b', 'c', 2)), 'conflict')
  assert.is(clash(P.of('a', 'b'), P.of('a', 'c')), undefined)
  assert.is(clash(P.of('a', 0), P.of('a', 1)), undefined)
  assert.is(clash(P.of('a'), P.of('b')), undefined)
})

const element = fc.oneof(fc.constantFrom('a', 'b', '0'), fc.nat(2))
const path = fc.tuple(fc.constantFrom('a', 'b'), fc.array(element, { maxLength: 3 })).map(([n, rest]) => P.of(n, ...rest))

/** `a` is `b` or an ancestor of `b`. */
const isPrefixOf = (a: P.Path, b: P.Path): boolean => a.elements.length <= b.elements.length && a.elements.every((e, i) => e === b.elements[i])

test('clash is "overlap" exactly when one is a prefix of the other, and symmetric (500 cases)', () => {
  fc.assert(
    fc.property(path, path, (a, b) => {
      assert.is(clash(a, b) === 'overlap', isPrefixOf(a, b) || isPrefixOf(b, a))
      assert.is(clash(a, b), clash(b, a))
    }),
    { seed: 71, numRuns: 500 },
  )
})

test('P.name of what is no path: the empty name, which the compiler refuses (nothing that could be sent)', () => {
  const throwing = new Proxy({}, { get: () => { throw new Error('no') } })
  for (const bad of [null, undefined, throwing, { _tag: 'Path', elements: [] }, { _tag: 'Path', elements: [3] }, { _tag: 'Path' }]) {
    const n = P.name(bad as never)
    assert.is(n, '')
    const r = Ex.condition(C.exists(A.path(n)))
    assert.ok(r._tag === 'Left' && r.left._tag === 'ExpressionError' && r.left.message.includes('an attribute name cannot be empty'))
  }
  assert.is(P.name(P.of('a', 'b', 0)), 'a')
})

test.run()
