/**
 * Production reads (DESIGN §5.1) against DynamoDB Local, on one table of 25,000 items of
 * every field type with a GSI and an LSI, loaded once (saveMany: BatchWriteItem chunks of 25,
 * 16 at once). Every result is compared with the raw SDK's: pages of 20 in both orders, with
 * and without a filter, through the table, the GSI and the LSI, concatenated; count against a
 * raw `Select: 'COUNT'`; a 4-segment scan against a raw Scan; projections. One paced read
 * reports the rate it measured (a report, not an assertion).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { QueryCommand, ScanCommand, type AttributeValue, type DynamoDBClient, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { fixture, ok, type Fixture, REQUEST_MS } from '../harness/models.js'

const N = 25_000

const Thing = Model.make({
  table: 'things',
  hashKey: 'pk',
  rangeKey: 'sk',
  codec: t.intersection([
    t.type({ pk: t.string, sk: Field.int(), g: t.string, rank: Field.int(), label: Field.string(), score: Field.float(), flag: Field.boolean }),
    t.partial({
      at: Field.dateTime,
      day: Field.date,
      tags: Field.stringSet,
      nums: Field.numberSet,
      bin: Field.binary,
      bins: Field.binarySet,
      list: Field.list(t.number),
      doc: t.type({ a: t.string, b: t.number }),
      big: Field.bigint,
      dec: Field.decimal,
      json: Field.json,
      id: Field.uuid,
    }),
  ]),
  billing: 'onDemand',
  indexes: {
    byG: Model.globalIndex({ hashKey: 'g', rangeKey: 'rank' }),
    byLabel: Model.localIndex({ rangeKey: 'label', projection: ['score'] }),
  },
})
type Thing = Model.TypeOf<typeof Thing>
const a = Thing.attrs

const thing = (i: number): Thing => ({
  pk: `p${i % 50}`,
  sk: i,
  g: `g${i % 10}`,
  rank: (i * 7919) % 1000,
  label: `l${String((i * 31) % 997).padStart(3, '0')}`,
  score: i / 8,
  flag: i % 3 === 0,
  ...(i % 2 === 0 ? { at: new Date(1_700_000_000_000 + i * 1000), day: '2024-02-29', tags: new Set([`t${i % 5}`, 'all']), nums: new Set([i, i + 0.5]) } : {}),
  ...(i % 4 === 1 ? { bin: new Uint8Array([i & 255, 0, 255]), bins: new Set([new Uint8Array([1]), new Uint8Array([2, i & 255])]) } : {}),
  ...(i % 5 === 2 ? { list: [i, -i], doc: { a: `a${i}`, b: i }, big: 2n ** 60n + BigInt(i), dec: `${i}.0001`, json: { k: [i, 'x', null] } } : {}),
  ...(i % 7 === 3 ? { id: '123e4567-e89b-12d3-a456-426614174000' } : {}),
})

let loaded: Promise<Fixture> | undefined
const table = (): Promise<Fixture> =>
  (loaded ??= (async () => {
    const f = await fixture('reads', { concurrency: 16 })
    await ok(f.env, Dynamo.createTable(Thing))
    const items = Array.from({ length: N }, (_, i) => thing(i))
    const t0 = Date.now()
    const r = await ok(f.env, Dynamo.saveMany(Thing, items))
    console.log(`  loaded ${N} items in ${Date.now() - t0} ms`)
    assert.is(r.failCount, 0)
    return f
  })())

type Raw = Record<string, AttributeValue>

const rawAll = async (client: DynamoDBClient, input: QueryCommandInput | ScanCommandInput, query: boolean): Promise<Raw[]> => {
  const out: Raw[] = []
  let ExclusiveStartKey: Raw | undefined
  do {
    const page = await client.send(query ? new QueryCommand({ ...input, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }) : new ScanCommand({ ...input, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }))
    out.push(...(page.Items ?? []))
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey !== undefined)
  return out
}

const keyOf = (x: { readonly pk: string; readonly sk: number }) => `${x.pk}#${x.sk}`
const rawKey = (x: Raw) => `${x['pk']?.S}#${x['sk']?.N}`

/** Every page of a read through `Dynamo.page`, following cursors: the items in order, and the page sizes. */
const paged = async <K extends keyof Thing & string = never>(env: Env.Env, c: C.Condition, options: Dynamo.PageOptions<typeof Thing, K>) => {
  const items: Array<{ pk: string; sk: number }> = []
  const sizes: number[] = []
  let cursor: string | undefined
  for (;;) {
    const p = await ok(env, Dynamo.page(Thing, c, { ...options, ...(cursor === undefined ? {} : { cursor }) }))
    items.push(...(p.items as ReadonlyArray<{ pk: string; sk: number }>))
    sizes.push(p.items.length)
    if (p.cursor._tag === 'None') return { items, sizes }
    cursor = p.cursor.value
  }
}

