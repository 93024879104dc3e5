/**
 * Production reads (lib/run/read.ts): page, pages, reduce, count and their options, against a
 * stand-in DynamoDB that records every command. The stand-in serves Query and Scan as
 * DynamoDB does in the points these specs test: items in key order (or reversed), `Limit`
 * items evaluated a request, the filter (`f = x`: the only filter on `f` these specs use) applied after
 * the limit (any filter that tests `f` is `f = x`), `LastEvaluatedKey` the last evaluated item, `ExclusiveStartKey` resumed after,
 * `Select: 'COUNT'`, `Segment`/`TotalSegments` (segment of an item: its sk modulo the total),
 * `ConsumedCapacity` (half a unit an evaluated item).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { BatchGetItemCommand, GetItemCommand, QueryCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Pace from '../../../lib/run/pace.js'
import { right } from '../../harness/either.js'
import { fakeClock } from '../../harness/fakeClock.js'

type Item = Record<string, AttributeValue>
const $metadata = {}

const Row = Model.make({
  table: 'rows',
  hashKey: 'pk',
  rangeKey: 'sk',
  codec: t.intersection([t.type({ pk: t.string, sk: t.number, tag: t.string, g: t.string, f: t.string }), t.partial({ note: t.string })]),
  indexes: {
    byG: Model.globalIndex({ hashKey: 'g', rangeKey: 'sk', projection: 'keys' }),
    byTag: Model.localIndex({ rangeKey: 'tag' }),
  },
})
const r = Row.attrs

/** Items sk 1..n of pk 'a'; every third (sk % 3 === 0) has f 'x', the rest 'y'. */
const rows = (n: number): ReadonlyArray<Item> =>
  Array.from({ length: n }, (_, i) => ({
    pk: { S: 'a' },
    sk: { N: String(i + 1) },
    tag: { S: 't' },
    g: { S: 'g' },
    f: { S: (i + 1) % 3 === 0 ? 'x' : 'y' },
    note: { S: `n${i + 1}` },
  }))

interface Sent {
  readonly name: string
  readonly input: Record<string, any>
}

interface StandInOptions {
  /** The most items a request evaluates besides its Limit. */
  readonly pageHolds?: number
  readonly now?: () => number
  readonly sleep?: (ms: number) => Promise<void>
  /** Runs while the n-th request (from 0) is being answered. */
  readonly during?: (n: number) => void
  readonly concurrency?: number
  readonly cursorKey?: Uint8Array
}

