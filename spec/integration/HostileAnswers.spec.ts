/**
 * Answers DynamoDB never gives, from a stand-in endpoint on loopback: well-formed JSON whose
 * members are not what the operation's answer holds (a `Count` that is no number, a
 * `LastEvaluatedKey` that is no key of the read, `Items` that are no list). Each read settles
 * to a typed `Left` after the request that brought it: never a value of the wrong type, never
 * a read that sends the same garbage back as its `ExclusiveStartKey` for ever.
 *
 * "Settles" is a liveness check with a generous bound (60 s), never a timing.
 */
import { PassThrough } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import type * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import * as T from '../../lib/compile/Transaction.js'
import { answering, within } from '../harness/standIn.js'

const LIVENESS_MS = 60_000
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }

const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number, n: t.number }) })
const r = Row.attrs

const envOn = (endpoint: string): Env.Env =>
  Env.make({ endpoint, region: 'us-east-2', credentials, timeoutMs: 2_000, maxAttempts: 2, retry: { baseDelayMs: 1, maxDelayMs: 5 } })

const unreadable = (x: E.Either<DE.DynamoError, unknown>, what: RegExp): boolean =>
  E.isLeft(x) && x.left._tag === 'AwsError' && /could not be read/.test(x.left.message) && what.test(x.left.message)

test('a Count that is no number: count is a Left, never a string typed as a number', async () => {
  for (const Count of ['x', -1, 1.5, { n: 1 }]) {
    const s = await answering({ Scan: { Count, Items: [] }, Query: { Count, Items: [] } })
    try {
      const env = envOn(s.endpoint)
      const settled = await within(Promise.all([Dynamo.count(Row, C.gt(r.n, 1))(env)(), Dynamo.count(Row, C.eq(r.pk, 'a'))(env)()]), LIVENESS_MS)
      assert.ok(settled !== undefined, `Count ${JSON.stringify(Count)}: count did not settle`)
      for (const x of settled.value) assert.ok(unreadable(x, /Count/), `Count ${JSON.stringify(Count)}: ${JSON.stringify(x)}`)
    } finally {
      await s.close()
    }
  }
})

test('a LastEvaluatedKey that is no key of the read (a number, a string, other attributes, a part of the key): page, count, getMany, collection, clearTable and dump end after one request with a Left', async () => {
  const Entity = Model.make({ table: 'rows', entity: 'row', codec: t.type({ id: t.string }), hashKey: Model.key('pk', 'ROW#{id}'), rangeKey: Model.key('sk', 'ROW') })
  for (const LastEvaluatedKey of [7, 'abc', { zzz: { S: 'q' } }, { pk: { S: 'a' } }, { pk: { S: 'a' }, sk: { N: '1' }, zzz: { S: 'q' } }, { pk: 'a', sk: 1 }, []]) {
    const s = await answering({ Scan: { Count: 0, Items: [], LastEvaluatedKey }, Query: { Count: 0, Items: [], LastEvaluatedKey } })
    try {
      const env = envOn(s.endpoint)
      const reads = Promise.all([
        Dynamo.page(Row, C.gt(r.n, 1))(env)(),
        Dynamo.page(Row, C.eq(r.pk, 'a'), { maxRequests: 1 })(env)(),
        Dynamo.count(Row, C.gt(r.n, 1))(env)(),
        Dynamo.getMany(Row, C.eq(r.pk, 'a'))(env)(),
        Dynamo.collection({ row: Entity }, { id: 'a' })(env)(),
        Dynamo.clearTable(Row)(env)(),
        Dynamo.dump(Row, new PassThrough().resume())(env)(),
      ])
      const settled = await within(reads, LIVENESS_MS)
      assert.ok(settled !== undefined, `LastEvaluatedKey ${JSON.stringify(LastEvaluatedKey)}: a read did not settle`)
      for (const x of settled.value) assert.ok(unreadable(x, /LastEvaluatedKey/), `LastEvaluatedKey ${JSON.stringify(LastEvaluatedKey)}: ${JSON.stringify(x)}`)
      // one request each: nothing sent back
      assert.is(s.total(), 7)
    } finally {
      await s.close()
    }
  }
})

