/**
 * A path forged with the symbol under which a sealed path keeps its elements for the library
 * (found by `Object.getOwnPropertySymbols`, its list put on an object of one's own) is no
 * sealed path: the pure interpreters read its own `elements`, never the forged list, so what
 * `Expression.condition` compiles and `Plan.make` plans is the attribute it shows, and one it
 * shows that DynamoDB refuses is refused (an `ExpressionError` naming it), not compiled as the
 * forged list's.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as C from '../../../lib/ast/Condition.js'
import * as Ex from '../../../lib/ast/expr.js'
import { elementsOf } from '../../../lib/ast/nodes.js'
import type * as P from '../../../lib/ast/Path.js'
import * as Expression from '../../../lib/compile/Expression.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'

const Row = Model.make({ table: 'rows', hashKey: 'a', codec: t.type({ a: t.string, b: t.string }) })

/**
 * A path whose `elements` are `shown`, holding under each symbol of a sealed path a forged list
 * `['a']` (the hash key): a value that reads as that list however a sealed path keeps it (the
 * list itself, or a record of the list and the path that owns it, naming the forged path).
 */
const forged = (shown: P.Path['elements']): P.Path => {
  const sealed = Ex.pathOf(Row.attrs.a)
  const path = { _tag: 'Path', elements: shown }
  for (const s of Object.getOwnPropertySymbols(sealed)) {
    Object.defineProperty(path, s, { value: Object.assign(['a'], { owner: path, list: ['a'] }) })
  }
  return path as P.Path
}

test("elementsOf reads a forged path's own elements, not the list under a sealed path's symbol", () => {
  assert.ok(Object.getOwnPropertySymbols(Ex.pathOf(Row.attrs.a)).length > 0, 'a sealed path holds a symbol-keyed property')
  assert.equal([...elementsOf(forged(['b']))], ['b'])
})

test('Expression.condition refuses a forged path whose own elements DynamoDB refuses (an empty name): an ExpressionError naming it, not the forged list compiled', () => {
  const condition = { ...C.eq(Row.attrs.a, 'x'), left: forged(['']) } as C.Condition
  const compiled = Expression.condition(condition)
  if (E.isRight(compiled)) return assert.unreachable(`compiled: ${JSON.stringify(compiled.right)}`)
  assert.is(compiled.left._tag, 'ExpressionError', DE.show(compiled.left))
  assert.match(DE.show(compiled.left), /an attribute name cannot be empty/)
})

test('Expression.condition compiles the attribute a forged path shows, and Plan.make plans by it (a scan filtered on b, never a GetItem keyed on a)', () => {
  const condition = { ...C.eq(Row.attrs.a, 'x'), left: forged(['b']) } as C.Condition
  const compiled = Expression.condition(condition)
  if (E.isLeft(compiled)) return assert.unreachable(DE.show(compiled.left))
  assert.equal(Object.values(compiled.right.names ?? {}), ['b'])
  const plan = Plan.make(Row, condition)
  if (E.isLeft(plan)) return assert.unreachable(DE.show(plan.left))
  assert.is(plan.right._tag, 'Scan')
})

test.run()
