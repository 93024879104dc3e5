/**
 * `waitTimeoutMs` bounds a wait for a table (DESIGN §5.5), the describes it sends as it waits
 * included: a DescribeTable that goes unanswered mid-wait is cut when the wait's time runs out,
 * and the wait is the `TimeoutError` of the wait, naming `waitTimeoutMs`; never a describe
 * retried through all its attempts (`maxAttempts` times `timeoutMs`, and the backoff between)
 * after the limit. The wait's first describe, the look that tells whether to wait at all, is a
 * request as any other (a `waitTimeoutMs` of 1 ms looks once). Counted in requests, not in time:
 * each unanswered attempt ends at `timeoutMs`, so a wait of 1,000 ms holds at most 3 attempts of
 * 400 ms after its first look, where the describe alone would make 10.
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

const User = Model.make({
  table: 'users',
  hashKey: 'id',
  codec: t.type({ id: t.string, n: t.number }),
  indexes: { byN: Model.globalIndex({ hashKey: 'n' }) },
})

/**
 * A DynamoDB that takes every request but a DescribeTable, answers the first DescribeTable with
 * the table in `status`, and never answers another (its request ends with its signal).
 */
const silentAfterOne = (status: string) => {
  const sent: string[] = []
  const send = (c: { constructor: { name: string } }, options?: { abortSignal?: { addEventListener?: unknown } }) => {
    const name = c.constructor.name
    sent.push(name)
    if (name === 'DescribeTimeToLiveCommand') return Promise.resolve({ $metadata: {}, TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } })
    if (name !== 'DescribeTableCommand') return Promise.resolve({ $metadata: {} })
    if (sent.filter((x) => x === name).length === 1) return Promise.resolve({ $metadata: {}, Table: usersDescription(status, 'ACTIVE', false) })
    return new Promise((_, reject) => {
      // a request in flight holds the process open, as a socket does
      const open = setInterval(() => undefined, 60_000)
      const signal = options?.abortSignal as AbortSignal | undefined
      signal?.addEventListener?.('abort', () => (clearInterval(open), reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))), { once: true })
    })
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, timeoutMs: 400, waitTimeoutMs: 1_000, maxAttempts: 10 })
  return { env, describes: () => sent.filter((x) => x === 'DescribeTableCommand').length }
}

for (const [name, op, status] of [
  ['syncTable', Dynamo.syncTable(User), 'CREATING'],
  ['createTable', Dynamo.createTable(User), 'CREATING'],
  ['deleteTable', Dynamo.deleteTable(User), 'DELETING'],
] as const) {
  test(`${name}: a DescribeTable of its wait that is never answered ends with the wait (waitTimeoutMs 1,000 ms, timeoutMs 400 ms): TimeoutError naming waitTimeoutMs, not 10 attempts of the describe`, async () => {
    const s = silentAfterOne(status)
    const r = await op(s.env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'TimeoutError', E.isLeft(r) ? DE.show(r.left) : 'Right')
    const said = DE.show((r as E.Left<DE.DynamoError>).left)
    assert.ok(said.includes(`last seen ${status}`) && said.includes('waitTimeoutMs (1000 ms)'), said)
    assert.ok(s.describes() <= 4, `${s.describes()} DescribeTable sent`)
  })
}

test('an abort of the caller while a describe of the wait is unanswered is still the AbortError', async () => {
  const s = silentAfterOne('CREATING')
  const env = Env.make({ client: s.env.client, sleep: async () => undefined, timeoutMs: 400, waitTimeoutMs: 60_000 })
  const r = await Dynamo.syncTable(User, { signal: AbortSignal.timeout(100) })(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'AbortError', E.isLeft(r) ? DE.show(r.left) : 'Right')
})

test('a waitTimeoutMs of 1 ms looks once: the first describe is answered, and the table ACTIVE ends the wait', async () => {
  const s = silentAfterOne('ACTIVE')
  const env = Env.make({ client: s.env.client, sleep: async () => undefined, waitTimeoutMs: 1 })
  assert.equal(await Dynamo.createTable(User)(env)(), E.right(undefined))
})

test.run()
