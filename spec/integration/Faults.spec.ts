/**
 * Issue 4, point 6, at the level of the batch engine: 20,000 items written and read back
 * through a client that fails on purpose (20% partial batches, 5% throttling, 1% 5xx);
 * nothing lost, nothing duplicated, every item accounted for; checked with a raw Scan.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DeleteTableCommand, DynamoDBClient, type AttributeValue, type WriteRequest } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Env from '../../lib/run/Env.js'
import * as B from '../../lib/run/batch.js'
import { createRawTable, local, scanAll, uniqueTable } from '../harness/local.js'
import { countRequests, injectFaults, totalFaults, type FaultStats } from '../harness/faults.js'
import { REQUEST_MS } from '../harness/models.js'

type Item = Record<string, AttributeValue>

const keyOfItem = (m: Item): string => m['pk']?.S ?? ''
const keyOfWrite = (w: WriteRequest): string => keyOfItem((w.PutRequest?.Item ?? w.DeleteRequest?.Key ?? {}) as Item)

const makeItem = (i: number): Item => ({
  pk: { S: `item-${String(i).padStart(6, '0')}` },
  n: { N: String(i) },
  name: { S: `name ${i} ${'x'.repeat(i % 50)}` },
  tags: { SS: [`t${i % 7}`, `u${i % 11}`] },
  nested: { M: { even: { BOOL: i % 2 === 0 }, list: { L: [{ N: String(i * 3) }, { S: 'é' }] } } },
})

const faultyEnv = (endpoint: string, options: Parameters<typeof injectFaults>[1], { maxAttempts, ...retry }: Env.RetryOptions) => {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 })
  const stats = injectFaults(client, options)
  const counter = countRequests(client)
  const env = Env.make({ client, region: 'us-east-2', endpoint, concurrency: 8, maxAttempts, retry, timeoutMs: REQUEST_MS })
  return { client, stats, counter, env }
}

const figures = (label: string, stats: FaultStats, rest: Record<string, number | string>) =>
  console.log(`  [faults] ${label}: ${Object.entries({
    batchCalls: stats.calls.BatchWriteItem + stats.calls.BatchGetItem,
    injected: totalFaults(stats),
    partial: stats.partial,
    deferred: stats.deferred,
    throttled: stats.throttled,
    serverErrors: stats.serverErrors,
    ...rest,
  }).map(([k, v]) => `${k}=${v}`).join(' ')}`)

test('20,000 items through a faulty client: 0 lost, 0 duplicated, every item accounted for', async () => {
  const db = await local()
  const table = uniqueTable('faults')
  await createRawTable(db.client, table)
  const N = 20_000
  const items = Array.from({ length: N }, (_, i) => makeItem(i))
  // 30 attempts: a key left alone in a retry wave is refused whole by a partial answer, so it
  // fails an attempt ~26% of the time; at 10 attempts one of 40,000 requests can run out of
  // them (the order of faults follows the timing of 8 concurrent chunks, not only the seed)
  const { stats, env, client } = faultyEnv(db.endpoint, { seed: 20_000, serverErrorAfterSend: 0.5 }, { maxAttempts: 30, baseDelayMs: 2, maxDelayMs: 50 })
  let progressCalls = 0
  let lastProgress: Env.Progress = { done: 0, total: 0 }

  const w = await B.batchWrite(table, items.map((Item) => ({ PutRequest: { Item } })), keyOfWrite, {
    onProgress: (p) => {
      progressCalls++
      lastProgress = p
    },
  })(env)()
  assert.ok(E.isRight(w))
  if (E.isLeft(w)) return
  const written = w.right
  const writeStats = { ...stats, calls: { ...stats.calls } }

  // every input in exactly one of succeeded / failed
  const accounted = new Set([...written.succeeded, ...written.failed.map((f) => f.index)])
  assert.is(written.succeeded.length + written.failed.length, N)
  assert.is(accounted.size, N)
  assert.equal(lastProgress, { done: N, total: N })
  assert.ok(progressCalls >= N / 25)

  // the faults really happened
  assert.ok(stats.partial > 0 && stats.throttled > 0 && stats.serverErrors > 0, JSON.stringify(stats))

  // raw Scan: count and content
  const scanned = await scanAll(db.client, table)
  const byKey = new Map(scanned.map((it) => [keyOfItem(it), it]))
  const duplicatedInScan = scanned.length - byKey.size
  const lost = written.succeeded.filter((i) => !byKey.has(keyOfItem(items[i] as Item))).length
  assert.is(duplicatedInScan, 0)
  assert.is(lost, 0)
  assert.is(scanned.length, written.succeeded.length + written.failed.filter((f) => byKey.has(keyOfItem(items[f.index] as Item))).length)
  for (const i of written.succeeded) assert.equal(byKey.get(keyOfItem(items[i] as Item)), items[i])

  // read them all back through the faulty client
  const keys = items.map((it) => ({ pk: it['pk'] as AttributeValue }))
  const g = await B.batchGet(table, keys, keyOfItem)(env)()
  assert.ok(E.isRight(g))
  if (E.isLeft(g)) return
  const got = g.right
  const gotKeys = got.items.map(keyOfItem)
  const duplicatedInGet = gotKeys.length - new Set(gotKeys).size
  assert.is(duplicatedInGet, 0)
  assert.is(got.found.length + got.missing.length + got.failed.length, N)
  assert.equal(got.failed, [])
  // request order, and the content is what was written
  assert.equal(got.found.map((f) => f.index), [...got.found.map((f) => f.index)].sort((a, b) => a - b))
  for (const f of got.found) assert.equal(f.item, items[f.index])
  assert.is(got.found.length, scanned.length)

  figures('write', writeStats, { items: N, succeeded: written.succeeded.length, failed: written.failed.length, retries: written.retries, lost, duplicated: duplicatedInScan, scanned: scanned.length })
  figures('write+read', stats, { found: got.found.length, missing: got.missing.length, failed: got.failed.length, retries: got.retries, duplicated: duplicatedInGet })
  client.destroy()
  await db.client.send(new DeleteTableCommand({ TableName: table }))
})

test('when attempts run out, exactly the unsent items are in failed (heavy faults, 2 attempts)', async () => {
  const db = await local()
  const table = uniqueTable('faults_exhausted')
  await createRawTable(db.client, table)
  const N = 2_000
  const items = Array.from({ length: N }, (_, i) => makeItem(i))
  const { stats, env, client } = faultyEnv(db.endpoint, { seed: 7, unprocessed: 0.5, throttle: 0.2, serverError: 0.05 }, { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 })
  const w = await B.batchWrite(table, items.map((Item) => ({ PutRequest: { Item } })), keyOfWrite)(env)()
  assert.ok(E.isRight(w))
  if (E.isLeft(w)) return
  const { succeeded, failed } = w.right
  assert.ok(failed.length > 0, 'with 2 attempts and heavy faults, some items must fail')
  assert.is(succeeded.length + failed.length, N)
  const scanned = await scanAll(db.client, table)
  const inTable = new Set(scanned.map(keyOfItem))
  // what succeeded is in the table, what failed is not (no fault here happens after sending)
  assert.equal([...inTable].sort(), succeeded.map((i) => keyOfItem(items[i] as Item)).sort())
  for (const f of failed) {
    assert.not.ok(inTable.has(keyOfItem(items[f.index] as Item)))
    assert.ok(f.error._tag === 'AwsError' && f.error.retryable, JSON.stringify(f.error))
  }
  const kinds = failed.reduce<Record<string, number>>((acc, f) => ((acc[f.error._tag === 'AwsError' ? f.error.name : f.error._tag] = (acc[f.error._tag === 'AwsError' ? f.error.name : f.error._tag] ?? 0) + 1), acc), {})
  figures('exhausted', stats, { items: N, succeeded: succeeded.length, failed: failed.length, ...kinds })
  client.destroy()
  await db.client.send(new DeleteTableCommand({ TableName: table }))
})

test('countRequests counts every command; nothing sent for an empty batch', async () => {
  const db = await local()
  const client = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  const counter = countRequests(client)
  const env = Env.make({ client, timeoutMs: REQUEST_MS })
  await B.batchWrite('nope', [], keyOfWrite)(env)()
  await B.batchGet('nope', [], keyOfItem)(env)()
  assert.is(counter.total(), 0)
  const table = uniqueTable('count')
  await createRawTable(client, table)
  await B.batchWrite(table, [makeItem(1), makeItem(2)].map((Item) => ({ PutRequest: { Item } })), keyOfWrite)(env)()
  assert.equal(counter.byCommand(), { CreateTable: 1, BatchWriteItem: 1 })
  counter.reset()
  assert.is(counter.total(), 0)
  client.destroy()
})

test.run()