const standIn = (items: ReadonlyArray<Item>, options: StandInOptions = {}) => {
  const sent: Sent[] = []
  let inFlight = 0
  let mostInFlight = 0
  const key = (i: Item) => `${i['pk']?.S}/${i['sk']?.N}`
  const send = async (command: unknown) => {
    const c = command as { constructor: { name: string }; input: Record<string, any> }
    sent.push({ name: c.constructor.name, input: c.input })
    options.during?.(sent.length - 1)
    inFlight++
    mostInFlight = Math.max(mostInFlight, inFlight)
    await new Promise((resolve) => setTimeout(resolve, 1))
    inFlight--
    if (command instanceof QueryCommand || command instanceof ScanCommand) {
      const input = c.input
      let list = [...items]
      if (input['Segment'] !== undefined) list = list.filter((i) => Number(i['sk']?.N) % input['TotalSegments'] === input['Segment'])
      if (input['ScanIndexForward'] === false) list.reverse()
      const startAt = input['ExclusiveStartKey'] === undefined ? 0 : list.findIndex((i) => key(i) === key(input['ExclusiveStartKey'])) + 1
      const n = Math.min(options.pageHolds ?? Infinity, input['Limit'] ?? Infinity)
      const evaluated = list.slice(startAt, startAt + n)
      const onF = Object.values((input['ExpressionAttributeNames'] ?? {}) as Record<string, string>).includes('f') && input['FilterExpression'] !== undefined
      const passed = onF ? evaluated.filter((i) => i['f']?.S === 'x') : evaluated
      const last = evaluated[evaluated.length - 1]
      const more = startAt + n < list.length && last !== undefined
      return {
        $metadata,
        ...(input['Select'] === 'COUNT' ? {} : { Items: passed }),
        Count: passed.length,
        ScannedCount: evaluated.length,
        ...(input['ReturnConsumedCapacity'] === 'TOTAL' ? { ConsumedCapacity: { CapacityUnits: evaluated.length / 2 } } : {}),
        ...(more ? { LastEvaluatedKey: { pk: last['pk'], sk: last['sk'], ...(input['IndexName'] === 'byG' ? { g: last['g'] } : {}), ...(input['IndexName'] === 'byTag' ? { tag: last['tag'] } : {}) } } : {}),
      }
    }
    if (command instanceof GetItemCommand) {
      const it = items.find((i) => key(i) === key(c.input['Key']))
      return it === undefined ? { $metadata } : { $metadata, Item: it }
    }
    if (command instanceof BatchGetItemCommand) {
      const [table, req] = Object.entries(c.input['RequestItems'] as Record<string, { Keys: Item[] }>)[0] as [string, { Keys: Item[] }]
      const wanted = new Set(req.Keys.map(key))
      return { $metadata, Responses: { [table]: items.filter((i) => wanted.has(key(i))).reverse() } }
    }
    throw new Error(`unexpected command ${c.constructor.name}`)
  }
  const env = Env.make({
    client: { send } as unknown as DynamoDBClient,
    sleep: options.sleep ?? (async () => {}),
    random: () => 0,
    ...(options.now === undefined ? {} : { now: ((clock) => () => new Date(clock()))(options.now) }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.cursorKey === undefined ? {} : { cursorKey: options.cursorKey }),
  })
  return { env, sent, mostInFlight: () => mostInFlight }
}

const sks = (xs: ReadonlyArray<{ readonly sk: number }>) => xs.map((x) => x.sk)
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

/** Every page of a read, following cursors through `Dynamo.page`. */
const allPages = async (env: Env.Env, strategy: C.Condition, options: Dynamo.PageOptions<typeof Row, any>) => {
  const out: Array<{ sks: number[]; cursor: boolean }> = []
  let cursor: string | undefined
  for (let guard = 0; guard < 1000; guard++) {
    const p = right(await Dynamo.page(Row, strategy, { ...options, ...(cursor === undefined ? {} : { cursor }) })(env)())
    out.push({ sks: sks(p.items as ReadonlyArray<{ sk: number }>), cursor: p.cursor._tag === 'Some' })
    if (p.cursor._tag === 'None') return out
    cursor = p.cursor.value
  }
  throw new Error('no end')
}

const query = C.eq(r.pk, 'a')
const filtered = C.and(C.eq(r.pk, 'a'), C.eq(r.f, 'x'))
const scan = C.gt(r.sk, 0)

test('pages of 3 of a Query: each holds 3 (the last the rest), concatenated they are the read; cursor none only at the end; Limit is what the page has room for', async () => {
  const s = standIn(rows(10), { pageHolds: 2 })
  const pages = await allPages(s.env, query, { pageSize: 3 })
  assert.equal(pages.map((p) => p.sks), [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]])
  assert.equal(pages.map((p) => p.cursor), [true, true, true, false])
  // a page of 3 from responses of 2: Limit 3, then 1
  assert.equal(s.sent.slice(0, 2).map((x) => x.input['Limit']), [3, 1])
})

test('descending pages, and pages through an index, neither skip nor repeat', async () => {
  const s = standIn(rows(10))
  assert.equal((await allPages(s.env, query, { pageSize: 4, descending: true })).flatMap((p) => p.sks), range(1, 10).reverse())
  const g = standIn(rows(10), { pageHolds: 3 })
  const through = await allPages(g.env, C.eq(r.g, 'g'), { pageSize: 4, select: ['sk'] })
  assert.equal(through.flatMap((p) => p.sks), range(1, 10))
  assert.ok(g.sent.every((x) => x.input['IndexName'] === 'byG'))
})

