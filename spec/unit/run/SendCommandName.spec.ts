/**
 * `Dynamo.send` names a command by the operation of the SDK's schema (`command.schema`, or its
 * `clientCommand`'s: `UpdateItem`), not by its class: a subclass of the application's, an
 * anonymous one, a minified one or a wrapper of its own is retried, given a token and told as
 * the operation it sends.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { GetItemCommand, TransactWriteItemsCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'

/** A server error: retried when the request is, its outcome unknown. */
const serverError = (): Error => Object.assign(new Error('internal'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } })

/** A client that fails the first request with a 500 and answers the others; the inputs it was sent, and the commands Env.on was told. */
const recording = () => {
  const sent: Array<Record<string, unknown>> = []
  const told: string[] = []
  const client = {
    send: async (c: { readonly input: Record<string, unknown> }) => {
      sent.push(c.input)
      return sent.length === 1 ? Promise.reject(serverError()) : { $metadata: {} }
    },
  }
  const env = Env.make({ client: client as unknown as DynamoDBClient, maxAttempts: 3, sleep: async () => undefined, on: (e) => void told.push(e.command) })
  return { sent, told, env }
}

const adding = { TableName: 'users', Key: { id: { S: 'a' } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } }

test('a subclass of UpdateItemCommand of the application (AuditedUpdate) that ADDs: UpdateItem, not sent again once it may have been applied', async () => {
  class AuditedUpdate extends UpdateItemCommand {}
  const { sent, told, env } = recording()
  await Dynamo.send(new AuditedUpdate(adding))(env)()
  assert.is(sent.length, 1, 'the ADD was sent again')
  assert.equal(told, ['UpdateItem'])
})

test("an anonymous subclass of TransactWriteItemsCommand: its retry carries the first request's ClientRequestToken", async () => {
  const Anonymous = (() => class extends TransactWriteItemsCommand {})()
  const { sent, told, env } = recording()
  await Dynamo.send(new Anonymous({ TransactItems: [{ Update: { ...adding } }] }))(env)()
  assert.is(sent.length, 2)
  assert.type(sent[0]?.ClientRequestToken, 'string', 'no token')
  assert.is(sent[0]?.ClientRequestToken, sent[1]?.ClientRequestToken)
  assert.equal(told, ['TransactWriteItems', 'TransactWriteItems'])
})

test("a wrapper class of the application's around a client command (clientCommand), sent around a GetItem and then around an ADD update: the update is UpdateItem, sent once", async () => {
  class Wrapped {
    readonly input: unknown
    readonly middlewareStack: unknown
    constructor(readonly clientCommand: GetItemCommand | UpdateItemCommand) {
      this.input = clientCommand.input
      this.middlewareStack = clientCommand.middlewareStack
    }
  }
  const get = recording()
  await Dynamo.send(new Wrapped(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } })) as never)(get.env)()
  assert.equal(get.told, ['GetItem', 'GetItem'])
  const { sent, told, env } = recording()
  await Dynamo.send(new Wrapped(new UpdateItemCommand(adding)) as never)(env)()
  assert.is(sent.length, 1, 'the ADD was sent again')
  assert.equal(told, ['UpdateItem'])
})

test('a command class whose name a bundler shortened (x, extending UpdateItemCommand): UpdateItem', async () => {
  const x = class x extends UpdateItemCommand {}
  const { sent, told, env } = recording()
  await Dynamo.send(new x(adding))(env)()
  assert.is(sent.length, 1, 'the ADD was sent again')
  assert.equal(told, ['UpdateItem'])
})

test('a command without a schema (of an SDK that gives none) is named by its class: UpdateItemCommand → UpdateItem', async () => {
  const command = new UpdateItemCommand(adding)
  delete (command as { schema?: unknown }).schema
  const { sent, told, env } = recording()
  await Dynamo.send(command)(env)()
  assert.is(sent.length, 1, 'the ADD was sent again')
  assert.equal(told, ['UpdateItem'])
})

test.run()
