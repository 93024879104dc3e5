/**
 * The guards of computed update values (compile/updateGuard, issue 14 point 1d): golden
 * requests of `Command.updateItem` on a model with bounded fields (the guard AND-ed into the
 * condition, placeholders only), the refusals decided before any request, no guard for a
 * field without bounds (the request as it always was), and a property: `Evaluate.updateOne`
 * of a random step on a random bounded field answers an item exactly when the result is
 * within the bounds, and that item decodes. DynamoDB's answers: spec/integration/UpdateBounds.
 */
import type { UpdateItemCommandInput } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Command from '../../../lib/compile/Command.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as M from '../../../lib/model/Model.js'
import * as S from '../../../lib/model/Strategy.js'

const Gauge = M.make({
  table: 'gauges',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string, level: Field.int({ min: 0, max: 10 }), tags: Field.stringSet }),
    t.partial({
      wide: Field.int({ min: 0, max: 100 }),
      ratio: Field.float({ min: -1, max: 1 }),
      logins: Field.int({ min: 0 }),
      visits: Field.int(),
      levels: Field.list(Field.int({ min: 0, max: 10 })),
      extra: Field.stringSet,
    }),
  ]),
})
const g = Gauge.attrs
const NOW = new Date(0)

const input = (updates: U.Update<typeof Gauge>, strategy: M.Strategy<typeof Gauge> = 'a') =>
  E.flatMap(S.parseWrite(Gauge, strategy), (s) => Command.updateItem(Gauge, 'gauges', s, updates, NOW))

const parts = (updates: U.Update<typeof Gauge>, strategy?: M.Strategy<typeof Gauge>) => {
  const x = input(updates, strategy)
  if (E.isLeft(x)) assert.unreachable(DE.show(x.left))
  const { UpdateExpression, ConditionExpression, ExpressionAttributeValues } = (x as E.Right<UpdateItemCommandInput>).right
  return { UpdateExpression, ConditionExpression, ExpressionAttributeValues }
}

const refused = (updates: U.Update<typeof Gauge>): DE.DynamoError => {
  const x = input(updates)
  if (E.isRight(x)) assert.unreachable(`expected a refusal, got ${x.right.ConditionExpression}`)
  return (x as E.Left<DE.DynamoError>).left
}

test('golden: an increment of a bounded field is guarded on its one read path (a missing one counts as 0, which fits)', () => {
  assert.equal(parts([U.increment(g.level, 1)]), {
    UpdateExpression: 'SET #n1 = if_not_exists(#n1, :v1) + :v2',
    ConditionExpression: 'attribute_exists(#n0) AND (#n1 <= :v0 OR attribute_not_exists(#n1))',
    ExpressionAttributeValues: { ':v0': { N: '9' }, ':v1': { N: '0' }, ':v2': { N: '1' } },
  })
  assert.equal(parts([U.add(g.level, 2)]).ConditionExpression, 'attribute_exists(#n0) AND (#n1 <= :v0 OR attribute_not_exists(#n1))')
  // a decrement from a missing level (0 - 1) never fits: the comparison alone, false on a missing level
  assert.equal(parts([U.decrement(g.level, 1)]).ConditionExpression, 'attribute_exists(#n0) AND #n1 >= :v0')
  assert.equal(parts([U.increment(g.ratio, 0.5)]).ExpressionAttributeValues?.[':v0'], { N: '0.5' })
})

test('golden: a number read from another attribute is guarded by its range; if_not_exists splits on its path', () => {
  assert.equal(parts([U.set(g.level, U.plus(g.wide, 1))]), {
    UpdateExpression: 'SET #n2 = #n1 + :v1',
    ConditionExpression: 'attribute_exists(#n0) AND #n1 <= :v0',
    ExpressionAttributeValues: { ':v0': { N: '9' }, ':v1': { N: '1' } },
  })
  assert.equal(parts([U.set(g.level, U.minus(5 as number, g.wide))]).ConditionExpression, 'attribute_exists(#n0) AND #n1 <= :v0')
  assert.equal(parts([U.set(g.level, g.wide)]).ConditionExpression, 'attribute_exists(#n0) AND #n1 <= :v0')
  assert.equal(parts([U.set(g.level, U.ifNotExists(g.level, g.wide))]).ConditionExpression, 'attribute_exists(#n0) AND (attribute_exists(#n1) OR #n2 <= :v0)')
  assert.equal(parts([U.increment(g.levels.at(0), 1)]).ConditionExpression, 'attribute_exists(#n0) AND (#n1[0] <= :v0 OR attribute_not_exists(#n1[0]))')
})

