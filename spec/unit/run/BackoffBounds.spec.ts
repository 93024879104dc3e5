/**
 * The wait before each retry is a number of milliseconds from 0, whatever the backoff's
 * settings and however many attempts the budget allows: a base delay of 0 (no wait), or a cap
 * of `Infinity` (none), past the retry whose `2^(n-1)` no double holds (retry 1026 on). The
 * Env's `sleep` is the application's code, and is never handed `NaN`.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ProvisionedThroughputExceededException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as Env from '../../../lib/run/Env.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Model from '../../../lib/model/Model.js'
import { backoffCap, backoffDelay } from '../../../lib/run/retry.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })

test('backoff: no retry of any number waits NaN (a base of 0, or no cap with a draw of 0, past 2^1024)', () => {
  for (const n of [1, 1024, 1025, 1026, 1100, 5000]) {
    assert.is(backoffDelay({ maxAttempts: 6000, baseDelayMs: 0, maxDelayMs: 5000 }, n, () => 0.5), 0, `base 0, retry ${n}`)
    assert.is(backoffCap({ maxAttempts: 6000, baseDelayMs: 0, maxDelayMs: 5000 }, n), 0, `cap of base 0, retry ${n}`)
    assert.is(backoffDelay({ maxAttempts: 6000, baseDelayMs: 0, maxDelayMs: Infinity }, n, () => 0.5), 0, `base 0, no cap, retry ${n}`)
    assert.is(backoffDelay({ maxAttempts: 6000, baseDelayMs: 50, maxDelayMs: Infinity }, n, () => 0), 0, `no cap, a draw of 0, retry ${n}`)
  }
})

test('an endpoint that throttles every attempt, a budget of 1,100 attempts with no wait between them: the Env\'s sleep is told 0 each time, never NaN', async () => {
  let sends = 0
  const send = async () => {
    sends++
    throw new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} })
  }
  const slept: number[] = []
  const env = Env.make({
    client: { send } as unknown as DynamoDBClient,
    maxAttempts: 1100,
    retry: { baseDelayMs: 0 },
    sleep: async (ms) => void slept.push(ms),
    random: () => 0.5,
  })
  const r = await Dynamo.getOne(User, { id: 'a' })(env)()
  assert.ok(E.isLeft(r))
  assert.is(sends, 1100)
  assert.is(slept.length, 1099)
  const bad = slept.filter((ms) => !(ms === 0))
  assert.equal(bad.slice(0, 3), [], `${bad.length} waits were not 0`)
})

test.run()
