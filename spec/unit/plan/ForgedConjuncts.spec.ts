/**
 * What the planner reads of a condition (lib/plan/Plan.ts): the key-field search stops at each
 * key field's first equality, and an `Or`'s branches are read no further than that; the parts it
 * does not read go to a filter, which the compiler reads in full. A forged node (cast through
 * any) the planner does not read leaves the plan as it is: a Scan whose filter the compiler
 * refuses, never an error of the planner's own.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'

const Hashed = Model.make({ table: 'hashed', codec: t.type({ pk: t.string, note: t.string, x: t.string }), hashKey: 'pk' })
const a = Hashed.attrs

const tagOf = (p: E.Either<unknown, Plan.Plan>): string => (E.isRight(p) ? p.right._tag : 'Left')

test('an Or whose branch holds a forged node after its key equality: a Scan (the branch read only to its equality)', () => {
  // a hand-built node the types refuse (through any)
  const forged = { _tag: 'Or', conditions: [{ _tag: 'And', conditions: [C.eq(a.pk, 'a'), null] }] } as any
  assert.is(tagOf(Plan.fromCondition(Hashed, forged)), 'Scan', 'fromCondition')
  // a hand-built node the types refuse (through any)
  assert.is(tagOf(Plan.make(Hashed, C.or(C.and(C.eq(a.pk, 'a'), null as any)))), 'Scan', 'make')
})

test('a forged equality on a field of no key (no right operand): a Scan (no key field is looked for in it)', () => {
  // a hand-built node the types refuse (through any)
  const forged = { _tag: 'Comparison', op: '=', left: a.x, right: null } as any
  assert.is(tagOf(Plan.make(Hashed, C.and(C.eq(a.note, 'n'), forged))), 'Scan', 'make')
  assert.is(tagOf(Plan.fromCondition(Hashed, C.and(C.eq(a.note, 'n'), forged))), 'Scan', 'fromCondition')
})

test.run()
