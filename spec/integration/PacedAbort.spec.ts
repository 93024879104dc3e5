/**
 * Paced key lists (lib/run/batch.ts with a pacer, lib/run/pace.ts) at hostile rates, against
 * DynamoDB Local: a rate so low the second request would wait days, and an abort while the
 * pacer waits (the read ends then, a `Left` AbortError, no second request, no timer left);
 * a rate so high no wait is due; one key and 250 keys.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import { fixture, ok, run, type Fixture, REQUEST_MS } from '../harness/models.js'
import { before } from '../harness/setup.js'

const One = Model.make({ table: 'paced-abort', hashKey: 'id', codec: t.type({ id: t.string, body: t.string }), billing: 'onDemand' })
const id = (i: number) => `id${String(i).padStart(4, '0')}`
const keys = (n: number) => Array.from({ length: n }, (_, i) => id(i))

let f: Fixture
const commands: string[] = []
let env: Env.Env
before(test, async () => {
  f = await fixture('pacedabort')
  await ok(f.env, Dynamo.createTable(One))
  assert.is((await ok(f.env, Dynamo.saveMany(One, Array.from({ length: 250 }, (_, i) => ({ id: id(i), body: 'x'.repeat(900) }))))).failCount, 0)
  env = Env.make({ client: f.client, tablePrefix: f.prefix, on: (e) => commands.push(e.command), timeoutMs: REQUEST_MS })
})

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

test('0.001 units a second, 250 keys: the first BatchGetItem, then an abort while the pacer waits ends the read with AbortError, no other request, no timer of the wait left', async () => {
  commands.length = 0
  const before = timers()
  const controller = new AbortController()
  const read = run(env, Dynamo.getMany(One, keys(250), { readUnitsPerSecond: 0.001, signal: controller.signal }))
  while (commands.length === 0) await new Promise((r) => setTimeout(r, 5))
  await new Promise((r) => setTimeout(r, 50))
  controller.abort(new Error('stop'))
  const got = await read
  assert.ok(E.isLeft(got) && got.left._tag === 'AwsError' && got.left.name === 'AbortError', E.isLeft(got) ? DE.show(got.left) : 'Right')
  assert.equal(commands, ['BatchGetItem'])
  await new Promise((r) => setImmediate(r))
  assert.ok(timers() <= before, `timers: ${timers()} after, ${before} before`)
})

test('one key at 0.001 units a second: one request, no wait', async () => {
  commands.length = 0
  const got = await ok(env, Dynamo.getMany(One, keys(1), { readUnitsPerSecond: 0.001 }))
  assert.is(got.length, 1)
  assert.equal(commands, ['BatchGetItem'])
})

test('250 keys at Number.MAX_VALUE units a second: every item', async () => {
  commands.length = 0
  const got = await ok(env, Dynamo.getMany(One, keys(250), { readUnitsPerSecond: Number.MAX_VALUE }))
  assert.is(got.length, 250)
  assert.ok(commands.every((c) => c === 'BatchGetItem'))
})

test('a time limit shorter than the pacer waits: it bounds each request, not the waits between them; every item read', async () => {
  commands.length = 0
  // the requests that succeeded (on a busy machine one may take longer than 200 ms and be tried again)
  const limited = Env.make({ client: f.client, tablePrefix: f.prefix, timeoutMs: 200, on: (e) => commands.push(e.error === undefined ? e.command : `${e.command} ${e.error}`) })
  const got = await ok(limited, Dynamo.getMany(One, keys(250), { readUnitsPerSecond: 125 }))
  assert.is(got.length, 250)
  assert.equal(commands.filter((c) => c === 'BatchGetItem'), ['BatchGetItem', 'BatchGetItem', 'BatchGetItem'])
  assert.ok(commands.every((c) => c === 'BatchGetItem' || c === 'BatchGetItem AwsError'), commands.join(', '))
})

test('aborted while the pacer waits, page by page: the page read is AbortError', async () => {
  commands.length = 0
  const controller = new AbortController()
  const pages = Dynamo.pages(One, keys(250), { readUnitsPerSecond: 0.001, pageSize: 10, signal: controller.signal })(env)
  const seen: string[] = []
  for await (const pg of pages) {
    if (E.isLeft(pg)) {
      seen.push(pg.left._tag === 'AwsError' ? pg.left.name : pg.left._tag)
      break
    }
    seen.push(`page ${pg.right.items.length}`)
    setTimeout(() => controller.abort(), 20)
  }
  assert.equal(seen, ['page 10', 'AbortError'])
  assert.equal(commands, ['BatchGetItem'])
})

test('a paced key list page cursor brought to a read of other keys: refused', async () => {
  const first = await ok(env, Dynamo.page(One, keys(30), { readUnitsPerSecond: 1000, pageSize: 10 }))
  assert.ok(first.cursor._tag === 'Some')
  if (first.cursor._tag !== 'Some') return
  const other = Array.from({ length: 30 }, (_, i) => id(i + 100))
  const r = await run(env, Dynamo.page(One, other, { readUnitsPerSecond: 1000, pageSize: 10, cursor: first.cursor.value }))
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError')
})

test.run()
