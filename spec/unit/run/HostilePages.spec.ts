/**
 * What a Query's or Scan's answer says of itself holds together: its `Count` is the number of
 * its `Items` where it gives both (DynamoDB's Count is the number of items in the answer), and
 * each item holds the key attributes of what the read reads (DynamoDB reads them with every
 * item, a projection's too). From an endpoint that answers otherwise, the read is a Left
 * `InvalidAnswer`, never a count of items that were not given nor an item with no key, which
 * is no stored item.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number, n: t.number }) })
const Entity = Model.make({ table: 'rows', entity: 'row', codec: t.type({ id: t.string, n: t.number }), hashKey: Model.key('pk', 'ROW#{id}'), rangeKey: Model.key('sk', 'ROW') })
const r = Row.attrs

/** An Env whose client answers every command with `answer`. */
const envOf = (answer: object) =>
  Env.make({ client: { send: async () => ({ $metadata: {}, ...answer }) } as unknown as DynamoDBClient, sleep: async () => undefined, maxAttempts: 1 })

const invalid = (x: E.Either<DE.DynamoError, unknown>, why: RegExp, what: string): void => {
  if (E.isRight(x)) return assert.unreachable(`${what}: a Right ${JSON.stringify(x.right)}`)
  assert.is((x.left as DE.AwsError).name, 'InvalidAnswer', `${what}: ${DE.show(x.left)}`)
  assert.match(DE.show(x.left), why, what)
}

const item = (pk: string, sk: number) => ({ pk: { S: pk }, sk: { N: String(sk) }, n: { N: '1' } })

test("a Count that is not the number of the Items given: count, getMany and page are a Left, never a count of items that were not given", async () => {
  const answer = { Items: [item('a', 1)], Count: 5, ScannedCount: 5 }
  for (const [what, op] of [
    ['count of a Scan', Dynamo.count(Row, C.gt(r.n, 0))],
    ['count of a Query', Dynamo.count(Row, C.eq(r.pk, 'a'))],
    ['getMany', Dynamo.getMany(Row, C.gt(r.n, 0))],
    ['page', Dynamo.page(Row, C.eq(r.pk, 'a'))],
  ] as const) {
    invalid(await (op as Dynamo.Op<unknown>)(envOf(answer))(), /its Count is not the number of its Items/, what)
  }
})

test('an item without the key attributes of the read (its range key, its composed key, any): getMany, page and collection are a Left, never an item that is no stored item', async () => {
  const cases: ReadonlyArray<readonly [string, Dynamo.Op<unknown>, object]> = [
    ['a Scan, no range key', Dynamo.getMany(Row, C.gt(r.n, 0)), { pk: { S: 'a' }, n: { N: '1' } }],
    ['a Scan, no key', Dynamo.page(Row, C.gt(r.n, 0)), { n: { N: '1' } }],
    ['a Query, no range key', Dynamo.getMany(Row, C.eq(r.pk, 'a')), { pk: { S: 'a' }, n: { N: '1' } }],
    ['an entity, no stored key', Dynamo.getMany(Entity, C.gt(Entity.attrs.n, 0)), { _et: { S: 'row' }, id: { S: 'a' }, n: { N: '1' } }],
    ['a key that is no attribute value', Dynamo.getMany(Row, C.gt(r.n, 0)), { pk: { S: 'a' }, sk: 5, n: { N: '1' } }],
  ]
  for (const [what, op, bad] of cases) {
    invalid(await op(envOf({ Items: [bad], Count: 1, ScannedCount: 1 }))(), /an item of it does not hold the key attributes of this read/, what)
  }
  // collection's Query of the partition ROW#a: an item of it without its range key
  const rows = Dynamo.collection({ rows: Entity }, { id: 'a' }) as Dynamo.Op<unknown>
  for (const bad of [{ pk: { S: 'ROW#a' }, _et: { S: 'row' }, id: { S: 'a' }, n: { N: '1' } }, { pk: { S: 'ROW#a' }, sk: 'ROW', _et: { S: 'row' }, id: { S: 'a' }, n: { N: '1' } }]) {
    invalid(await rows(envOf({ Items: [bad], Count: 1, ScannedCount: 1 }))(), /an item of it does not hold the key attributes of this read/, `collection: ${JSON.stringify(bad)}`)
  }
  // and one that holds them reads
  const good = await rows(envOf({ Items: [{ pk: { S: 'ROW#a' }, sk: { S: 'ROW' }, _et: { S: 'row' }, id: { S: 'a' }, n: { N: '1' } }], Count: 1, ScannedCount: 1 }))()
  assert.equal(good, E.right({ rows: [{ id: 'a', n: 1 }] }))
})

