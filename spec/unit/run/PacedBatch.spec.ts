/**
 * Paced key lists (lib/run/read.ts, batch.ts, pace.ts): a read with `readUnitsPerSecond`
 * whose plan is a `BatchGetItem` (`keysIn`, `isIn` on a lone key field, literal `eq`/`isIn` on
 * every key field) asks each request for its consumed capacity and waits between requests as
 * a paced Query waits between pages; keys left unprocessed are asked again within the same
 * pacing. Against a stand-in DynamoDB on a fake clock (time moves only when slept on): the
 * requests, when each starts and the waits asked for, never an elapsed time.
 *
 * The stand-in answers a `BatchGetItem` with the stored items of its keys; asked for its
 * consumed capacity, half a unit a key it processed (DynamoDB's price of an eventually
 * consistent read of an item of at most 4 KB), as one `ConsumedCapacity` entry of the table.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { BatchGetItemCommand, QueryCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Batch from '../../../lib/run/batch.js'
import * as Pace from '../../../lib/run/pace.js'
import { right } from '../../harness/either.js'
import { fakeClock } from '../../harness/fakeClock.js'

type Item = Record<string, AttributeValue>

const One = Model.make({ table: 'ones', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number }) })

const ids = (n: number) => Array.from({ length: n }, (_, i) => `k${String(i).padStart(3, '0')}`)
const ones = (n: number): ReadonlyArray<Item> => ids(n).map((id, i) => ({ id: { S: id }, n: { N: String(i) } }))

interface Sent {
  readonly at: number
  readonly keys: number
  readonly input: Record<string, any>
}

interface StandInOptions {
  /** Keys the n-th request (from 0) leaves unprocessed: its last ones. */
  readonly unprocessed?: (n: number) => number
  /** Runs while the n-th request (from 0) is being answered. */
  readonly during?: (n: number) => void
  /** The `ConsumedCapacity` of the answer to a request of `processed` keys (default: half a unit a key, one entry). */
  readonly consumed?: (table: string, processed: number) => unknown
  readonly sleep?: (ms: number) => Promise<void>
}

const standIn = (items: ReadonlyArray<Item>, keyOf: (i: Item) => string, options: StandInOptions = {}) => {
  const clock = fakeClock()
  const sent: Sent[] = []
  let inFlight = 0
  let mostInFlight = 0
  const send = async (command: unknown) => {
    if (!(command instanceof BatchGetItemCommand)) throw new Error(`unexpected command ${(command as object).constructor.name}`)
    const input = command.input as Record<string, any>
    const [table, req] = Object.entries(input['RequestItems'] as Record<string, { Keys: Item[] }>)[0] as [string, { Keys: Item[] }]
    const n = sent.length
    sent.push({ at: clock.now(), keys: req.Keys.length, input })
    options.during?.(n)
    inFlight++
    mostInFlight = Math.max(mostInFlight, inFlight)
    await new Promise((resolve) => setTimeout(resolve, 1))
    inFlight--
    const left = Math.min(options.unprocessed?.(n) ?? 0, req.Keys.length)
    const processed = req.Keys.slice(0, req.Keys.length - left)
    const wanted = new Set(processed.map(keyOf))
    return {
      $metadata: {},
      Responses: { [table]: items.filter((i) => wanted.has(keyOf(i))) },
      UnprocessedKeys: left === 0 ? {} : { [table]: { Keys: req.Keys.slice(req.Keys.length - left) } },
      ...(input['ReturnConsumedCapacity'] === 'TOTAL' ? { ConsumedCapacity: options.consumed?.(table, processed.length) ?? [{ TableName: table, CapacityUnits: processed.length / 2 }] } : {}),
    }
  }
  const env = Env.make({
    client: { send } as unknown as DynamoDBClient,
    now: () => new Date(clock.now()),
    sleep: options.sleep ?? clock.sleep,
    random: () => 0,
  })
  return { env, sent, clock, mostInFlight: () => mostInFlight }
}

const oneKey = (i: Item) => i['id']?.S ?? ''
const rowKey = (i: Item) => `${i['pk']?.S}/${i['sk']?.N}`