test('pages of 20 of a Query on the table, both orders, with and without a filter, concatenated, are the raw Query\'s result', async () => {
  const f = await table()
  const TableName = f.table(Thing)
  for (const descending of [false, true]) {
    for (const filter of [false, true]) {
      const c = filter ? C.and(C.eq(a.pk, 'p7'), C.eq(a.flag, true)) : C.eq(a.pk, 'p7')
      const got = await paged(f.env, c, { pageSize: 20, descending })
      const raw = await rawAll(
        f.client,
        {
          TableName,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'p7' }, ...(filter ? { ':t': { BOOL: true } } : {}) },
          ...(filter ? { FilterExpression: 'flag = :t' } : {}),
          ScanIndexForward: !descending,
        },
        true,
      )
      assert.is(raw.length, filter ? 167 : 500)
      assert.equal(got.items.map(keyOf), raw.map(rawKey), `descending ${descending}, filter ${filter}`)
      assert.ok(got.sizes.slice(0, -1).every((n) => n === 20), `pages ${got.sizes.join(',')}`)
    }
  }
})

test('pages of 20 through the GSI and the LSI, both orders, with and without a filter, are the raw Query\'s result', async () => {
  const f = await table()
  const TableName = f.table(Thing)
  const cases = [
    { c: C.and(C.eq(a.g, 'g3'), C.lt(a.rank, 400)), index: 'byG', kc: 'g = :h AND #r < :r', h: { S: 'g3' }, names: { '#r': 'rank' }, values: { ':r': { N: '400' } } },
    { c: C.and(C.eq(a.pk, 'p3'), C.beginsWith(a.label, 'l1')), index: 'byLabel', kc: 'pk = :h AND begins_with(#l, :l)', h: { S: 'p3' }, names: { '#l': 'label' }, values: { ':l': { S: 'l1' } } },
  ] as const
  for (const x of cases) {
    for (const descending of [false, true]) {
      for (const filter of [false, true]) {
        const c = filter ? C.and(x.c, C.gt(a.score, 1000)) : x.c
        const got = await paged(f.env, c, { pageSize: 20, descending })
        const raw = await rawAll(
          f.client,
          {
            TableName,
            IndexName: x.index,
            KeyConditionExpression: x.kc,
            ExpressionAttributeNames: { ...x.names, ...(filter ? { '#s': 'score' } : {}) },
            ExpressionAttributeValues: { ':h': x.h, ...x.values, ...(filter ? { ':s': { N: '1000' } } : {}) },
            ...(filter ? { FilterExpression: '#s > :s' } : {}),
            ScanIndexForward: !descending,
          },
          true,
        )
        assert.ok(raw.length > 20, `${x.index}: ${raw.length} items`)
        assert.equal(got.items.map(keyOf), raw.map(rawKey), `${x.index}, descending ${descending}, filter ${filter}`)
        assert.ok(got.sizes.slice(0, -1).every((n) => n === 20), `pages ${got.sizes.join(',')}`)
      }
    }
  }
  // the planner chose those indexes
  const plan = Dynamo.explain(Thing, cases[0].c)
  assert.ok(plan._tag === 'Right' && plan.right._tag === 'Query' && plan.right.index === 'byG')
})

