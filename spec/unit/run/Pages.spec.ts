/**
 * Reads as a stream of pages (lib/run/pages.ts) and what getMany makes of it, against a
 * stand-in client that records every command: how many requests a read makes, in which order,
 * and which read options reach each request.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import {
  BatchGetItemCommand,
  DynamoDBServiceException,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Pages from '../../../lib/run/pages.js'
import * as Plan from '../../../lib/plan/Plan.js'
import { right } from '../../harness/either.js'

type Item = Record<string, AttributeValue>
const $metadata = {}

/** A hash+range model: a Query on `pk`, a GetItem on `[pk, sk]`, a Scan on anything else. */
const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number, tag: t.string }) })
const r = Row.attrs

const row = (sk: number, tag = 'x'): Item => ({ pk: { S: 'a' }, sk: { N: String(sk) }, tag: { S: tag } })

interface Sent {
  readonly name: string
  readonly input: Record<string, any>
}

interface StandIn {
  readonly env: Env.Env
  readonly sent: Array<Sent>
}

interface StandInOptions {
  /** The most items a Query or Scan request returns. */
  readonly pageHolds?: number
  /** An error the n-th request (from 0) throws instead of answering. */
  readonly fail?: (n: number) => Error | undefined
  /** How many of the n-th request's batch keys (the last ones) DynamoDB leaves unprocessed. */
  readonly unprocessed?: (n: number) => number
}

/**
 * A stand-in DynamoDB holding `items` (in key order) in one table. Query and Scan serve the
 * items in order (a descending Query in the other order), at most `pageHolds` (and at most `Limit`) a request, ignoring expressions;
 * `ExclusiveStartKey` resumes after that key. BatchGetItem and GetItem look keys up.
 */
const standIn = (items: ReadonlyArray<Item>, options: StandInOptions = {}): StandIn => {
  const sent: Array<Sent> = []
  const key = (i: Item) => `${i['pk']?.S}/${i['sk']?.N}`
  const page = (input: Record<string, any>) => {
    // a descending Query serves them in the other order, as DynamoDB does
    const ordered = input['ScanIndexForward'] === false ? [...items].reverse() : items
    const startAt = input['ExclusiveStartKey'] === undefined ? 0 : ordered.findIndex((i) => key(i) === key(input['ExclusiveStartKey'])) + 1
    const n = Math.min(options.pageHolds ?? Infinity, input['Limit'] ?? Infinity)
    const Items = ordered.slice(startAt, startAt + n)
    const last = Items[Items.length - 1]
    const more = startAt + n < ordered.length && last !== undefined
    return { $metadata, Items, Count: Items.length, ...(more ? { LastEvaluatedKey: { pk: last['pk'], sk: last['sk'] } } : {}) }
  }
  const send = async (command: unknown) => {
    await Promise.resolve()
    const c = command as { constructor: { name: string }; input: Record<string, any> }
    sent.push({ name: c.constructor.name, input: c.input })
    const failure = options.fail?.(sent.length - 1)
    if (failure !== undefined) throw failure
    if (command instanceof QueryCommand || command instanceof ScanCommand) return page(c.input)
    if (command instanceof GetItemCommand) {
      const it = items.find((i) => key(i) === key(c.input['Key']))
      return it === undefined ? { $metadata } : { $metadata, Item: it }
    }
    if (command instanceof BatchGetItemCommand) {
      const [table, req] = Object.entries(c.input['RequestItems'] as Record<string, { Keys: Item[] }>)[0] as [string, { Keys: Item[] }]
      const leave = Math.min(options.unprocessed?.(sent.length - 1) ?? 0, req.Keys.length)
      const served = req.Keys.slice(0, req.Keys.length - leave)
      const rest = req.Keys.slice(req.Keys.length - leave)
      const wanted = new Set(served.map(key))
      // DynamoDB answers in no particular order
      const Responses = { [table]: items.filter((i) => wanted.has(key(i))).reverse() }
      return { $metadata, Responses, ...(rest.length > 0 ? { UnprocessedKeys: { [table]: { Keys: rest } } } : {}) }
    }
    throw new Error(`unexpected command ${c.constructor.name}`)
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0 })
  return { env, sent }
}

const rows = (n: number): ReadonlyArray<Item> => Array.from({ length: n }, (_, i) => row(i + 1))