test('keysIn, paced: BatchGetItem requests that ask for their consumed capacity, one at a time, each starting when the one before has been paid for (50 units at 10/s: 5 s)', async () => {
  const s = standIn(ones(250), oneKey)
  const got = right(await Dynamo.getMany(One, ids(250), { readUnitsPerSecond: 10 })(s.env)())
  assert.equal(got.map((x) => x.id), ids(250))
  assert.equal(s.sent.map((x) => x.keys), [100, 100, 50])
  assert.ok(s.sent.every((x) => x.input['ReturnConsumedCapacity'] === 'TOTAL'))
  assert.equal(s.sent.map((x) => x.at), [0, 5000, 10000])
  assert.equal(s.clock.sleeps, [5000, 5000])
  assert.is(s.mostInFlight(), 1)
})

test('batchGet given a pacer and several chunks reads them one at a time, each request after the one before is paid for (the rule lives where the pacer is taken, whoever calls)', async () => {
  const s = standIn(ones(250), oneKey)
  const pacer = Pace.make(10, { now: s.clock.now, sleep: s.clock.sleep })
  const keys = ids(250).map((id) => ({ id: { S: id } }))
  const r = await Batch.batchGet('ones', keys, oneKey, { pacer })(s.env)()
  assert.ok(E.isRight(r) && r.right.items.length === 250)
  assert.equal(s.sent.map((x) => x.at), [0, 5000, 10000])
  assert.is(s.mostInFlight(), 1)
})

test('unpaced, the same key list reads its chunks at once and asks no consumed capacity', async () => {
  const s = standIn(ones(250), oneKey)
  right(await Dynamo.getMany(One, ids(250))(s.env)())
  assert.equal(s.sent.map((x) => x.keys), [100, 100, 50])
  assert.ok(s.sent.every((x) => x.input['ReturnConsumedCapacity'] === undefined))
  assert.equal(s.clock.sleeps, [])
  assert.ok(s.mostInFlight() > 1)
})

test('keys left unprocessed are asked again within the same pacing: the retry waits for what the first answer consumed, the next chunk for what the retry did', async () => {
  // the first request processes 60 keys (30 units: 3 s at 10/s) and leaves 40, which the retry reads (20 units: 2 s)
  const s = standIn(ones(150), oneKey, { unprocessed: (n) => (n === 0 ? 40 : 0) })
  const got = right(await Dynamo.getMany(One, ids(150), { readUnitsPerSecond: 10 })(s.env)())
  assert.equal(got.map((x) => x.id), ids(150))
  assert.equal(s.sent.map((x) => x.keys), [100, 40, 50])
  assert.ok(s.sent.every((x) => x.input['ReturnConsumedCapacity'] === 'TOTAL'))
  assert.equal(s.sent.map((x) => x.at), [0, 3000, 5000])
  // the retry's backoff (0 ms: no jitter drawn), then the pacer's waits
  assert.equal(s.clock.sleeps, [0, 3000, 2000])
})

test('what an answer says it consumed is its one entry for the table, an entry without CapacityUnits counting none; an entry that is no count of units (negative, not a number, not finite, past what the request can consume), a second entry, or an answer that is no list is an InvalidAnswer (answer.capacityWhy)', async () => {
  const s = standIn(ones(250), oneKey, { consumed: (table, n) => [{ TableName: table, CapacityUnits: n / 2 }] })
  right(await Dynamo.getMany(One, ids(250), { readUnitsPerSecond: 10 })(s.env)())
  assert.equal(s.sent.map((x) => x.at), [0, 5000, 10000])
  const none = standIn(ones(150), oneKey, { consumed: (table) => [{ TableName: table }] })
  right(await Dynamo.getMany(One, ids(150), { readUnitsPerSecond: 10 })(none.env)())
  assert.equal(none.sent.map((x) => x.at), [0, 0])
  const lies: ReadonlyArray<(table: string, n: number) => unknown> = [
    ...[{ CapacityUnits: -1e9 }, { CapacityUnits: 'many' }, { CapacityUnits: Infinity }, { CapacityUnits: 1e12 }, null].map((lie) => () => [lie]),
    (table, n) => [{ TableName: table, CapacityUnits: n / 4 }, { TableName: table, CapacityUnits: n / 4 }],
    (table, n) => ({ TableName: table, CapacityUnits: n }),
  ]
  for (const consumed of lies) {
    const l = standIn(ones(250), oneKey, { consumed })
    const r = await Dynamo.getMany(One, ids(250), { readUnitsPerSecond: 10 })(l.env)()
    const what = JSON.stringify(consumed('t', 100))
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer' && DE.show(r.left).includes('ConsumedCapacity'), `${what}: ${JSON.stringify(r)}`)
    assert.is(l.sent.length, 1, `${what}: no request after it`)
  }
})

