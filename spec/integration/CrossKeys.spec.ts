/**
 * Known keys by their values (lib/plan/Plan.ts, `crossKeys`), against DynamoDB Local: a
 * condition giving the hash and range keys literal values (`eq` or `isIn` each, with absent
 * keys and duplicate values), AND-ed with generated checks (on other fields and on the keys),
 * is read as a `BatchGetItem` of the keys, and returns exactly the items a raw Scan with the
 * same condition compiled as its `FilterExpression` returns: by `getMany` (in the keys' order,
 * to a `limit`), `count`, `pages` and `page` (small pages; `page` from the cursor of the one
 * before) and `deleteMany`. No request of these reads is a Scan (told by `Env.on`).
 * fast-check, a fixed seed, shrinking on. And on composed keys in a shared table: the
 * entity's items only.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Expression from '../../lib/compile/Expression.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { fixture, ok, run, scanAll, type Fixture, REQUEST_MS } from '../harness/models.js'

const Grid = Model.make({
  table: 'grid',
  hashKey: 'h',
  rangeKey: 'r',
  billing: 'onDemand',
  codec: t.intersection([t.type({ h: t.string, r: Field.int() }), t.partial({ x: Field.int(), tag: t.string })]),
})
type Cell = Model.TypeOf<typeof Grid>
const g = Grid.attrs

/** A cell's identity in a run (its key). */
const id = (c: { readonly h: string; readonly r: number }): string => `${c.h}/${c.r}`

/** The keys of the cells a raw Scan with `c` compiled as its FilterExpression returns, sorted. */
const rawScan = async (f: Fixture, c: C.Condition): Promise<ReadonlyArray<string>> => {
  const x = Expression.condition(c)
  if (E.isLeft(x)) throw new Error(`compiler: ${DE.show(x.left)}`)
  const items = await scanAll(f.client, f.table(Grid), {
    FilterExpression: x.right.expression,
    ...(Object.keys(x.right.names).length > 0 ? { ExpressionAttributeNames: x.right.names } : {}),
    ...(Object.keys(x.right.values).length > 0 ? { ExpressionAttributeValues: x.right.values } : {}),
  })
  return items.map((i) => id(unmarshall(i) as Cell)).sort()
}

const hashes = ['a', 'b', 'c']
/** Range values 0..3 are stored (some of them), 4 and 5 never. */
const ranges = [0, 1, 2, 3, 4, 5]

/** A key part: `eq` of one value, or `isIn` of 1 to 5 values (duplicates and absent ones among them). */
const part = <V>(values: ReadonlyArray<V>): fc.Arbitrary<{ readonly eq: boolean; readonly values: ReadonlyArray<V> }> =>
  fc.oneof(
    fc.constantFrom(...values).map((v) => ({ eq: true, values: [v] })),
    fc.array(fc.constantFrom(...values), { minLength: 1, maxLength: 5 }).map((vs) => ({ eq: false, values: vs })),
  )

/** A check on a field or a key (on the keys: evaluated on the results, as DynamoDB's filter would). */
const check = (h: (s: string) => string): fc.Arbitrary<C.Condition> =>
  fc.oneof(
    fc.integer({ min: -1, max: 4 }).map((n) => C.gt(g.x, n)),
    fc.integer({ min: -1, max: 4 }).map((n) => C.not(C.lte(g.x, n))),
    fc.constant(C.notExists(g.x)),
    fc.constantFrom('p', 'q', 'pq').map((s) => C.eq(g.tag, s)),
    fc.constantFrom('p', 'q').map((s) => C.beginsWith(g.tag, s)),
    fc.integer({ min: 0, max: 4 }).map((n) => C.lt(g.r, n)),
    fc.constantFrom(...hashes).map((s) => C.ne(g.h, h(s))),
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('p', 'q')).map(([n, s]) => C.or(C.eq(g.r, n), C.eq(g.tag, s))),
  )

