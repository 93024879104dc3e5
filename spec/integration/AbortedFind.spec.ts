/**
 * `deleteMany` of a condition finds its items first (a Query, a Scan or a batch get), then
 * deletes them: an abort while it reads stops the read (no request starts after it, the one in
 * flight is aborted, as every operation's signal does) and answers `Left(AbortError)`, nothing
 * deleted. A stand-in on loopback (a proxy to DynamoDB Local) aborts once Local has answered
 * the first read.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as C from '../../lib/ast/Condition.js'
import { NOW, Plain } from '../harness/lifecycle.js'
import { local, scanAll } from '../harness/local.js'
import { proxy } from '../harness/proxy.js'
import { err, fixture, ok, REQUEST_MS } from '../harness/models.js'

const p = Plain.attrs

test('deleteMany of a condition aborted while it reads (a Scan of several pages, a batch get with a filter): Left(AbortError), no request after the abort, nothing deleted', async () => {
  const f = await fixture('abortedfind', { now: () => NOW })
  await ok(f.env, Dynamo.createTable(Plain))
  // 150 items of 10 KB: a Scan reads them in two pages (DynamoDB's page holds at most 1 MB)
  const items = Array.from({ length: 150 }, (_, i) => ({ id: `k${i}`, text: 'x'.repeat(10_000), n: i + 1 }))
  await ok(f.env, Dynamo.saveMany(Plain, items))
  const first = await f.client.send(new ScanCommand({ TableName: f.table(Plain) }))
  assert.ok(first.LastEvaluatedKey !== undefined && (first.Count ?? 0) < items.length, 'the Scan has several pages')
  let controller = new AbortController()
  const reads = new Set(['Scan', 'Query', 'BatchGetItem'])
  const px = await proxy((await local()).endpoint, () => 'forward', (x) => {
    if (reads.has(x.target)) controller.abort()
  })
  const env = Env.make({ endpoint: px.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, tablePrefix: f.prefix, now: () => NOW, sleep: async () => undefined, maxAttempts: 3, timeoutMs: REQUEST_MS })
  try {
    // the batch get reads its 150 keys in two requests (at most 100 keys each)
    for (const condition of [C.gt(p.n, 0), C.and(C.isIn(p.id, items.map((i) => i.id)), C.gt(p.n, 0))]) {
      controller = new AbortController()
      const before = px.seen.length
      const e = await err(env, Dynamo.deleteMany(Plain, condition, { signal: controller.signal }), 'AwsError')
      assert.is(e.name, 'AbortError')
      // the first read only: none after the abort, and no delete
      assert.equal(px.seen.slice(before).map((x) => x.target).filter((t) => reads.has(t) || t.includes('Delete') || t === 'BatchWriteItem').length, 1)
    }
    assert.is((await scanAll(f.client, f.table(Plain))).length, 150)
  } finally {
    await px.close()
  }
})

test.run()
