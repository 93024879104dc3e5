/**
 * Walks of `page` by cursor, each page a new call given the cursor of the one before (DESIGN
 * §5.1), against DynamoDB Local: 240 items, pages of 1 to 7 items, every item seen exactly
 * once. Through a global index whose keys many items share (two hash values, three range
 * values: 40 items on each index key), where the position's table key is what tells the tied
 * items apart; through a keys-only index of one hash value (240 items on one key); a Scan of
 * the table and of an index; a parallel scan (`segments`) and each segment alone (`segment`);
 * with a filter (pages even empty, still with a cursor), with `cursorKey`. What DynamoDB Local
 * gives as an index read's `LastEvaluatedKey` (the index key and the table key) is what the
 * cursor holds. A cursor given to another read (another index, filter, order, segment, split)
 * is a `ValidationError` before any request.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { QueryCommand, ScanCommand, type AttributeValue, type QueryCommandInput } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Cursor from '../../lib/run/Cursor.js'
import * as Model from '../../lib/model/Model.js'
import * as Plan from '../../lib/plan/Plan.js'
import * as Pages from '../../lib/run/pages.js'
import { right } from '../harness/either.js'
import { fixture, ok, type Fixture, REQUEST_MS } from '../harness/models.js'
import { after, before } from '../harness/setup.js'

const Row = Model.make({
  table: 'cursorwalks',
  hashKey: 'pk',
  rangeKey: 'sk',
  billing: 'onDemand',
  codec: t.type({ pk: t.string, sk: t.number, g: t.string, r: t.number, one: t.string, n: t.number }),
  indexes: {
    byG: Model.globalIndex({ hashKey: 'g', rangeKey: 'r' }),
    byOne: Model.globalIndex({ hashKey: 'one', projection: 'keys' }),
  },
})
type Row = Model.TypeOf<typeof Row>
const a = Row.attrs

const rows: ReadonlyArray<Row> = Array.from({ length: 240 }, (_, i) => ({ pk: `p${i % 24}`, sk: i, g: i % 2 === 0 ? 'x' : 'y', r: i % 3, one: 'o', n: i }))
const keyOf = (x: { readonly pk: string; readonly sk: number }): string => `${x.pk}/${x.sk}`

const events: Env.Event[] = []
let f: Fixture
let keyed: Env.Env

before(test, async () => {
  f = await fixture('cursorwalks', { on: (e) => events.push(e) })
  keyed = Env.make({ client: f.client, tablePrefix: f.prefix, cursorKey: new Uint8Array(32).fill(3), on: (e) => events.push(e), timeoutMs: REQUEST_MS })
  await ok(f.env, Dynamo.createTable(Row))
  await ok(f.env, Dynamo.saveMany(Row, rows))
})

after(test, async () => {
  await ok(f.env, Dynamo.deleteTable(Row))
})

/** A page of a read from a cursor (none: its first page); its options written at each call, so each is checked there. */
type Read = (cursor: string | undefined) => Dynamo.Op<Dynamo.Page<unknown>>

/**
 * The keys of every item of a walk of `page` by cursor, each page a new call from the cursor
 * before; and how many pages.
 */
const walk = async (env: Env.Env, read: Read): Promise<{ readonly keys: ReadonlyArray<string>; readonly pages: number }> => {
  const keys: string[] = []
  let cursor: string | undefined
  for (let pages = 1; pages <= 2_000; pages++) {
    const p = await ok(env, read(cursor))
    for (const x of p.items) keys.push(keyOf(x as Row))
    if (p.cursor._tag === 'None') return { keys, pages }
    cursor = p.cursor.value
  }
  assert.unreachable('a walk of 2,000 pages')
  return { keys, pages: Infinity }
}

/** The keys of a raw Query of the index (no Limit), in its order: DynamoDB Local's own answer. */
const rawQuery = async (input: Omit<QueryCommandInput, 'TableName'>): Promise<ReadonlyArray<string>> => {
  const out: string[] = []
  let start: Record<string, AttributeValue> | undefined
  do {
    const r = await f.client.send(new QueryCommand({ ...input, TableName: f.table(Row), ...(start === undefined ? {} : { ExclusiveStartKey: start }) }))
    for (const x of r.Items ?? []) out.push(`${x['pk']?.S}/${x['sk']?.N}`)
    start = r.LastEvaluatedKey
  } while (start !== undefined)
  return out
}

const once = (what: string, keys: ReadonlyArray<string>, want: ReadonlyArray<string>): void => {
  assert.is(new Set(keys).size, keys.length, `${what}: an item seen twice`)
  assert.equal([...keys].sort(), [...want].sort(), `${what}: not every item once`)
}

const expected = (p: (x: Row) => boolean): ReadonlyArray<string> => rows.filter(p).map(keyOf)