// -------------------------------------------------------------------------------------
// read options reach every request (1g)
// -------------------------------------------------------------------------------------

const planKinds = {
  GetItem: C.and(C.eq(r.pk, 'a'), C.eq(r.sk, 2)),
  BatchGetItem: Model.keysIn(Row, Array.from({ length: 150 }, (_, i) => ['a', i + 1] as const)),
  Query: C.eq(r.pk, 'a'),
  Scan: C.gt(r.sk, 0),
} as const

test('consistentRead reaches every request of every plan kind: GetItem, BatchGetItem (each chunk), Query and Scan (each page)', async () => {
  for (const [kind, strategy] of Object.entries(planKinds)) {
    assert.is(right(Dynamo.explain(Row, strategy))._tag, kind)
    const s = standIn(rows(7), { pageHolds: 3 })
    const got = right(await Dynamo.getMany(Row, strategy, { consistentRead: true })(s.env)())
    assert.ok(got.length > 0, kind)
    assert.ok(s.sent.length >= (kind === 'GetItem' ? 1 : 2), `${kind}: ${s.sent.length} requests`)
    for (const { name, input } of s.sent) {
      const consistent = name === 'BatchGetItemCommand' ? Object.values(input['RequestItems'] as Record<string, { ConsistentRead?: boolean }>)[0]?.ConsistentRead : input['ConsistentRead']
      assert.is(consistent, true, `${kind}: ${name} without ConsistentRead`)
    }
  }
})

test('without consistentRead no request asks for it', async () => {
  for (const strategy of Object.values(planKinds)) {
    const s = standIn(rows(7), { pageHolds: 3 })
    right(await Dynamo.getMany(Row, strategy)(s.env)())
    for (const { input } of s.sent) assert.not.ok(JSON.stringify(input).includes('ConsistentRead'))
  }
})

test('pageSize is the Limit of every Query and Scan request; descending reaches every Query request', async () => {
  for (const strategy of [planKinds.Query, planKinds.Scan]) {
    const s = standIn(rows(7))
    const got = right(await Dynamo.getMany(Row, strategy, { pageSize: 2, ...(strategy === planKinds.Query ? { descending: true } : {}) })(s.env)())
    assert.equal(got.map((x) => x.sk), strategy === planKinds.Query ? [7, 6, 5, 4, 3, 2, 1] : [1, 2, 3, 4, 5, 6, 7])
    assert.is(s.sent.length, 4)
    for (const { name, input } of s.sent) {
      assert.is(input['Limit'], 2)
      if (name === 'QueryCommand') assert.is(input['ScanIndexForward'], false)
    }
  }
})

// -------------------------------------------------------------------------------------
// the stream
// -------------------------------------------------------------------------------------

const streamOf = (strategy: ReadonlyArray<unknown> | C.Condition, options: Pages.ReadOptions = {}): Pages.Stream =>
  right(Pages.make(Row, 'rows', right(Plan.make(Row, strategy as C.Condition)), options))

const stored = (item: Item): E.Either<never, Item> => E.right(item)
const sks = (items: ReadonlyArray<Item>) => items.map((i) => Number(i['sk']?.N))
const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from)
const batchKeys = (sent: ReadonlyArray<Sent>) =>
  sent.map((x) => (Object.values(x.input['RequestItems'] as Record<string, { Keys: Item[] }>)[0]?.Keys ?? []).map((k) => Number(k['sk']?.N)))

/** A refusal that is not worth a retry. */
const refused = () => new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'refused', $metadata })

test('take(5) of a Query whose pages hold 3 makes exactly 2 requests (Limit 5, then 2) and gives the first 5 items', async () => {
  const s = standIn(rows(10), { pageHolds: 3 })
  const got = right(await Pages.take(streamOf(C.eq(r.pk, 'a')), 5, stored)(s.env)())
  assert.equal(sks(got), [1, 2, 3, 4, 5])
  assert.equal(s.sent.map((x) => [x.name, x.input['Limit'], x.input['ExclusiveStartKey']?.['sk']?.N]), [
    ['QueryCommand', 5, undefined],
    ['QueryCommand', 2, '3'],
  ])
  // and through getMany, decoded
  const g = standIn(rows(10), { pageHolds: 3 })
  assert.equal(right(await Dynamo.getMany(Row, C.eq(r.pk, 'a'), { limit: 5 })(g.env)()).map((x) => x.sk), [1, 2, 3, 4, 5])
  assert.is(g.sent.length, 2)
})