test('with a filter a page reads until it holds pageSize items; a response cut short goes on from its last returned item', async () => {
  // 30 items, every third passes: 3, 6, …, 30
  const s = standIn(rows(30), { pageHolds: 7 })
  const pages = await allPages(s.env, filtered, { pageSize: 4 })
  assert.equal(pages.flatMap((p) => p.sks), range(1, 10).map((i) => i * 3))
  assert.ok(pages.slice(0, -1).every((p) => p.sks.length === 4))
  // a filtered request's Limit is the page size
  assert.ok(s.sent.every((x) => x.input['Limit'] === 4))
  // two of three pass: a page of 4 holds 3 after one response, and takes 1 of the next 3 (the other 2 come on the next page)
  const dense = rows(30).map((i) => ({ ...i, f: { S: i['f']?.S === 'x' ? 'y' : 'x' } }))
  const d = standIn(dense)
  const densePages = await allPages(d.env, filtered, { pageSize: 4 })
  assert.equal(densePages.flatMap((p) => p.sks), range(1, 30).filter((i) => i % 3 !== 0))
  assert.equal(densePages[0]?.sks, [1, 2, 4, 5])
})

test('maxRequests ends a page early, with fewer items (even none) and a cursor; the next page goes on', async () => {
  const s = standIn(rows(30), { pageHolds: 2 })
  const p = right(await Dynamo.page(Row, filtered, { pageSize: 5, maxRequests: 1 })(s.env)())
  assert.is(s.sent.length, 1)
  assert.equal(p.items, [])
  assert.ok(p.cursor._tag === 'Some')
  const all = await allPages(s.env, filtered, { pageSize: 5, maxRequests: 2 })
  assert.equal(all.flatMap((x) => x.sks), range(1, 10).map((i) => i * 3))
})

test('pages is lazy (a page is read when asked for), honours limit, and ends after a Left', async () => {
  const s = standIn(rows(10))
  const it = Dynamo.pages(Row, query, { pageSize: 3, limit: 7 })(s.env)[Symbol.asyncIterator]()
  assert.is(s.sent.length, 0)
  const first = await it.next()
  assert.is(s.sent.length, 1)
  assert.equal(sks(right(first.value as E.Either<unknown, Dynamo.Page<{ sk: number }>>).items), [1, 2, 3])
  const rest: number[] = []
  for (let n = await it.next(); n.done !== true; n = await it.next()) rest.push(...sks(right(n.value as E.Either<unknown, Dynamo.Page<{ sk: number }>>).items))
  assert.equal(rest, [4, 5, 6, 7])
  // a read that fails: one Left, then nothing
  const bad = standIn([{ ...rows(1)[0], sk: { S: 'not a number' } } as Item])
  const got: unknown[] = []
  for await (const x of Dynamo.pages(Row, query)(bad.env)) got.push(x)
  assert.is(got.length, 1)
  assert.ok(E.isLeft(got[0] as E.Either<unknown, unknown>))
})