test('golden: a DELETE from a required set is guarded against emptying it (sets compare as sets); from an optional one, not', () => {
  assert.equal(parts([U.deleteFrom(g.tags, new Set(['x', 'y']))]), {
    UpdateExpression: 'DELETE #n1 :v3',
    ConditionExpression: 'attribute_exists(#n0) AND NOT #n1 IN (:v0, :v1, :v2)',
    ExpressionAttributeValues: { ':v0': { SS: ['x'] }, ':v1': { SS: ['y'] }, ':v2': { SS: ['x', 'y'] }, ':v3': { SS: ['x', 'y'] } },
  })
  assert.equal(parts([U.deleteFrom(g.tags, new Set(['x']))]).ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 = :v0')
  // more members than IN takes subsets of: at least one more member than it deletes
  assert.equal(parts([U.deleteFrom(g.tags, new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g']))]).ConditionExpression, 'attribute_exists(#n0) AND size(#n1) > :v0')
  assert.equal(parts([U.deleteFrom(g.extra, new Set(['x']))]).ConditionExpression, 'attribute_exists(#n0)')
})

test('no guard where every item fits: a field without bounds, an increment away from the one bound, a value set (checked by the codec)', () => {
  for (const update of [[U.increment(g.visits, 1)], [U.decrement(g.visits, 1)], [U.increment(g.logins, 1)], [U.add(g.logins, 5)], [U.set(g.level, 3)], [U.set(g.wide, U.ifNotExists(g.wide, 4))]]) {
    assert.is(parts(update).ConditionExpression, 'attribute_exists(#n0)')
  }
  // a guard the strategy's check already holds is not repeated
  assert.is(parts([U.decrement(g.logins, 1)], C.and(C.eq(g.id, 'a'), C.gte(g.logins, 1))).ConditionExpression, 'attribute_exists(#n0) AND #n1 >= :v0')
})

test('refused before any request: a step wider than the bounds, a fraction into an integer, a sum of two attributes, a non-integer source', () => {
  for (const update of [[U.increment(g.level, 11)], [U.decrement(g.level, 11)], [U.add(g.level, 11)], [U.increment(g.level, 0.5)], [U.set(g.level, U.plus(g.level, g.wide))], [U.set(g.level, U.plus(g.ratio, 1))]]) {
    const e = refused(update)
    assert.is(e._tag, 'ValidationError')
    assert.match(DE.show(e), /level holds integers at least 0 and at most 10/)
  }
})

test('property: Evaluate.updateOne of a random step on a random bounded field gives an item exactly when the result is within the bounds, and it decodes', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -20, max: 20 }),
      fc.integer({ min: 0, max: 20 }),
      fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      fc.integer({ min: -25, max: 25 }),
      fc.constantFrom('increment', 'decrement', 'add', 'plus', 'minus'),
      (min, width, offset, step, how) => {
        const max = min + width
        const m = M.make({ table: 'bounded', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ n: Field.int({ min, max }) })]) })
        const stored = offset === undefined ? undefined : Math.min(min + offset, max)
        const n = m.attrs.n
        const update =
          how === 'increment' ? U.increment(n, step) : how === 'decrement' ? U.decrement(n, step) : how === 'add' ? U.add(n, step) : how === 'plus' ? U.set(n, U.plus(n, step)) : U.set(n, U.minus(step, n))
        const before = stored ?? (how === 'plus' || how === 'minus' ? undefined : 0)
        const expected = before === undefined ? undefined : how === 'decrement' ? before - step : how === 'minus' ? step - before : before + step
        const item = { id: { S: 'a' }, ...(stored === undefined ? {} : { n: { N: String(stored) } }) }
        const r = E.flatMap(Evaluate.updateOne(m, 'a', [update], NOW), (w) => w(item))
        if (expected !== undefined && expected >= min && expected <= max) {
          if (E.isLeft(r)) return assert.unreachable(DE.show(r.left))
          assert.equal(r.right['n'], { N: String(expected) })
          assert.ok(E.isRight(M.decode(m, r.right)))
        } else {
          assert.ok(E.isLeft(r), `${how} ${step} of ${stored} in [${min}, ${max}] gave ${JSON.stringify(E.isRight(r) ? r.right : undefined)}`)
        }
      },
    ),
    { numRuns: 500 },
  )
})

test.run()
