/**
 * A hash `eq` with a range-key `isIn` where the keys are not batch-read (lib/plan/Plan.ts,
 * `rangeIn`): a Query of the partition, its range key between the least and the greatest
 * value, the `isIn` checked in memory; against DynamoDB Local. Through a global index (its
 * keys not unique: several items share a range value), a local index (a string range key) and
 * the table (`descending` or pacing, which need a Query), with generated values (duplicates,
 * absent ones) and checks on another attribute: `getMany` returns exactly the items a raw Scan
 * with the condition as its `FilterExpression` returns, in the order the raw Query of the whole
 * partition gives them (either direction); `count`, `limit`, `pages` and `page` after `page`
 * from each cursor say the same; every request is a Query (told by `Env.on`). fast-check, a
 * fixed seed.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Expression from '../../lib/compile/Expression.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { fixture, ok, scanAll, type Fixture, REQUEST_MS } from '../harness/models.js'

const Ranged = Model.make({
  table: 'ranged',
  hashKey: 'h',
  rangeKey: 'r',
  billing: 'onDemand',
  codec: t.intersection([t.type({ h: t.string, r: Field.int(), tag: t.string, n: Field.int(), name: t.string }), t.partial({ x: Field.int() })]),
  indexes: {
    byTag: Model.globalIndex({ hashKey: 'tag', rangeKey: 'n' }),
    byName: Model.localIndex({ rangeKey: 'name' }),
  },
})
type Item = Model.TypeOf<typeof Ranged>
const a = Ranged.attrs
const id = (i: { readonly h: string; readonly r: number }): string => `${i.h}/${i.r}`

/** The ids a raw Scan with `c` as its FilterExpression returns. */
const rawScan = async (f: Fixture, c: C.Condition): Promise<ReadonlySet<string>> => {
  const x = Expression.condition(c)
  if (E.isLeft(x)) throw new Error(`compiler: ${DE.show(x.left)}`)
  const items = await scanAll(f.client, f.table(Ranged), {
    FilterExpression: x.right.expression,
    ...(Object.keys(x.right.names).length > 0 ? { ExpressionAttributeNames: x.right.names } : {}),
    ...(Object.keys(x.right.values).length > 0 ? { ExpressionAttributeValues: x.right.values } : {}),
  })
  return new Set(items.map((i) => id(unmarshall(i) as Item)))
}

/** The ids of a whole partition, in the order a raw Query of it (table or index) gives. */
const rawPartition = async (f: Fixture, index: string | undefined, hash: string, value: AttributeValue, descending: boolean): Promise<ReadonlyArray<string>> => {
  const out: string[] = []
  let start: Record<string, AttributeValue> | undefined
  do {
    const page = await f.client.send(
      new QueryCommand({
        TableName: f.table(Ranged),
        ...(index === undefined ? {} : { IndexName: index }),
        KeyConditionExpression: '#h = :h',
        ExpressionAttributeNames: { '#h': hash },
        ExpressionAttributeValues: { ':h': value },
        ScanIndexForward: !descending,
        Limit: 3,
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    )
    out.push(...(page.Items ?? []).map((i) => id(unmarshall(i) as Item)))
    start = page.LastEvaluatedKey
  } while (start !== undefined)
  return out
}

const names = ['a', 'B', 'b', 'Z', 'é', 'ab']
const check = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: -1, max: 3 }).map((k) => C.gt(a.x, k)),
  fc.constant(C.notExists(a.x)),
)