test('with a filter a request is not capped (fewer come back than are read): limit 5 over pages of 3 is 2 whole pages', async () => {
  const s = standIn(rows(10), { pageHolds: 3 })
  const got = right(await Pages.take(streamOf(C.gt(r.sk, 0)), 5, stored)(s.env)())
  assert.equal(sks(got), [1, 2, 3, 4, 5])
  assert.equal(s.sent.map((x) => [x.name, x.input['Limit']]), [
    ['ScanCommand', undefined],
    ['ScanCommand', undefined],
  ])
})

test('limit 0 makes no request; no limit reads to the end', async () => {
  const s = standIn(rows(10), { pageHolds: 3 })
  assert.equal(right(await Pages.take(streamOf(C.eq(r.pk, 'a')), 0, stored)(s.env)()), [])
  assert.is(s.sent.length, 0)
  assert.equal(sks(right(await Pages.take(streamOf(C.eq(r.pk, 'a')), Infinity, stored)(s.env)())), range(10))
  assert.is(s.sent.length, 4)
})

test('the stream stops after a Left: no request after a failed one (Query, Scan, batch)', async () => {
  for (const strategy of [C.eq(r.pk, 'a'), C.gt(r.sk, 0), Model.keysIn(Row, range(250).map((i) => ['a', i] as const))]) {
    const s = standIn(rows(250), { pageHolds: 3, fail: (n) => (n === 1 ? refused() : undefined) })
    const got = await Pages.take(streamOf(strategy), Infinity, stored)(s.env)()
    assert.ok(E.isLeft(got) && got.left._tag === 'AwsError' && got.left.name === 'ValidationException')
    assert.is(s.sent.length, 2)
  }
})

test('the stream stops after a Left of the consumer: an item that does not decode ends the read at its page', async () => {
  const items = [...rows(3), { ...row(4), tag: { N: '1' } }, ...rows(6).slice(4)]
  const s = standIn(items, { pageHolds: 2 })
  const got = await Dynamo.getMany(Row, C.eq(r.pk, 'a'))(s.env)()
  assert.ok(E.isLeft(got) && got.left._tag === 'ValidationError')
  assert.is(s.sent.length, 2)
})

test('a batch plan of 250 keys makes 3 requests in order (100, 100, 50 keys, in the plan\'s order); items in request order', async () => {
  const s = standIn(rows(250))
  const got = right(await Dynamo.getMany(Row, range(250).map((i) => ['a', i] as const))(s.env)())
  assert.equal(got.map((x) => x.sk), range(250))
  assert.equal(s.sent.map((x) => x.name), ['BatchGetItemCommand', 'BatchGetItemCommand', 'BatchGetItemCommand'])
  assert.equal(batchKeys(s.sent), [range(100), range(100, 101), range(50, 201)])
})

test('a batch plan: take(5) reads only the first chunk; keys without an item are left out', async () => {
  const s = standIn(rows(250).filter((_, i) => i % 2 === 0))
  const got = right(await Dynamo.getMany(Row, range(250).map((i) => ['a', i] as const), { limit: 5 })(s.env)())
  assert.equal(got.map((x) => x.sk), [1, 3, 5, 7, 9])
  assert.equal(batchKeys(s.sent), [range(100)])
})

test('a batch plan: unprocessed keys are retried within their page; nothing lost, order kept', async () => {
  const s = standIn(rows(250), { unprocessed: (n) => (n === 0 ? 30 : 0) })
  const got = right(await Pages.take(streamOf(range(250).map((i) => ['a', i] as const)), Infinity, stored)(s.env)())
  assert.equal(sks(got), range(250))
  assert.equal(batchKeys(s.sent), [range(100), range(30, 71), range(100, 101), range(50, 201)])
})

test('a batch plan: the filter and each key\'s own checks are evaluated on the found items', async () => {
  const s = standIn(rows(10))
  const keys = Model.keysIn(Row, range(10).map((i) => ['a', i] as const))
  const got = right(await Dynamo.getMany(Row, C.and(keys, C.gt(r.sk, 6)))(s.env)())
  assert.equal(got.map((x) => x.sk), [7, 8, 9, 10])
  assert.is(s.sent.length, 1)
})

