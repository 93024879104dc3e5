/**
 * One caller's signal shared by many requests at once (a saveMany of 16 chunks in flight, a
 * dozen operations paused in their backoff): what dynamongo listens to on it stays one
 * listener, so Node never warns of a leak on the caller's signal
 * (`MaxListenersExceededWarning`: "Possible EventTarget memory leak detected"), and an abort
 * still reaches every request.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ProvisionedThroughputExceededException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })

/** The warnings Node emits while `f` runs (and a turn of the event loop after it). */
const warningsOf = async (f: () => Promise<void>): Promise<ReadonlyArray<string>> => {
  const seen: Array<string> = []
  const hear = (w: Error): void => void seen.push(`${w.name}: ${w.message}`)
  process.on('warning', hear)
  try {
    await f()
    await new Promise((r) => setImmediate(r))
  } finally {
    process.off('warning', hear)
  }
  return seen
}

test('saveMany with 16 chunks in flight at once under one signal: no warning, every item saved', async () => {
  let inFlight = 0
  let most = 0
  const client = {
    send: (_: unknown, options?: { readonly abortSignal?: AbortSignal }) =>
      new Promise((resolve, reject) => {
        inFlight++
        most = Math.max(most, inFlight)
        options?.abortSignal?.addEventListener('abort', () => (inFlight--, reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))))
        setTimeout(() => (inFlight--, resolve({ UnprocessedItems: {} })), 20)
      }),
  } as unknown as DynamoDBClient
  const env = Env.make({ client, timeoutMs: Infinity, concurrency: 16 })
  const controller = new AbortController()
  let r: E.Either<unknown, Dynamo.BatchResult<unknown>> | undefined
  const warnings = await warningsOf(async () => {
    r = await Dynamo.saveMany(User, Array.from({ length: 25 * 40 }, (_, i) => ({ id: `u${i}` })), { signal: controller.signal })(env)()
  })
  assert.ok(most >= 16, `${most} in flight at most`)
  assert.equal(warnings, [])
  assert.ok(r !== undefined && E.isRight(r) && r.right.success.length === 1000, JSON.stringify(r).slice(0, 200))
})

test('a dozen operations paused in their backoff under one signal: no warning; the abort ends each', async () => {
  const client = { send: () => Promise.reject(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } })) } as unknown as DynamoDBClient
  const env = Env.make({ client, timeoutMs: Infinity, maxAttempts: 5, retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 }, random: () => 0.99 })
  const controller = new AbortController()
  let rs: ReadonlyArray<E.Either<unknown, unknown>> = []
  const warnings = await warningsOf(async () => {
    const all = Promise.all(Array.from({ length: 12 }, (_, i) => Dynamo.getOne(User, `u${i}`, { signal: controller.signal })(env)()))
    await new Promise((r) => setImmediate(r))
    controller.abort()
    rs = await all
  })
  assert.equal(warnings, [])
  assert.is(rs.length, 12)
  for (const r of rs) assert.ok(E.isLeft(r) && (r.left as { name?: string }).name === 'AbortError', JSON.stringify(r))
})

test.run()