test('pages with limit 0: one page of no items whose cursor is where the read stands, and no request (as getMany with limit 0 gives [] and sends none)', async () => {
  const collect = async (env: Env.Env, strategy: Dynamo.Selection<typeof Row>, options: Parameters<typeof Dynamo.pages<typeof Row>>[2]) => {
    const out: Array<Dynamo.Page<unknown>> = []
    for await (const x of Dynamo.pages(Row, strategy, options)(env)) out.push(right(x))
    return out
  }
  const keys: ReadonlyArray<readonly [string, number]> = [['a', 2], ['a', 9], ['a', 5]]
  for (const [what, strategy, all] of [
    ['a Query', query, range(1, 10)],
    ['a filtered Query', filtered, [3, 6, 9]],
    ['a Scan in 2 segments', scan, [...range(1, 10).filter((i) => i % 2 === 0), ...range(1, 10).filter((i) => i % 2 === 1)]],
    ['a key list', keys, [2, 9, 5]],
  ] as const) {
    const s = standIn(rows(10))
    const segments = what === 'a Scan in 2 segments' ? { segments: 2 } : {}
    assert.equal(right(await Dynamo.getMany(Row, strategy, { limit: 0, ...segments })(s.env)()), [], what)
    const none = await collect(s.env, strategy, { limit: 0, ...segments })
    assert.is(none.length, 1, what)
    assert.equal(none[0]?.items, [], what)
    assert.is(s.sent.length, 0, what)
    // its cursor is the start: the pages from it are the whole read
    const at = none[0]?.cursor
    if (at?._tag !== 'Some') throw new Error(`${what}: no cursor`)
    const from = await collect(s.env, strategy, { cursor: at.value, pageSize: 2, ...segments })
    assert.equal(
      from.flatMap((p) => sks(p.items as ReadonlyArray<{ sk: number }>)).sort((a, b) => a - b),
      [...all].sort((a, b) => a - b),
      what,
    )
  }
  // from a cursor: that cursor again, and no request
  const s = standIn(rows(10))
  const first = right(await Dynamo.page(Row, query, { pageSize: 3 })(s.env)())
  if (first.cursor._tag !== 'Some') throw new Error('no cursor')
  const sent = s.sent.length
  const again = await collect(s.env, query, { cursor: first.cursor.value, limit: 0 })
  assert.equal(again, [{ items: [], cursor: first.cursor }])
  assert.is(s.sent.length, sent)
  // a bad cursor is still its Left
  const bad = await Dynamo.pages(Row, query, { cursor: 'nope', limit: 0 })(s.env)[Symbol.asyncIterator]().next()
  assert.ok(E.isLeft(bad.value as E.Either<unknown, unknown>))
})

test('reduce folds every item (to limit); count asks for counts only, following pages', async () => {
  const s = standIn(rows(10), { pageHolds: 4 })
  assert.is(right(await Dynamo.reduce(Row, query, 0, (n, x) => n + x.sk)(s.env)()), 55)
  assert.is(right(await Dynamo.reduce(Row, query, 0, (n, x) => n + x.sk, { limit: 3 })(s.env)()), 6)
  const c = standIn(rows(30), { pageHolds: 7 })
  assert.is(right(await Dynamo.count(Row, filtered)(c.env)()), 10)
  assert.ok(c.sent.every((x) => x.input['Select'] === 'COUNT' && x.input['ProjectionExpression'] === undefined))
  assert.is(c.sent.length, 5)
  // a batch plan counts the found items that pass, reading their keys only
  const b = standIn(rows(10))
  assert.is(right(await Dynamo.count(Row, Model.keysIn(Row, [['a', 1], ['a', 3], ['a', 99]]))(b.env)()), 2)
})

test('select: the asked fields and the key, decoded; the index key is read for the cursor but not given', async () => {
  const s = standIn(rows(5))
  const got = right(await Dynamo.getMany(Row, C.eq(r.g, 'g'), { select: ['sk'] })(s.env)())
  assert.equal(got[0], { pk: 'a', sk: 1 })
  const projection = s.sent[0]?.input['ProjectionExpression'] as string
  const names = Object.values(s.sent[0]?.input['ExpressionAttributeNames'] as Record<string, string>)
  assert.ok(projection.length > 0)
  assert.equal([...names].sort(), ['g', 'pk', 'sk'])
  // typed: the result has exactly the selected fields and the key
  const typed: ReadonlyArray<{ readonly pk: string; readonly sk: number }> = got
  assert.ok(typed.length === 5)
})

