import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  type AttributeValue,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Env from '../../../lib/run/Env.js'
import * as B from '../../../lib/run/batch.js'
import { backoffCap, backoffDelay, mapBounded, retrying } from '../../../lib/run/retry.js'
import * as DE from '../../../lib/DynamoError.js'

type Item = Record<string, AttributeValue>
const $metadata = {}
const T = 'tbl'

const keyOfItem = (m: Item): string => m['pk']?.S ?? '?'
const keyOfWrite = (w: WriteRequest): string => keyOfItem((w.PutRequest?.Item ?? w.DeleteRequest?.Key ?? {}) as Item)
const put = (pk: string, v = 0): WriteRequest => ({ PutRequest: { Item: { pk: { S: pk }, v: { N: String(v) } } } })

/** A scripted DynamoDB: `script(call, requests)` returns how many of the requests to leave unprocessed, or an error to throw. */
interface Fake {
  readonly env: Env.Env
  readonly store: Map<string, Item>
  readonly calls: Array<{ readonly op: 'write' | 'get'; readonly keys: ReadonlyArray<string> }>
  readonly sleeps: Array<number>
}

type Script = (call: number, keys: ReadonlyArray<string>) => number | Error | 'last-half'

const fake = (script: Script = () => 0, options: Env.MakeOptions = {}): Fake => {
  const store = new Map<string, Item>()
  const calls: Fake['calls'] = []
  const sleeps: Array<number> = []
  let n = 0
  const send = async (command: unknown) => {
    await Promise.resolve()
    if (command instanceof BatchWriteItemCommand) {
      const reqs = command.input.RequestItems?.[T] ?? []
      const keys = reqs.map(keyOfWrite)
      if (reqs.length > 25) throw new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'Too many items requested for the BatchWriteItem call', $metadata })
      if (new Set(keys).size !== keys.length) throw new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'Provided list of item keys contains duplicates', $metadata })
      calls.push({ op: 'write', keys })
      const s = script(n++, keys)
      if (s instanceof Error) throw s
      const leave = s === 'last-half' ? Math.floor(reqs.length / 2) : Math.min(s, reqs.length)
      const done = reqs.slice(0, reqs.length - leave)
      for (const r of done) {
        if (r.PutRequest?.Item) store.set(keyOfWrite(r), r.PutRequest.Item)
        else store.delete(keyOfWrite(r))
      }
      const rest = reqs.slice(reqs.length - leave)
      return { $metadata, ...(rest.length > 0 ? { UnprocessedItems: { [T]: rest } } : { UnprocessedItems: {} }) }
    }
    if (command instanceof BatchGetItemCommand) {
      const ks = command.input.RequestItems?.[T]?.Keys ?? []
      const keys = ks.map(keyOfItem)
      if (ks.length > 100) throw new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'Too many items requested for the BatchGetItem call', $metadata })
      if (new Set(keys).size !== keys.length) throw new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'Provided list of item keys contains duplicates', $metadata })
      calls.push({ op: 'get', keys })
      const s = script(n++, keys)
      if (s instanceof Error) throw s
      const leave = s === 'last-half' ? Math.floor(ks.length / 2) : Math.min(s, ks.length)
      const served = keys.slice(0, keys.length - leave)
      // DynamoDB answers in no particular order
      const found = served.flatMap((k) => (store.has(k) ? [store.get(k) as Item] : [])).reverse()
      const rest = ks.slice(ks.length - leave)
      return { $metadata, Responses: { [T]: found }, ...(rest.length > 0 ? { UnprocessedKeys: { [T]: { Keys: rest } } } : {}) }
    }
    throw new Error('unexpected command')
  }
  const env = Env.make({
    client: { send } as unknown as DynamoDBClient,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.999999,
    maxAttempts: 5,
    retry: { baseDelayMs: 10, maxDelayMs: 100 },
    concurrency: 4,
    ...options,
  })
  return { env, store, calls, sleeps }
}

const write = async (f: Fake, reqs: ReadonlyArray<WriteRequest>, options?: B.BatchOptions) => {
  const r = await B.batchWrite(T, reqs, keyOfWrite, options)(f.env)()
  if (E.isLeft(r)) throw new Error('batchWrite failed as a whole')
  return r.right
}

const get = async (f: Fake, keys: ReadonlyArray<string>, options?: B.BatchGetOptions) => {
  const r = await B.batchGet(T, keys.map((k) => ({ pk: { S: k } })), keyOfItem, options)(f.env)()
  if (E.isLeft(r)) throw new Error('batchGet failed as a whole')
  return r.right
}

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => i + from)
const throttle = () => new ProvisionedThroughputExceededException({ message: 'throttled', $metadata })