test('eq/isIn on the hash and range keys AND checks: a BatchGetItem whose items are a Scan\'s with that filter, in every read; no Scan sent', async () => {
  const f = await fixture('crosskeys')
  await ok(f.env, Dynamo.createTable(Grid))
  // the requests of the reads compared (not of the Scans the oracle sends through the raw client)
  const commands: string[] = []
  const env = Env.make({ client: f.client, tablePrefix: f.prefix, on: (e) => commands.push(e.command), timeoutMs: REQUEST_MS })
  let runNo = 0
  let nonEmpty = 0
  const cellArb = fc.record({ keep: fc.constantFrom(true, true, true, false), x: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), tag: fc.option(fc.constantFrom('p', 'q', 'pq'), { nil: undefined }) })
  await fc.assert(
    fc.asyncProperty(
      fc.array(cellArb, { minLength: hashes.length * 4, maxLength: hashes.length * 4 }),
      part(hashes),
      part(ranges),
      fc.array(check((s) => s), { maxLength: 2 }),
      fc.boolean(),
      fc.integer({ min: 1, max: 4 }),
      async (cells, hp, rp, checks, checksFirst, pageSize) => {
        // a run's own hash values: the runs share the table
        const r = runNo++
        const h = (s: string) => `r${r}-${s}`
        const stored: Cell[] = []
        cells.forEach((c, i) => {
          if (!c.keep) return
          const cell: Cell = { h: h(hashes[Math.floor(i / 4)] as string), r: i % 4 }
          stored.push({ ...cell, ...(c.x === undefined ? {} : { x: c.x }), ...(c.tag === undefined ? {} : { tag: c.tag }) })
        })
        if (stored.length > 0) assert.is((await ok(env, Dynamo.saveMany(Grid, stored))).failCount, 0)
        const hs = hp.values.map(h)
        const keyParts = [hp.eq ? C.eq(g.h, hs[0] as string) : C.isIn(g.h, hs), rp.eq ? C.eq(g.r, rp.values[0] as number) : C.isIn(g.r, rp.values)]
        // the checks name this run's hash values too
        const own = checks.map((c) => (c._tag === 'Comparison' && c.op === '<>' && c.right._tag === 'Value' ? C.ne(g.h, h(String(c.right.value))) : c))
        const cond = C.and(...(checksFirst ? [...own, ...keyParts] : [...keyParts, ...own]))
        const why = Expression.show(cond)

        const p = Dynamo.explain(Grid, cond)
        // (an equality on both keys is one key: a GetItem, unless a check tests a key, which no getOne strategy takes)
        const keyReads = hp.eq && rp.eq ? ['GetItem', 'BatchGetItem'] : ['BatchGetItem']
        assert.ok(E.isRight(p) && keyReads.includes(p.right._tag), `${why}: ${E.isRight(p) ? p.right._tag : DE.show(p.left)}`)
        const want = await rawScan(f, cond)
        if (want.length > 0) nonEmpty++

        commands.length = 0
        const got = await ok(env, Dynamo.getMany(Grid, cond))
        // the Scan's items, each once, in the keys' order: one partition's in range key order (as
        // its Query reads them), several partitions' with the hash values' (first of each) outermost
        assert.equal([...got.map(id)].sort(), want, why)
        const onePartition = new Set(hs).size === 1
        const rank = (c: Cell) => (onePartition ? c.r : [...new Set(hs)].indexOf(c.h) * 100 + [...new Set(rp.values)].indexOf(c.r))
        assert.equal(got.map(id), [...got].sort((a, b) => rank(a) - rank(b)).map(id), `${why}: order`)
        assert.is(await ok(env, Dynamo.count(Grid, cond)), want.length, `${why}: count`)
        const limited = await ok(env, Dynamo.getMany(Grid, cond, { limit: 1 }))
        assert.equal(limited.map(id), got.slice(0, 1).map(id), `${why}: limit`)
        // pages of pageSize keys, each from the cursor of the one before
        const paged: string[] = []
        for await (const pg of Dynamo.pages(Grid, cond, { pageSize })(env)) {
          if (E.isLeft(pg)) assert.unreachable(DE.show(pg.left))
          else paged.push(...pg.right.items.map(id))
        }
        assert.equal(paged, got.map(id), `${why}: pages`)
        // and page by page, each from the cursor the page before gave (encoded, handed back, decoded)
        const walked: string[] = []
        let cursor: string | undefined
        for (let n = 0; n < 100; n++) {
          const pg = await ok(env, Dynamo.page(Grid, cond, { pageSize, ...(cursor === undefined ? {} : { cursor }) }))
          walked.push(...pg.items.map(id))
          if (pg.cursor._tag === 'None') break
          cursor = pg.cursor.value
        }
        assert.equal(walked, got.map(id), `${why}: page after page`)
        assert.ok(commands.length > 0 && commands.every((c) => keyReads.includes(c)), `${why}: ${commands.join(', ')}`)

        // deleteMany takes what getMany found, and only that
        const deleted = await ok(env, Dynamo.deleteMany(Grid, cond))
        assert.is(deleted.failCount, 0)
        assert.ok(!commands.includes('Scan') && !commands.includes('Query'), `${why}: deleteMany read ${commands.join(', ')}`)
        const deletedKeys = deleted.success.map((k) => id(k as Cell))
        for (const k of want) assert.ok(deletedKeys.includes(k), `${why}: ${k} not deleted`)
        assert.equal(await rawScan(f, cond), [], `${why}: left after deleteMany`)
        // what the condition does not select is still there
        const left = await run(env, Dynamo.count(Grid, C.isIn(g.h, hashes.map(h))))
        assert.equal(left, E.right(stored.length - want.length), `${why}: others deleted`)
        return true
      },
    ),
    { seed: 9_109, numRuns: 80 },
  )
  assert.ok(nonEmpty >= 25, `only ${nonEmpty} runs selected an item`)
  console.log(`  [cross keys] ${runNo} runs, ${nonEmpty} selecting items`)
})