test('an answer that holds together still reads: Items and their Count, a counting answer without Items', async () => {
  assert.equal(await Dynamo.getMany(Row, C.eq(r.pk, 'a'))(envOf({ Items: [item('a', 1), item('a', 2)], Count: 2, ScannedCount: 2 }))(), E.right([
    { pk: 'a', sk: 1, n: 1 },
    { pk: 'a', sk: 2, n: 1 },
  ]))
  assert.equal(await Dynamo.count(Row, C.eq(r.pk, 'a'))(envOf({ Count: 7, ScannedCount: 9 }))(), E.right(7))
})

test("a Query's items out of its order (a range key not past the one before it, ascending or descending): the read is a Left, never items in another order than the one it promises, nor a page that goes on from an item before others it gave", async () => {
  const cases: ReadonlyArray<readonly [string, Dynamo.Op<unknown>, ReadonlyArray<number>]> = [
    ['ascending, one back', Dynamo.getMany(Row, C.eq(r.pk, 'a')), [1, 3, 2]],
    ['ascending, one twice', Dynamo.page(Row, C.eq(r.pk, 'a')), [1, 1]],
    ['descending, one up', Dynamo.getMany(Row, C.eq(r.pk, 'a'), { descending: true }), [3, 1, 2]],
  ]
  for (const [what, op, sks] of cases) {
    invalid(await op(envOf({ Items: sks.map((sk) => item('a', sk)), Count: sks.length, ScannedCount: sks.length }))(), /an item of it is not past the one before it in the Query's (descending )?order of sk/, what)
  }
  const down = await Dynamo.getMany(Row, C.eq(r.pk, 'a'), { descending: true })(envOf({ Items: [item('a', 3), item('a', 1)], Count: 2, ScannedCount: 2 }))()
  assert.equal(E.map((xs: ReadonlyArray<{ sk: number }>) => xs.map((x) => x.sk))(down as E.Either<DE.DynamoError, ReadonlyArray<{ sk: number }>>), E.right([3, 1]))
})

test("a Query's LastEvaluatedKey before its last item in the Query's order: the page is a Left, never a cursor that reads the items it gave again", async () => {
  const last = (sk: number) => ({ pk: { S: 'a' }, sk: { N: String(sk) } })
  for (const [what, descending, sks, at] of [
    ['ascending', false, [1, 2, 3], 2],
    ['descending', true, [3, 2, 1], 2],
  ] as const) {
    // the first answer's LastEvaluatedKey goes back to 2; the next answer, from 2, gives 3 (or 1) again
    let n = 0
    const env = Env.make({
      client: {
        send: async () =>
          n++ === 0
            ? { $metadata: {}, Items: sks.map((sk) => item('a', sk)), Count: sks.length, ScannedCount: sks.length, LastEvaluatedKey: last(at) }
            : { $metadata: {}, Items: [item('a', sks[2] as number)], Count: 1, ScannedCount: 1 },
      } as unknown as DynamoDBClient,
      sleep: async () => undefined,
      maxAttempts: 1,
    })
    invalid(await Dynamo.getMany(Row, C.eq(r.pk, 'a'), { descending })(env)(), /its LastEvaluatedKey is not past its last item in the Query's (descending )?order of sk/, what)
    assert.is(n, 1, `${what}: no request after it`)
  }
  // at the last item (DynamoDB's usual), or past it (items the filter left out)
  for (const at of [3, 4]) {
    const answer = { Items: [item('a', 1), item('a', 3)], Count: 2, ScannedCount: 3, LastEvaluatedKey: last(at) }
    const page = await Dynamo.page(Row, C.eq(r.pk, 'a'), { pageSize: 2 })(envOf(answer))()
    assert.ok(E.isRight(page), `at ${at}: ${JSON.stringify(page)}`)
  }
})

test.run()
