/**
 * Paced key lists against DynamoDB Local (lib/run/read.ts, batch.ts): a read with
 * `readUnitsPerSecond` whose plan is a `BatchGetItem` asks each request for its consumed
 * capacity, and each request starts when the ones before it have been paid for at that rate.
 * Counted here: the requests, the units DynamoDB Local says each consumed, and when each
 * started on a clock that moves only when the pacer sleeps (so the waits asked for are exact,
 * and no time is asserted). The units of a paced read of known keys are compared with those of
 * another plan of the same read: the Scan of the table (what `segments: 1` plans), asserted
 * dearer; the Query of a composed key's partition (what `descending` plans),
 * reported (a key costs half a unit, a Query half a unit per 4 KB it reads: over a partition
 * of small items, the Query costs less).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { fixture, ok, type Fixture, REQUEST_MS } from '../harness/models.js'

const body = (i: number) => `${i}:`.padEnd(1000, 'x')

const Row = Model.make({ table: 'paced-rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: Field.int(), body: t.string }), billing: 'onDemand' })
const One = Model.make({ table: 'paced-ones', hashKey: 'id', codec: t.type({ id: t.string, body: t.string }), billing: 'onDemand' })
const r = Row.attrs
/** A composed key (DESIGN §5.4): a customer's order lines, one partition each, small items. */
const Line = Model.make({
  table: 'paced-shop',
  entity: 'line',
  codec: t.type({ customerId: t.string, orderId: t.string, status: t.string }),
  hashKey: Model.key('pk', 'C#{customerId}'),
  rangeKey: Model.key('sk', 'L#{orderId}'),
  billing: 'onDemand',
})
const l = Line.attrs
const orderId = (i: number) => `o${String(i).padStart(3, '0')}`

/** 20 partitions of 100 items of about 1 KB (2 MB); 1,000 items of about 1 KB by a lone key. */
const PARTITIONS = 20
const PER = 100
const ONES = 1000
const id = (i: number) => `id${String(i).padStart(4, '0')}`

let loaded: Promise<Fixture> | undefined
const tables = (): Promise<Fixture> =>
  (loaded ??= (async () => {
    const f = await fixture('paced', { concurrency: 8 })
    await ok(f.env, Dynamo.createTable(Row))
    await ok(f.env, Dynamo.createTable(One))
    const rows = Array.from({ length: PARTITIONS * PER }, (_, i) => ({ pk: `p${Math.floor(i / PER)}`, sk: i % PER, body: body(i) }))
    assert.is((await ok(f.env, Dynamo.saveMany(Row, rows))).failCount, 0)
    const ones = Array.from({ length: ONES }, (_, i) => ({ id: id(i), body: body(i) }))
    assert.is((await ok(f.env, Dynamo.saveMany(One, ones))).failCount, 0)
    await ok(f.env, Dynamo.createTable(Line))
    const lines = ['c1', 'c2'].flatMap((customerId) => Array.from({ length: PER }, (_, i) => ({ customerId, orderId: orderId(i), status: 'open' })))
    assert.is((await ok(f.env, Dynamo.saveMany(Line, lines))).failCount, 0)
    return f
  })())

interface Request {
  readonly command: string
  /** When it was sent, on the virtual clock. */
  readonly at: number
  readonly keys: number
  readonly units: number | undefined
}

const unitsOf = (c: ConsumedCapacity | ReadonlyArray<ConsumedCapacity> | undefined): number | undefined =>
  c === undefined ? undefined : Array.isArray(c) ? c.reduce((n, x: ConsumedCapacity) => n + (x.CapacityUnits ?? 0), 0) : (c as ConsumedCapacity).CapacityUnits

/**
 * An Env on the fixture's tables whose clock moves only when slept on, recording each request
 * sent (its time, its keys) and the units its answer says it consumed.
 */
const observed = (f: Fixture) => {
  let now = 0
  const requests: Request[] = []
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, any> }, options?: unknown) => {
      const items = command.input['RequestItems'] as Record<string, { Keys: unknown[] }> | undefined
      const keys = items === undefined ? 0 : Object.values(items).reduce((n, x) => n + x.Keys.length, 0)
      const at = now
      const out = await (f.client.send as (c: unknown, o?: unknown) => Promise<{ ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>)(command, options)
      requests.push({ command: command.constructor.name, at, keys, units: unitsOf(out.ConsumedCapacity) })
      return out
    },
  } as unknown as DynamoDBClient
  const env = Env.make({
    client,
    tablePrefix: f.prefix,
    now: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms
    },
    timeoutMs: REQUEST_MS,
  })
  return { env, requests }
}

/** The times the pacer lets each request start: the first at 0, each next one after what the one before consumed, at `rate`. */
const pacedStarts = (requests: ReadonlyArray<Request>, rate: number): ReadonlyArray<number> => {
  const out: number[] = []
  let next = -Infinity
  for (const q of requests) {
    const at = Math.max(0, next)
    out.push(at)
    next = at + ((q.units ?? 0) * 1000) / rate
  }
  return out
}

const total = (requests: ReadonlyArray<Request>) => requests.reduce((n, q) => n + (q.units ?? 0), 0)

