/**
 * `classify` says what DynamoDB's refusal means from the request's input (the tables it names,
 * the size of the item it puts): what it reads there is no reading of the thrown error, and a
 * throw of that reading (an input member of the application's that throws, an item that is no
 * map of attribute values) leaves the refusal as DynamoDB named it, not an error 'that cannot be
 * read'.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'

const refusing = (name: string, message: string) => ({
  send: async () => Promise.reject(Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } })),
})

test("a transaction whose entry's TableName throws from its 2nd read, refused ResourceNotFoundException: the Left is DynamoDB's ResourceNotFoundException", async () => {
  let reads = 0
  const put = { Item: { id: { S: 'a' } } } as { Item: Record<string, { S: string }>; TableName?: string }
  Object.defineProperty(put, 'TableName', {
    enumerable: true,
    get: () => {
      if (++reads >= 2) throw new Error(`TableName read ${reads} times`)
      return 'users'
    },
  })
  const command = new TransactWriteItemsCommand({ TransactItems: [{ Put: put as never }] })
  const env = Env.make({ client: refusing('ResourceNotFoundException', 'Requested resource not found') as unknown as DynamoDBClient, maxAttempts: 1 })
  const out = (await Dynamo.send(command)(env)()) as { readonly _tag: string; readonly left?: { readonly _tag: string; readonly name?: string } }
  assert.is(out._tag, 'Left')
  assert.is(out.left?._tag, 'AwsError', JSON.stringify(out))
  assert.is(out.left?.name, 'ResourceNotFoundException', JSON.stringify(out))
})

test("a document client's PutCommand whose item has a null attribute, refused as too large: ItemTooLarge, its size not known", async () => {
  const command = new PutCommand({ TableName: 'users', Item: { id: 'a', gone: null, big: 'x'.repeat(10) } })
  const env = Env.make({ client: refusing('ValidationException', 'Item size has exceeded the maximum allowed size') as unknown as DynamoDBClient, maxAttempts: 1 })
  const out = (await Dynamo.send(command as never)(env)()) as { readonly _tag: string; readonly left?: { readonly _tag: string; readonly atLeast?: boolean } }
  assert.is(out.left?._tag, 'ItemTooLarge', JSON.stringify(out))
  assert.is(out.left?.atLeast, true, JSON.stringify(out))
})

test("a document client's PutCommand whose attributes are each an object of one member (not an attribute value's tag), refused as too large: ItemTooLarge, its size not known", async () => {
  const command = new PutCommand({ TableName: 'users', Item: { id: { v: 'a' }, doc: { body: 'x'.repeat(500000) } } })
  const env = Env.make({ client: refusing('ValidationException', 'Item size has exceeded the maximum allowed size') as unknown as DynamoDBClient, maxAttempts: 1 })
  const out = (await Dynamo.send(command as never)(env)()) as { readonly _tag: string; readonly left?: { readonly _tag: string; readonly atLeast?: boolean } }
  assert.is(out.left?._tag, 'ItemTooLarge', JSON.stringify(out))
  assert.is(out.left?.atLeast, true, JSON.stringify(out))
})

test.run()