test('a LastEvaluatedKey that is the ExclusiveStartKey just sent (a key of the right shape, given again): page, pages, count, getMany, reduce, collection, clearTable and dump end after two requests with a Left', async () => {
  const Entity = Model.make({ table: 'rows', entity: 'row', codec: t.type({ id: t.string }), hashKey: Model.key('pk', 'ROW#{id}'), rangeKey: Model.key('sk', 'ROW') })
  // 1 and 1.0 are one number to DynamoDB: the same key in another spelling
  for (const [first, again] of [[{ pk: { S: 'a' }, sk: { N: '1' } }, { pk: { S: 'a' }, sk: { N: '1' } }], [{ pk: { S: 'a' }, sk: { N: '1' } }, { sk: { N: '1.0' }, pk: { S: 'a' } }], [{ pk: { S: 'ROW#a' }, sk: { S: 'ROW' } }, { pk: { S: 'ROW#a' }, sk: { S: 'ROW' } }]]) {
    const answer = (n: number) => ({ Count: 0, Items: [], LastEvaluatedKey: n === 1 ? first : again })
    const reads: ReadonlyArray<readonly [string, (env: Env.Env) => Promise<E.Either<DE.DynamoError, unknown>>]> = [
      ['page', (env) => Dynamo.page(Row, C.gt(r.n, 1))(env)()],
      ['pages', async (env) => {
        for await (const p of Dynamo.pages(Row, C.eq(r.pk, 'a'))(env)) if (E.isLeft(p)) return p
        return E.right(undefined)
      }],
      ['count', (env) => Dynamo.count(Row, C.gt(r.n, 1))(env)()],
      ['getMany', (env) => Dynamo.getMany(Row, C.eq(r.pk, 'a'))(env)()],
      ['reduce', (env) => Dynamo.reduce(Row, C.gt(r.n, 1), 0, (b) => b + 1)(env)()],
      ['collection', (env) => Dynamo.collection({ row: Entity }, { id: 'a' })(env)()],
      ['clearTable', (env) => Dynamo.clearTable(Row)(env)()],
      ['dump', (env) => Dynamo.dump(Row, new PassThrough().resume())(env)()],
    ]
    for (const [name, read] of reads) {
      const s = await answering({ Scan: answer, Query: answer })
      try {
        const settled = await within(read(envOn(s.endpoint)), LIVENESS_MS)
        const what = `${name}, ${JSON.stringify(first)} then ${JSON.stringify(again)}`
        assert.ok(settled !== undefined, `${what}: did not settle`)
        assert.ok(unreadable(settled.value, /ExclusiveStartKey/), `${what}: ${JSON.stringify(settled.value)}`)
        assert.is(s.total(), 2, what)
      } finally {
        await s.close()
      }
    }
  }
})

test('Items that are no list: page and getMany are a Left naming them', async () => {
  for (const Items of [5, 'x', { a: 1 }]) {
    const s = await answering({ Scan: { Count: 0, Items }, Query: { Count: 0, Items } })
    try {
      const env = envOn(s.endpoint)
      const settled = await within(Promise.all([Dynamo.page(Row, C.gt(r.n, 1))(env)(), Dynamo.getMany(Row, C.eq(r.pk, 'a'))(env)()]), LIVENESS_MS)
      assert.ok(settled !== undefined)
      for (const x of settled.value) assert.ok(unreadable(x, /Items/), `Items ${JSON.stringify(Items)}: ${JSON.stringify(x)}`)
    } finally {
      await s.close()
    }
  }
})

test('transactGet: an answer without one response per entry (none, too few, too many, not objects) is a Left, never items read as absent', async () => {
  const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })
  for (const answer of [{}, { Responses: [] }, { Responses: [{}] }, { Responses: [{}, {}, {}] }, { Responses: [{}, 5] }, { Responses: { a: {} } }]) {
    const s = await answering({ TransactGetItems: answer })
    try {
      const env = envOn(s.endpoint)
      const got = await within(Dynamo.transactGet([T.get(User, 'a'), T.get(User, 'b')])(env)(), LIVENESS_MS)
      assert.ok(got !== undefined && unreadable(got.value, /Responses|response/), `${JSON.stringify(answer)}: ${JSON.stringify(got)}`)
    } finally {
      await s.close()
    }
  }
  // one per entry, {} where no item: read
  const s = await answering({ TransactGetItems: { Responses: [{ Item: { id: { S: 'a' } } }, {}] } })
  try {
    const got = await Dynamo.transactGet([T.get(User, 'a'), T.get(User, 'b')])(envOn(s.endpoint))()
    assert.equal(got, E.right([{ _tag: 'Some', value: { id: 'a' } }, { _tag: 'None' }]))
  } finally {
    await s.close()
  }
})

test('transactGet: an entry without an item in any form the SDK reads (null, {}, an Item null or {}) is absent, never an unreadable answer', async () => {
  const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })
  for (const empty of [null, {}, { Item: null }, { Item: {} }]) {
    const s = await answering({ TransactGetItems: { Responses: [empty, { Item: { id: { S: 'b' } } }] } })
    try {
      const got = await Dynamo.transactGet([T.get(User, 'a'), T.get(User, 'b')])(envOn(s.endpoint))()
      assert.equal(got, E.right([{ _tag: 'None' }, { _tag: 'Some', value: { id: 'b' } }]), JSON.stringify(empty))
    } finally {
      await s.close()
    }
  }
})

test('a well-formed answer still reads: a LastEvaluatedKey of the key attributes goes on, its end ends', async () => {
  const s = await answering({ Scan: (n: number) => ({ Count: 1, Items: [{ pk: { S: 'a' }, sk: { N: String(n) }, n: { N: '5' } }], LastEvaluatedKey: { pk: { S: 'a' }, sk: { N: String(n) } } }) })
  try {
    const env = envOn(s.endpoint)
    const p = await Dynamo.page(Row, C.gt(r.n, 1), { maxRequests: 2 })(env)()
    assert.ok(E.isRight(p) && p.right.items.length === 2 && p.right.cursor._tag === 'Some', JSON.stringify(p))
  } finally {
    await s.close()
  }
})

test.run()
