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
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb'
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

const Indexed = Model.make({
  table: 'rows',
  hashKey: 'pk',
  rangeKey: 'sk',
  codec: t.type({ pk: t.string, sk: t.number, g: t.string, gr: t.number, lr: t.number, a: t.string, b: t.number }),
  indexes: {
    byG: Model.globalIndex({ hashKey: 'g', rangeKey: 'gr' }),
    byL: Model.localIndex({ rangeKey: 'lr' }),
    byAB: Model.globalIndex({ hashKey: ['g'], rangeKey: ['a', 'b'] }),
  },
})
const x = Indexed.attrs

/** An item of `Indexed` at the table key (pk, sk) whose range key is `r` in each index (`gr`, `lr`, and `b` after `a`: 'x'). */
const indexed = (pk: string, sk: number, r: number): Record<string, AttributeValue> => ({
  pk: { S: pk },
  sk: { N: String(sk) },
  g: { S: 'G' },
  gr: { N: String(r) },
  lr: { N: String(r) },
  a: { S: 'x' },
  b: { N: String(r) },
})

/** The Queries through each index, with the index's attributes of their `LastEvaluatedKey` (beside the table's key). */
const throughIndexes = (descending: boolean) =>
  [
    ['a global index', Dynamo.getMany(Indexed, C.eq(x.g, 'G'), { descending, index: 'byG' }), ['g', 'gr']],
    ['a local index', Dynamo.getMany(Indexed, C.eq(x.pk, 'p'), { descending, index: 'byL' }), ['lr']],
    ['a multi-attribute range key', Dynamo.getMany(Indexed, C.eq(x.g, 'G'), { descending, index: 'byAB' }), ['g', 'a', 'b']],
  ] as const

/** The `LastEvaluatedKey` of a Query through an index at the item `indexed(pk, sk, r)`: its table key and the index's `names`. */
const keyAt = (names: ReadonlyArray<string>, pk: string, sk: number, r: number) => {
  const item = indexed(pk, sk, r)
  return Object.fromEntries(['pk', 'sk', ...names].map((n) => [n, item[n]]))
}

/** An Env whose client gives `first`, then `rest` to every later request, counting the requests in `sent.n`. */
const twice = (first: object, rest: object, sent: { n: number }) =>
  Env.make({
    client: { send: async () => ({ $metadata: {}, ...(sent.n++ === 0 ? first : rest) }) } as unknown as DynamoDBClient,
    sleep: async () => undefined,
    maxAttempts: 1,
  })

test("a Query through an index: a LastEvaluatedKey whose index range key lies before its last item's in the read's order is a Left, never a cursor that reads the items it gave again", async () => {
  for (const descending of [false, true]) {
    for (const [what, op, names] of throughIndexes(descending)) {
      // range keys 1, 2, 3 (3, 2, 1 descending); the LastEvaluatedKey goes back to 2; the next answer, from it, gives the last item again
      const rs = descending ? [3, 2, 1] : [1, 2, 3]
      const sent = { n: 0 }
      const first = { Items: rs.map((r, i) => indexed('p', 10 + i, r)), Count: 3, ScannedCount: 3, LastEvaluatedKey: keyAt(names, 'p', 11, 2) }
      const label = `${what}${descending ? ', descending' : ''}`
      invalid(await op(twice(first, { Items: [indexed('p', 12, rs[2] as number)], Count: 1, ScannedCount: 1 }, sent))(), /its LastEvaluatedKey is before its last item in the Query's (descending )?order of the index's range key/, label)
      assert.is(sent.n, 1, `${label}: no request after it`)
    }
  }
})

test("a Query through an index: items of one index range key come in DynamoDB's order, not the table key's (DynamoDB Local's: neither ascending nor descending in it); a LastEvaluatedKey at a tie with its last item, or past it, reads", async () => {
  for (const descending of [false, true]) {
    for (const [what, op, names] of throughIndexes(descending)) {
      const label = `${what}${descending ? ', descending' : ''}`
      // three items of range key 5, their table keys out of order; the LastEvaluatedKey at an item of range key 5 before the last one's table key, then past it
      for (const at of [5, descending ? 4 : 6]) {
        const items = [indexed('p', 3, 5), indexed('p', 1, 5), indexed('p', 2, 5)]
        const got = await op(twice({ Items: items, Count: 3, ScannedCount: 4, LastEvaluatedKey: keyAt(names, 'p', 1, at) }, { Items: [], Count: 0, ScannedCount: 0 }, { n: 0 }))()
        assert.ok(E.isRight(got), `${label}, at ${at}: ${E.isLeft(got) ? DE.show(got.left) : ''}`)
      }
    }
  }
})

test("a Query through an index: an item whose index range key lies before the one before it, or before the ExclusiveStartKey's, is a Left, never items in another order than the index's", async () => {
  for (const descending of [false, true]) {
    for (const [what, op, names] of throughIndexes(descending)) {
      const label = `${what}${descending ? ', descending' : ''}`
      const rs = descending ? [3, 1, 2] : [1, 3, 2]
      const items = rs.map((r, i) => indexed('p', i, r))
      invalid(await op(envOf({ Items: items, Count: 3, ScannedCount: 3 }))(), /an item of it is before the one before it in the Query's (descending )?order of the index's range key/, `${label}: out of order`)
      // the first answer ends at range key 2; the next one, from there, gives an item of range key 1 (3 descending)
      const first = { Items: [indexed('p', 0, 2)], Count: 1, ScannedCount: 1, LastEvaluatedKey: keyAt(names, 'p', 0, 2) }
      const rest = { Items: [indexed('p', 1, descending ? 3 : 1)], Count: 1, ScannedCount: 1 }
      invalid(await op(twice(first, rest, { n: 0 }))(), /an item of it is before the ExclusiveStartKey it was sent in the Query's (descending )?order of the index's range key/, `${label}: back`)
    }
  }
})

test.run()