test('select: [] is a ValidationError naming select, before any request, from every read that selects and from explain', async () => {
  // no field asked for is no projection (the key fields come with every one): the run refuses it
  const none = [] as never
  const runs: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
    ['getMany', Dynamo.getMany(Row, query, { select: none })],
    ['page', Dynamo.page(Row, query, { select: none })],
    ['reduce', Dynamo.reduce(Row, query, 0, (n) => n, { select: none })],
    ['getOne', Dynamo.getOne(Row, ['a', 1], { select: none })],
  ]
  for (const [name, run] of runs) {
    const s = standIn(rows(5))
    const got = await run(s.env)()
    assert.ok(E.isLeft(got) && got.left._tag === 'ValidationError' && got.left.issues[0]?.path === 'select', `${name}: ${JSON.stringify(got)}`)
    assert.match(JSON.stringify(got), /select lists at least one field/, name)
    assert.is(s.sent.length, 0, name)
  }
  const plan = Dynamo.explain(Row, query, { select: none })
  assert.ok(E.isLeft(plan) && plan.left._tag === 'ValidationError' && plan.left.issues[0]?.path === 'select', JSON.stringify(plan))
})

test('a global index that projects its keys: a read without select gives them, a select of more is an ExpressionError before any request; a select of its keys, and a count, read through it', async () => {
  // (the types agree: spec/types/Projection.ts, IndexReads.ts)
  for (const read of [
    (env: Env.Env) => Dynamo.getMany(Row, C.eq(r.g, 'g'), { index: 'byG' })(env)(),
    async (env: Env.Env) => E.map((p: Dynamo.Page<Pick<Model.TypeOf<typeof Row>, 'pk' | 'sk' | 'g'>>) => p.items)(await Dynamo.page(Row, C.eq(r.g, 'g'), { index: 'byG' })(env)()),
  ]) {
    const through = standIn(rows(5))
    const items = right(await read(through.env))
    assert.equal(sks(items), range(1, 5))
    // what the index gives, asked for and decoded as a select of it: the table's keys and its own
    for (const item of items) assert.equal(Object.keys(item).sort(), ['g', 'pk', 'sk'])
    assert.ok(through.sent.length > 0 && through.sent.every((x) => x.input['IndexName'] === 'byG'))
    assert.equal(Object.values(through.sent[0]?.input['ExpressionAttributeNames'] as object).sort(), ['g', 'pk', 'sk'])
    assert.match(String(through.sent[0]?.input['ProjectionExpression']), /^#n\d+, #n\d+, #n\d+$/)
  }
  const refused = standIn(rows(5))
  const note = await Dynamo.getMany(Row, C.eq(r.g, 'g'), { index: 'byG', select: ['note'] } as never)(refused.env)()
  assert.ok(E.isLeft(note) && note.left._tag === 'ExpressionError', JSON.stringify(note))
  assert.is(refused.sent.length, 0)
  const keys = standIn(rows(5))
  assert.equal(sks(right(await Dynamo.getMany(Row, C.eq(r.g, 'g'), { index: 'byG', select: ['g'] })(keys.env)())), range(1, 5))
  assert.ok(keys.sent.every((x) => x.input['IndexName'] === 'byG'))
  // a count gives no item: it reads through an index whatever it projects
  const counted = standIn(rows(5))
  assert.is(right(await Dynamo.count(Row, C.eq(r.g, 'g'), { index: 'byG' })(counted.env)()), 5)
  assert.ok(counted.sent.length > 0 && counted.sent.every((x) => x.input['IndexName'] === 'byG' && x.input['Select'] === 'COUNT'))
})

test('segments: one Scan per segment at once, merged; pages carry every segment\'s position; the concatenation is the table', async () => {
  const s = standIn(rows(40), { pageHolds: 3 })
  const pages = await allPages(s.env, scan, { pageSize: 7, segments: 4 })
  assert.equal(pages.flatMap((p) => p.sks).sort((a, b) => a - b), range(1, 40))
  assert.ok(pages.slice(0, -1).every((p) => p.sks.length === 7))
  assert.equal([...new Set(s.sent.map((x) => `${x.input['Segment']}/${x.input['TotalSegments']}`))].sort(), ['0/4', '1/4', '2/4', '3/4'])
  assert.ok(s.mostInFlight() > 1, `requests in flight at once: ${s.mostInFlight()}`)
  const one = standIn(rows(40))
  assert.equal(sks(right(await Dynamo.getMany(Row, scan, { segment: { index: 1, total: 4 } })(one.env)())), range(1, 10).map((i) => i * 4 - 3))
})

test('a batch plan reads ahead up to env.batch.concurrency chunks at once; items in request order', async () => {
  const s = standIn(rows(1000), { concurrency: 4 })
  const keys = range(1, 1000).reverse().map((i) => ['a', i] as const)
  const got = right(await Dynamo.getMany(Row, keys)(s.env)())
  assert.equal(sks(got), range(1, 1000).reverse())
  assert.is(s.sent.length, 10)
  assert.is(s.mostInFlight(), 4)
  // a page of a batch plan goes on from its key list, after its last returned item
  const pages = await allPages(standIn(rows(1000)).env, Model.keysIn(Row, keys.slice(0, 250)), { pageSize: 120 })
  assert.equal(pages.map((p) => p.sks.length), [120, 120, 10])
  assert.equal(pages.flatMap((p) => p.sks), range(751, 1000).reverse())
})

test('bad input is a Left and makes no request', async () => {
  type Run = (env: Env.Env) => Promise<E.Either<unknown, unknown>>
  const op = (o: Dynamo.Op<unknown>): Run => (env) => o(env)()
  const firstOf = (f: (env: Env.Env) => AsyncIterable<E.Either<unknown, unknown>>): Run => async (env) => {
    for await (const x of f(env)) return x
    return E.right(undefined)
  }
  const cases: ReadonlyArray<[string, Run]> = [
    ['pageSize 0', op(Dynamo.page(Row, query, { pageSize: 0 }))],
    ['pageSize -1', op(Dynamo.page(Row, query, { pageSize: -1 }))],
    ['pageSize 1.5', firstOf(Dynamo.pages(Row, query, { pageSize: 1.5 }))],
    ['segments 0', op(Dynamo.getMany(Row, scan, { segments: 0 }))],
    ['segments 2.5', op(Dynamo.getMany(Row, scan, { segments: 2.5 }))],
    ['segments too many', op(Dynamo.getMany(Row, scan, { segments: 1_000_001 }))],
    ['segment out of range', op(Dynamo.getMany(Row, scan, { segment: { index: 4, total: 4 } }))],
    ['segment negative', op(Dynamo.getMany(Row, scan, { segment: { index: -1, total: 4 } }))],
    // @ts-expect-error the types refuse it too (SplitChecks); the run refuses it for a caller through any
    ['segments and segment', op(Dynamo.getMany(Row, scan, { segments: 2, segment: { index: 0, total: 2 } }))],
    ['segments of a Query', op(Dynamo.getMany(Row, query, { segments: 2 }))],
    ['readUnitsPerSecond 0', op(Dynamo.reduce(Row, query, 0, (n) => n, { readUnitsPerSecond: 0 }))],
    ['readUnitsPerSecond -1', op(Dynamo.count(Row, query, { readUnitsPerSecond: -1 }))],
    ['readUnitsPerSecond NaN', op(Dynamo.count(Row, query, { readUnitsPerSecond: Number.NaN }))],
    ['select of an unknown name', op(Dynamo.getMany(Row, query, { select: ['nope' as any] }))],
    ['index not declared', op(Dynamo.getMany(Row, query, { index: 'nope' as any }))],
    ['consistentRead on a global index', op(Dynamo.getMany(Row, C.eq(r.g, 'g'), { index: 'byG', consistentRead: true as boolean, select: ['sk'] }))],
    ['descending on a Scan', op(Dynamo.getMany(Row, scan, { descending: true }))],
    ['maxRequests 0', op(Dynamo.page(Row, query, { maxRequests: 0 }))],
    ['limit -1', op(Dynamo.getMany(Row, query, { limit: -1 }))],
    ['a cursor that is not one', op(Dynamo.page(Row, query, { cursor: 'not-a-cursor' }))],
    ['getOne select of an unknown name', op(Dynamo.getOne(Row, ['a', 1], { select: ['nope' as any] }))],
  ]
  for (const [name, run] of cases) {
    const s = standIn(rows(5))
    const got = await run(s.env)
    assert.ok(E.isLeft(got), `${name}: ${JSON.stringify(got)}`)
    assert.is(s.sent.length, 0, name)
  }
})

test('a segment that is none (out of range, too many, not whole) is a Left saying the rule, its bound written 1,000,000', async () => {
  for (const segment of [{ index: 4, total: 4 }, { index: 0, total: 1_000_001 }, { index: 0.5, total: 2 }, { index: 0, total: 0 }]) {
    const got = await Dynamo.getMany(Row, scan, { segment })(standIn(rows(5)).env)()
    assert.ok(E.isLeft(got) && /must be \{ index, total \} with 0 ≤ index < total ≤ 1,000,000$/.test((got.left as { readonly message?: string }).message ?? ''), JSON.stringify(got))
  }
})

test('a cursor of another query is refused before any request', async () => {
  const s = standIn(rows(10))
  const p = right(await Dynamo.page(Row, query, { pageSize: 2 })(s.env)())
  const cursor = p.cursor._tag === 'Some' ? p.cursor.value : ''
  for (const other of [
    Dynamo.page(Row, filtered, { cursor }),
    Dynamo.page(Row, query, { cursor, descending: true }),
    Dynamo.page(Row, query, { cursor, select: ['sk'] }),
    Dynamo.page(Row, C.eq(r.pk, 'b'), { cursor }),
  ]) {
    const t0 = standIn(rows(10))
    const got = await other(t0.env)()
    assert.ok(E.isLeft(got) && got.left._tag === 'ValidationError', JSON.stringify(got))
    assert.is(t0.sent.length, 0)
  }
  // pageSize may change between pages
  assert.equal(sks(right(await Dynamo.page(Row, query, { cursor, pageSize: 5 })(s.env)()).items), [3, 4, 5, 6, 7])
})

test('signal: aborted before, no request; aborted between pages, no further request; both Left(AwsError AbortError)', async () => {
  const before = new AbortController()
  before.abort()
  const s = standIn(rows(10))
  const got = await Dynamo.getMany(Row, query, { signal: before.signal })(s.env)()
  assert.ok(E.isLeft(got) && got.left._tag === 'AwsError' && got.left.name === 'AbortError')
  assert.is(s.sent.length, 0)
  const mid = new AbortController()
  const m = standIn(rows(10), { pageHolds: 2, during: (n) => (n === 1 ? mid.abort() : undefined) })
  const r2 = await Dynamo.reduce(Row, query, 0, (n) => n + 1, { signal: mid.signal })(m.env)()
  assert.ok(E.isLeft(r2) && r2.left._tag === 'AwsError' && r2.left.name === 'AbortError', JSON.stringify(r2))
  assert.is(m.sent.length, 2)
})

test('signal: an abort while a paced read waits for its next request ends the wait: Left(AwsError AbortError), no further request', async () => {
  const c = new AbortController()
  // the pacing wait would last as long as the clock says (here: forever); the abort comes while it waits
  const s = standIn(rows(10), { pageHolds: 2, sleep: () => new Promise(() => {}), during: (n) => (n === 0 ? void setTimeout(() => c.abort(), 5) : undefined) })
  const read = Dynamo.count(Row, query, { readUnitsPerSecond: 0.01, signal: c.signal })(s.env)()
  // a liveness bound, not a timing: without the abort ending the wait the read never settles
  let timer: ReturnType<typeof setTimeout> | undefined
  const settled = await Promise.race([read, new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), 5_000)))])
  clearTimeout(timer)
  assert.ok(settled !== 'pending' && E.isLeft(settled) && settled.left._tag === 'AwsError' && settled.left.name === 'AbortError', JSON.stringify(settled))
  assert.is(s.sent.length, 1)
})

