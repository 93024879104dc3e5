/**
 * DESIGN §5.5 (issue 18, points 1–5): time limits and cancellation, one retry budget, honest
 * batch outcomes, events and `Dynamo.send`. Against stand-in endpoints on loopback for what
 * DynamoDB Local never does (an endpoint that never answers, one that throttles or fails
 * every request, a refused connection), and against DynamoDB Local for events.
 *
 * "Settles" is a liveness check with a generous bound (60 s), never a timing.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as U from '../../lib/ast/Update.js'
import { freePort } from '../../lib/local/DynamoLocal.js'
import { countRequests } from '../harness/faults.js'
import { local, orThrow, uniqueTable } from '../harness/local.js'
import { Contacts, Profile, User, people, REQUEST_MS } from '../harness/models.js'
import { answering, drained, failing, silent, within } from '../harness/standIn.js'

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }
const LIVENESS_MS = 60_000

const envOn = (endpoint: string, options: Env.MakeOptions = {}): Env.Env =>
  Env.make({ endpoint, region: 'us-east-2', credentials, retry: { baseDelayMs: 1, maxDelayMs: 5 }, timeoutMs: REQUEST_MS, ...options })

const users = (n: number) => Array.from({ length: n }, (_, i) => ({ email: `u${i}@x.io`, name: `User ${i}` }))

const tagOf = (r: E.Either<DE.DynamoError, unknown>): string =>
  E.isRight(r) ? 'Right' : r.left._tag === 'AwsError' ? `AwsError ${r.left.name}` : r.left._tag

const outcomes = (fail: ReadonlyArray<{ readonly outcome: string }>): Record<string, number> =>
  fail.reduce<Record<string, number>>((acc, f) => ((acc[f.outcome] = (acc[f.outcome] ?? 0) + 1), acc), {})

// -------------------------------------------------------------------------------------
// 1. time limits
// -------------------------------------------------------------------------------------

test('an endpoint that never answers: every operation settles, single-item ops and reads to a Left, batch writes to Right(BatchResult) with every entry unknown', async () => {
  const s = await silent()
  const events: Array<Env.Event> = []
  const env = envOn(s.endpoint, { timeoutMs: 200, maxAttempts: 2, on: (e) => events.push(e) })
  try {
    const u = User.attrs
    const all = Promise.all([
      Dynamo.getOne(User, 'a@x.io')(env)(),
      Dynamo.saveOne(User, people[0] as User)(env)(),
      Dynamo.updateOne(User, 'a@x.io', [U.set(u.name, 'X')])(env)(),
      Dynamo.deleteOne(User, 'a@x.io')(env)(),
      Dynamo.getMany(User, ['a@x.io', 'b@x.io'])(env)(),
      Dynamo.getMany(Contacts, C.eq(Contacts.attrs.user_id, '7f3e2a1c-9b4d-4e8f-a6b5-1c2d3e4f5a6b'))(env)(),
      Dynamo.send(new DescribeTableCommand({ TableName: 'users' }))(env)(),
      Dynamo.createTable(Profile)(env)(),
      Dynamo.saveMany(User, users(60))(env)(),
      Dynamo.deleteMany(User, ['a@x.io', 'b@x.io', 'c@x.io'])(env)(),
    ] as const)
    const settled = await within(all, LIVENESS_MS)
    assert.ok(settled !== undefined, 'every operation settles')
    if (settled === undefined) return
    const [getOne, saveOne, updateOne, deleteOne, getMany, query, send, createTable, saveMany, deleteMany] = settled.value
    for (const [name, r] of Object.entries({ getOne, saveOne, updateOne, deleteOne, getMany, query, send, createTable })) {
      assert.is(tagOf(r), 'AwsError TimeoutError', name)
    }
    // the one retry budget: 2 attempts of the GetItem, each bounded (counted as sent: on a loaded
    // machine an attempt may be aborted before the stand-in has read its request)
    assert.equal(events.filter((e) => e.command === 'GetItem').map((e) => [e.operation, e.attempt, e.error]), [['getOne', 1, 'AwsError'], ['getOne', 2, 'AwsError']])
    assert.ok((s.requests()['GetItem'] ?? 0) <= 2)
    if (E.isLeft(getOne) && getOne.left._tag === 'AwsError') assert.match(getOne.left.message, /no answer within 200 ms \(gave up after 2 attempts over \d+ ms\)/)
    assert.ok(E.isRight(saveMany) && E.isRight(deleteMany))
    if (E.isLeft(saveMany) || E.isLeft(deleteMany)) return
    assert.is(saveMany.right.success.length, 0)
    assert.equal(outcomes(saveMany.right.fail), { unknown: 60 })
    assert.ok(saveMany.right.fail.every((f) => f.error._tag === 'AwsError' && f.error.name === 'TimeoutError'))
    assert.equal(outcomes(deleteMany.right.fail), { unknown: 3 })
  } finally {
    env.client.destroy()
    await s.close()
  }
})

test("a user's own client keeps its settings and is bounded by timeoutMs too", async () => {
  const s = await silent()
  // the SDK's defaults: 3 attempts of its own, no request timeout
  const client = new DynamoDBClient({ endpoint: s.endpoint, region: 'us-east-2', credentials })
  const env = Env.make({ client, timeoutMs: 200, maxAttempts: 1 })
  try {
    const r = await within(Dynamo.getOne(User, 'a@x.io')(env)(), LIVENESS_MS)
    assert.ok(r !== undefined)
    if (r !== undefined) assert.is(tagOf(r.value), 'AwsError TimeoutError')
  } finally {
    client.destroy()
    await s.close()
  }
})
test("an attempt out of time or aborted is aborted in the SDK too: its connection closes (Env.make's client, a user's own, one with a handler of its own)", async () => {
  // a handler the runtime does not know by name (it is handed an AbortSignal): the SDK's own, wrapped
  const ownHandler = () => {
    const inner = new DynamoDBClient({ region: 'us-east-2' }).config.requestHandler
    return {
      handle: (request: unknown, options: unknown) => inner.handle(request as never, options as never),
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
      destroy: () => inner.destroy?.(),
    } as never
  }
  const cases: ReadonlyArray<readonly [string, (endpoint: string) => Env.Env, AbortController | undefined, string]> = [
    ["Env.make's client, out of time", (endpoint) => envOn(endpoint, { timeoutMs: 200, maxAttempts: 1 }), undefined, 'TimeoutError'],
    ["Env.make's client, aborted", (endpoint) => envOn(endpoint, { timeoutMs: 600_000 }), new AbortController(), 'AbortError'],
    ["a user's own client, out of time", (endpoint) => Env.make({ client: new DynamoDBClient({ endpoint, region: 'us-east-2', credentials }), timeoutMs: 200, maxAttempts: 1 }), undefined, 'TimeoutError'],
    [
      'a client with a handler of its own, out of time',
      (endpoint) => Env.make({ client: new DynamoDBClient({ endpoint, region: 'us-east-2', credentials, requestHandler: ownHandler() }), timeoutMs: 200, maxAttempts: 1 }),
      undefined,
      'TimeoutError',
    ],
    [
      'a client with a handler of its own, aborted',
      (endpoint) => Env.make({ client: new DynamoDBClient({ endpoint, region: 'us-east-2', credentials, requestHandler: ownHandler() }), timeoutMs: 600_000 }),
      new AbortController(),
      'AbortError',
    ],
  ]
  for (const [name, envAt, abort, error] of cases) {
    const s = await silent()
    const env = envAt(s.endpoint)
    try {
      const pending = Dynamo.getOne(User, 'a@x.io', abort === undefined ? undefined : { signal: abort.signal })(env)()
      if (abort !== undefined) setTimeout(() => abort.abort(), 100)
      const r = await within(pending, LIVENESS_MS)
      assert.ok(r !== undefined, name)
      if (r !== undefined) assert.is(tagOf(r.value), `AwsError ${error}`, name)
      assert.ok(s.total() <= 1, name)
      assert.ok(await drained(s, LIVENESS_MS), `${name}: the connection closes`)
    } finally {
      env.client.destroy()
      await s.close()
    }
  }
})

test("timeoutMs bounds each attempt, not the call: an endpoint that never answers gets maxAttempts attempts; a signal of AbortSignal.timeout bounds the whole call, its retries and backoff included (Left AbortError saying so, fewer attempts than maxAttempts)", async () => {
  const s = await silent()
  try {
    // each attempt runs out of time, and is retried: the call makes every attempt of its budget
    const perAttempt = envOn(s.endpoint, { timeoutMs: 100, maxAttempts: 3 })
    const each = await within(Dynamo.getOne(User, 'a@x.io')(perAttempt)(), LIVENESS_MS)
    assert.ok(each !== undefined, 'settles')
    if (each !== undefined) assert.is(tagOf(each.value), 'AwsError TimeoutError')
    if (each !== undefined && E.isLeft(each.value)) assert.match(DE.show(each.value.left), /gave up after 3 attempts/)
    assert.is(s.total(), 3)
    perAttempt.client.destroy()
    // a budget no liveness bound holds (10,000 attempts of 100 ms): the signal ends the call, and what it says
    const budget = envOn(s.endpoint, { timeoutMs: 100, maxAttempts: 10_000 })
    for (const [name, op] of [
      // each signal made as its call starts
      ['getOne', () => Dynamo.getOne(User, 'a@x.io', { signal: AbortSignal.timeout(1_000) })],
      ['saveOne', () => Dynamo.saveOne(User, people[0] as User, { signal: AbortSignal.timeout(1_000) })],
    ] as const) {
      const before = s.total()
      const r = await within<E.Either<DE.DynamoError, unknown>>(op()(budget)(), LIVENESS_MS)
      assert.ok(r !== undefined, `${name} settles`)
      if (r === undefined) continue
      assert.is(tagOf(r.value), 'AwsError AbortError', name)
      if (E.isLeft(r.value) && r.value.left._tag === 'AwsError') {
        assert.match(r.value.left.message, /aborted due to timeout/, name)
        assert.is(r.value.left.retryable, false, name)
        // a write whose attempts reached the endpoint may have been applied
        if (name === 'saveOne') assert.is(r.value.left.outcome, 'unknown')
      }
      const attempts = s.total() - before
      assert.ok(attempts >= 1 && attempts < 10_000, `${name}: ${attempts} attempts`)
    }
    budget.client.destroy()
  } finally {
    await s.close()
  }
})

test('waitTimeoutMs: a table that stays CREATING: createTable and syncTable settle to a Left naming the wait', async () => {
  const table = {
    TableName: 'users',
    TableStatus: 'CREATING',
    KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'email', AttributeType: 'S' }],
    ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
  }
  const s = await answering({
    CreateTable: { TableDescription: table },
    UpdateTable: { TableDescription: table },
    DescribeTable: { Table: table },
    DescribeTimeToLive: { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } },
  })
  // a wait of several polls (50, 100, 200, … ms apart) even when a loaded machine is slow to
  // answer each: under 300 ms, a describe answered late left no time for a second poll
  const env = envOn(s.endpoint, { waitTimeoutMs: 5_000 })
  try {
    // syncTable: the table is CREATING: it waits for it to settle before planning (SyncTransition.spec.ts), and no UpdateTable is sent
    for (const [name, op] of [['createTable', Dynamo.createTable(User)], ['syncTable', Dynamo.syncTable(User)]] as const) {
      const before = s.requests()['DescribeTable'] ?? 0
      const settled = await within<E.Either<DE.DynamoError, unknown>>(op(env)(), LIVENESS_MS)
      assert.ok(settled !== undefined, `${name} settles`)
      const r = (settled as { readonly value: E.Either<DE.DynamoError, unknown> }).value
      assert.is(tagOf(r), 'AwsError TimeoutError', name)
      if (E.isLeft(r)) assert.match(DE.show(r.left), /waited \d+ ms for table users and its indexes to be ACTIVE[^;]*; the next poll, \d+ ms on, would pass waitTimeoutMs \(5000 ms\)/)
      // it waited: the table was described again after the request, more than once
      assert.ok((s.requests()['DescribeTable'] ?? 0) - before >= 2, `${name} polled`)
    }
    assert.equal([s.requests()['CreateTable'], s.requests()['UpdateTable']], [1, undefined])
  } finally {
    env.client.destroy()
    await s.close()
  }
})

// -------------------------------------------------------------------------------------
// 1. cancellation
// -------------------------------------------------------------------------------------

test('an aborted signal: no request starts, the operation is Left(AbortError)', async () => {
  const s = await silent()
  const env = envOn(s.endpoint)
  try {
    const signal = AbortSignal.abort()
    const u = User.attrs
    const rs = await Promise.all([
      Dynamo.saveOne(User, people[0] as User, { signal })(env)(),
      Dynamo.updateOne(User, 'a@x.io', [U.set(u.name, 'X')], { signal })(env)(),
      Dynamo.deleteOne(User, 'a@x.io', { signal })(env)(),
      Dynamo.send(new DescribeTableCommand({ TableName: 'users' }), { signal })(env)(),
    ])
    for (const r of rs) assert.is(tagOf(r), 'AwsError AbortError')
    const many = await Dynamo.saveMany(User, users(30), { signal })(env)()
    assert.ok(E.isRight(many))
    if (E.isRight(many)) assert.equal(outcomes(many.right.fail), { 'not-written': 30 })
    assert.is(s.total(), 0, 'nothing sent')
  } finally {
    env.client.destroy()
    await s.close()
  }
})

/** Waits until the stand-in `s` has received `n` requests of `target` (a liveness bound, not a timing: fails past it). */
const received = async (s: { readonly requests: () => Readonly<Record<string, number>> }, target: string, n: number): Promise<void> => {
  const until = Date.now() + LIVENESS_MS
  while ((s.requests()[target] ?? 0) < n) {
    if (Date.now() > until) assert.unreachable(`${target}: ${s.requests()[target] ?? 0} of ${n} requests received`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

test('an abort in flight: a single-item op is Left(AbortError); a saveMany settles to Right(BatchResult): in-flight chunks unknown, the rest not-written', async () => {
  const s = await silent()
  const env = envOn(s.endpoint, { timeoutMs: 600_000, concurrency: 2 })
  try {
    const one = new AbortController()
    const pending = Dynamo.deleteOne(User, 'a@x.io', { signal: one.signal })(env)()
    // aborted once the stand-in has the request (a fixed delay may end before a loaded machine sends it)
    await received(s, 'DeleteItem', 1)
    one.abort()
    const r = (await within(pending, LIVENESS_MS))?.value
    assert.ok(r !== undefined)
    if (r !== undefined) {
      assert.is(tagOf(r), 'AwsError AbortError')
      if (E.isLeft(r) && r.left._tag === 'AwsError') assert.match(r.left.message, /aborted in flight/)
    }

    const many = new AbortController()
    const saving = Dynamo.saveMany(User, users(500), { signal: many.signal })(env)()
    await received(s, 'BatchWriteItem', 2)
    many.abort()
    const w = (await within(saving, LIVENESS_MS))?.value
    if (w === undefined || E.isLeft(w)) return assert.unreachable('Right(BatchResult)')
    assert.is(w.right.success.length, 0)
    // two chunks of 25 were in flight (concurrency 2); the 18 others never started
    assert.equal(outcomes(w.right.fail), { unknown: 50, 'not-written': 450 })
    assert.ok(w.right.fail.every((f) => f.error._tag === 'AwsError' && f.error.name === 'AbortError'))
    assert.is(s.requests()['BatchWriteItem'], 2)
  } finally {
    env.client.destroy()
    await s.close()
  }
})

// -------------------------------------------------------------------------------------
// 2. one retry budget
// -------------------------------------------------------------------------------------

test('an endpoint that throttles everything: a chunk makes maxAttempts requests, not-written, the error says how many attempts over how long', async () => {
  const s = await failing(400, 'ProvisionedThroughputExceededException')
  const env = envOn(s.endpoint, { maxAttempts: 4 })
  try {
    const w = await Dynamo.saveMany(User, users(25))(env)()
    assert.ok(E.isRight(w))
    if (E.isLeft(w)) return
    assert.is(s.requests()['BatchWriteItem'], 4, 'one chunk, 4 attempts, none of the SDK')
    assert.equal(outcomes(w.right.fail), { 'not-written': 25 })
    const e = w.right.fail[0]?.error
    assert.ok(e?._tag === 'AwsError' && e.name === 'ProvisionedThroughputExceededException' && e.attempts === 4)
    if (e?._tag === 'AwsError') assert.match(e.message, /gave up after 4 attempts over \d+ ms/)

    const g = await Dynamo.getOne(User, 'a@x.io')(env)()
    assert.is(s.requests()['GetItem'], 4)
    assert.ok(E.isLeft(g) && g.left._tag === 'AwsError' && /gave up after 4 attempts/.test(g.left.message))
  } finally {
    env.client.destroy()
    await s.close()
  }
})

test("a user's own client that retries: its attempts happen inside each of dynamongo's (2 x 3 requests)", async () => {
  const s = await failing(400, 'ThrottlingException')
  const client = new DynamoDBClient({ endpoint: s.endpoint, region: 'us-east-2', credentials, maxAttempts: 2, retryMode: 'standard' })
  const env = Env.make({ client, maxAttempts: 3, retry: { baseDelayMs: 1, maxDelayMs: 5 }, timeoutMs: REQUEST_MS })
  try {
    const g = await Dynamo.getOne(User, 'a@x.io')(env)()
    assert.is(tagOf(g), 'AwsError ThrottlingException')
    assert.is(s.requests()['GetItem'], 6)
  } finally {
    client.destroy()
    await s.close()
  }
})

// -------------------------------------------------------------------------------------
// 3. outcomes
// -------------------------------------------------------------------------------------

test('a 5xx: the batch entries are unknown; an update that is not idempotent is not retried after it, one that is is', async () => {
  const s = await failing(500, 'InternalServerError')
  const env = envOn(s.endpoint, { maxAttempts: 3 })
  try {
    const w = await Dynamo.saveMany(User, users(25))(env)()
    assert.ok(E.isRight(w))
    if (E.isRight(w)) assert.equal(outcomes(w.right.fail), { unknown: 25 })
    assert.is(s.requests()['BatchWriteItem'], 3)

    const p = Profile.attrs
    const inc = await Dynamo.updateOne(Profile, 'p1', [U.increment(p.visits, 1)])(env)()
    assert.is(tagOf(inc), 'AwsError InternalServerError')
    assert.is(s.requests()['UpdateItem'], 1, 'an increment is not sent again once it may have been applied')
    const set = await Dynamo.updateOne(Profile, 'p1', [U.set(p.name, 'P')])(env)()
    assert.is(tagOf(set), 'AwsError InternalServerError')
    assert.is(s.requests()['UpdateItem'], 1 + 3)
  } finally {
    env.client.destroy()
    await s.close()
  }
})

test('a refused connection: retried, then not-written', async () => {
  const port = orThrow(await freePort())
  const env = envOn(`http://127.0.0.1:${port}`, { maxAttempts: 3 })
  try {
    const w = await Dynamo.saveMany(User, users(30))(env)()
    assert.ok(E.isRight(w))
    if (E.isLeft(w)) return
    assert.equal(outcomes(w.right.fail), { 'not-written': 30 })
    const e = w.right.fail[0]?.error
    assert.ok(e?._tag === 'AwsError' && e.attempts === 3 && /ECONNREFUSED/.test(DE.show(e)), e === undefined ? '' : DE.show(e))
  } finally {
    env.client.destroy()
  }
})

// -------------------------------------------------------------------------------------
// 4. events, 5. Dynamo.send
// -------------------------------------------------------------------------------------

test('Env.on: one event per request, counted as the client counts them, with the consumed capacity when asked', async () => {
  const db = await local()
  const client = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-2', credentials, maxAttempts: 1 })
  const counter = countRequests(client)
  const events: Array<Env.Event> = []
  const prefix = `${uniqueTable('events')}-`
  const env = Env.make({ client, tablePrefix: prefix, on: (e) => events.push(e), consumedCapacity: true, timeoutMs: REQUEST_MS })
  try {
    const ok = async <A>(op: Dynamo.Op<A>): Promise<A> => {
      const r = await op(env)()
      if (E.isLeft(r)) assert.unreachable(DE.show(r.left))
      return (r as E.Right<A>).right
    }
    await ok(Dynamo.createTable(User))
    await ok(Dynamo.saveOne(User, people[0] as User))
    await ok(Dynamo.getOne(User, (people[0] as User).email))
    await ok(Dynamo.saveMany(User, users(60)))
    const got = await ok(Dynamo.getMany(User, users(60).map((x) => x.email)))
    assert.is(got.length, 60)
    const described = await ok(Dynamo.send(new DescribeTableCommand({ TableName: `${prefix}users` })))
    assert.is(described.Table?.TableName, `${prefix}users`)
    await ok(Dynamo.deleteTable(User))

    const byCommand = events.reduce<Record<string, number>>((acc, e) => ((acc[e.command] = (acc[e.command] ?? 0) + 1), acc), {})
    assert.equal(byCommand, counter.byCommand())
    assert.is(byCommand['BatchWriteItem'], 3)
    assert.is(byCommand['PutItem'], 1)
    assert.ok(events.every((e) => e._tag === 'Request' && e.attempt === 1 && e.durationMs >= 0 && e.table === `${prefix}users`))
    // the last wait of deleteTable: DescribeTable of a table that is gone
    assert.equal(events.filter((e) => e.error !== undefined).map((e) => [e.operation, e.command, e.error]), [['deleteTable', 'DescribeTable', 'AwsError']])
    const put = events.find((e) => e.command === 'PutItem')
    assert.is(put?.operation, 'saveOne')
    assert.ok(put?.consumedCapacity !== undefined && !Array.isArray(put.consumedCapacity))
    assert.ok(events.filter((e) => e.command === 'BatchWriteItem').every((e) => e.operation === 'saveMany' && Array.isArray(e.consumedCapacity)))
    assert.is(events.find((e) => e.command === 'GetItem')?.operation, 'getOne')
    assert.ok(events.filter((e) => e.operation === 'send').length === 1)
    assert.ok(events.filter((e) => e.command === 'DescribeTable').every((e) => e.consumedCapacity === undefined))

    // an error's tag; no capacity asked, none told
    const quiet: Array<Env.Event> = []
    const plain = Env.make({ client, tablePrefix: prefix, on: (e) => quiet.push(e), timeoutMs: REQUEST_MS })
    const missing = await Dynamo.send(new DescribeTableCommand({ TableName: `${prefix}nope` }))(plain)()
    assert.is(tagOf(missing), 'AwsError ResourceNotFoundException')
    assert.equal(quiet.map((e) => [e.operation, e.command, e.table, e.attempt, e.error]), [['send', 'DescribeTable', `${prefix}nope`, 1, 'AwsError']])
  } finally {
    client.destroy()
  }
})

test('Env.on: a listener that throws changes nothing', async () => {
  const s = await failing(400, 'ValidationException')
  const env = envOn(s.endpoint, {
    on: () => {
      throw new Error('listener')
    },
  })
  try {
    assert.is(tagOf(await Dynamo.getOne(User, 'a@x.io')(env)()), 'AwsError ValidationException')
  } finally {
    env.client.destroy()
    await s.close()
  }
})

test.run()
