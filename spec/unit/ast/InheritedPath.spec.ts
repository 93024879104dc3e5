/**
 * A path that inherits from a sealed one (`Object.create(sealedPath, { elements })`) is no sealed
 * path: the pure interpreters read its own `elements`, never the list its prototype keeps for the
 * library (`nodes.elementsOf`), so what `Expression.condition` compiles and `Plan.make` plans is
 * the attribute it shows.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as C from '../../../lib/ast/Condition.js'
import * as Ex from '../../../lib/ast/expr.js'
import { elementsOf } from '../../../lib/ast/nodes.js'
import * as Expression from '../../../lib/compile/Expression.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'

const Row = Model.make({ table: 'rows', hashKey: 'a', codec: t.type({ a: t.string, b: t.string }) })

/** `C.eq(a, 'x')` whose left side is an object inheriting from `a`'s sealed path, its own elements `['b']`. */
const inherited = () => {
  const child = Object.create(Ex.pathOf(Row.attrs.a), { _tag: { value: 'Path', enumerable: true }, elements: { value: ['b'], enumerable: true } })
  return { child, condition: { ...C.eq(Row.attrs.a, 'x'), left: child } as C.Condition }
}

test("elementsOf reads an inheriting object's own elements, not its prototype's list", () => {
  const { child } = inherited()
  assert.equal([...elementsOf(child)], ['b'])
})

test('Expression.condition compiles the attribute the inheriting path shows, and Plan.make plans by it (a scan filtered on b, never a query keyed on a)', () => {
  const { condition } = inherited()
  const compiled = Expression.condition(condition)
  if (E.isLeft(compiled)) return assert.unreachable(JSON.stringify(compiled.left))
  assert.equal(Object.values(compiled.right.names ?? {}), ['b'])
  const plan = Plan.make(Row, condition)
  if (E.isLeft(plan)) return assert.unreachable(JSON.stringify(plan.left))
  assert.is(plan.right._tag, 'Scan')
})
test.run()
