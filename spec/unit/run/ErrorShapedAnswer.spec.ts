/**
 * Answers dynamongo cannot read are an `InvalidAnswer`, never a guess:
 * - an HTTP 200 whose body is DynamoDB's error shape (`{ __type, message }`): the SDK reads the
 *   status only, and resolves with the error's members as the command's output (a GetItem's
 *   "no item", a PutItem's success), as the first test shows of the SDK itself;
 * - a DescribeTimeToLive whose `TimeToLiveStatus` is none DynamoDB gives (not read as
 *   DISABLED: a plan would enable a time to live that may be on).
 * The endpoints are stand-ins on loopback (spec/harness/standIn.ts).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import { User, REQUEST_MS } from '../../harness/models.js'
import { answering, failing } from '../../harness/standIn.js'

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' }

test("the SDK itself resolves an HTTP 200 whose body is an error, with the error's members as the output", async () => {
  const s = await failing(200, 'ConditionalCheckFailedException')
  const client = new DynamoDBClient({ endpoint: s.endpoint, region: 'us-east-2', credentials, maxAttempts: 1 })
  try {
    const put = await client.send(new PutItemCommand({ TableName: 'users', Item: { email: { S: 'a@b.io' } } }))
    assert.is((put as { __type?: unknown }).__type, 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException')
    const got = await client.send(new GetItemCommand({ TableName: 'users', Key: { email: { S: 'a@b.io' } } }))
    assert.is(got.Item, undefined)
  } finally {
    client.destroy()
    await s.close()
  }
})

const operations: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
  ['getOne', Dynamo.getOne(User, 'a@b.io')],
  ['saveOne', Dynamo.saveOne(User, { email: 'a@b.io', name: 'A' })],
  ['updateOne', Dynamo.updateOne(User, 'a@b.io', [U.set(User.attrs.name, 'B')])],
  ['deleteOne', Dynamo.deleteOne(User, 'a@b.io')],
  ['getMany (Query)', Dynamo.getMany(User, C.eq(User.attrs.email, 'a@b.io'))],
]

test('an HTTP 200 whose body is an error: InvalidAnswer naming the error, not retried, its outcome unknown; with and without a time limit or a listener', async () => {
  for (const name of ['ConditionalCheckFailedException', 'ResourceNotFoundException', 'ProvisionedThroughputExceededException']) {
    const s = await failing(200, name)
    try {
      for (const [what, options] of [
        ['no limit', { timeoutMs: Infinity }],
        ['a time limit', { timeoutMs: REQUEST_MS }],
        ['a listener', { timeoutMs: Infinity, on: () => undefined }],
      ] as const) {
        const env = Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials, sleep: async () => undefined, ...options })
        for (const [op, run] of operations) {
          const before = s.total()
          const r = await run(env)()
          const shown = E.isLeft(r) ? DE.show(r.left) : JSON.stringify(r)
          assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer', `${name}, ${op}, ${what}: ${shown}`)
          assert.ok(shown.includes(name), `${op}: ${shown}`)
          assert.is(s.total() - before, 1, `${name}, ${op}, ${what}: not retried`)
        }
        const saved = await Dynamo.saveMany(User, [{ email: 'a@b.io', name: 'A' }])(env)()
        assert.ok(E.isRight(saved) && saved.right.fail.length === 1, JSON.stringify(saved))
        if (E.isRight(saved)) assert.is(saved.right.fail[0]?.outcome, 'unknown')
        env.client.destroy()
      }
    } finally {
      await s.close()
    }
  }
})

test("an HTTP 200 whose error's __type echoes the Env's access key id (AWS's shape, or a local one's): the InvalidAnswer never quotes it", async () => {
  for (const keyId of ['AKIAIOSFODNN7EXAMPLE', 'localDevKeyId']) {
    const s = await failing(200, keyId)
    const env = Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials: { accessKeyId: keyId, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, maxAttempts: 1 })
    try {
      for (const [op, run] of operations) {
        const r = await run(env)()
        const shown = E.isLeft(r) ? `${DE.show(r.left)} ${JSON.stringify(r.left)}` : JSON.stringify(r)
        assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer', `${op}: ${shown}`)
        assert.not.ok(shown.includes(keyId), `${op}: ${shown}`)
      }
    } finally {
      env.client.destroy()
      await s.close()
    }
  }
})

test('a DescribeTimeToLive whose TimeToLiveStatus is none DynamoDB gives: InvalidAnswer, never read as DISABLED', async () => {
  const table = {
    TableName: 'users',
    TableStatus: 'ACTIVE',
    KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'email', AttributeType: 'S' }],
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
  }
  for (const status of ['PAUSED', 'enabled', '']) {
    const s = await answering({ DescribeTable: { Table: table }, DescribeTimeToLive: { TimeToLiveDescription: { TimeToLiveStatus: status, AttributeName: 'expiresAt' } } })
    const env = Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials, timeoutMs: REQUEST_MS })
    try {
      const r = await Dynamo.describeTable(User)(env)()
      const shown = E.isLeft(r) ? DE.show(r.left) : JSON.stringify(r)
      assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer' && shown.includes('TimeToLiveStatus'), `${status}: ${shown}`)
    } finally {
      env.client.destroy()
      await s.close()
    }
  }
  // the four DynamoDB gives are read as they are
  for (const status of ['ENABLED', 'ENABLING', 'DISABLED', 'DISABLING']) {
    const s = await answering({ DescribeTable: { Table: table }, DescribeTimeToLive: { TimeToLiveDescription: { TimeToLiveStatus: status, AttributeName: 'expiresAt' } } })
    const env = Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials, timeoutMs: REQUEST_MS })
    try {
      const r = await Dynamo.describeTable(User)(env)()
      assert.ok(E.isRight(r) && r.right._tag === 'Some' && r.right.value.ttl.status === status, `${status}: ${JSON.stringify(r)}`)
    } finally {
      env.client.destroy()
      await s.close()
    }
  }
})

test.run()