test('hash eq AND range isIn through a global index, a local index and the table: the items of a raw Scan with the condition, in the partition Query\'s order; only Query requests (a paced read of the table: the BatchGetItem of its keys, paced)', async () => {
  const f = await fixture('rangein')
  await ok(f.env, Dynamo.createTable(Ranged))
  const commands: string[] = []
  const env = Env.make({ client: f.client, tablePrefix: f.prefix, on: (e) => commands.push(e.command), timeoutMs: REQUEST_MS })
  let runNo = 0
  let nonEmpty = 0
  // the runs that selected an item, by way of reading (index or table, paced or not)
  const modes = new Map<string, number>()
  const itemArb = fc.record({
    keep: fc.constantFrom(true, true, false),
    tag: fc.constantFrom('p', 'q'),
    n: fc.integer({ min: 0, max: 4 }),
    name: fc.constantFrom(...names),
    x: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  })
  await fc.assert(
    fc.asyncProperty(
      fc.array(itemArb, { minLength: 12, maxLength: 12 }),
      fc.constantFrom('global', 'global named', 'local', 'table descending', 'table paced'),
      fc.array(fc.integer({ min: -1, max: 6 }), { minLength: 1, maxLength: 5 }),
      fc.array(fc.constantFrom(...names, 'zz'), { minLength: 1, maxLength: 4 }),
      check,
      fc.boolean(),
      fc.integer({ min: 1, max: 4 }),
      async (cells, mode, numbers, strings, extra, descending, pageSize) => {
        const run = runNo++
        const own = (s: string) => `r${run}-${s}`
        const stored: Item[] = cells.flatMap((c, i) =>
          c.keep ? [{ h: own(i < 6 ? 'a' : 'b'), r: i % 6, tag: own(c.tag), n: c.n, name: c.name, ...(c.x === undefined ? {} : { x: c.x }) }] : [],
        )
        if (stored.length > 0) assert.is((await ok(env, Dynamo.saveMany(Ranged, stored))).failCount, 0)
        const [index, hashName, hashValue, rangeIn, opts] =
          mode === 'global' || mode === 'global named'
            ? (['byTag', 'tag', own('p'), C.isIn(a.n, numbers), { descending, ...(mode === 'global named' ? { index: 'byTag' as const } : {}) }] as const)
            : mode === 'local'
              ? (['byName', 'h', own('a'), C.isIn(a.name, strings), { descending }] as const)
              : ([undefined, 'h', own('a'), C.isIn(a.r, numbers), mode === 'table descending' ? { descending: true } : { readUnitsPerSecond: 1000, descending: false }] as const)
        const hashEq = hashName === 'tag' ? C.eq(a.tag, hashValue) : C.eq(a.h, hashValue)
        const cond = extra === undefined ? C.and(hashEq, rangeIn) : C.and(rangeIn, extra, hashEq)
        const why = `${mode}: ${Expression.show(cond)}`

        const p = Dynamo.explain(Ranged, cond, 'index' in opts ? { index: opts.index } : {})
        if (mode.startsWith('table')) assert.ok(E.isRight(p) && p.right._tag === 'BatchGetItem', why)
        else assert.ok(E.isRight(p) && p.right._tag === 'Query' && p.right.index === index, `${why}: ${E.isRight(p) ? p.right._tag : DE.show(p.left)}`)

        const want = await rawScan(f, cond)
        if (want.size > 0) {
          nonEmpty++
          modes.set(mode, (modes.get(mode) ?? 0) + 1)
        }
        const order = (await rawPartition(f, index, hashName, { S: hashValue }, opts.descending)).filter((x) => want.has(x))
        assert.is(order.length, want.size, `${why}: the Scan's items are the partition's`)

        commands.length = 0
        const got = (await ok(env, Dynamo.getMany(Ranged, cond, opts))).map(id)
        assert.equal(got, order, why)
        // (a count takes no order: on the table, the keys' batch)
        const counted = commands.length
        assert.is(await ok(env, Dynamo.count(Ranged, cond, 'index' in opts ? { index: opts.index } : {})), want.size, `${why}: count`)
        commands.length = counted
        assert.equal((await ok(env, Dynamo.getMany(Ranged, cond, { ...opts, limit: 2 }))).map(id), order.slice(0, 2), `${why}: limit`)
        const paged: string[] = []
        for await (const pg of Dynamo.pages(Ranged, cond, { ...opts, pageSize })(env)) {
          if (E.isLeft(pg)) assert.unreachable(DE.show(pg.left))
          else paged.push(...pg.right.items.map(id))
        }
        assert.equal(paged, order, `${why}: pages`)
        const walked: string[] = []
        let cursor: string | undefined
        for (let k = 0; k < 100; k++) {
          const pg = await ok(env, Dynamo.page(Ranged, cond, { ...opts, pageSize, ...(cursor === undefined ? {} : { cursor }) }))
          walked.push(...pg.items.map(id))
          if (pg.cursor._tag === 'None') break
          cursor = pg.cursor.value
        }
        assert.equal(walked, order, `${why}: page after page`)
        const request = mode === 'table paced' ? 'BatchGetItem' : 'Query'
        assert.ok(commands.length > 0 && commands.every((c) => c === request), `${why}: ${commands.join(', ')}`)
        return true
      },
    ),
    { seed: 10_206, numRuns: 80 },
  )
  assert.ok(nonEmpty >= 30, `only ${nonEmpty} runs selected an item`)
  for (const m of ['global', 'global named', 'local', 'table descending', 'table paced']) assert.ok((modes.get(m) ?? 0) > 0, `no ${m} read selected an item: ${JSON.stringify([...modes])}`)
  console.log(`  [range isIn] ${runNo} runs, ${nonEmpty} selecting items ${JSON.stringify([...modes])}`)
})

test.run()