// ---------------------------------------------------------------------------------- pure

test('chunksOf', () => {
  assert.equal(B.chunksOf(range(5), 2), [[0, 1], [2, 3], [4]])
  assert.equal(B.chunksOf([], 25), [])
  assert.equal(B.chunksOf(range(50), 25).map((c) => c.length), [25, 25])
})

test('writeChunks: 25 per chunk; duplicates go to later waves, in order', () => {
  assert.equal(B.writeChunks(range(60).map(String)).map((w) => w.map((c) => c.length)), [[25, 25, 10]])
  const keys = ['a', 'b', 'a', 'c', 'a', 'b']
  assert.equal(B.waves(keys), [[0, 1, 3], [2, 5], [4]])
  for (const wave of B.writeChunks(keys, 2)) for (const chunk of wave) assert.is(new Set(chunk.map((i) => keys[i])).size, chunk.length)
})

test('distinctKeys keeps first occurrences in order', () => {
  assert.equal(B.distinctKeys(['b', 'a', 'b', 'c', 'a']), [
    { key: 'b', indices: [0, 2] },
    { key: 'a', indices: [1, 4] },
    { key: 'c', indices: [3] },
  ])
})

test('backoff: capped exponential, full jitter within [0, cap], deterministic with injected random', () => {
  const o = { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 1000 }
  assert.equal(range(7, 1).map((n) => backoffCap(o, n)), [50, 100, 200, 400, 800, 1000, 1000])
  assert.equal(range(7, 1).map((n) => backoffDelay(o, n, () => 0)), [0, 0, 0, 0, 0, 0, 0])
  assert.equal(range(7, 1).map((n) => backoffDelay(o, n, () => 0.999999)), [50, 100, 200, 400, 800, 1000, 1000])
  assert.equal(backoffDelay(o, 3, () => 0.5), 100)
  let seed = 7
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
  for (let n = 1; n < 40; n++) {
    const d = backoffDelay(o, n, rnd)
    assert.ok(Number.isInteger(d) && d >= 0 && d <= backoffCap(o, n) && d <= 1000, `retry ${n}: ${d}`)
  }
  assert.is(backoffDelay(o, 2, () => NaN), 0)
  assert.is(backoffDelay({ ...o, baseDelayMs: 0 }, 5, () => 0.9), 0)
})

test('mapBounded: input order, never more than the bound in flight', async () => {
  let inFlight = 0
  let most = 0
  const out = await mapBounded(range(20), 3, async (x, i) => {
    inFlight++
    most = Math.max(most, inFlight)
    await new Promise((r) => setTimeout(r, (x * 7) % 5))
    inFlight--
    return x * 10 + i
  })
  assert.equal(out, range(20).map((x) => x * 11))
  assert.ok(most <= 3 && most > 1, `most in flight: ${most}`)
  assert.equal(await mapBounded([], 4, async (x) => x), [])
})

test('retrying: retries retryable errors with backoff, stops at maxAttempts or a final error', async () => {
  const sleeps: Array<number> = []
  const env = Env.make({ client: {} as DynamoDBClient, sleep: async (ms) => void sleeps.push(ms), random: () => 0.999999, maxAttempts: 4, retry: { baseDelayMs: 10, maxDelayMs: 25 } })
  const retryable = DE.awsError('ThrottlingException', 'x', true, undefined)
  let n = 0
  const r1 = await retrying(() => async () => (++n < 3 ? E.left(retryable) : E.right(n)))(env)()
  assert.equal(r1, E.right(3))
  assert.equal(sleeps, [10, 20])
  n = 0
  const r2 = await retrying(() => async () => (++n, E.left(retryable)))(env)()
  assert.equal(r2, E.left(retryable))
  assert.is(n, 4)
  n = 0
  const final = DE.conditionalCheckFailed()
  assert.equal(await retrying(() => async () => (++n, E.left(final)))(env)(), E.left(final))
  assert.is(n, 1)
})

// ---------------------------------------------------------------------------------- write

test('batchWrite: chunks of 25, all written, indices ascending', async () => {
  const f = fake()
  const reqs = range(60).map((i) => put(`k${i}`, i))
  const r = await write(f, reqs)
  assert.equal(r.succeeded, range(60))
  assert.equal(r.failed, [])
  assert.is(r.retries, 0)
  assert.equal(f.calls.map((c) => c.keys.length).sort((a, b) => a - b), [10, 25, 25])
  assert.is(f.store.size, 60)
})

