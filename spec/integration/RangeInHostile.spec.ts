/**
 * Hostile values of a range-key `isIn` read as a bounded Query (lib/plan/Plan.ts `rangeIn`),
 * against DynamoDB Local: numbers in several spellings, -0, the extremes of DynamoDB's range,
 * binary keys given as Uint8Array and Buffer, strings with surrogate pairs and NUL, 100
 * values; `count` with a filter, `limit` 0 and 1, pages of one item under a check that
 * rejects most, both directions, and a cursor brought to the same read with other values.
 * Each read returns the items of a raw Scan with the condition as its filter.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Expression from '../../lib/compile/Expression.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { fixture, ok, run, scanAll, type Fixture, REQUEST_MS } from '../harness/models.js'
import { before } from '../harness/setup.js'

const Probe = Model.make({
  table: 'probe',
  hashKey: 'h',
  rangeKey: 'r',
  billing: 'onDemand',
  codec: t.intersection([t.type({ h: t.string, r: t.string, g: t.string, n: Field.float(), b: Field.binary, s: t.string }), t.partial({ x: Field.int() })]),
  indexes: {
    byN: Model.globalIndex({ hashKey: 'g', rangeKey: 'n' }),
    byB: Model.globalIndex({ hashKey: 'g', rangeKey: 'b' }),
    byS: Model.localIndex({ rangeKey: 's' }),
  },
})
type Item = Model.TypeOf<typeof Probe>
const a = Probe.attrs

const rawScan = async (f: Fixture, c: C.Condition): Promise<ReadonlyArray<string>> => {
  const x = Expression.condition(c)
  if (E.isLeft(x)) throw new Error(`compiler: ${DE.show(x.left)}`)
  const items = await scanAll(f.client, f.table(Probe), {
    FilterExpression: x.right.expression,
    ...(Object.keys(x.right.names).length > 0 ? { ExpressionAttributeNames: x.right.names } : {}),
    ...(Object.keys(x.right.values).length > 0 ? { ExpressionAttributeValues: x.right.values } : {}),
  })
  return items.map((i) => (unmarshall(i) as Item).r).sort()
}

const strings = ['a', '\u0000', 'a\u0000b', '\uFFFD', '\u{1F600}', '\u{1F600}x', 'z', '\uE000', '']
const numbers = [0, 1, -1, 1e125, -1e125, 1e-130, -1e-130, 2.5, 100]
const item = (i: number): Item => ({
  h: 'p',
  r: `r${String(i).padStart(3, '0')}`,
  g: 'g',
  n: numbers[i % numbers.length] as number,
  b: Uint8Array.of(i % 7 === 0 ? 0 : 255, i % 5),
  s: (strings[i % strings.length] as string) || 'empty',
  ...(i % 4 === 0 ? { x: i } : {}),
})
const items = Array.from({ length: 40 }, (_, i) => item(i))

let f: Fixture
before(test, async () => {
  f = await fixture('rangeinhostile')
  await ok(f.env, Dynamo.createTable(Probe))
  assert.is((await ok(f.env, Dynamo.saveMany(Probe, items))).failCount, 0)
})

/** The ids every way of reading `cond` returns, each against the raw Scan's. */
const agree = async (cond: C.Condition, why: string, index?: 'byN' | 'byB' | 'byS'): Promise<number> => {
  const want = await rawScan(f, cond)
  const opts = index === undefined ? {} : { index }
  const got = await run(f.env, Dynamo.getMany(Probe, cond, opts))
  if (E.isLeft(got)) assert.unreachable(`${why}: ${DE.show(got.left)}`)
  else assert.equal(got.right.map((i) => i.r).sort(), want, `${why}: getMany`)
  assert.is(await ok(f.env, Dynamo.count(Probe, cond, opts)), want.length, `${why}: count`)
  for (const descending of [false, true]) {
    const walked: string[] = []
    let cursor: string | undefined
    let k = 0
    for (; k < 200; k++) {
      const pg = await ok(f.env, Dynamo.page(Probe, cond, { ...opts, descending, pageSize: 1, ...(cursor === undefined ? {} : { cursor }) }))
      walked.push(...pg.items.map((i) => i.r))
      if (pg.cursor._tag === 'None') break
      cursor = pg.cursor.value
    }
    assert.ok(k < 200, `${why}: the walk ends`)
    assert.equal(walked.sort(), want, `${why}: pages of one, descending ${descending}`)
  }
  return want.length
}

test('numbers: spellings of one value, -0, the extremes, 100 values', async () => {
  const g = C.eq(a.g, 'g')
  assert.is(await agree(C.and(g, C.isIn(a.n, [1, 1.0, 1e0])), 'one in three spellings'), 5)
  assert.is(await agree(C.and(g, C.isIn(a.n, [-0, 1e125])), '-0'), 10)
  assert.is(await agree(C.and(g, C.isIn(a.n, [1e-130, -1e-130, 1e125, -1e125])), 'extremes'), 17)
  const many = Array.from({ length: 99 }, (_, i) => i - 50)
  assert.ok((await agree(C.and(g, C.isIn(a.n, many)), '99 values')) > 0)
  // 100 values: more than an IN of dynamongo's takes (limits.IN_VALUES), refused before any request
  const hundred = await run(f.env, Dynamo.getMany(Probe, C.and(g, C.isIn(a.n, [...many, 1e125]))))
  assert.ok(E.isLeft(hundred) && hundred.left._tag === 'ExpressionError', '100 values: refused')
  assert.ok((await agree(C.and(g, C.isIn(a.n, [1e125, 2.5]), C.exists(a.x)), 'with a filter')) > 0)
})

