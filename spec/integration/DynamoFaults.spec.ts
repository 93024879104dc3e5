/**
 * Issue 4, point 6, at the level of `Dynamo`: `saveMany` of 20,000 items then `getMany` of
 * their keys through a client that fails on purpose (seeded: 20% of batch calls partly
 * unprocessed, 5% throttled, 1% 5xx) against DynamoDB Local. Nothing lost, nothing
 * duplicated, every item accounted in `success` or `fail`; checked with a raw Scan (count
 * and content). And progress: `onProgress` sees `done` reach `total`.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { countRequests, injectFaults, totalFaults } from '../harness/faults.js'
import { local } from '../harness/local.js'
import { fixture, ok, scanAll, REQUEST_MS } from '../harness/models.js'

const Bulk = Model.make({
  table: 'bulk',
  hashKey: 'pk',
  codec: t.intersection([
    t.type({ pk: t.string, n: Field.int() }),
    t.partial({ name: t.string, tags: Field.stringSet, nested: Field.map({ even: t.boolean }, { list: Field.list(t.unknown) }) }),
  ]),
})
type Bulk = Model.TypeOf<typeof Bulk>

const makeItem = (i: number): Bulk => ({
  pk: `item-${String(i).padStart(6, '0')}`,
  n: i,
  name: `name ${i} ${'x'.repeat(i % 50)}`,
  tags: new Set([`t${i % 7}`, `u${i % 11}`]),
  nested: { even: i % 2 === 0, list: [i * 3, 'é'] },
})

/** A fresh client on DynamoDB Local with the fault middleware (the shared client stays clean). */
const faulty = async (prefix: string, seed: number, options: Partial<Env.MakeOptions> = {}) => {
  const db = await local()
  const client = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 })
  const stats = injectFaults(client, { seed })
  const counter = countRequests(client)
  // 30 attempts: a key left alone in a retry wave fails an attempt ~26% of the time (a partial
  // answer refuses it whole), so a budget of 10 can run out (see Faults.spec.ts)
  const env = Env.make({ client, tablePrefix: prefix, concurrency: 8, maxAttempts: 30, retry: { baseDelayMs: 2, maxDelayMs: 40 }, timeoutMs: REQUEST_MS, ...options })
  return { client, stats, counter, env }
}

test('Dynamo.saveMany of 20,000 items, then getMany of their keys, through a faulty client: 0 lost, 0 duplicated, all accounted', async () => {
  const f = await fixture('dfaults')
  await ok(f.env, Dynamo.createTable(Bulk))
  const N = 20_000
  const items = Array.from({ length: N }, (_, i) => makeItem(i))
  const { stats, env, client, counter } = await faulty(f.prefix, 4_2024)

  // write
  const w = await ok(env, Dynamo.saveMany(Bulk, items))
  assert.is(w.success.length + w.failCount, N, 'every item in success or fail')
  assert.is(w.fail.length, w.failCount)
  const successKeys = new Set(w.success.map((x) => x.pk))
  assert.is(successKeys.size, w.success.length, 'no item twice in success')
  for (const x of w.fail) assert.not.ok(successKeys.has(x.item.pk), 'no item in both')
  const writeFaults = { ...stats, calls: { ...stats.calls } }

  // what is stored: a raw Scan through the clean shared client
  const stored = await scanAll(f.client, f.table(Bulk))
  const storedKeys = stored.map((x) => x['pk']?.S as string)
  const distinctStored = new Set(storedKeys)
  assert.is(distinctStored.size, stored.length)
  assert.is(stored.length, w.success.length, 'stored = success')
  for (const k of successKeys) assert.ok(distinctStored.has(k))
  // content: every stored item field by field (the tags are a string set, in any order)
  let contentMismatches = 0
  for (const s of stored) {
    const pk = s['pk']?.S as string
    const i = Number(pk.slice(5))
    const x = makeItem(i)
    const same =
      s['n']?.N === String(x.n) &&
      s['name']?.S === x.name &&
      JSON.stringify([...(s['tags']?.SS ?? [])].sort()) === JSON.stringify([...(x.tags ?? [])].sort()) &&
      s['nested']?.M?.['even']?.BOOL === x.nested?.even &&
      s['nested']?.M?.['list']?.L?.[0]?.N === String(i * 3) &&
      s['nested']?.M?.['list']?.L?.[1]?.S === 'é' &&
      Object.keys(s).length === 5
    if (!same) contentMismatches++
  }
  assert.is(contentMismatches, 0)

  // read back every key (in a shuffled order), through the same faulty client
  const keys = items.map((x) => x.pk)
  for (let i = keys.length - 1; i > 0; i--) {
    const j = (i * 7919 + 13) % (i + 1)
    ;[keys[i], keys[j]] = [keys[j] as string, keys[i] as string]
  }
  const readsBefore = stats.calls.BatchGetItem
  const r = await ok(env, Dynamo.getMany(Bulk, keys))
  const readKeys = r.map((x) => x.pk)
  const distinctRead = new Set(readKeys)
  const lost = [...successKeys].filter((k) => !distinctRead.has(k)).length
  const duplicated = readKeys.length - distinctRead.size
  assert.is(lost, 0, 'lost')
  assert.is(duplicated, 0, 'duplicated')
  assert.is(r.length, w.success.length)
  assert.equal(readKeys, keys.filter((k) => successKeys.has(k)), 'in request order')
  for (const x of r) {
    const e = makeItem(x.n)
    assert.is(x.pk, e.pk)
    assert.is(x.name, e.name)
    assert.equal([...(x.tags ?? [])].sort(), [...(e.tags ?? [])].sort())
    assert.equal(x.nested, e.nested)
  }
  const readFaults = {
    calls: stats.calls.BatchGetItem - readsBefore,
    injected: totalFaults(stats) - totalFaults(writeFaults),
    partial: stats.partial - writeFaults.partial,
    throttled: stats.throttled - writeFaults.throttled,
    serverErrors: stats.serverErrors - writeFaults.serverErrors,
  }
  assert.ok(totalFaults(writeFaults) > 0 && readFaults.injected > 0, 'faults were injected')
  console.log(
    `  [dynamo faults] saveMany: items=${N} success=${w.success.length} fail=${w.failCount} batchWrites=${writeFaults.calls.BatchWriteItem} ` +
      `injected=${totalFaults(writeFaults)} (partial=${writeFaults.partial} deferred=${writeFaults.deferred} throttled=${writeFaults.throttled} serverErrors=${writeFaults.serverErrors}) ` +
      `stored=${stored.length} lost=${w.success.length - stored.length} duplicated=${stored.length - distinctStored.size}`,
  )
  console.log(
    `  [dynamo faults] getMany: keys=${N} read=${r.length} batchGets=${readFaults.calls} injected=${readFaults.injected} ` +
      `(partial=${readFaults.partial} throttled=${readFaults.throttled} serverErrors=${readFaults.serverErrors}) lost=${lost} duplicated=${duplicated}; requests=${JSON.stringify(counter.byCommand())}`,
  )
  client.destroy()
})

