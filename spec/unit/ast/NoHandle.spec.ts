/**
 * A handle of a field the model does not declare, read through a cast (`(User.attrs as any).nmae`,
 * or a JavaScript caller's typo): `undefined` where a handle belongs. Every combinator builds its
 * node without throwing (errors are values), and the compiler, the in-memory evaluator and the
 * planner refuse it as an `ExpressionError` that says it is no attribute handle.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as Expression from '../../../lib/compile/Expression.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as DE from '../../../lib/DynamoError.js'
import { returned } from '../../harness/escapes.js'

const User = Model.make({
  table: 'users',
  hashKey: 'email',
  codec: t.intersection([t.type({ email: Field.email, name: t.string }), t.partial({ age: t.number, tags: Field.list(t.string) })]),
})
const typo = (User.attrs as any).nmae as never
const u = User.attrs

/** Builds without throwing; its Left is an ExpressionError that says what is wrong. */
const refused = (what: string, e: E.Either<DE.DynamoError, unknown>): void => {
  assert.ok(E.isLeft(e), `${what}: refused`)
  if (E.isRight(e)) return
  assert.is(e.left._tag, 'ExpressionError', `${what}: ${DE.show(e.left)}`)
  assert.match(DE.show(e.left), /no attribute handle: a field the model does not declare/, what)
}


test('a condition on a field the model does not declare: built, then refused by the compiler, the evaluator and the planner', () => {
  const conditions: ReadonlyArray<readonly [string, () => C.Condition]> = [
    ['eq', () => C.eq(typo, 'x')],
    ['ne (as the right side)', () => C.ne(u.name, typo)],
    ['lt', () => C.lt(typo, 1)],
    ['between', () => C.between(typo, 1, 2)],
    ['isIn', () => C.isIn(typo, ['a'])],
    ['exists', () => C.exists(typo)],
    ['notExists', () => C.notExists(typo)],
    ['beginsWith', () => C.beginsWith(typo, 'a')],
    ['contains', () => C.contains(typo, 'a')],
    ['size', () => C.gt(C.size(typo), 1)],
    ['inside and', () => C.and(C.eq(u.email, 'a@x.io'), C.eq(typo, 'x'))],
  ]
  for (const [what, f] of conditions) {
    const c = returned(what, f)
    if (what.startsWith('ne')) {
      // the other side of a comparison is a value: `undefined` is no value DynamoDB stores
      assert.ok(E.isLeft(Expression.condition(c)), what)
      continue
    }
    refused(`${what}: Expression.condition`, Expression.condition(c))
    refused(`${what}: Evaluate.condition`, Evaluate.condition(c))
    refused(`${what}: Dynamo.explain`, Dynamo.explain(User, c))
  }
})

test('an update of a field the model does not declare: built, then refused by the compiler and the evaluator', () => {
  const updates: ReadonlyArray<readonly [string, () => U.Update]> = [
    ['set', () => [U.set(typo, 'x')]],
    ['remove', () => [U.remove(typo)]],
    ['increment', () => [U.increment(typo, 1)]],
    ['add', () => [U.add(typo, 1)]],
    ['append', () => [U.append(typo, ['x'])]],
    ['after a good one', () => [U.set(u.name, 'n'), U.set(typo, 'x')]],
  ]
  for (const [what, f] of updates) {
    const us = returned(what, f)
    refused(`${what}: Expression.update`, Expression.update(us))
    refused(`${what}: Evaluate.update`, Evaluate.update(us))
  }
})

test.run()