test('getOne takes consistentRead, select and signal', async () => {
  const s = standIn(rows(5))
  const got = right(await Dynamo.getOne(Row, ['a', 3], { consistentRead: true, select: ['note'] })(s.env)())
  assert.equal(got, { pk: 'a', sk: 3, note: 'n3' })
  assert.is(s.sent[0]?.name, 'GetItemCommand')
  assert.is(s.sent[0]?.input['ConsistentRead'], true)
  assert.equal(Object.values(s.sent[0]?.input['ExpressionAttributeNames'] as object).sort(), ['note', 'pk', 'sk'])
  const stopped = new AbortController()
  stopped.abort()
  const a = await Dynamo.getOne(Row, ['a', 3], { signal: stopped.signal })(s.env)()
  assert.ok(E.isLeft(a) && a.left._tag === 'AwsError' && a.left.name === 'AbortError')
  assert.is(s.sent.length, 1)
})

// -- pacing -----------------------------------------------------------------------------

test('the pacer: a request starts no earlier than the one before it plus its consumed units over the rate', async () => {
  const clock = fakeClock()
  const pacer = Pace.make(10, clock)
  const starts: number[] = []
  for (const [units, takes] of [[5, 0], [5, 0], [2.5, 100], [0, 0], [20, 3000], [1, 0]] as const) {
    const s = await pacer.wait()
    starts.push(s)
    clock.advance(takes)
    pacer.spent(s, units)
  }
  // 5 units at 10/s: 500 ms; 2.5: 250 ms (100 of them spent in the request); 0: none; 20: 2 s, already spent in the request
  assert.equal(starts, [0, 500, 1000, 1250, 1250, 4250])
  assert.equal(clock.sleeps, [500, 500, 150])
})