test('count is the raw Select COUNT of a Query, an index Query and a filtered Scan', async () => {
  const f = await table()
  const TableName = f.table(Thing)
  const rawCount = async (input: QueryCommandInput | ScanCommandInput, query: boolean) => {
    let n = 0
    let ExclusiveStartKey: Raw | undefined
    do {
      const out = await f.client.send(query ? new QueryCommand({ ...input, Select: 'COUNT', ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }) : new ScanCommand({ ...input, Select: 'COUNT', ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }))
      n += out.Count ?? 0
      ExclusiveStartKey = out.LastEvaluatedKey
    } while (ExclusiveStartKey !== undefined)
    return n
  }
  assert.is(await ok(f.env, Dynamo.count(Thing, C.eq(a.pk, 'p11'))), await rawCount({ TableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p11' } } }, true))
  assert.is(
    await ok(f.env, Dynamo.count(Thing, C.and(C.eq(a.g, 'g1'), C.gte(a.rank, 500)))),
    await rawCount({ TableName, IndexName: 'byG', KeyConditionExpression: 'g = :g AND #r >= :r', ExpressionAttributeNames: { '#r': 'rank' }, ExpressionAttributeValues: { ':g': { S: 'g1' }, ':r': { N: '500' } } }, true),
  )
  const scanned = await ok(f.env, Dynamo.count(Thing, C.and(C.eq(a.flag, true), C.exists(a.bin))))
  assert.is(scanned, await rawCount({ TableName, FilterExpression: 'flag = :t AND attribute_exists(bin)', ExpressionAttributeValues: { ':t': { BOOL: true } } }, false))
  assert.is(scanned, Array.from({ length: N }, (_, i) => i).filter((i) => i % 3 === 0 && i % 4 === 1).length)
})

test('a 4-segment scan returns exactly the raw Scan\'s set', async () => {
  const f = await table()
  const got = await ok(f.env, Dynamo.getMany(Thing, C.gte(a.sk, 0), { segments: 4, select: ['sk'] }))
  const raw = await rawAll(f.client, { TableName: f.table(Thing), ProjectionExpression: 'pk, sk' }, false)
  assert.is(got.length, N)
  assert.equal(got.map(keyOf).sort(), raw.map(rawKey).sort())
  // a segment alone is its share, and the four shares are the whole
  let total = 0
  for (let index = 0; index < 4; index++) total += await ok(f.env, Dynamo.count(Thing, C.gte(a.sk, 0), { segment: { index, total: 4 } }))
  assert.is(total, N)
})

test('projections give exactly the asked fields plus the key, with the stored values', async () => {
  const f = await table()
  const full = await ok(f.env, Dynamo.getMany(Thing, C.eq(a.pk, 'p2')))
  for (const select of [['label'], ['bin', 'big', 'dec', 'tags'], ['doc', 'json', 'at', 'g']] as const) {
    const got = await ok(f.env, Dynamo.getMany(Thing, C.eq(a.pk, 'p2'), { select }))
    assert.is(got.length, full.length)
    got.forEach((x, i) => {
      const whole = full[i] as Record<string, unknown>
      const want = Object.fromEntries(['pk', 'sk', ...select].filter((k) => whole[k] !== undefined).map((k) => [k, whole[k]]))
      assert.equal(x, want)
    })
  }
  // through the GSI (it projects everything) and getOne
  const one = await ok(f.env, Dynamo.getOne(Thing, ['p2', 2], { select: ['score'], consistentRead: true }))
  assert.equal(one, { pk: 'p2', sk: 2, score: 2 / 8 })
  const viaIndex = await ok(f.env, Dynamo.page(Thing, C.eq(a.g, 'g2'), { select: ['label'], pageSize: 5 }))
  assert.ok(viaIndex.items.every((x) => Object.keys(x).sort().join() === 'label,pk,sk'))
})

test('readUnitsPerSecond: a paced count, its measured rate reported', async () => {
  const f = await table()
  let units = 0
  const client = {
    send: async (command: unknown, options?: unknown) => {
      const out = await (f.client.send as (c: unknown, o?: unknown) => Promise<{ ConsumedCapacity?: { CapacityUnits?: number } }>)(command, options)
      units += out.ConsumedCapacity?.CapacityUnits ?? 0
      return out
    },
  } as unknown as DynamoDBClient
  const env = Env.make({ client, tablePrefix: f.prefix, timeoutMs: REQUEST_MS })
  const rate = 40
  const started = Date.now()
  const n = await ok(env, Dynamo.count(Thing, C.eq(a.g, 'g4'), { readUnitsPerSecond: rate, pageSize: 100 }))
  const seconds = (Date.now() - started) / 1000
  assert.is(n, N / 10)
  assert.ok(units > 0, 'DynamoDB Local reported consumed capacity')
  console.log(`  paced count: ${units} units in ${seconds.toFixed(2)} s = ${(units / seconds).toFixed(1)} units/s at readUnitsPerSecond ${rate}`)
})

test.run()
