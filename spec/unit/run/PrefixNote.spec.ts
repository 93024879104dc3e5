/**
 * The meaning said before DynamoDB's "Requested resource not found" names the tables the
 * request looked for: a name that carries the Env's `tablePrefix` as the model names it, with
 * a note of the prefix; a name sent without it (a command of the application's own, through
 * `Dynamo.send`) as sent, with no such note, since the request looked for that name itself.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DescribeTimeToLiveCommand, ResourceNotFoundException, TransactGetItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'

const env = Env.make({
  region: 'us-east-2',
  tablePrefix: 'dev_',
  maxAttempts: 1,
  client: { send: () => Promise.reject(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} })) } as unknown as DynamoDBClient,
})

const said = async (op: Dynamo.Op<unknown>): Promise<string> => {
  const r = await op(env)()
  return E.isLeft(r) && r.left._tag === 'AwsError' ? r.left.message : `not an AwsError: ${JSON.stringify(r)}`
}

test('a table sent without the prefix is named as sent; one with it, without it and with the note; a mix, each so', async () => {
  assert.match(await said(Dynamo.send(new DescribeTimeToLiveCommand({ TableName: 'users' }))), /^no table users in region us-east-2 /)
  assert.match(await said(Dynamo.send(new DescribeTimeToLiveCommand({ TableName: 'dev_users' }))), /^no table users with tablePrefix "dev_" in region us-east-2 /)
  const mixed = new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 'audit', Key: {} } }, { Get: { TableName: 'dev_users', Key: {} } }] })
  assert.match(await said(Dynamo.send(mixed)), /^no table audit or users with tablePrefix "dev_" \(one of them at least\) in region us-east-2 /)
})

test.run()