test('readUnitsPerSecond paces a read by the ConsumedCapacity of its responses (fake clock)', async () => {
  const clock = fakeClock()
  // 10 items, 2 a response: each response consumed 1 unit; at 4 units/s a request every 250 ms
  const s = standIn(rows(10), { pageHolds: 2, now: clock.now, sleep: clock.sleep })
  assert.is(right(await Dynamo.count(Row, query, { readUnitsPerSecond: 4 })(s.env)()), 10)
  assert.ok(s.sent.every((x) => x.input['ReturnConsumedCapacity'] === 'TOTAL'))
  assert.equal(clock.sleeps, [250, 250, 250, 250])
  assert.is(clock.now(), 1000)
})

test('readUnitsPerSecond with segments: the segments share the rate, each request starting once the one before is paid for (fake clock)', async () => {
  const clock = fakeClock()
  const starts: number[] = []
  // 16 items in 4 segments of 4, 2 a response: 8 requests of 1 unit each; at 4 units/s one every 250 ms, as unsplit
  const s = standIn(rows(16), { pageHolds: 2, now: clock.now, sleep: clock.sleep, during: () => starts.push(clock.now()), concurrency: 4 })
  assert.is(right(await Dynamo.count(Row, scan, { segments: 4, readUnitsPerSecond: 4 })(s.env)()), 16)
  assert.equal([...new Set(s.sent.map((x) => x.input['Segment']))].sort(), [0, 1, 2, 3])
  assert.equal(starts, [0, 250, 500, 750, 1000, 1250, 1500, 1750])
  // a read of some items (each segment's share of them asked at once when unpaced): the same spacing
  const some = fakeClock()
  const at: number[] = []
  const g = standIn(rows(16), { pageHolds: 2, now: some.now, sleep: some.sleep, during: () => at.push(some.now()), concurrency: 4 })
  assert.is(right(await Dynamo.getMany(Row, scan, { segments: 4, readUnitsPerSecond: 4, limit: 10 })(g.env)()).length, 10)
  assert.equal(at, at.map((_, i) => i * 250))
})

test.run()
