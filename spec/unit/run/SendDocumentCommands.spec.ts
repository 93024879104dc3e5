/**
 * `Dynamo.send` of a document client's command (`@aws-sdk/lib-dynamodb`: `UpdateCommand`,
 * `TransactWriteCommand`, …) is classified as the DynamoDB command it wraps (`UpdateItem`,
 * `TransactWriteItems`, …): retried only when that one would be, given a fixed transaction
 * token as that one is, and told to `Env.on` by that one's name. Against an endpoint on
 * loopback that cuts the connection of every first request once it has read it (the answer
 * lost, the write maybe applied) and answers the second.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { losing } from '../../harness/losing.js'

test("a document client's UpdateCommand that ADDs, or a PutCommand with a condition, whose answer was lost: not sent again (one request), Left(AwsError) not retryable, outcome unknown", async () => {
  const writes = [
    new UpdateCommand({ TableName: 'users', Key: { id: 'a' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } }),
    new PutCommand({ TableName: 'users', Item: { id: 'a' }, ConditionExpression: 'attribute_not_exists(id)' }),
  ]
  for (const command of writes) {
    // an endpoint of its own: its first request's answer is the one lost
    const { env, seen, close } = await losing()
    try {
      const r = await Dynamo.send(command as never)(env)()
      const name = command.constructor.name
      assert.is(seen.length, 1, `${name}: ${seen.length} requests`)
      assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && !r.left.retryable && r.left.outcome === 'unknown', `${name}: ${E.isLeft(r) ? DE.show(r.left) : 'Right'}`)
    } finally {
      close()
    }
  }
})

test("a document client's TransactWriteCommand without a token, whose first answer was lost: its retry carries the token of its first attempt", async () => {
  const { env, seen, close } = await losing()
  try {
    const command = new TransactWriteCommand({ TransactItems: [{ Update: { TableName: 'users', Key: { id: 'a' }, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': 1 } } }] })
    const r = await Dynamo.send(command)(env)()
    assert.ok(E.isRight(r), JSON.stringify(r).slice(0, 300))
    const tokens = seen.map((s) => s.body['ClientRequestToken'])
    assert.is(tokens.length, 2)
    assert.type(tokens[0], 'string')
    assert.is(tokens[1], tokens[0])
  } finally {
    close()
  }
})

test("Env.on names a document client's command by the command it wraps (UpdateItem, GetItem, TransactWriteItems)", async () => {
  const { env, commands, close } = await losing()
  try {
    await Dynamo.send(new UpdateCommand({ TableName: 'users', Key: { id: 'a' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } }))(env)()
    await Dynamo.send(new GetCommand({ TableName: 'users', Key: { id: 'a' } }))(env)()
    await Dynamo.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'users', Item: { id: 'a' } } }] }))(env)()
    assert.equal(commands, ['UpdateItem', 'UpdateItem', 'GetItem', 'GetItem', 'TransactWriteItems', 'TransactWriteItems'])
  } finally {
    close()
  }
})

test.run()
