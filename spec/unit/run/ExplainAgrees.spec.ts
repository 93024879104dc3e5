/**
 * `explain` and the reads agree on what is refused before any request: a condition whose
 * values DynamoDB would refuse (a lone surrogate, which DynamoDB reads as "?"; a number no
 * DynamoDB number; a value of another type than its attribute's codec), in a key, a filter,
 * a batch plan's filter or a GetItem's checks, is the same `Left` from `explain` as from
 * `getMany`, `count` and `page`, and none of them sends a request; a condition the reads take,
 * `explain` takes too.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Model from '../../../lib/model/Model.js'
import { counting } from '../../harness/counting.js'

const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number, n: t.string, x: t.number, tags: t.array(t.string) }) })
const r = Row.attrs
const lone = 'x\uD800'

const refused: ReadonlyArray<readonly [string, C.Condition]> = [
  ['a Scan filter', C.eq(r.n, lone)],
  ['a Query filter', C.and(C.eq(r.pk, 'a'), C.eq(r.n, lone))],
  ['a hash key', C.eq(r.pk, lone)],
  ['a range key bound', C.and(C.eq(r.pk, 'a'), C.between(r.sk, 1, NaN))],
  ["a GetItem's check", C.and(C.eq(r.pk, 'a'), C.eq(r.sk, 1), C.eq(r.n, lone))],
  ["a batch plan's filter", C.and(C.isIn(r.pk, ['a', 'b']), C.eq(r.sk, 1), C.eq(r.n, lone))],
  ['contains', C.contains(r.tags, lone)],
  ['begins_with', C.beginsWith(r.n, lone)],
  ['IN of a filter', C.isIn(r.n, ['a', lone])],
  ['BETWEEN of a filter', C.between(r.n, 'a', lone)],
  ['a number that is no DynamoDB number', C.gt(r.x, Infinity)],
  ["a value of another type than the attribute's codec", C.eq(r.n, 5 as unknown as string)],
]

test('a value the reads refuse before any request: explain gives the same Left, and nothing is sent', async () => {
  for (const [what, c] of refused) {
    const { env, sent } = counting()
    const plan = Dynamo.explain(Row, c)
    const reads = [await Dynamo.getMany(Row, c)(env)(), await Dynamo.count(Row, c)(env)(), await Dynamo.page(Row, c)(env)()]
    assert.is(sent.length, 0, `${what}: nothing sent`)
    for (const read of reads) {
      assert.ok(E.isLeft(read), `${what}: the read is a Left: ${JSON.stringify(read)}`)
      assert.equal(plan, read, `${what}: explain agrees with the read`)
    }
  }
})

test('a condition the reads take: explain takes it too', async () => {
  for (const c of [C.eq(r.n, 'x\uD83D\uDE00'), C.and(C.eq(r.pk, 'a'), C.eq(r.n, 'b')), C.and(C.isIn(r.pk, ['a', 'b']), C.eq(r.sk, 1), C.eq(r.n, 'c'))]) {
    const { env } = counting()
    assert.ok(E.isRight(Dynamo.explain(Row, c)), JSON.stringify(Dynamo.explain(Row, c)))
    assert.ok(E.isRight(await Dynamo.getMany(Row, c)(env)()))
  }
})

test.run()