/** A composed-key entity of a shared table. */
const Line = Model.make({
  table: 'shop',
  entity: 'line',
  codec: t.intersection([t.type({ customerId: t.string, orderId: t.string }), t.partial({ qty: Field.int() })]),
  hashKey: Model.key('pk', 'C#{customerId}'),
  rangeKey: Model.key('sk', 'L#{orderId}'),
})

test('composed keys in a shared table: the keys composed from the fields\' values, the entity kept (another entity\'s item at a key left out, and left in place), only BatchGetItem', async () => {
  const f = await fixture('crosskeys-shop')
  await ok(f.env, Dynamo.createTable(Line))
  const commands: string[] = []
  const env = Env.make({ client: f.client, tablePrefix: f.prefix, on: (e) => commands.push(e.command), timeoutMs: REQUEST_MS })
  await ok(env, Dynamo.saveMany(Line, [
    { customerId: 'c1', orderId: 'o1', qty: 1 },
    { customerId: 'c1', orderId: 'o2', qty: 5 },
    { customerId: 'c2', orderId: 'o1', qty: 7 },
  ]))
  // another entity's item at c2/o2, a key the read names (written as another model of the table would)
  const foreign = { pk: { S: 'C#c2' }, sk: { S: 'L#o2' }, _et: { S: 'note' }, customerId: { S: 'c2' }, orderId: { S: 'o2' }, qty: { N: '9' } }
  await f.client.send(new PutItemCommand({ TableName: f.table(Line), Item: foreign }))
  const l = Line.attrs
  const c = C.and(C.isIn(l.customerId, ['c2', 'c1', 'c2']), C.isIn(l.orderId, ['o2', 'o1', 'o4']))
  const p = Dynamo.explain(Line, c)
  assert.ok(E.isRight(p) && p.right._tag === 'BatchGetItem' && p.right.keys.length === 6)
  commands.length = 0
  assert.equal(await ok(env, Dynamo.getMany(Line, c)), [
    { customerId: 'c2', orderId: 'o1', qty: 7 },
    { customerId: 'c1', orderId: 'o2', qty: 5 },
    { customerId: 'c1', orderId: 'o1', qty: 1 },
  ])
  assert.is(await ok(env, Dynamo.count(Line, C.and(c, C.gt(l.qty, 1)))), 2)
  assert.equal(await ok(env, Dynamo.getMany(Line, C.and(c, C.gt(l.qty, 1)), { select: ['qty'], consistentRead: true })), [
    { customerId: 'c2', orderId: 'o1', qty: 7 },
    { customerId: 'c1', orderId: 'o2', qty: 5 },
  ])
  assert.ok(commands.length > 0 && commands.every((x) => x === 'BatchGetItem'), commands.join(', '))
  // deleteMany takes the entity's items, never the other's at a key it names
  const deleted = await ok(env, Dynamo.deleteMany(Line, c))
  assert.equal([deleted.failCount, deleted.success.length], [0, 3])
  assert.equal((await scanAll(f.client, f.table(Line))).map((x) => x['_et']?.S), ['note'])
})

test.run()