test('batchWrite: two writes to one key never share a request, and the last one wins', async () => {
  const f = fake()
  const reqs = [put('a', 1), put('b', 1), put('a', 2), { DeleteRequest: { Key: { pk: { S: 'b' } } } }, put('a', 3)]
  const r = await write(f, reqs)
  assert.equal(r.succeeded, [0, 1, 2, 3, 4])
  for (const c of f.calls) assert.is(new Set(c.keys).size, c.keys.length)
  assert.equal(f.store.get('a'), { pk: { S: 'a' }, v: { N: '3' } })
  assert.not.ok(f.store.has('b'))
  assert.equal(f.calls.map((c) => c.keys), [['a', 'b'], ['a', 'b'], ['a']])
})

test('batchWrite: unprocessed items are retried with backoff until written', async () => {
  const f = fake((call) => (call < 3 ? 'last-half' : 0), { concurrency: 1 })
  const r = await write(f, range(25).map((i) => put(`k${i}`)))
  assert.equal(r.succeeded, range(25))
  assert.equal(r.failed, [])
  assert.is(r.retries, 3)
  assert.equal(f.calls.map((c) => c.keys.length), [25, 12, 6, 3])
  assert.equal(f.sleeps, [10, 20, 40])
  assert.is(f.store.size, 25)
})

test('batchWrite: throttling and 5xx errors of a whole request are retried', async () => {
  const f = fake((call) => (call === 0 ? throttle() : call === 1 ? new InternalServerError({ message: 'oops', $metadata }) : 0), { concurrency: 1 })
  const r = await write(f, range(10).map((i) => put(`k${i}`)))
  assert.equal(r.succeeded, range(10))
  assert.is(r.retries, 2)
  assert.is(f.store.size, 10)
})

test('batchWrite: when attempts run out, exactly the unsent requests fail', async () => {
  // every call leaves its last 3 requests unprocessed: 5 attempts, 3 never written
  const f = fake(() => 3, { concurrency: 1 })
  const reqs = range(25).map((i) => put(`k${i}`))
  const r = await write(f, reqs)
  const unsent = f.calls[f.calls.length - 1]?.keys.slice(-3)
  assert.is(f.calls.length, 5)
  assert.equal(r.failed.map((x) => `k${x.index}`).sort(), [...(unsent ?? [])].sort())
  assert.equal(r.succeeded.length + r.failed.length, 25)
  for (const x of r.failed) {
    assert.is(x.error._tag, 'AwsError')
    assert.ok(x.error._tag === 'AwsError' && x.error.name === 'UnprocessedItems' && /after 5 attempts/.test(x.error.message))
  }
  // what the store holds is exactly what succeeded
  assert.equal([...f.store.keys()].sort(), r.succeeded.map((i) => `k${i}`).sort())
})

test('batchWrite: when throttling outlasts the attempts, the pending requests fail with the throttling error', async () => {
  const f = fake((call) => (call === 0 ? 'last-half' : throttle()), { concurrency: 1 })
  const r = await write(f, range(20).map((i) => put(`k${i}`)))
  assert.equal(r.succeeded, range(10))
  assert.equal(r.failed.map((x) => x.index), range(10, 10))
  for (const x of r.failed) assert.ok(x.error._tag === 'AwsError' && x.error.name === 'ProvisionedThroughputExceededException')
  assert.is(f.calls.length, 5)
})

test('batchWrite: a non-retryable error fails its chunk without retries; other chunks go on', async () => {
  const denied = new DynamoDBServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'no', $metadata })
  const f = fake((_, keys) => (keys.includes('k0') ? denied : 0), { concurrency: 1 })
  const r = await write(f, range(30).map((i) => put(`k${i}`)))
  assert.equal(r.failed.map((x) => x.index), range(25))
  assert.equal(r.succeeded, range(5, 25))
  assert.is(r.retries, 0)
})

test('batchWrite: an invalid item is isolated by halving; the rest of its chunk is written', async () => {
  const invalid = new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'Item size has exceeded the maximum allowed size', $metadata })
  const f = fake((_, keys) => (keys.includes('k7') ? invalid : 0), { concurrency: 1 })
  const r = await write(f, range(25).map((i) => put(`k${i}`)))
  assert.equal(r.failed.map((x) => x.index), [7])
  assert.equal(r.succeeded, range(25).filter((i) => i !== 7))
  assert.is(f.store.size, 24)
})