test('progress: saveMany (batched) and getMany report done reaching total, never going back', async () => {
  const f = await fixture('dprogress')
  await ok(f.env, Dynamo.createTable(Bulk))
  const seen: Env.Progress[] = []
  const env = Env.withBatch({ onProgress: (p) => seen.push(p) })(f.env)
  const items = Array.from({ length: 260 }, (_, i) => makeItem(i))
  await ok(env, Dynamo.saveMany(Bulk, items))
  assert.ok(seen.length >= Math.ceil(260 / 25))
  assert.equal(seen[seen.length - 1], { done: 260, total: 260 })
  for (let i = 1; i < seen.length; i++) assert.ok((seen[i] as Env.Progress).done >= (seen[i - 1] as Env.Progress).done)
  seen.length = 0
  await ok(env, Dynamo.getMany(Bulk, items.map((x) => x.pk)))
  assert.ok(seen.length >= 3)
  assert.equal(seen[seen.length - 1], { done: 260, total: 260 })
})

test('progress under faults: done still reaches total once', async () => {
  const f = await fixture('dprogress')
  await ok(f.env, Dynamo.createTable(Bulk))
  const seen: Env.Progress[] = []
  const { env, client } = await faulty(f.prefix, 7, { onProgress: (p) => seen.push(p) })
  const items = Array.from({ length: 1000 }, (_, i) => makeItem(i))
  const w = await ok(env, Dynamo.saveMany(Bulk, items))
  assert.is(w.success.length, 1000)
  assert.equal(seen[seen.length - 1], { done: 1000, total: 1000 })
  assert.is(seen.filter((p) => p.done === p.total).length, 1)
  client.destroy()
})

test('progress: saveMany with overwrite: false (conditional puts) and deleteMany with checks report too', async () => {
  const f = await fixture('dprogress')
  await ok(f.env, Dynamo.createTable(Bulk))
  const seen: Env.Progress[] = []
  const env = Env.withBatch({ onProgress: (p) => seen.push(p) })(f.env)
  const items = Array.from({ length: 40 }, (_, i) => makeItem(i))
  const w = await ok(env, Dynamo.saveMany(Bulk, items, { overwrite: false }))
  assert.is(w.success.length, 40)
  assert.ok(seen.length > 0, 'onProgress called')
  assert.equal(seen[seen.length - 1], { done: 40, total: 40 })
  seen.length = 0
  const d = await ok(env, Dynamo.deleteMany(Bulk, C.lt(Bulk.attrs.n, 20)))
  assert.is(d.success.length, 20)
  assert.ok(seen.length > 0, 'onProgress called')
  assert.equal(seen[seen.length - 1], { done: 20, total: 20 })
})

test.run()
