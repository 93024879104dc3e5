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
import * as Field from '../../lib/codec/Field.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import * as T from '../../lib/compile/Transaction.js'
import { answering, serving, within } from '../harness/standIn.js'
import { REQUEST_MS } from '../harness/models.js'

const LIVENESS_MS = 60_000
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }

const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number, n: t.number }) })
const r = Row.attrs

/** An entity of the same table, for `collection`. */
const Entity = Model.make({ table: 'rows', entity: 'row', codec: t.type({ id: t.string }), hashKey: Model.key('pk', 'ROW#{id}'), rangeKey: Model.key('sk', 'ROW') })

/** The reads that follow `LastEvaluatedKey`, by name: each run on its own stand-in endpoint. */
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

/** The partition of each of `reads` that is a Query (the others are Scans). */
const queried: Readonly<Record<string, string>> = { pages: 'a', getMany: 'a', collection: 'ROW#a' }

const envOn = (endpoint: string): Env.Env =>
  Env.make({ endpoint, region: 'us-east-2', credentials, timeoutMs: REQUEST_MS, maxAttempts: 2, retry: { baseDelayMs: 1, maxDelayMs: 5 } })

/** `envOn` with a `cursorKey`: its cursors sealed, so none is written but by this process. */
const sealedOn = (endpoint: string): Env.Env =>
  Env.make({ endpoint, region: 'us-east-2', credentials, timeoutMs: REQUEST_MS, maxAttempts: 2, retry: { baseDelayMs: 1, maxDelayMs: 5 }, cursorKey: new Uint8Array(32).fill(9) })

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
  // 1 and 1.0 are one number to DynamoDB: the same key in another spelling
  for (const [first, again] of [[{ pk: { S: 'a' }, sk: { N: '1' } }, { pk: { S: 'a' }, sk: { N: '1' } }], [{ pk: { S: 'a' }, sk: { N: '1' } }, { sk: { N: '1.0' }, pk: { S: 'a' } }], [{ pk: { S: 'ROW#a' }, sk: { S: 'ROW' } }, { pk: { S: 'ROW#a' }, sk: { S: 'ROW' } }]]) {
    const answer = (n: number) => ({ Count: 0, Items: [], LastEvaluatedKey: n === 1 ? first : again })
    for (const [name, read] of reads) {
      // a Query's key of another partition is refused at its first answer (a test below): each Query here is given its own
      const partition = queried[name]
      if (partition !== undefined && first?.pk.S !== partition) continue
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

test('LastEvaluatedKeys that come round again (a cycle of 2 and of 5 keys, after 3 that do not come back): page, pages, count, getMany, reduce, collection, clearTable and dump end with a Left within a bounded number of requests, never read on for ever', async () => {
  const key = (i: number) => ({ pk: { S: 'ROW#a' }, sk: { N: String(i) } })
  // the nth answer's key: 3 keys of a tail, then the cycle's keys again and again
  for (const [tail, cycle] of [[0, 2], [3, 2], [3, 5]] as const) {
    const answer = (n: number) => ({ Count: 0, Items: [], LastEvaluatedKey: key(n <= tail ? n : 100 + ((n - tail - 1) % cycle)) })
    for (const [name, read] of reads) {
      const s = await answering({ Scan: answer, Query: answer })
      try {
        const settled = await within(read(envOn(s.endpoint)), LIVENESS_MS)
        const what = `${name}, a tail of ${tail} and a cycle of ${cycle}`
        assert.ok(settled !== undefined, `${what}: did not settle (${s.total()} requests)`)
        assert.ok(unreadable(settled.value, /LastEvaluatedKey/), `${what}: ${JSON.stringify(settled.value)}`)
        // a key seen again is found within a few turns of the cycle (each request's own key compared with one kept key)
        assert.ok(s.total() <= tail + 4 * cycle + 2, `${what}: ${s.total()} requests`)
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

/** A BatchWriteItem's answers DynamoDB never gives: UnprocessedItems no list of write requests, or another table's. */
const badWriteAnswers: ReadonlyArray<unknown> = [
  { UnprocessedItems: { rows: {} } },
  { UnprocessedItems: { rows: 5 } },
  { UnprocessedItems: { rows: [null] } },
  { UnprocessedItems: { rows: [{}] } },
  { UnprocessedItems: { rows: [{ PutRequest: {} }] } },
  { UnprocessedItems: { rows: [{ DeleteRequest: { Key: 7 } }] } },
  { UnprocessedItems: { other: [{ PutRequest: { Item: { pk: { S: 'a' }, sk: { N: '1' } } } }] } },
]

test('a BatchWriteItem answer whose UnprocessedItems are no list of write requests, or name another table: that chunk\'s writes fail InvalidAnswer, outcome unknown; every other chunk accounted, never a Left of the whole nor "all written"', async () => {
  const items = Array.from({ length: 30 }, (_, i) => ({ pk: 'a', sk: i, n: 1 }))
  const lines = () =>
    (async function* () {
      for (const it of items) yield JSON.stringify({ Item: { pk: { S: it.pk }, sk: { N: String(it.sk) }, n: { N: '1' } } })
    })()
  for (const bad of badWriteAnswers) {
    // chunks of 25 and 5: the first request answered as DynamoDB does, the other with `bad`
    const ops: ReadonlyArray<readonly [string, (env: Env.Env) => Promise<E.Either<DE.DynamoError, { readonly fail: ReadonlyArray<{ readonly error: DE.DynamoError; readonly outcome: string }> }>>, (r: never) => number]> = [
      ['saveMany', (env) => Dynamo.saveMany(Row, items)(env)(), (r: { success: ReadonlyArray<unknown> }) => r.success.length],
      ['deleteMany', (env) => Dynamo.deleteMany(Row, items.map((i) => ({ pk: i.pk, sk: i.sk })))(env)(), (r: { success: ReadonlyArray<unknown> }) => r.success.length],
      ['load', (env) => Dynamo.load(Row, lines())(env)(), (r: { written: number }) => r.written],
    ]
    for (const [name, op, written] of ops) {
      const s = await answering({ BatchWriteItem: (n: number) => (n === 1 ? { UnprocessedItems: {} } : bad) })
      const what = `${name}, ${JSON.stringify(bad)}`
      try {
        const settled = await within(op(envOn(s.endpoint)), LIVENESS_MS)
        assert.ok(settled !== undefined, `${what}: did not settle`)
        const r = settled.value
        // a load stops at an answer that is no DynamoDB's (DESIGN §5.6): its Left still accounts every line, written or failed
        const stopped = name === 'load' && E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer' ? (r.left as { readonly fail?: ReadonlyArray<{ readonly error: DE.DynamoError; readonly outcome: string }> }) : undefined
        if (E.isLeft(r) && stopped === undefined) throw new Error(`${what}: a Left of the whole: ${JSON.stringify(r.left)}`)
        const fail = stopped !== undefined ? (stopped.fail ?? []) : E.isRight(r) ? r.right.fail : []
        const ok = E.isRight(r) ? written(r.right as never) : Number(/(\d+) items? written/.exec(DE.show(r.left))?.[1] ?? -1)
        assert.ok((ok === 25 && fail.length === 5) || (ok === 5 && fail.length === 25), `${what}: ${ok} written, ${fail.length} failed`)
        for (const f of fail) {
          assert.ok(f.error._tag === 'AwsError' && f.error.name === 'InvalidAnswer' && /UnprocessedItems/.test(f.error.message), `${what}: ${JSON.stringify(f.error)}`)
          assert.is(f.outcome, 'unknown', what)
        }
        // the answer is not retried: it says nothing of what was written
        assert.is(s.total(), 2, what)
      } finally {
        await s.close()
      }
    }
  }
})

test('a BatchGetItem answer whose Responses are no list of items holding their key or hold an item of a key not asked for, or whose UnprocessedKeys hold no list of keys, or that names another table: getMany is a Left naming it, never a TypeError nor keys read as "no item"', async () => {
  const key = { pk: { S: 'a' }, sk: { N: '1' } }
  for (const bad of [
    { Responses: { rows: {} } },
    { Responses: { rows: 'x' } },
    { Responses: { rows: [null] } },
    { Responses: { rows: [{}] } },
    { Responses: { rows: [{ pk: { S: 'a' }, n: { N: '1' } }] } },
    { Responses: { rows: [{ pk: 5, sk: 1 }] } },
    { Responses: { rows: [{ pk: { S: 'zzz' }, sk: { N: '1' }, n: { N: '1' } }] }, UnprocessedKeys: {} },
    { Responses: { rows: [{ pk: { N: '1' }, sk: { N: '1' }, n: { N: '1' } }] }, UnprocessedKeys: {} },
    { Responses: { rows: [{ ...key, n: { N: '1' } }, { pk: { S: 'a' }, sk: { N: '3' }, n: { N: '1' } }] }, UnprocessedKeys: {} },
    { Responses: { other: [{ ...key, n: { N: '1' } }] }, UnprocessedKeys: {} },
    { Responses: {}, UnprocessedKeys: { rows: {} } },
    { Responses: {}, UnprocessedKeys: { rows: { Keys: 5 } } },
    { Responses: {}, UnprocessedKeys: { rows: { Keys: [null] } } },
    { Responses: {}, UnprocessedKeys: { other: { Keys: [key] } } },
  ]) {
    const s = await answering({ BatchGetItem: bad })
    try {
      const got = await within(Dynamo.getMany(Row, [{ pk: 'a', sk: 1 }, { pk: 'a', sk: 2 }])(envOn(s.endpoint))(), LIVENESS_MS)
      assert.ok(got !== undefined && unreadable(got.value, /Responses|UnprocessedKeys/), `${JSON.stringify(bad)}: ${JSON.stringify(got)}`)
      assert.is(s.total(), 1, JSON.stringify(bad))
    } finally {
      await s.close()
    }
  }
  // DynamoDB's own answer reads
  const s = await answering({ BatchGetItem: { Responses: { rows: [{ ...key, n: { N: '7' } }] }, UnprocessedKeys: {} } })
  try {
    assert.equal(await Dynamo.getMany(Row, [{ pk: 'a', sk: 1 }, { pk: 'a', sk: 2 }])(envOn(s.endpoint))(), E.right([{ pk: 'a', sk: 1, n: 7 }]))
  } finally {
    await s.close()
  }
})

test('pages that end mid-answer (more items than a page takes), whose items\' keys come round again (a cycle of 2 and of 5, a Query and 2 segments of a Scan): pages ends with a Left within a bounded number of requests, never read on for ever', async () => {
  const item = (i: number) => ({ pk: { S: 'a' }, sk: { N: String(i) }, n: { N: '5' } })
  for (const cycle of [2, 5]) {
    for (const [what, condition, segments] of [['a Query', C.eq(r.pk, 'a'), 1], ['2 segments of a Scan', C.gt(r.n, 1), 2]] as const) {
      let n = 0
      // every answer: more items than the page takes, the first of them one of the cycle's keys; its LastEvaluatedKey never seen again
      const answer = (target: string) => {
        if (target !== 'Query' && target !== 'Scan') return { status: 400, body: { __type: 'ValidationException', message: target } }
        n++
        return { status: 200, body: { Count: 2, Items: [item(100 + (n % cycle)), item(1000 + n)], LastEvaluatedKey: { pk: { S: 'a' }, sk: { N: String(1000 + n) } } } }
      }
      const s = await serving(answer)
      try {
        let last: E.Either<DE.DynamoError, unknown> = E.right(undefined)
        let read = 0
        // a bounded consumer: the pages a cycle found in time gives, and no more
        for await (const p of Dynamo.pages(Row, condition, segments === 1 ? { pageSize: 1 } : { pageSize: 1, segments })(envOn(s.endpoint))) {
          last = p
          if (++read > 20 * cycle + 10) break
        }
        const about = `${what}, a cycle of ${cycle}: ${s.total()} requests, ${read} pages`
        // (a Query's: its order finds the item that goes back first, at the second answer)
        assert.ok(unreadable(last, /came round|an earlier answer|not past/), `${about}: ${JSON.stringify(last)}`)
        // each segment's walk finds its cycle within a few turns; a round reads both segments, and the answer of one a full page left untaken is read again
        assert.ok(s.total() <= segments * 2 * (4 * cycle + 4), about)
      } finally {
        await s.close()
      }
    }
  }
})

test('a caller walking pages by their cursors (one request a page), against an endpoint that gives back the ExclusiveStartKey it was sent: the page asked with the cursor is a Left after its one request, never a page whose cursor is the one it was asked with', async () => {
  const first = { pk: { S: 'a' }, sk: { N: '1' } }
  const echo = (_: string, input: Readonly<Record<string, unknown>>) => ({ status: 200, body: { Count: 0, Items: [], LastEvaluatedKey: input['ExclusiveStartKey'] ?? first } })
  for (const condition of [C.gt(r.n, 1), C.eq(r.pk, 'a')]) {
    const s = await serving(echo)
    try {
      const env = envOn(s.endpoint)
      const p1 = await Dynamo.page(Row, condition, { maxRequests: 1 })(env)()
      if (E.isLeft(p1) || p1.right.cursor._tag !== 'Some') return assert.unreachable(JSON.stringify(p1))
      const p2 = await Dynamo.page(Row, condition, { maxRequests: 1, cursor: p1.right.cursor.value })(env)()
      assert.ok(unreadable(p2, /ExclusiveStartKey/), JSON.stringify(p2))
      assert.is(s.total(), 2)
    } finally {
      await s.close()
    }
  }
})

test("a caller walking a Query's pages by their cursors (one request a page), against an endpoint whose keys come round again (1, 2, 1, 2, …; 3, 2, 3, … in descending order): a page is a Left once its answer's key is not past the key it was sent in the Query's order, never a walk for ever", async () => {
  const key = (i: number) => ({ pk: { S: 'a' }, sk: { N: String(i) } })
  for (const [descending, cycle] of [[false, [1, 2]], [true, [3, 2]], [false, [1, 2, 3, 4, 5]]] as const) {
    // the answer to a request from the key of `cycle[i]` gives the key of `cycle[i + 1]`, round again
    const next = (input: Readonly<Record<string, unknown>>) => {
      const sent = input['ExclusiveStartKey'] as { sk: { N: string } } | undefined
      const at = sent === undefined ? -1 : cycle.indexOf(Number(sent.sk.N) as never)
      return key(cycle[(at + 1) % cycle.length] as number)
    }
    const s = await serving((_, input) => ({ status: 200, body: { Count: 0, Items: [], LastEvaluatedKey: next(input) } }))
    const what = `${descending ? 'descending' : 'ascending'}, keys ${cycle.join(', ')} round again`
    try {
      const env = envOn(s.endpoint)
      let cursor: string | undefined
      let last: E.Either<DE.DynamoError, unknown> = E.right(undefined)
      for (let n = 0; n < 4 * cycle.length + 4; n++) {
        const p = await Dynamo.page(Row, C.eq(r.pk, 'a'), { maxRequests: 1, descending, ...(cursor === undefined ? {} : { cursor }) })(env)()
        last = p
        if (E.isLeft(p) || p.right.cursor._tag === 'None') break
        cursor = p.right.cursor.value
      }
      assert.ok(unreadable(last, /LastEvaluatedKey/), `${what}: ${s.total()} requests, ${JSON.stringify(last)}`)
      // the first key that goes back ends it: one turn of the cycle
      assert.is(s.total(), cycle.length + 1, what)
    } finally {
      await s.close()
    }
  }
})

test("a caller walking a Query's pages by their cursors, one item a page (each cursor an item's key, the answer holding more), against an endpoint whose items' keys go back (asked after 1, it gives 2, 1): the page whose item is not past the key it was sent is a Left, never a walk for ever", async () => {
  const item = (i: number) => ({ pk: { S: 'a' }, sk: { N: String(i) }, n: { N: '5' } })
  for (const [descending, cycle] of [[false, [1, 2]], [true, [3, 2]]] as const) {
    // asked after the key of `cycle[i]`, it answers the items of `cycle[i + 1]` and `cycle[i + 2]`, round again
    const answer = (input: Readonly<Record<string, unknown>>) => {
      const sent = input['ExclusiveStartKey'] as { sk: { N: string } } | undefined
      const at = sent === undefined ? -1 : cycle.indexOf(Number(sent.sk.N) as never)
      return [item(cycle[(at + 1) % cycle.length] as number), item(cycle[(at + 2) % cycle.length] as number)]
    }
    const s = await serving((_, input) => ({ status: 200, body: { Count: 2, Items: answer(input) } }))
    const what = `${descending ? 'descending' : 'ascending'}, items ${cycle.join(', ')} round again`
    try {
      const env = envOn(s.endpoint)
      let cursor: string | undefined
      let last: E.Either<DE.DynamoError, unknown> = E.right(undefined)
      for (let n = 0; n < 12; n++) {
        const p = await Dynamo.page(Row, C.eq(r.pk, 'a'), { pageSize: 1, descending, ...(cursor === undefined ? {} : { cursor }) })(env)()
        last = p
        if (E.isLeft(p) || p.right.cursor._tag === 'None') break
        cursor = p.right.cursor.value
      }
      assert.ok(unreadable(last, /an item of it is not past/), `${what}: ${s.total()} requests, ${JSON.stringify(last)}`)
      // the first answer from a cursor holds an item that goes back (asked after 1: 2, then 1)
      assert.is(s.total(), 2, what)
    } finally {
      await s.close()
    }
  }
})

/** Keyed by a number and by binary, for the partition's exact comparison. */
const Numbered = Model.make({ table: 'numbered', hashKey: 'id', rangeKey: 'sk', codec: t.type({ id: t.number, sk: t.number }) })
const Binary = Model.make({ table: 'binary', hashKey: 'id', rangeKey: 'sk', codec: t.type({ id: Field.binary, sk: t.number }) })
/** Indexes of each shape: a global index of one attribute projecting the keys, one of a composed key projecting a field, a local one, one of a multi-attribute key. */
const Noted = Model.make({
  table: 'noted',
  entity: 'noted',
  codec: t.type({ owner: t.string, at: t.number, title: t.string, tag: t.string, total: t.number, status: t.string, region: t.string }),
  hashKey: 'owner',
  rangeKey: 'at',
  indexes: {
    byTitle: Model.globalIndex({ hashKey: 'title', projection: 'keys' }),
    byTotal: Model.globalIndex({ hashKey: Model.key('gsi2pk', 'TOTAL#{total}'), projection: ['status'] }),
    byTag: Model.localIndex({ rangeKey: 'tag', projection: 'keys' }),
    byStatus: Model.globalIndex({ hashKey: ['status', 'region'], rangeKey: ['at'] }),
  },
})
const no = Noted.attrs

test("a caller walking a Scan's, a segment's or an index Query's pages by their cursors (one request a page, or one item a page), against an endpoint whose keys come round again (a cycle of 2 and of 5, after a tail of 0 and 3): a page is a Left within a few turns of the cycle (the cursor carries the walk's trail), never a walk for ever; with cursorKey the endpoint's InvalidAnswer, without it that or, where the key comes round at the plain cursor's kept key (which anyone can write), the cursor's ValidationError", async () => {
  const rowKey = (i: number) => ({ pk: { S: 'a' }, sk: { N: String(i) } })
  const rowItem = (i: number) => ({ ...rowKey(i), n: { N: '5' } })
  const notedKey = (i: number) => ({ owner: { S: 'ann' }, at: { N: String(i) }, title: { S: 'todo' } })
  const reads: ReadonlyArray<readonly [string, (cursor: string | undefined, perItem: boolean) => (env: Env.Env) => Promise<E.Either<DE.DynamoError, Dynamo.Page<unknown>>>, (i: number) => Readonly<Record<string, unknown>>, (i: number) => Readonly<Record<string, unknown>>]> = [
    ['a Scan', (cursor, perItem) => (env) => Dynamo.page(Row, C.gt(r.n, 1), { ...(perItem ? { pageSize: 1 } : { maxRequests: 1 }), cursor })(env)(), rowKey, rowItem],
    ['a segment', (cursor, perItem) => (env) => Dynamo.page(Row, C.gt(r.n, 1), { ...(perItem ? { pageSize: 1 } : { maxRequests: 1 }), segment: { index: 1, total: 3 }, cursor })(env)(), rowKey, rowItem],
    ['an index Query', (cursor, perItem) => (env) => Dynamo.page(Noted, C.eq(no.title, 'todo'), { select: ['owner', 'at', 'title'], ...(perItem ? { pageSize: 1 } : { maxRequests: 1 }), cursor })(env)(), notedKey, (i) => ({ ...notedKey(i), _et: { S: 'noted' } })],
  ]
  for (const [what, read, keyOf, itemOf] of reads) {
    for (const perItem of [false, true]) {
      for (const [tail, cycle] of [[0, 2], [3, 2], [3, 5]] as const) {
        // the key after the one sent: 1 to `tail`, then 100, 101, … round again
        const after = (input: Readonly<Record<string, unknown>>): number => {
          const sent = input['ExclusiveStartKey'] as Readonly<Record<string, { N: string }>> | undefined
          const n = sent === undefined ? 0 : Number((sent['sk'] ?? sent['at'] as { N: string }).N)
          return n < tail ? n + 1 : n < 100 ? 100 : 100 + ((n - 100 + 1) % cycle)
        }
        // one item a page: each answer holds the next two items (and no key: the page ends mid-answer), the page takes the first (its cursor that item's key)
        const answer = (input: Readonly<Record<string, unknown>>) => {
          const k = after(input)
          return perItem ? { Count: 2, Items: [itemOf(k), itemOf(after({ ExclusiveStartKey: keyOf(k) }))] } : { Count: 0, Items: [], LastEvaluatedKey: keyOf(k) }
        }
        for (const sealed of [false, true]) {
          const s = await serving((_, input) => ({ status: 200, body: answer(input) }))
          const said = `${what}${perItem ? ', one item a page' : ''}, a tail of ${tail} and a cycle of ${cycle}${sealed ? ', cursorKey' : ''}`
          try {
            const env = sealed ? sealedOn(s.endpoint) : envOn(s.endpoint)
            let cursor: string | undefined
            let last: E.Either<DE.DynamoError, unknown> = E.right(undefined)
            for (let n = 0; n < 8 * (tail + cycle) + 8; n++) {
              const p = await read(cursor, perItem)(env)
              last = p
              if (E.isLeft(p) || p.right.cursor._tag === 'None') break
              cursor = p.right.cursor.value
            }
            const cursors = E.isLeft(last) && last.left._tag === 'ValidationError' && last.left.issues[0]?.path === 'cursor' && /or the endpoint's keys go round/.test(last.left.issues[0]?.message ?? '')
            assert.ok(unreadable(last, /earlier answer of this read/) || (!sealed && cursors), `${said}: ${s.total()} requests, ${JSON.stringify(last)}`)
            assert.ok(s.total() <= tail + 4 * cycle + 2, `${said}: ${s.total()} requests`)
          } finally {
            await s.close()
          }
        }
      }
    }
  }
})

test("a Query's answer holding an item of another partition (its hash key, or its index's, another value, of another type, or missing; a table's, an index's of one attribute, of a composed key, of several attributes, a local index's, an entity's collection): the read is a Left InvalidAnswer naming the attribute, never that item as a result", async () => {
  const noted = (o: Readonly<Record<string, unknown>>) => ({ owner: { S: 'ann' }, at: { N: '1' }, title: { S: 'todo' }, tag: { S: 'home' }, total: { N: '5' }, gsi2pk: { S: 'TOTAL#5' }, status: { S: 'open' }, region: { S: 'eu' }, _et: { S: 'noted' }, ...o })
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<unknown>, (env: Env.Env) => Promise<E.Either<DE.DynamoError, unknown>>, string]> = [
    ['table, another string', [{ pk: { S: 'a' }, sk: { N: '1' }, n: { N: '5' } }, { pk: { S: 'b' }, sk: { N: '2' }, n: { N: '5' } }], (env) => Dynamo.getMany(Row, C.eq(r.pk, 'a'))(env)(), 'pk'],
    ['table, a string of another case', [{ pk: { S: 'A' }, sk: { N: '1' }, n: { N: '5' } }], (env) => Dynamo.page(Row, C.eq(r.pk, 'a'))(env)(), 'pk'],
    ['table, no hash key', [{ sk: { N: '1' }, n: { N: '5' } }], (env) => Dynamo.page(Row, C.and(C.eq(r.pk, 'a'), C.gt(r.sk, 0)))(env)(), 'pk'],
    ['table, another number', [{ id: { N: '1' }, sk: { N: '1' } }, { id: { N: '1.5' }, sk: { N: '2' } }], (env) => Dynamo.getMany(Numbered, C.eq(Numbered.attrs.id, 1))(env)(), 'id'],
    ['table, a string of the number', [{ id: { S: '1' }, sk: { N: '1' } }], (env) => Dynamo.getMany(Numbered, C.eq(Numbered.attrs.id, 1))(env)(), 'id'],
    ['table, other bytes', [{ id: { B: 'AQIE' }, sk: { N: '1' } }], (env) => Dynamo.getMany(Binary, C.eq(Binary.attrs.id, new Uint8Array([1, 2, 3])))(env)(), 'id'],
    ['an index of one attribute, keys projected', [{ owner: { S: 'ann' }, at: { N: '1' }, title: { S: 'done' }, _et: { S: 'noted' } }], (env) => Dynamo.page(Noted, C.eq(no.title, 'todo'), { select: ['owner', 'at', 'title'] })(env)(), 'title'],
    ['an index of a composed key, a field projected', [noted({ gsi2pk: { S: 'TOTAL#6' } })], (env) => Dynamo.page(Noted, C.eq(no.total, 5), { index: 'byTotal', select: ['owner', 'at', 'status'] })(env)(), 'gsi2pk'],
    ['a local index (keys projected: read with every attribute)', [noted({ owner: { S: 'bob' } })], (env) => Dynamo.getMany(Noted, C.and(C.eq(no.owner, 'ann'), C.eq(no.tag, 'home')))(env)(), 'owner'],
    ['an index of a multi-attribute key, its second attribute', [noted({}), noted({ region: { S: 'us' } })], (env) => Dynamo.getMany(Noted, C.and(C.eq(no.status, 'open'), C.eq(no.region, 'eu')))(env)(), 'region'],
    ['an entity\'s collection', [{ pk: { S: 'ROW#b' }, sk: { S: 'ROW' }, id: { S: 'b' }, _et: { S: 'row' } }], (env) => Dynamo.collection({ row: Entity }, { id: 'a' })(env)(), 'pk'],
  ]
  for (const [what, Items, read, attribute] of cases) {
    const s = await answering({ Query: { Count: Items.length, ScannedCount: Items.length, Items } })
    try {
      const settled = await within(read(envOn(s.endpoint)), LIVENESS_MS)
      assert.ok(settled !== undefined, `${what}: did not settle`)
      const x = settled.value
      assert.ok(unreadable(x, new RegExp(`not of the Query's partition: its ${attribute} `)), `${what}: ${JSON.stringify(x)}`)
      assert.ok(E.isLeft(x) && x.left._tag === 'AwsError' && x.left.name === 'InvalidAnswer', what)
      assert.is(s.total(), 1, what)
    } finally {
      await s.close()
    }
  }
})

test("a Query's LastEvaluatedKey of another partition (its hash key, or its index's, another value or of another type; a table's, an index's of one attribute, of a composed key, of several attributes, a local index's; a count's): the page is a Left InvalidAnswer naming the attribute after its one request, never a cursor that steers the next page elsewhere", async () => {
  const noted = (o: Readonly<Record<string, unknown>>) => ({ owner: { S: 'ann' }, at: { N: '1' }, title: { S: 'todo' }, tag: { S: 'home' }, gsi2pk: { S: 'TOTAL#5' }, status: { S: 'open' }, region: { S: 'eu' }, ...o })
  const keyOf = (item: Readonly<Record<string, unknown>>, names: ReadonlyArray<string>) => Object.fromEntries(names.map((n) => [n, item[n]]))
  const cases: ReadonlyArray<readonly [string, Readonly<Record<string, unknown>>, (env: Env.Env) => Promise<E.Either<DE.DynamoError, unknown>>, string]> = [
    ['table, another string', { pk: { S: 'b' }, sk: { N: '1' } }, (env) => Dynamo.page(Row, C.eq(r.pk, 'a'), { maxRequests: 1 })(env)(), 'pk'],
    ['table, a range condition too', { pk: { S: 'b' }, sk: { N: '3' } }, (env) => Dynamo.page(Row, C.and(C.eq(r.pk, 'a'), C.gt(r.sk, 0)), { maxRequests: 1 })(env)(), 'pk'],
    ['table, a count', { pk: { S: 'b' }, sk: { N: '1' } }, (env) => Dynamo.count(Row, C.eq(r.pk, 'a'))(env)(), 'pk'],
    ['table, a string of the number', { id: { S: '1' }, sk: { N: '1' } }, (env) => Dynamo.page(Numbered, C.eq(Numbered.attrs.id, 1), { maxRequests: 1 })(env)(), 'id'],
    ['an index of one attribute', keyOf(noted({ title: { S: 'done' } }), ['owner', 'at', 'title']), (env) => Dynamo.page(Noted, C.eq(no.title, 'todo'), { select: ['owner', 'at', 'title'], maxRequests: 1 })(env)(), 'title'],
    ['an index of a composed key', keyOf(noted({ gsi2pk: { S: 'TOTAL#6' } }), ['owner', 'at', 'gsi2pk']), (env) => Dynamo.page(Noted, C.eq(no.total, 5), { index: 'byTotal', select: ['owner', 'at', 'status'], maxRequests: 1 })(env)(), 'gsi2pk'],
    ['a local index', keyOf(noted({ owner: { S: 'bob' } }), ['owner', 'at', 'tag']), (env) => Dynamo.page(Noted, C.and(C.eq(no.owner, 'ann'), C.eq(no.tag, 'home')), { maxRequests: 1 })(env)(), 'owner'],
    ['an index of a multi-attribute key, its second attribute', keyOf(noted({ region: { S: 'us' } }), ['owner', 'at', 'status', 'region']), (env) => Dynamo.page(Noted, C.and(C.eq(no.status, 'open'), C.eq(no.region, 'eu')), { maxRequests: 1 })(env)(), 'region'],
  ]
  for (const [what, LastEvaluatedKey, read, attribute] of cases) {
    const s = await answering({ Query: { Count: 0, ScannedCount: 0, Items: [], LastEvaluatedKey } })
    try {
      const settled = await within(read(envOn(s.endpoint)), LIVENESS_MS)
      assert.ok(settled !== undefined, `${what}: did not settle`)
      const x = settled.value
      assert.ok(unreadable(x, new RegExp(`LastEvaluatedKey is not of the Query's partition: its ${attribute} `)), `${what}: ${JSON.stringify(x)}`)
      assert.ok(E.isLeft(x) && x.left._tag === 'AwsError' && x.left.name === 'InvalidAnswer', what)
      assert.is(s.total(), 1, what)
    } finally {
      await s.close()
    }
  }
  // a LastEvaluatedKey of the partition, in another spelling of its number, goes on
  const s = await answering({ Query: { Count: 0, ScannedCount: 0, Items: [], LastEvaluatedKey: { id: { N: '1.0' }, sk: { N: '1' } } } })
  try {
    const p = await Dynamo.page(Numbered, C.eq(Numbered.attrs.id, 1), { maxRequests: 1 })(envOn(s.endpoint))()
    assert.ok(E.isRight(p) && p.right.cursor._tag === 'Some', JSON.stringify(p))
  } finally {
    await s.close()
  }
})

test("a Query's LastEvaluatedKey outside its range key condition (past a bound, of another type, not of the prefix; a table's, a count's, an entity's composed range key, a local index's, a multi-attribute index's): the page is a Left InvalidAnswer naming the attribute after its one request, never a cursor that steers the next page outside the condition; one within it goes on", async () => {
  // an entity whose composed range key is read by its prefix (begins_with(sk, 'N#'))
  const Ranked = Model.make({ table: 'rows', entity: 'ranked', codec: t.type({ id: t.string, n: t.number }), hashKey: Model.key('pk', 'RANK#{id}'), rangeKey: Model.key('sk', 'N#{n}') })
  const notedKey = (o: Readonly<Record<string, unknown>>) => ({ owner: { S: 'ann' }, at: { N: '5' }, tag: { S: 'home' }, status: { S: 'open' }, region: { S: 'eu' }, ...o })
  const pick = (item: Readonly<Record<string, unknown>>, names: ReadonlyArray<string>) => Object.fromEntries(names.map((n) => [n, item[n]]))
  const page = (m: Model.Any, c: C.Condition, options: Record<string, unknown> = {}) => (env: Env.Env) => Dynamo.page(m as typeof Row, c as never, { maxRequests: 1, ...options } as never)(env)()
  const cases: ReadonlyArray<readonly [string, Readonly<Record<string, unknown>>, (env: Env.Env) => Promise<E.Either<DE.DynamoError, unknown>>, string, boolean]> = [
    ['table, > 0 answered 0', { pk: { S: 'a' }, sk: { N: '0' } }, page(Row, C.and(C.eq(r.pk, 'a'), C.gt(r.sk, 0))), 'sk', false],
    ['table, > 0 answered -7', { pk: { S: 'a' }, sk: { N: '-7' } }, page(Row, C.and(C.eq(r.pk, 'a'), C.gt(r.sk, 0))), 'sk', false],
    ['table, > 0 answered 0.5', { pk: { S: 'a' }, sk: { N: '0.5' } }, page(Row, C.and(C.eq(r.pk, 'a'), C.gt(r.sk, 0))), 'sk', true],
    ['table, <= 10 answered 11', { pk: { S: 'a' }, sk: { N: '11' } }, page(Row, C.and(C.eq(r.pk, 'a'), C.lte(r.sk, 10))), 'sk', false],
    ['table, <= 10 answered 10.0', { pk: { S: 'a' }, sk: { N: '10.0' } }, page(Row, C.and(C.eq(r.pk, 'a'), C.lte(r.sk, 10))), 'sk', true],
    ['table, between answered below', { pk: { S: 'a' }, sk: { N: '1' } }, page(Row, C.and(C.eq(r.pk, 'a'), C.between(r.sk, 2, 4))), 'sk', false],
    ['table, between answered above', { pk: { S: 'a' }, sk: { N: '5' } }, page(Row, C.and(C.eq(r.pk, 'a'), C.between(r.sk, 2, 4))), 'sk', false],
    ['table, between answered within', { pk: { S: 'a' }, sk: { N: '4' } }, page(Row, C.and(C.eq(r.pk, 'a'), C.between(r.sk, 2, 4))), 'sk', true],
    ['a local index, = answered another', pick(notedKey({ tag: { S: 'work' } }), ['owner', 'at', 'tag']), page(Noted, C.and(C.eq(no.owner, 'ann'), C.eq(no.tag, 'home'))), 'tag', false],
    ['table, a string where a number is asked', { pk: { S: 'a' }, sk: { S: '3' } }, page(Row, C.and(C.eq(r.pk, 'a'), C.gt(r.sk, 0))), 'sk', false],
    ['table, descending, < 10 answered 10', { pk: { S: 'a' }, sk: { N: '10' } }, page(Row, C.and(C.eq(r.pk, 'a'), C.lt(r.sk, 10)), { descending: true }), 'sk', false],
    ['a count', { pk: { S: 'a' }, sk: { N: '0' } }, (env) => Dynamo.count(Row, C.and(C.eq(r.pk, 'a'), C.gt(r.sk, 0)))(env)(), 'sk', false],
    ['an entity\'s composed range key, not of its prefix', { pk: { S: 'RANK#a' }, sk: { S: 'OTHER' } }, page(Ranked, C.eq(Ranked.attrs.id, 'a')), 'sk', false],
    ['an entity\'s composed range key, of its prefix', { pk: { S: 'RANK#a' }, sk: { S: 'N#5' } }, page(Ranked, C.eq(Ranked.attrs.id, 'a')), 'sk', true],
    ['a local index, > answered below', pick(notedKey({ tag: { S: 'a' } }), ['owner', 'at', 'tag']), page(Noted, C.and(C.eq(no.owner, 'ann'), C.gt(no.tag, 'b'))), 'tag', false],
    ['a local index, begins_with answered another prefix', pick(notedKey({ tag: { S: 'work' } }), ['owner', 'at', 'tag']), page(Noted, C.and(C.eq(no.owner, 'ann'), C.beginsWith(no.tag, 'ho'))), 'tag', false],
    ['a local index, begins_with answered of the prefix', pick(notedKey({ tag: { S: 'home' } }), ['owner', 'at', 'tag']), page(Noted, C.and(C.eq(no.owner, 'ann'), C.beginsWith(no.tag, 'ho'))), 'tag', true],
    ['a multi-attribute index, its range key past a bound', pick(notedKey({ at: { N: '9' } }), ['owner', 'at', 'status', 'region']), page(Noted, C.and(C.eq(no.status, 'open'), C.eq(no.region, 'eu'), C.lt(no.at, 9))), 'at', false],
  ]
  for (const [what, LastEvaluatedKey, read, attribute, within_] of cases) {
    const s = await answering({ Query: { Count: 0, ScannedCount: 0, Items: [], LastEvaluatedKey } })
    try {
      const settled = await within(read(envOn(s.endpoint)), LIVENESS_MS)
      assert.ok(settled !== undefined, `${what}: did not settle`)
      const x = settled.value
      if (within_) {
        assert.ok(E.isRight(x), `${what}: ${JSON.stringify(x)}`)
        continue
      }
      assert.ok(unreadable(x, new RegExp(`LastEvaluatedKey is outside the Query's key condition: its ${attribute} `)), `${what}: ${JSON.stringify(x)}`)
      assert.ok(E.isLeft(x) && x.left._tag === 'AwsError' && x.left.name === 'InvalidAnswer', what)
      assert.is(s.total(), 1, what)
    } finally {
      await s.close()
    }
  }
})

test("a Query's answer holding an item outside its range key condition (sk -7 for sk > 0, a page whose limit ends on it, a local index's begins_with): the read is a Left InvalidAnswer naming the attribute, never that item as a result or a cursor; items within it read", async () => {
  const noted = (o: Readonly<Record<string, unknown>>) => ({ owner: { S: 'ann' }, at: { N: '1' }, title: { S: 'todo' }, tag: { S: 'home' }, _et: { S: 'noted' }, ...o })
  const row = (sk: string) => ({ pk: { S: 'a' }, sk: { N: sk }, n: { N: '5' } })
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<unknown>, (env: Env.Env) => Promise<E.Either<DE.DynamoError, unknown>>, string | undefined]> = [
    ['table, > 0 answered -7', [row('1'), row('-7')], (env) => Dynamo.getMany(Row, C.and(C.eq(r.pk, 'a'), C.gt(r.sk, 0)))(env)(), 'sk'],
    ['table, > 0 answered -7, a limit ending on it (its cursor)', [row('1'), row('-7'), row('2')], (env) => Dynamo.getMany(Row, C.and(C.eq(r.pk, 'a'), C.gt(r.sk, 0)), { limit: 2 })(env)(), 'sk'],
    ['table, between answered above', [row('5')], (env) => Dynamo.page(Row, C.and(C.eq(r.pk, 'a'), C.between(r.sk, 2, 4)))(env)(), 'sk'],
    ['a local index, begins_with answered another prefix', [noted({ tag: { S: 'work' } })], (env) => Dynamo.getMany(Noted, C.and(C.eq(no.owner, 'ann'), C.beginsWith(no.tag, 'ho')))(env)(), 'tag'],
    // (in the Query's order: one out of it is no answer DynamoDB gives, HostilePages.spec)
    ['table, > 0, all within', [row('0.5'), row('1')], (env) => Dynamo.getMany(Row, C.and(C.eq(r.pk, 'a'), C.gt(r.sk, 0)))(env)(), undefined],
  ]
  for (const [what, Items, read, attribute] of cases) {
    const s = await answering({ Query: { Count: Items.length, ScannedCount: Items.length, Items } })
    try {
      const settled = await within(read(envOn(s.endpoint)), LIVENESS_MS)
      assert.ok(settled !== undefined, `${what}: did not settle`)
      const x = settled.value
      if (attribute === undefined) {
        assert.ok(E.isRight(x), `${what}: ${JSON.stringify(x)}`)
        continue
      }
      assert.ok(unreadable(x, new RegExp(`an item of it is outside the Query's key condition: its ${attribute} `)), `${what}: ${JSON.stringify(x)}`)
      assert.ok(E.isLeft(x) && x.left._tag === 'AwsError' && x.left.name === 'InvalidAnswer', what)
      assert.is(s.total(), 1, what)
    } finally {
      await s.close()
    }
  }
})

test("a Query's answer whose items are all of its partition still reads: a number in another spelling (1.0 for 1), the same bytes, an index's key, a count that has no items", async () => {
  const s1 = await answering({ Query: { Count: 2, Items: [{ id: { N: '1.0' }, sk: { N: '1' } }, { id: { N: '1' }, sk: { N: '2' } }] } })
  const s2 = await answering({ Query: { Count: 1, Items: [{ id: { B: 'AQID' }, sk: { N: '1' } }] } })
  const s3 = await answering({ Query: { Count: 1, Items: [{ owner: { S: 'ann' }, at: { N: '1' }, title: { S: 'todo' }, _et: { S: 'noted' } }] } })
  const s4 = await answering({ Query: { Count: 3, ScannedCount: 3 } })
  try {
    assert.equal(await Dynamo.getMany(Numbered, C.eq(Numbered.attrs.id, 1))(envOn(s1.endpoint))(), E.right([{ id: 1, sk: 1 }, { id: 1, sk: 2 }]))
    assert.equal(await Dynamo.getMany(Binary, C.eq(Binary.attrs.id, new Uint8Array([1, 2, 3])))(envOn(s2.endpoint))(), E.right([{ id: new Uint8Array([1, 2, 3]), sk: 1 }]))
    const p = await Dynamo.page(Noted, C.eq(no.title, 'todo'), { select: ['owner', 'at', 'title'] })(envOn(s3.endpoint))()
    assert.ok(E.isRight(p) && p.right.items.length === 1, JSON.stringify(p))
    assert.equal(await Dynamo.count(Row, C.eq(r.pk, 'a'))(envOn(s4.endpoint))(), E.right(3))
  } finally {
    await Promise.all([s1.close(), s2.close(), s3.close(), s4.close()])
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