test('a batch plan reports progress over its whole key list', async () => {
  const seen: Array<Env.Progress> = []
  const s = standIn(rows(250))
  const env = Env.withBatch({ onProgress: (p) => seen.push(p) })(s.env)
  right(await Dynamo.getMany(Row, range(250).map((i) => ['a', i] as const))(env)())
  assert.equal(seen, [
    { done: 100, total: 250 },
    { done: 200, total: 250 },
    { done: 250, total: 250 },
  ])
})

const collect: Pages.Fold<ReadonlyArray<Item>> = {
  want: () => Infinity,
  page: (items, page) => E.right([...items, ...page.items]),
}

const upTo = (n: number): Pages.Fold<ReadonlyArray<Item>> => ({ ...collect, want: (_, requests) => (requests < n ? Infinity : 0) })

const someNext = (next: O.Option<Pages.Position>): Pages.Position => {
  if (next._tag === 'None') throw new Error('expected a position to go on from')
  return next.value
}

test('fold ends after N requests with the position to go on from; a fold from it reads the rest, none at the end', async () => {
  const s = standIn(rows(10), { pageHolds: 3 })
  const stream = streamOf(C.eq(r.pk, 'a'))
  const first = right(await Pages.fold(stream, Pages.start, [], upTo(2))(s.env)())
  assert.equal([sks(first.state), first.requests], [range(6), 2])
  const from = someNext(first.next)
  // the walk's trail (what it remembers of the keys given, to tell one that comes round again) goes on with it
  assert.ok(from._tag === 'After' && from.trail !== undefined)
  assert.equal({ _tag: from._tag, key: from.key }, { _tag: 'After', key: { pk: { S: 'a' }, sk: { N: '6' } } })
  const rest = right(await Pages.fold(stream, from, [], collect)(s.env)())
  assert.equal([sks(rest.state), rest.requests, rest.next._tag], [range(4, 7), 2, 'None'])
  assert.is(s.sent.length, 4)
})

test('fold over a batch plan resumes at an offset of its key list', async () => {
  const s = standIn(rows(250))
  const stream = streamOf(range(250).map((i) => ['a', i] as const))
  const first = right(await Pages.fold(stream, Pages.start, [], upTo(1))(s.env)())
  assert.equal(first.next, { _tag: 'Some', value: { _tag: 'At', offset: 100 } })
  const rest = right(await Pages.fold(stream, someNext(first.next), [], collect)(s.env)())
  assert.equal(sks([...first.state, ...rest.state]), range(250))
  assert.equal([rest.requests, rest.next._tag], [2, 'None'])
})

test('a capped batch page reads at most cap keys, and goes on right after them', async () => {
  const s = standIn(rows(10))
  const stream = streamOf(range(10).map((i) => ['a', i] as const))
  const page = right(await stream.read(Pages.start, 4)(s.env)())
  assert.equal([sks(page.items), page.next], [range(4), { _tag: 'Some', value: { _tag: 'At', offset: 4 } }])
})

test('a position of another kind of read is refused before any request', async () => {
  const s = standIn(rows(10))
  const q = await streamOf(C.eq(r.pk, 'a')).read({ _tag: 'At', offset: 3 }, Infinity)(s.env)()
  const b = await streamOf([['a', 1]]).read({ _tag: 'After', key: row(1) }, Infinity)(s.env)()
  const g = await streamOf(C.and(C.eq(r.pk, 'a'), C.eq(r.sk, 1))).read({ _tag: 'At', offset: 0 }, Infinity)(s.env)()
  for (const x of [q, b, g]) assert.ok(E.isLeft(x) && x.left._tag === 'ValidationError')
  assert.is(s.sent.length, 0)
})

test('what DynamoDB would refuse is a Left of make, before any request: a bad pageSize, a batch filter it would refuse', () => {
  const plan = right(Plan.make(Row, C.eq(r.pk, 'a')))
  for (const pageSize of [0, 1.5, -1, Number.NaN]) {
    const x = Pages.make(Row, 'rows', plan, { pageSize })
    assert.ok(E.isLeft(x) && x.left._tag === 'ValidationError', String(pageSize))
  }
  const keys = Model.keysIn(Row, [['a', 1] as const])
  const tooMany = C.and(keys, C.isIn(r.tag, Array.from({ length: 101 }, (_, i) => `t${i}`)))
  const x = Pages.make(Row, 'rows', right(Plan.make(Row, tooMany)), {})
  assert.ok(E.isLeft(x), 'an IN of 101 values')
})

