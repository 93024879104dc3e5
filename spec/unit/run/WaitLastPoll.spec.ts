/**
 * The last poll of a wait for a table, started within `waitTimeoutMs`, gets a fair chance: its
 * describe is cut when the wait's time runs out only once it had an attempt's `timeoutMs`, so a
 * table that becomes ACTIVE at the limit ends the wait, never a `TimeoutError` saying a describe
 * that was cut a few milliseconds after it was sent went unanswered.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { usersDescription } from '../../harness/usersTable.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }), indexes: { byN: Model.globalIndex({ hashKey: 'n' }) } })

/** A DynamoDB that answers each request `ms` after it is sent (or ends it with its signal), the table CREATING until its `activeAt`-th DescribeTable. */
const slow = (activeAt: number, ms = 20) => {
  let describes = 0
  const send = (c: { constructor: { name: string } }, options?: { abortSignal?: AbortSignal }) => {
    const name = c.constructor.name
    const out =
      name === 'DescribeTimeToLiveCommand'
        ? { $metadata: {}, TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } }
        : name === 'DescribeTableCommand'
          ? { $metadata: {}, Table: usersDescription(++describes >= activeAt ? 'ACTIVE' : 'CREATING', 'ACTIVE', false) }
          : { $metadata: {} }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(out), ms)
      options?.abortSignal?.addEventListener('abort', () => (clearTimeout(timer), reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))), { once: true })
    })
  }
  return { client: { send } as unknown as DynamoDBClient, describes: () => describes }
}

test('createTable: the table ACTIVE on the describe of the last poll (slept 750 of waitTimeoutMs 755 ms, each request answered in 20 ms) ends the wait', async () => {
  const s = slow(5)
  const env = Env.make({ client: s.client, sleep: async () => undefined, waitTimeoutMs: 755, timeoutMs: 2_000 })
  const r = await Dynamo.createTable(User)(env)()
  assert.equal(r, E.right(undefined), E.isLeft(r) ? DE.show(r.left) : '')
  assert.is(s.describes(), 5)
})

test('createTable: the table still CREATING on that describe is the wait\'s TimeoutError naming the status last seen, the describe answered', async () => {
  const s = slow(6)
  const env = Env.make({ client: s.client, sleep: async () => undefined, waitTimeoutMs: 755, timeoutMs: 2_000 })
  const r = await Dynamo.createTable(User)(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'TimeoutError', E.isLeft(r) ? DE.show(r.left) : 'Right')
  const said = DE.show(r.left)
  assert.ok(said.includes('last seen CREATING') && said.includes('waitTimeoutMs (755 ms)') && !said.includes('unanswered'), said)
  assert.is(s.describes(), 5)
})

test('createTable: the describe of the last poll is two requests (DescribeTable, DescribeTimeToLive), each given an attempt\'s timeoutMs: each answered in 100 ms with timeoutMs 180, the table ACTIVE on it ends the wait', async () => {
  // sleeps of 50, 100, 200, 400, 800, 1000 and 1000 ms: the 8th poll starts with 5 ms of waitTimeoutMs left
  const s = slow(8, 100)
  const env = Env.make({ client: s.client, sleep: async () => undefined, waitTimeoutMs: 3_555, timeoutMs: 180 })
  const r = await Dynamo.createTable(User)(env)()
  assert.equal(r, E.right(undefined), E.isLeft(r) ? DE.show(r.left) : '')
  assert.is(s.describes(), 8)
})

test.run()