test('keysIn of 250 keys (200 stored), paced at 20 units/s: 3 BatchGetItem requests, each reporting what it consumed, each starting when the ones before are paid for', async () => {
  const f = await tables()
  const o = observed(f)
  const keys = Array.from({ length: 250 }, (_, i) => id(i * 5))
  const got = await ok(o.env, Dynamo.getMany(One, keys, { readUnitsPerSecond: 20 }))
  assert.equal(got.map((x) => x.id), keys.filter((_, i) => i * 5 < ONES))
  assert.equal(o.requests.map((q) => q.command), ['BatchGetItemCommand', 'BatchGetItemCommand', 'BatchGetItemCommand'])
  assert.equal(o.requests.map((q) => q.keys), [100, 100, 50])
  // every answer says what it consumed: DynamoDB Local, half a unit an item found (of at most 4 KB, eventually consistent), none for the 50 keys of none
  assert.equal(o.requests.map((q) => q.units), [50, 50, 0])
  assert.equal(o.requests.map((q) => q.at), pacedStarts(o.requests, 20))
  // the same read unpaced reads the same items
  assert.equal(await ok(f.env, Dynamo.getMany(One, keys)), got)
  console.log(`  keysIn of 250 keys, 200 stored (1 KB each): ${o.requests.map((q) => q.units).join(' + ')} = ${total(o.requests)} units`)
})

test('a paced read of known keys (eq on the hash key, isIn on the range key): the BatchGetItem of its keys, fewer units than the Scan of the table (segments: 1 plans it)', async () => {
  const f = await tables()
  const c = C.and(C.eq(r.pk, 'p7'), C.isIn(r.sk, [3, 14, 15, 92, 65, 35, 89, 79, 32, 38]))
  const batch = observed(f)
  const items = await ok(batch.env, Dynamo.getMany(Row, c, { readUnitsPerSecond: 50 }))
  assert.equal(items.map((x) => x.sk), [3, 14, 15, 32, 35, 38, 65, 79, 89, 92])
  assert.equal(batch.requests.map((q) => q.command), ['BatchGetItemCommand'])
  const scan = observed(f)
  const scanned = await ok(scan.env, Dynamo.getMany(Row, c, { readUnitsPerSecond: 50, segments: 1 }))
  assert.equal(new Set(scanned.map((x) => x.sk)), new Set(items.map((x) => x.sk)))
  assert.ok(scan.requests.length > 1 && scan.requests.every((q) => q.command === 'ScanCommand' && q.units !== undefined), JSON.stringify(scan.requests.map((q) => q.command)))
  // the Scan's pages paced, on the same clock
  assert.equal(scan.requests.map((q) => q.at), pacedStarts(scan.requests, 50))
  const [b, s] = [total(batch.requests), total(scan.requests)]
  assert.ok(b > 0 && b < s, `${b} units against ${s}`)
  console.log(`  known keys (10 of a 2 MB table): BatchGetItem ${b} units in ${batch.requests.length} request; the Scan of the table ${s} units in ${scan.requests.length} requests (${(s / b).toFixed(1)}×)`)
})

test('a paced read of known keys of a composed model: the BatchGetItem of its keys, not the Query of the partition (descending plans it); both reported: half a unit a key, where the Query of a partition of small items costs less', async () => {
  const f = await tables()
  const ten = [7, 3, 99, 42, 18, 64, 0, 51, 25, 86].map(orderId)
  const few = [42, 7].map(orderId)
  const report: string[] = []
  for (const keys of [ten, few]) {
    const c = C.and(C.eq(l.customerId, 'c1'), C.isIn(l.orderId, keys))
    const batch = observed(f)
    const items = await ok(batch.env, Dynamo.getMany(Line, c, { readUnitsPerSecond: 50 }))
    assert.equal(items.map((x) => x.orderId), [...keys].sort())
    assert.equal(batch.requests.map((q) => q.command), ['BatchGetItemCommand'])
    // half a unit an item found (each under 4 KB)
    assert.is(total(batch.requests), keys.length / 2)
    const query = observed(f)
    const queried = await ok(query.env, Dynamo.getMany(Line, c, { readUnitsPerSecond: 50, descending: true }))
    assert.equal(queried.map((x) => x.orderId), [...keys].sort().reverse())
    assert.ok(query.requests.every((q) => q.command === 'QueryCommand' && q.units !== undefined))
    report.push(`${keys.length} keys: BatchGetItem ${total(batch.requests)} units, the Query of the partition (${PER} items) ${total(query.requests)}`)
  }
  console.log(`  known keys of one partition, small items: ${report.join('; ')}`)
})

test('isIn on the hash key and eq on the range key, paced, page by page: each page a BatchGetItem of pageSize keys, paced; its cursor goes on unpaced and back', async () => {
  const f = await tables()
  const c = C.and(C.isIn(r.pk, Array.from({ length: PARTITIONS }, (_, i) => `p${i}`)), C.eq(r.sk, 42))
  const o = observed(f)
  const seen: string[] = []
  let cursor: string | undefined
  for (let page = 0; page < 10; page++) {
    const p = await ok(o.env, Dynamo.page(Row, c, { pageSize: 8, ...(page % 2 === 0 ? { readUnitsPerSecond: 5 } : {}), ...(cursor === undefined ? {} : { cursor }) }))
    seen.push(...p.items.map((x) => x.pk))
    if (p.cursor._tag === 'None') break
    cursor = p.cursor.value
  }
  assert.equal(seen, Array.from({ length: PARTITIONS }, (_, i) => `p${i}`))
  assert.equal(o.requests.map((q) => q.keys), [8, 8, 4])
  // the paced pages asked for their consumed capacity; the one between them did not
  assert.equal(o.requests.map((q) => q.units !== undefined), [true, false, true])
})

test.run()