test("an index read's LastEvaluatedKey, as DynamoDB Local gives it, is the index key and the table key: the attributes a cursor of that read holds", async () => {
  for (const [index, input] of [
    ['byG', { IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'x' } } }],
    ['byOne', { IndexName: 'byOne', KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'one' }, ExpressionAttributeValues: { ':o': { S: 'o' } } }],
  ] as const) {
    const r = await f.client.send(new QueryCommand({ ...input, TableName: f.table(Row), Limit: 5 }))
    const plan = right(Plan.make(Row, index === 'byG' ? C.eq(a.g, 'x') : C.eq(a.one, 'o'), index === 'byG' ? { index } : { index, fields: ['pk', 'sk'] }))
    assert.equal(Object.keys(r.LastEvaluatedKey ?? {}).sort(), [...Pages.keyNamesOf(Row, plan)].sort(), index)
    const s = await f.client.send(new ScanCommand({ TableName: f.table(Row), IndexName: index, Limit: 5 }))
    assert.equal(Object.keys(s.LastEvaluatedKey ?? {}).sort(), [...Pages.keyNamesOf(Row, plan)].sort(), `${index}, a Scan`)
  }
})

test('an index Query walked page by cursor, through keys many items share (40 on each index key, 120 on one), pages of 1 to 7, both orders, with a filter, with cursorKey: every item once, in the raw Query\'s order', async () => {
  const inOrder = (what: string, keys: ReadonlyArray<string>, want: ReadonlyArray<string>) => {
    once(what, keys, want)
    assert.equal(keys, want, `${what}: not in the raw Query's order`)
  }
  for (const pageSize of [1, 3, 7]) {
    for (const descending of [false, true]) {
      const raw = await rawQuery({ IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'x' } }, ScanIndexForward: !descending })
      assert.is(raw.length, 120)
      const w = await walk(f.env, (cursor) => Dynamo.page(Row, C.eq(a.g, 'x'), { index: 'byG', pageSize, descending, cursor }))
      inOrder(`byG, pages of ${pageSize}${descending ? ', descending' : ''}`, w.keys, raw)
      assert.ok(w.pages >= 120 / pageSize)
    }
    const ties = await rawQuery({ IndexName: 'byG', KeyConditionExpression: 'g = :g AND r = :r', ExpressionAttributeValues: { ':g': { S: 'y' }, ':r': { N: '1' } } })
    assert.is(ties.length, 40)
    inOrder(`byG, one index key, pages of ${pageSize}`, (await walk(keyed, (cursor) => Dynamo.page(Row, C.and(C.eq(a.g, 'y'), C.eq(a.r, 1)), { index: 'byG', pageSize, cursor }))).keys, ties)
    const one = await rawQuery({ IndexName: 'byOne', KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'one' }, ExpressionAttributeValues: { ':o': { S: 'o' } } })
    assert.is(one.length, 240)
    inOrder(`byOne, pages of ${pageSize}`, (await walk(f.env, (cursor) => Dynamo.page(Row, C.eq(a.one, 'o'), { index: 'byOne', pageSize, select: ['pk', 'sk'], cursor }))).keys, one)
    // a filter: pages of few items, or none (maxRequests 1), each with its cursor
    const filtered = await walk(f.env, (cursor) => Dynamo.page(Row, C.and(C.eq(a.g, 'x'), C.gt(a.n, 100)), { index: 'byG', pageSize, maxRequests: 1, cursor }))
    once(`byG, a filter, pages of ${pageSize}`, filtered.keys, expected((x) => x.g === 'x' && x.n > 100))
  }
})

test('a Scan of the table and of an index, a parallel scan of 3 segments, and each of 4 segments alone, walked page by cursor (pages of 1 to 7, a filter, cursorKey): every item once', async () => {
  for (const pageSize of [1, 4, 7]) {
    once(`the table, pages of ${pageSize}`, (await walk(f.env, (cursor) => Dynamo.page(Row, C.gte(a.n, 0), { pageSize, cursor }))).keys, expected(() => true))
    once(`byG, pages of ${pageSize}`, (await walk(keyed, (cursor) => Dynamo.page(Row, C.gte(a.r, 0), { index: 'byG', pageSize, cursor }))).keys, expected(() => true))
    once(`3 segments, pages of ${pageSize}`, (await walk(f.env, (cursor) => Dynamo.page(Row, C.gte(a.n, 0), { segments: 3, pageSize, cursor }))).keys, expected(() => true))
    once(`3 segments of byG, a filter, pages of ${pageSize}`, (await walk(keyed, (cursor) => Dynamo.page(Row, C.lt(a.n, 150), { index: 'byG', segments: 3, pageSize, maxRequests: 2, cursor }))).keys, expected((x) => x.n < 150))
    const each: string[] = []
    for (let index = 0; index < 4; index++) each.push(...(await walk(index % 2 === 0 ? f.env : keyed, (cursor) => Dynamo.page(Row, C.gte(a.n, 0), { segment: { index, total: 4 }, pageSize, cursor }))).keys)
    once(`each of 4 segments, pages of ${pageSize}`, each, expected(() => true))
  }
})