test('a Query page whose answer says it consumed NaN units is an InvalidAnswer: no page after it', async () => {
  let now = 0
  const starts: number[] = []
  const send = async (command: unknown) => {
    if (!(command instanceof QueryCommand)) throw new Error('unexpected command')
    const n = starts.length
    starts.push(now)
    const item = { pk: { S: 'a' }, sk: { N: String(n) } }
    return { $metadata: {}, Items: [item], Count: 1, ScannedCount: 1, ConsumedCapacity: { TableName: 'rows', CapacityUnits: n === 0 ? Number.NaN : 10 }, ...(n < 3 ? { LastEvaluatedKey: item } : {}) }
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, now: () => new Date(now), sleep: async (ms: number) => void (now += ms) })
  const r = await Dynamo.count(Row, C.eq(Row.attrs.pk, 'a'), { readUnitsPerSecond: 10 })(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer' && DE.show(r.left).includes('NaN'), JSON.stringify(r))
  assert.equal(starts, [0])
})

test('literal values on every key field (eq on the hash key, isIn on the range key), paced: the BatchGetItem of those keys, paced (no Scan of the table)', async () => {
  const rows = [1, 2, 3, 4, 5, 6].map((sk) => ({ pk: { S: 'b' }, sk: { N: String(sk) } }))
  const s = standIn(rows, rowKey)
  const c = C.and(C.eq(Row.attrs.pk, 'b'), C.isIn(Row.attrs.sk, [6, 2, 4, 9]))
  const got = right(await Dynamo.getMany(Row, c, { readUnitsPerSecond: 1 })(s.env)())
  assert.equal(got.map((x) => x.sk), [2, 4, 6])
  assert.is(s.sent.length, 1)
  assert.equal(s.sent[0]?.input['RequestItems'].rows.Keys.map((k: Item) => k['sk']?.N), ['2', '4', '6', '9'])
  assert.is(s.sent[0]?.input['ReturnConsumedCapacity'], 'TOTAL')
})

test('explain with readUnitsPerSecond: the plan the paced read runs (the BatchGetItem of its keys), with its rate, drawn by Plan.show; without it, the unpaced plan', () => {
  const c = C.and(C.eq(Row.attrs.pk, 'b'), C.isIn(Row.attrs.sk, [6, 2]))
  const keys = [2, 6].map((sk) => ({ _tag: 'Key', key: { pk: { S: 'b' }, sk: { N: String(sk) } }, values: { pk: 'b', sk } }))
  assert.equal(Dynamo.explain(Row, c, { readUnitsPerSecond: 5 }), E.right({ _tag: 'BatchGetItem', table: 'rows', keys, readUnitsPerSecond: 5 }))
  assert.equal(Dynamo.explain(Row, c), E.right({ _tag: 'BatchGetItem', table: 'rows', keys }))
  assert.equal(
    E.map(Plan.show)(Dynamo.explain(Row, c, { readUnitsPerSecond: 5 })),
    E.right(['BatchGetItem rows (2 keys, 1 request)', '  key: pk = "b" AND sk = 2', '  key: pk = "b" AND sk = 6', '  paced: 5 read units a second'].join('\n')),
  )
  // a Query's pacing drawn after its filter
  assert.equal(
    E.map(Plan.show)(Dynamo.explain(Row, C.and(C.eq(Row.attrs.pk, 'b'), C.gt(Row.attrs.sk, 3)), { readUnitsPerSecond: 0.5 })),
    E.right(['Query rows', '  key condition: pk = "b" AND sk > 3', '  paced: 0.5 read units a second'].join('\n')),
  )
})

test('explain with a readUnitsPerSecond that is no rate (0, negative, NaN, Infinity): the ValidationError the read gives', async () => {
  const c = C.isIn(One.attrs.id, ids(3))
  for (const rate of [0, -1, Number.NaN, Infinity]) {
    const x = Dynamo.explain(One, c, { readUnitsPerSecond: rate })
    const s = standIn(ones(3), oneKey)
    const read = await Dynamo.getMany(One, c, { readUnitsPerSecond: rate })(s.env)()
    assert.ok(E.isLeft(x) && x.left._tag === 'ValidationError', `${rate}: ${JSON.stringify(x)}`)
    assert.equal(x, read)
  }
})