test('binary: Uint8Array and Buffer of the same bytes', async () => {
  const g = C.eq(a.g, 'g')
  assert.ok((await agree(C.and(g, C.isIn(a.b, [Uint8Array.of(0, 0), Buffer.from([255, 1])])), 'binary')) > 0)
  assert.ok((await agree(C.and(g, C.isIn(a.b, [Buffer.from([0, 0]), Uint8Array.of(0, 0)])), 'one in two forms')) > 0)
})

test('strings: surrogate pairs above U+FFFD, NUL', async () => {
  const h = C.eq(a.h, 'p')
  assert.ok((await agree(C.and(h, C.isIn(a.s, ['\uFFFD', '\u{1F600}'])), 'astral against BMP', 'byS')) > 0)
  assert.ok((await agree(C.and(h, C.isIn(a.s, ['\u0000', 'a\u0000b', '\uE000'])), 'NUL', 'byS')) > 0)
  assert.ok((await agree(C.and(h, C.isIn(a.s, ['\u{1F600}x', 'a']), C.exists(a.x)), 'check rejects most', 'byS')) >= 0)
})

test('limit 0 and 1; a cursor brought to the read with other values', async () => {
  const g = C.eq(a.g, 'g')
  const one = C.and(g, C.isIn(a.n, [0, 100]))
  const other = C.and(g, C.isIn(a.n, [1, 2.5]))
  const zero = await run(f.env, Dynamo.getMany(Probe, one, { limit: 0 }))
  assert.ok(E.isRight(zero) && zero.right.length === 0, 'limit 0: no item')
  assert.is((await ok(f.env, Dynamo.getMany(Probe, one, { limit: 1 }))).length, 1)
  const first = await ok(f.env, Dynamo.page(Probe, one, { pageSize: 1 }))
  assert.ok(first.cursor._tag === 'Some')
  if (first.cursor._tag !== 'Some') return
  const reused = await run(f.env, Dynamo.page(Probe, other, { pageSize: 1, cursor: first.cursor.value }))
  assert.ok(E.isLeft(reused) && reused.left._tag === 'ValidationError', 'a cursor of other values is refused')
})

test('a range isIn with another condition on the range key and a filter; values DynamoDB cannot store; a cursor brought to the read reordered or reversed; select without the range key', async () => {
  const g = C.eq(a.g, 'g')
  assert.is(await agree(C.and(g, C.isIn(a.n, [1, 2.5, 100]), C.gt(a.n, 2)), 'isIn and another range condition'), 8)
  assert.is(await agree(C.and(g, C.isIn(a.n, [100, 1, 2.5]), C.lt(a.n, 50), C.exists(a.x)), 'isIn, lt and a filter'), 2)
  for (const vals of [[1e-131, 1], [1e126, 1], [NaN, 1], [Infinity, 1]]) {
    const r = await run(f.env, Dynamo.getMany(Probe, C.and(g, C.isIn(a.n, vals))))
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', `${vals[0]}: refused`)
  }
  const one = C.and(g, C.isIn(a.n, [0, 100]))
  const pg = await ok(f.env, Dynamo.page(Probe, one, { pageSize: 1 }))
  assert.ok(pg.cursor._tag === 'Some')
  if (pg.cursor._tag !== 'Some') return
  for (const [c, o] of [[C.and(g, C.isIn(a.n, [100, 0])), {}], [one, { descending: true }]] as const) {
    const r = await run(f.env, Dynamo.page(Probe, c, { pageSize: 1, cursor: pg.cursor.value, ...o }))
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', 'a cursor of another read: refused')
  }
  // the index the planner picked, named: the same read, the cursor goes on
  const named = await ok(f.env, Dynamo.page(Probe, one, { pageSize: 1, cursor: pg.cursor.value, index: 'byN' }))
  const next = await ok(f.env, Dynamo.page(Probe, one, { pageSize: 1, cursor: pg.cursor.value }))
  assert.equal(named.items, next.items)
  // -0 and 0 are one value: the bound is `=`; an empty string cannot be an index key, refused before any request (DynamoDB refuses it in the key condition)
  assert.is(await agree(C.and(g, C.isIn(a.n, [-0, 0])), '-0 and 0'), 5)
  const commands: string[] = []
  const watched = Env.make({ client: f.client, tablePrefix: f.prefix, on: (e) => commands.push(e.command), timeoutMs: REQUEST_MS })
  const empty = await run(watched, Dynamo.getMany(Probe, C.and(C.eq(a.h, 'p'), C.isIn(a.s, ['', 'a']))))
  assert.ok(E.isLeft(empty) && empty.left._tag === 'ValidationError', 'an empty string key: refused')
  assert.equal(commands, [])
  // the check reads the range key, which a select need not name
  for (const select of [['h', 'r'], ['s'], ['r', 'x']] as const) {
    assert.is((await ok(f.env, Dynamo.getMany(Probe, one, { select }))).length, 9)
    assert.is((await ok(f.env, Dynamo.getMany(Probe, C.and(C.eq(a.h, 'p'), C.isIn(a.s, ['a', 'z'])), { select }))).length, 9)
  }
})

test.run()
