/**
 * A backoff pause that the caller's signal ends: it ends at once and leaves no timer behind
 * keeping the process alive (a script that aborts its work on SIGINT then exits, rather than
 * waiting out the backoff it no longer waits for). Against a client that throttles every
 * request, with the Env's real clock.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ProvisionedThroughputExceededException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import { pause } from '../../../lib/run/retry.js'

/**
 * Counts the timers of backoff pauses while a test runs: those armed by `setTimeout` with a
 * delay of a minute or more (the pauses here are of 10 minutes) that are not cleared and keep
 * the event loop alive. Only these: other specs' code in the process (a child's output read)
 * arms and clears timers of its own while these tests wait. `timers()` counts; `restore()` puts
 * the real functions back.
 */
const watchTimers = (): { readonly timers: () => number; readonly restore: () => void } => {
  const { setTimeout: realSet, clearTimeout: realClear } = globalThis
  const armed = new Set<NodeJS.Timeout>()
  globalThis.setTimeout = ((f: () => void, ms?: number, ...args: unknown[]) => {
    const timer = Reflect.apply(realSet, globalThis, [f, ms, ...args]) as NodeJS.Timeout
    if (typeof ms === 'number' && ms >= 60_000) armed.add(timer)
    return timer
  }) as typeof setTimeout
  globalThis.clearTimeout = ((timer?: Parameters<typeof clearTimeout>[0]) => {
    armed.delete(timer as NodeJS.Timeout)
    realClear(timer)
  }) as typeof clearTimeout
  return {
    timers: () => [...armed].filter((t) => t.hasRef()).length,
    restore: () => {
      globalThis.setTimeout = realSet
      globalThis.clearTimeout = realClear
    },
  }
}

const throttling = (): Env.Env =>
  Env.make({
    client: {
      send: () => Promise.reject(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } })),
    } as unknown as DynamoDBClient,
    timeoutMs: Infinity,
    maxAttempts: 10,
    retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 },
    random: () => 0.99,
  })

test('pause: ended by an abort, it leaves no timer keeping the process alive', async () => {
  const env = throttling()
  const { timers, restore } = watchTimers()
  try {
    const controller = new AbortController()
    const paused = pause(env, 600_000, controller.signal)
    assert.is(timers(), 1, 'the pause waits on a timer')
    controller.abort()
    await paused
    assert.is(timers(), 0, 'no timer left')
  } finally {
    restore()
  }
})

test('saveOne, saveMany and getMany aborted in a backoff pause of 10 minutes: Left(AbortError) or entries not written, and no timer left', async () => {
  const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })
  const env = throttling()
  const { timers, restore } = watchTimers()
  try {
    const controller = new AbortController()
    const o = { signal: controller.signal }
    const all = Promise.all([Dynamo.saveOne(User, { id: 'a' }, o)(env)(), Dynamo.saveMany(User, [{ id: 'a' }], o)(env)(), Dynamo.getMany(User, ['a'], o)(env)()] as const)
    // aborted only once each is in its first pause (its first attempt answered): one timer each
    for (let turn = 0; turn < 1000 && timers() < 3; turn++) await new Promise((r) => setImmediate(r))
    assert.is(timers(), 3, 'the three wait in their backoff pauses')
    controller.abort()
    const [one, many, got] = await all
    assert.ok(E.isLeft(one) && one.left._tag === 'AwsError' && one.left.name === 'AbortError', JSON.stringify(one))
    assert.ok(E.isRight(many) && many.right.fail.length === 1 && many.right.fail[0]?.outcome === 'not-written', JSON.stringify(many))
    assert.ok(E.isLeft(got) && got.left._tag === 'AwsError' && got.left.name === 'AbortError', JSON.stringify(got))
    assert.is(timers(), 0, 'no timer left')
  } finally {
    restore()
  }
})

test.run()
