/**
 * The meaning said before DynamoDB's "Requested resource not found" names the tables the
 * request looked for as the user gave them: a model's table by the model's name, with a note
 * of the Env's `tablePrefix` that dynamongo put before it; a table named by a command of the
 * application's own (`Dynamo.send`) as sent, with no such note, even when it starts with the
 * prefix (the application gave it so: cutting the prefix off named a table it never gave).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DescribeTimeToLiveCommand, ResourceNotFoundException, TransactGetItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Model from '../../../lib/model/Model.js'
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

test("an application's own command: its tables named as sent, one that starts with the prefix too (never cut), without the note", async () => {
  assert.match(await said(Dynamo.send(new DescribeTimeToLiveCommand({ TableName: 'users' }))), /^no table users in region us-east-2 /)
  assert.match(await said(Dynamo.send(new DescribeTimeToLiveCommand({ TableName: 'dev_users' }))), /^no table dev_users in region us-east-2 /)
  const mixed = new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 'audit', Key: {} } }, { Get: { TableName: 'dev_users', Key: {} } }] })
  assert.match(await said(Dynamo.send(mixed)), /^no table audit or dev_users \(one of them at least\) in region us-east-2 /)
})

test("a model's table: named as the model names it (one that starts with the prefix kept whole), with the note of the prefix put before it", async () => {
  const codec = t.type({ id: t.string })
  const users = Model.make({ table: 'users', hashKey: 'id', codec })
  const devUsers = Model.make({ table: 'dev_users', hashKey: 'id', codec })
  assert.match(await said(Dynamo.getOne(users, 'a')), /^no table users with tablePrefix "dev_" in region us-east-2 /)
  assert.match(await said(Dynamo.getOne(devUsers, 'a')), /^no table dev_users with tablePrefix "dev_" in region us-east-2 /)
})

test.run()
