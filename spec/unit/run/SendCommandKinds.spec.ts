/**
 * `Dynamo.send` sends a command of the SDK again after a lost answer by what the rules say of
 * it (`rules/idempotent`): a read (`SearchVectors`) and a command that makes the same state
 * twice (`UpdateContributorInsights`) are sent again; a read that takes `ReturnConsumedCapacity`
 * is asked for it.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { SearchVectorsCommand, UpdateContributorInsightsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'

/** A server error: retried when the request is, its outcome unknown. */
const serverError = (): Error => Object.assign(new Error('internal'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } })

/** A client that fails the first request with a 500 and answers the others; the inputs it was sent. */
const recording = () => {
  const sent: Array<Record<string, unknown>> = []
  const client = {
    send: async (c: { readonly input: Record<string, unknown> }) => {
      sent.push(c.input)
      return sent.length === 1 ? Promise.reject(serverError()) : { $metadata: {} }
    },
  }
  const env = Env.make({ client: client as unknown as DynamoDBClient, maxAttempts: 3, sleep: async () => undefined, consumedCapacity: true })
  return { sent, env }
}

test('SearchVectors whose first answer is a 500: a read, sent again, Right; asked for its consumed capacity', async () => {
  const { sent, env } = recording()
  const r = await Dynamo.send(new SearchVectorsCommand({ TableName: 'users' } as never))(env)()
  assert.ok(E.isRight(r), JSON.stringify(r))
  assert.is(sent.length, 2)
  assert.is(sent[0]?.ReturnConsumedCapacity, 'TOTAL')
})

test('UpdateContributorInsights whose first answer is a 500: the same state twice, sent again, Right', async () => {
  const { sent, env } = recording()
  const r = await Dynamo.send(new UpdateContributorInsightsCommand({ TableName: 'users', ContributorInsightsAction: 'ENABLE' }))(env)()
  assert.ok(E.isRight(r), JSON.stringify(r))
  assert.is(sent.length, 2)
})

test.run()