test('batchWrite: progress reaches the total; options override the Env', async () => {
  const seen: Array<B.BatchWriteResult | Env.Progress> = []
  const envSeen: Array<Env.Progress> = []
  const f = fake((call) => (call === 1 ? 'last-half' : 0), { onProgress: (p) => envSeen.push(p) })
  await write(f, range(60).map((i) => put(`k${i}`)), { onProgress: (p) => seen.push(p) })
  assert.equal(envSeen, [])
  const last = seen[seen.length - 1] as Env.Progress
  assert.equal(last, { done: 60, total: 60 })
  const dones = seen.map((p) => (p as Env.Progress).done)
  assert.equal(dones, [...dones].sort((a, b) => a - b))
  await write(fake(() => 0, { onProgress: (p) => envSeen.push(p) }), [put('x')])
  assert.equal(envSeen, [{ done: 1, total: 1 }])
})

test('batchWrite of nothing sends nothing', async () => {
  const f = fake()
  const r = await write(f, [])
  assert.equal(r, { succeeded: [], failed: [], retries: 0 })
  assert.is(f.calls.length, 0)
})

test('batchWrite: a client that throws synchronously gives failures, not a throw', async () => {
  const env = Env.make({ client: { send: () => { throw new Error('kaput') } } as unknown as DynamoDBClient })
  const r = await B.batchWrite(T, [put('a'), put('b')], keyOfWrite)(env)()
  assert.ok(E.isRight(r) && r.right.failed.length === 2 && r.right.succeeded.length === 0)
})

// ---------------------------------------------------------------------------------- get

test('batchGet: chunks of 100, duplicates collapsed, request order, missing keys omitted', async () => {
  const f = fake()
  for (let i = 0; i < 250; i += 2) f.store.set(`k${i}`, { pk: { S: `k${i}` }, v: { N: String(i) } })
  const keys = [...range(250).map((i) => `k${i}`), 'k4', 'k0', 'k1']
  const r = await get(f, keys)
  assert.equal(f.calls.map((c) => c.keys.length).sort((a, b) => a - b), [50, 100, 100])
  assert.equal(r.items.map(keyOfItem), range(125).map((i) => `k${i * 2}`))
  assert.equal(r.found.map((x) => x.index), range(125).map((i) => i * 2))
  assert.equal(r.missing, range(125).map((i) => i * 2 + 1))
  assert.equal(r.failed, [])
})

test('batchGet: unprocessed keys retried; exhausted attempts fail exactly the unread keys', async () => {
  const f = fake((call) => (call < 2 ? 'last-half' : 0), { concurrency: 1 })
  for (const i of range(10)) f.store.set(`k${i}`, { pk: { S: `k${i}` } })
  const r = await get(f, range(10).map((i) => `k${i}`))
  assert.equal(r.items.map(keyOfItem), range(10).map((i) => `k${i}`))
  assert.is(r.retries, 2)

  const g = fake(() => 2, { concurrency: 1 })
  for (const i of range(10)) g.store.set(`k${i}`, { pk: { S: `k${i}` } })
  const r2 = await get(g, range(10).map((i) => `k${i}`))
  const unread = g.calls[g.calls.length - 1]?.keys.slice(-2) ?? []
  assert.equal(r2.failed.map((x) => `k${x.index}`).sort(), [...unread].sort())
  assert.is(r2.found.length + r2.missing.length + r2.failed.length, 10)
  for (const x of r2.failed) assert.ok(x.error._tag === 'AwsError' && x.error.name === 'UnprocessedKeys')
})

test('batchGet: projection always reads the key attributes', async () => {
  let seen: unknown
  const env = Env.make({
    client: { send: async (c: BatchGetItemCommand) => ((seen = c.input.RequestItems?.[T]), { $metadata, Responses: { [T]: [] } }) } as unknown as DynamoDBClient,
  })
  await B.batchGet(T, [{ pk: { S: 'a' } }], keyOfItem, { projection: ['name', 'pk'], consistentRead: true })(env)()
  assert.equal(seen, { Keys: [{ pk: { S: 'a' } }], ProjectionExpression: '#p0, #p1', ExpressionAttributeNames: { '#p0': 'pk', '#p1': 'name' }, ConsistentRead: true })
})

test('batchWrite: an unprocessed request whose key cannot be told makes the whole chunk go again', async () => {
  let n = 0
  const sent: Array<number> = []
  const env = Env.make({
    client: {
      send: async (c: BatchWriteItemCommand) => {
        const reqs = c.input.RequestItems?.[T] ?? []
        sent.push(reqs.length)
        return { $metadata, UnprocessedItems: n++ === 0 ? { [T]: [{ PutRequest: { Item: { other: { S: 'x' } } } }] } : {} }
      },
    } as unknown as DynamoDBClient,
    sleep: async () => undefined,
  })
  const r = await B.batchWrite(T, [put('a'), put('b')], keyOfWrite)(env)()
  assert.ok(E.isRight(r) && r.right.succeeded.length === 2)
  assert.equal(sent, [2, 2])
})

test.run()
