/**
 * The batch engine against DynamoDB Local: what ends up in the table.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DeleteTableCommand, PutItemCommand, type AttributeValue, type WriteRequest } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Env from '../../lib/run/Env.js'
import * as B from '../../lib/run/batch.js'
import { send } from '../../lib/run/send.js'
import { createRawTable, local, scanAll, uniqueTable } from '../harness/local.js'
import { countRequests } from '../harness/faults.js'
import { REQUEST_MS } from '../harness/models.js'

type Item = Record<string, AttributeValue>

/** Canonical key of a hash+range table: JSON of [pk, sk]. */
const keyOf = (m: Item): string => JSON.stringify([m['pk']?.S, m['sk']?.N])
const keyOfWrite = (w: WriteRequest): string => keyOf((w.PutRequest?.Item ?? w.DeleteRequest?.Key ?? {}) as Item)
const item = (pk: string, sk: number, v: string): Item => ({ pk: { S: pk }, sk: { N: String(sk) }, v: { S: v } })

const setup = async (range = true) => {
  const db = await local()
  const table = uniqueTable('batch')
  await createRawTable(db.client, table, range)
  const env = Env.make({ client: db.client, concurrency: 4, maxAttempts: 5, retry: { baseDelayMs: 1, maxDelayMs: 10 }, timeoutMs: REQUEST_MS })
  return { db, table, env, drop: () => db.client.send(new DeleteTableCommand({ TableName: table })) }
}

test('puts and deletes with repeated keys: every request lands, in input order per key', async () => {
  const { db, table, env, drop } = await setup()
  await db.client.send(new PutItemCommand({ TableName: table, Item: item('gone', 1, 'old') }))
  const reqs: Array<WriteRequest> = [
    ...Array.from({ length: 60 }, (_, i) => ({ PutRequest: { Item: item(`p${i % 20}`, i % 3, `v${i}`) } })),
    { DeleteRequest: { Key: { pk: { S: 'gone' }, sk: { N: '1' } } } },
    { PutRequest: { Item: item('p0', 0, 'last') } },
    { DeleteRequest: { Key: { pk: { S: 'p1' }, sk: { N: '1' } } } },
  ]
  const r = await B.batchWrite(table, reqs, keyOfWrite)(env)()
  assert.ok(E.isRight(r))
  if (E.isLeft(r)) return
  assert.is(r.right.succeeded.length, reqs.length)
  assert.equal(r.right.failed, [])
  // expected state: the last write to each key wins
  const expected = new Map<string, Item | undefined>([[keyOf(item('gone', 1, '')), undefined]])
  for (const w of reqs) expected.set(keyOfWrite(w), w.PutRequest?.Item)
  const scanned = await scanAll(db.client, table)
  const want = [...expected.values()].filter((x): x is Item => x !== undefined)
  assert.is(scanned.length, want.length)
  const byKey = new Map(scanned.map((it) => [keyOf(it), it]))
  for (const w of want) assert.equal(byKey.get(keyOf(w)), w)
  assert.equal(byKey.get(keyOf(item('p0', 0, '')))?.['v'], { S: 'last' })
  await drop()
})

test('batchGet: 250 keys with duplicates and misses, in request order; projection keeps the keys', async () => {
  const { db, table, env, drop } = await setup()
  const items = Array.from({ length: 200 }, (_, i) => item(`k${i}`, i, `v${i}`))
  const w = await B.batchWrite(table, items.map((Item) => ({ PutRequest: { Item } })), keyOfWrite)(env)()
  assert.ok(E.isRight(w) && w.right.failed.length === 0)
  const keys = [...Array.from({ length: 250 }, (_, i) => ({ pk: { S: `k${249 - i}` }, sk: { N: String(249 - i) } })), { pk: { S: 'k3' }, sk: { N: '3' } }]
  const counter = countRequests(db.client)
  const r = await B.batchGet(table, keys, keyOf)(env)()
  assert.ok(E.isRight(r))
  if (E.isLeft(r)) return
  assert.is(counter.byCommand()['BatchGetItem'], 3)
  assert.equal(r.right.items.map((it) => it['pk']?.S), Array.from({ length: 200 }, (_, i) => `k${199 - i}`))
  assert.equal(r.right.missing, Array.from({ length: 50 }, (_, i) => i))
  assert.equal(r.right.failed, [])
  const p = await B.batchGet(table, keys.slice(50, 52), keyOf, { projection: ['v'] })(env)()
  assert.ok(E.isRight(p))
  if (E.isRight(p)) assert.equal(p.right.items, [item('k199', 199, 'v199'), item('k198', 198, 'v198')])
  const only = await B.batchGet(table, keys.slice(50, 51), keyOf, { projection: ['pk'] })(env)()
  assert.ok(E.isRight(only))
  if (E.isRight(only)) assert.equal(only.right.items, [{ pk: { S: 'k199' }, sk: { N: '199' } }])
  await drop()
})

test('an oversized item fails alone (ItemTooLarge); the rest of its chunk is written', async () => {
  const { db, table, env, drop } = await setup()
  const big = { ...item('big', 0, 'x'), blob: { S: 'y'.repeat(410_000) } }
  const reqs = [...Array.from({ length: 10 }, (_, i) => item(`s${i}`, i, 'ok')), big].map((Item) => ({ PutRequest: { Item } }))
  const r = await B.batchWrite(table, reqs, keyOfWrite)(env)()
  assert.ok(E.isRight(r))
  if (E.isLeft(r)) return
  assert.equal(r.right.succeeded, Array.from({ length: 10 }, (_, i) => i))
  assert.is(r.right.failed.length, 1)
  assert.is(r.right.failed[0]?.index, 10)
  assert.is(r.right.failed[0]?.error._tag, 'ItemTooLarge', JSON.stringify(r.right.failed[0]?.error))
  assert.is((await scanAll(db.client, table)).length, 10)
  // and a single PutItem of it is classified the same way
  const one = await send(new PutItemCommand({ TableName: table, Item: big }))(env)()
  assert.ok(E.isLeft(one) && one.left._tag === 'ItemTooLarge', JSON.stringify(one))
  await drop()
})

test('a missing table: every request fails with ResourceNotFoundException, nothing thrown', async () => {
  const { env } = await setup(false)
  const w = await B.batchWrite('no_such_table', [item('a', 1, 'x'), item('b', 1, 'x')].map((Item) => ({ PutRequest: { Item } })), keyOfWrite)(env)()
  assert.ok(E.isRight(w))
  if (E.isRight(w)) {
    assert.equal(w.right.failed.map((f) => f.index), [0, 1])
    for (const f of w.right.failed) assert.ok(f.error._tag === 'AwsError' && f.error.name === 'ResourceNotFoundException' && !f.error.retryable)
  }
  const g = await B.batchGet('no_such_table', [{ pk: { S: 'a' }, sk: { N: '1' } }], keyOf)(env)()
  assert.ok(E.isRight(g) && g.right.failed.length === 1)
})

test.run()