test("a read's identity: one query gives one identity, however its values' members are ordered; any difference in the request gives another", () => {
  const Doc = Model.make({ table: 'docs', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number, tag: t.string, meta: t.type({ a: t.string, b: t.string }) }) })
  const d = Doc.attrs
  const identity = (m: typeof Doc | typeof Row, c: C.Condition, options: Pages.ReadOptions = {}, table = 'docs'): string => {
    const plan = Plan.make(m, c)
    if (E.isLeft(plan)) throw new Error(JSON.stringify(plan.left))
    const s = Pages.make(m, table, plan.right, options)
    if (E.isLeft(s)) throw new Error(JSON.stringify(s.left))
    return s.right.identity()
  }
  const q = (tag: string) => C.and(C.eq(d.pk, 'a'), C.eq(d.tag, tag))
  const scan = (meta: { a: string; b: string }) => C.eq(d.meta, meta)
  // the same query, built twice; a map value whose members come in another order
  assert.is(identity(Doc, q('x')), identity(Doc, q('x')))
  assert.is(identity(Doc, scan({ a: '1', b: '2' })), identity(Doc, scan({ b: '2', a: '1' })))
  const all = [
    identity(Doc, q('x')),
    identity(Doc, q('y')),
    identity(Doc, q('x;:v1=S1:y')),
    identity(Doc, q('x'), { descending: true }),
    identity(Doc, q('x'), { consistentRead: true }),
    identity(Doc, q('x'), { projection: ['tag'] }),
    identity(Doc, q('x'), { count: true }),
    identity(Doc, q('x'), {}, 'docs2'),
    identity(Doc, C.and(C.eq(d.pk, 'a'), C.eq(d.sk, 1))),
    identity(Doc, C.and(C.eq(d.pk, 'a'), C.gt(d.sk, 1))),
    identity(Doc, C.eq(d.tag, 'x')),
    identity(Doc, C.eq(d.tag, 'x'), { segment: { index: 0, total: 2 } }),
    identity(Doc, C.eq(d.tag, 'x'), { segment: { index: 1, total: 2 } }),
    identity(Doc, scan({ a: '1', b: '2' })),
    identity(Doc, scan({ a: '1', b: '3' })),
    identity(Row, C.eq(r.pk, 'a'), {}, 'docs'),
  ]
  assert.is(new Set(all).size, all.length, all.join('\n---\n'))
})

test("a read's identity depends on its request alone: the same reads made in another order, or each twice in a row, give the same identities; a string and a number of one text give two", () => {
  const Doc = Model.make({ table: 'docs', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number, tag: t.string, v: t.union([t.string, t.number]) }) })
  const d = Doc.attrs
  const identity = (c: C.Condition, options: Pages.ReadOptions = {}): string => right(Pages.make(Doc, 'docs', right(Plan.make(Doc, c)), options)).identity()
  const reads: ReadonlyArray<readonly [C.Condition, Pages.ReadOptions]> = [
    [C.and(C.eq(d.pk, 'a'), C.gt(d.sk, 1)), {}],
    [C.and(C.eq(d.pk, 'a'), C.gt(d.sk, 1)), { descending: true }],
    [C.and(C.eq(d.pk, 'a'), C.gt(d.sk, 2)), {}],
    [C.and(C.eq(d.pk, 'b'), C.gt(d.sk, 1)), {}],
    [C.eq(d.v, '5'), {}],
    [C.eq(d.v, 5), {}],
    [C.eq(d.tag, '5'), {}],
    [C.eq(d.tag, '5'), { projection: ['tag'] }],
    [C.eq(d.tag, '5'), { segment: { index: 0, total: 2 } }],
  ]
  const first = reads.map(([c, o]) => identity(c, o))
  assert.is(new Set(first).size, first.length, first.join('\n---\n'))
  const backwards = [...reads].reverse().map(([c, o]) => identity(c, o)).reverse()
  assert.equal(backwards, first)
  reads.forEach(([c, o], i) => {
    assert.is(identity(c, o), first[i])
    assert.is(identity(c, o), first[i])
  })
})

test.run()