test('page, pages, reduce and count of a key list, paced: each request paced, the pages of pageSize keys; a paced page\'s cursor goes on unpaced and back', async () => {
  const s = standIn(ones(10), oneKey)
  const c = C.isIn(One.attrs.id, ids(10))
  // pages of 4 keys: 2 units each at 4/s, a request every 500 ms
  const first = right(await Dynamo.page(One, c, { pageSize: 4, readUnitsPerSecond: 4 })(s.env)())
  assert.equal(first.items.map((x) => x.id), ids(4))
  assert.ok(first.cursor._tag === 'Some')
  const second = right(await Dynamo.page(One, c, { pageSize: 4, cursor: first.cursor.value })(s.env)())
  assert.equal(second.items.map((x) => x.id), ids(8).slice(4))
  assert.ok(second.cursor._tag === 'Some')
  const third = right(await Dynamo.page(One, c, { pageSize: 4, readUnitsPerSecond: 4, cursor: second.cursor.value })(s.env)())
  assert.equal(third.items.map((x) => x.id), ids(10).slice(8))
  assert.ok(third.cursor._tag === 'None')
  assert.equal(s.sent.map((x) => x.input['ReturnConsumedCapacity']), ['TOTAL', undefined, 'TOTAL'])

  const p = standIn(ones(10), oneKey)
  const seen: string[][] = []
  for await (const page of Dynamo.pages(One, c, { pageSize: 4, readUnitsPerSecond: 4 })(p.env)) seen.push(right(page).items.map((x) => x.id))
  assert.equal(seen, [ids(4), ids(8).slice(4), ids(10).slice(8)])
  assert.equal(p.sent.map((x) => x.at), [0, 500, 1000])

  const r = standIn(ones(10), oneKey)
  assert.is(right(await Dynamo.reduce(One, c, 0, (n, x) => n + x.n, { pageSize: 4, readUnitsPerSecond: 4 })(r.env)()), 45)
  assert.equal(r.sent.map((x) => x.at), [0, 500, 1000])

  const n = standIn(ones(10), oneKey)
  assert.is(right(await Dynamo.count(One, c, { pageSize: 4, readUnitsPerSecond: 4 })(n.env)()), 10)
  assert.equal(n.sent.map((x) => x.at), [0, 500, 1000])
  assert.equal(n.clock.sleeps, [500, 500])
})

test('an abort while a paced key list waits for its next request ends the wait: Left(AwsError AbortError), no further request', async () => {
  const c = new AbortController()
  const s = standIn(ones(250), oneKey, { sleep: () => new Promise(() => {}), during: (n) => (n === 0 ? void setTimeout(() => c.abort(), 5) : undefined) })
  const read = Dynamo.getMany(One, ids(250), { readUnitsPerSecond: 0.01, signal: c.signal })(s.env)()
  // a liveness bound, not a timing: without the abort ending the wait the read never settles
  let timer: ReturnType<typeof setTimeout> | undefined
  const settled = await Promise.race([read, new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), 5_000)))])
  clearTimeout(timer)
  assert.ok(settled !== 'pending' && E.isLeft(settled) && settled.left._tag === 'AwsError' && settled.left.name === 'AbortError', JSON.stringify(settled))
  assert.is(s.sent.length, 1)
})

test('a readUnitsPerSecond that is no rate (0, negative, NaN, Infinity) on a key list: a ValidationError naming it, before any request', async () => {
  const c = C.isIn(One.attrs.id, ids(3))
  for (const rate of [0, -1, Number.NaN, Infinity, -Infinity]) {
    const reads: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
      ['getMany', Dynamo.getMany(One, ids(3), { readUnitsPerSecond: rate })],
      ['page', Dynamo.page(One, c, { readUnitsPerSecond: rate })],
      ['count', Dynamo.count(One, c, { readUnitsPerSecond: rate })],
      ['reduce', Dynamo.reduce(One, c, 0, (n) => n, { readUnitsPerSecond: rate })],
    ]
    for (const [what, read] of reads) {
      const s = standIn(ones(3), oneKey)
      const r = await read(s.env)()
      assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && /readUnitsPerSecond/.test(DE.show(r.left)), `${what} ${rate}: ${E.isLeft(r) ? DE.show(r.left) : 'read'}`)
      assert.is(s.sent.length, 0, `${what} ${rate}`)
    }
  }
})

test.run()