test('a cursor given to another read (another index, filter, order, key condition, segment, split, or a Scan for a Query) is a ValidationError naming the cursor, before any request', async () => {
  const cursorOf = async (env: Env.Env, read: Read): Promise<string> => {
    const p = await ok(env, read(undefined))
    assert.ok(p.cursor._tag === 'Some')
    return p.cursor._tag === 'Some' ? p.cursor.value : ''
  }
  for (const env of [f.env, keyed]) {
    const query = await cursorOf(env, (cursor) => Dynamo.page(Row, C.eq(a.g, 'x'), { index: 'byG', pageSize: 5, cursor }))
    const segment = await cursorOf(env, (cursor) => Dynamo.page(Row, C.gte(a.n, 0), { segment: { index: 1, total: 4 }, pageSize: 5, cursor }))
    const split = await cursorOf(env, (cursor) => Dynamo.page(Row, C.gte(a.n, 0), { segments: 3, pageSize: 5, cursor }))
    const others: ReadonlyArray<readonly [string, string, Read]> = [
      ['another index', query, (cursor) => Dynamo.page(Row, C.eq(a.one, 'o'), { index: 'byOne', select: ['pk', 'sk'], cursor })],
      ['another key condition', query, (cursor) => Dynamo.page(Row, C.eq(a.g, 'y'), { index: 'byG', cursor })],
      ['a filter', query, (cursor) => Dynamo.page(Row, C.and(C.eq(a.g, 'x'), C.gt(a.n, 1)), { index: 'byG', cursor })],
      ['another order', query, (cursor) => Dynamo.page(Row, C.eq(a.g, 'x'), { index: 'byG', descending: true, cursor })],
      ['a Scan', query, (cursor) => Dynamo.page(Row, C.gte(a.n, 0), { cursor })],
      ['another segment', segment, (cursor) => Dynamo.page(Row, C.gte(a.n, 0), { segment: { index: 2, total: 4 }, cursor })],
      ['another number of segments', segment, (cursor) => Dynamo.page(Row, C.gte(a.n, 0), { segment: { index: 1, total: 5 }, cursor })],
      ['a split of 4', split, (cursor) => Dynamo.page(Row, C.gte(a.n, 0), { segments: 4, cursor })],
      ['one segment of the split', split, (cursor) => Dynamo.page(Row, C.gte(a.n, 0), { segment: { index: 0, total: 3 }, cursor })],
    ]
    for (const [what, cursor, read] of others) {
      const before = events.length
      const r = await read(cursor)(env)()
      assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'cursor', `${what}: ${E.isLeft(r) ? DE.show(r.left) : 'taken'}`)
      assert.is(events.length - before, 0, `${what}: requests sent`)
    }
  }
})

test("a plain cursor whose trail's kept key is rewritten to the key the read gives next (its checksum recomputed, as anyone can): a ValidationError naming the cursor, not the endpoint's InvalidAnswer; a sealed cursor, which only this process writes, keeps the endpoint's", async () => {
  const raw = await f.client.send(new ScanCommand({ TableName: f.table(Row), Limit: 3 }))
  // the Scan's first three keys, in DynamoDB Local's order
  const [k1, k2, k3] = (raw.Items ?? []).map((x) => ({ pk: x['pk'] as AttributeValue, sk: x['sk'] as AttributeValue }))
  if (k1 === undefined || k2 === undefined || k3 === undefined) return assert.unreachable('a Scan of fewer than 3 items')
  const stream = right(Pages.make(Row, Env.tableName(f.env, Row.table), right(Plan.make(Row, C.gte(a.n, 0)))))
  const cursorAt = (kept: Record<string, AttributeValue>, env: Env.Env): string => {
    const at: Pages.Position = { _tag: 'After', key: k2, trail: { kept, power: 1, steps: 0 } }
    return right(Cursor.encode([{ _tag: 'Some', value: at }], stream.identity(), env.cursorKey))
  }
  for (const env of [f.env, keyed]) {
    const read = (kept: Record<string, AttributeValue>) => Dynamo.page(Row, C.gte(a.n, 0), { pageSize: 1, maxRequests: 1, cursor: cursorAt(kept, env) })(env)()
    // as a walk writes it: the kept key one it gave before the position's
    const honest = await read(k1)
    assert.ok(E.isRight(honest) && honest.right.items.length === 1 && honest.right.cursor._tag === 'Some', JSON.stringify(honest))
    // the kept key the one DynamoDB Local gives next (after k2)
    const r = await read(k3)
    if (env === f.env) {
      assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'cursor', E.isLeft(r) ? DE.show(r.left) : 'taken')
      assert.match(DE.show(r.left), /the cursor was altered/)
    } else assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer', E.isLeft(r) ? DE.show(r.left) : 'taken')
  }
})

test.run()
