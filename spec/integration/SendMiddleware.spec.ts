/**
 * `Dynamo.send` of a caller's own SDK command (DESIGN §5.5), against DynamoDB Local: where
 * dynamongo sends a copy of it (a `ClientRequestToken` fixed for a transaction's retries,
 * `ReturnConsumedCapacity` for `consumedCapacity: true`), the middleware the caller added to
 * the command's stack still runs, and sees what is sent; the caller's command is left as it is.
 * The Envs take the fixture's time limit: the middleware counts requests, and a retry after the
 * default 5 s (a loaded Local) would be one more.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { GetItemCommand, PutItemCommand, TransactWriteItemsCommand, type ServiceInputTypes } from '@aws-sdk/client-dynamodb'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import { DeleteCommand, ExecuteStatementCommand, GetCommand, PutCommand, TransactGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../lib/DynamoError.js'
import { fixture, ok, REQUEST_MS } from '../harness/models.js'
import { User } from '../harness/models.js'

/** A middleware added to `command`'s own stack that records the input of every request it sees. */
const recorded = <C extends { readonly middlewareStack: { add: (...a: any[]) => void } }>(command: C): { readonly command: C; readonly seen: ServiceInputTypes[] } => {
  const seen: ServiceInputTypes[] = []
  command.middlewareStack.add(
    (next: (args: { input: ServiceInputTypes }) => Promise<unknown>) => async (args: { input: ServiceInputTypes }) => {
      seen.push(args.input)
      return next(args)
    },
    { step: 'initialize', name: 'callersOwn' },
  )
  return { command, seen }
}

test('Dynamo.send: a transaction given without a token is sent with one, through the middleware its caller added', async () => {
  const f = await fixture('send-mw')
  await ok(f.env, Dynamo.createTable(User))
  const item = { email: { S: 'a@x.io' }, name: { S: 'A' }, created_at: { S: '2026-01-01T00:00:00.000Z' }, cities_visited: { L: [] } }
  const { command, seen } = recorded(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: f.table(User), Item: item } }] }))
  await ok(f.env, Dynamo.send(command))
  assert.is(seen.length, 1)
  const token = (seen[0] as { ClientRequestToken?: unknown }).ClientRequestToken
  assert.ok(typeof token === 'string' && token.length > 0, 'the middleware sees the token dynamongo fixed')
  assert.is(command.input.ClientRequestToken, undefined, "the caller's command is left as it is")
  const got = await ok(f.env, Dynamo.send(new GetItemCommand({ TableName: f.table(User), Key: { email: { S: 'a@x.io' } }, ConsistentRead: true })))
  assert.is(got.Item?.['name']?.S, 'A')
})

test('Dynamo.send with consumedCapacity: the caller\'s middleware runs for the command that asks for it, and the answer carries it', async () => {
  const f = await fixture('send-mw-cap')
  await ok(f.env, Dynamo.createTable(User))
  const events: Env.Event[] = []
  const env = Env.make({ client: f.client, tablePrefix: f.prefix, consumedCapacity: true, on: (e) => events.push(e), timeoutMs: REQUEST_MS })
  const item = { email: { S: 'b@x.io' }, name: { S: 'B' }, created_at: { S: '2026-01-01T00:00:00.000Z' }, cities_visited: { L: [] } }
  const put = recorded(new PutItemCommand({ TableName: f.table(User), Item: item }))
  const written = await ok(env, Dynamo.send(put.command))
  assert.equal(put.seen.map((i) => (i as { ReturnConsumedCapacity?: unknown }).ReturnConsumedCapacity), ['TOTAL'])
  assert.ok(written.ConsumedCapacity !== undefined)
  const get = recorded(new GetItemCommand({ TableName: f.table(User), Key: { email: { S: 'b@x.io' } } }))
  const got = await ok(env, Dynamo.send(get.command))
  assert.is(got.Item?.['name']?.S, 'B')
  assert.is(get.seen.length, 1)
  assert.is(get.command.input.ReturnConsumedCapacity, undefined, "the caller's command is left as it is")
  // sent again: the caller's stack holds its own middleware once, as before the first send
  assert.equal(get.command.middlewareStack.identify(), ['callersOwn - initialize'])
  await ok(env, Dynamo.send(get.command))
  assert.is(get.seen.length, 2)
  // a command the caller sent with the SDK first (its stack then holds the SDK's own middleware too)
  const sdkFirst = recorded(new GetItemCommand({ TableName: f.table(User), Key: { email: { S: 'b@x.io' } } }))
  assert.is((await f.client.send(sdkFirst.command)).Item?.['name']?.S, 'B')
  assert.is((await ok(env, Dynamo.send(sdkFirst.command))).Item?.['name']?.S, 'B')
  assert.equal(sdkFirst.seen.map((i) => (i as { ReturnConsumedCapacity?: unknown }).ReturnConsumedCapacity), [undefined, 'TOTAL'])
  assert.ok(events.filter((e) => e.operation === 'send').every((e) => e.consumedCapacity !== undefined))
})

test('Dynamo.send with consumedCapacity: a document client\'s command (@aws-sdk/lib-dynamodb) is sent asking for it, the caller\'s left as it is', async () => {
  const f = await fixture('send-mw-doc')
  await ok(f.env, Dynamo.createTable(User))
  const env = Env.make({ client: f.client, tablePrefix: f.prefix, consumedCapacity: true, timeoutMs: REQUEST_MS })
  const doc = new ExecuteStatementCommand({ Statement: `SELECT * FROM "${f.table(User)}" WHERE email = ?`, Parameters: ['none@x.io'] })
  // what the client sends, seen by a middleware of the client (one on the document client's command would be added twice by the SDK)
  const { seen } = recorded(f.client)
  try {
    await ok(env, Dynamo.send(doc as unknown as Parameters<typeof Dynamo.send>[0]))
    assert.equal(seen.map((i) => (i as { ReturnConsumedCapacity?: unknown }).ReturnConsumedCapacity), ['TOTAL'])
    assert.is((doc.input as { ReturnConsumedCapacity?: unknown }).ReturnConsumedCapacity, undefined, "the caller's command is left as it is")
  } finally {
    f.client.middlewareStack.remove('callersOwn')
  }
})

test("Dynamo.send of a document client's commands (@aws-sdk/lib-dynamodb), whose keys and items are JavaScript values: Get, Update ALL_NEW, TransactGet and Delete ALL_OLD answer the item; an Update failing its condition with ALL_OLD is the ConditionalCheckFailed", async () => {
  const f = await fixture('send-doc-keys')
  await ok(f.env, Dynamo.createTable(User))
  type Sent = Parameters<typeof Dynamo.send>[0]
  const send = <A>(c: unknown) => Dynamo.send(c as Sent) as unknown as Dynamo.Op<A>
  const TableName = f.table(User)
  const Key = { email: 'd@x.io' }
  await ok(f.env, send(new PutCommand({ TableName, Item: { ...Key, name: 'D', v: 1 } })))
  const got = await ok<{ Item?: Record<string, unknown> }>(f.env, send(new GetCommand({ TableName, Key, ConsistentRead: true })))
  assert.equal(got.Item, { email: 'd@x.io', name: 'D', v: 1 })
  const updated = await ok<{ Attributes?: Record<string, unknown> }>(f.env, send(new UpdateCommand({ TableName, Key, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': 2 }, ReturnValues: 'ALL_NEW' })))
  assert.equal(updated.Attributes, { email: 'd@x.io', name: 'D', v: 2 })
  const both = await ok<{ Responses?: ReadonlyArray<{ Item?: Record<string, unknown> }> }>(f.env, send(new TransactGetCommand({ TransactItems: [{ Get: { TableName, Key } }] })))
  assert.equal(both.Responses?.[0]?.Item, { email: 'd@x.io', name: 'D', v: 2 })
  const refused = await send(new UpdateCommand({ TableName, Key, UpdateExpression: 'SET v = :v', ConditionExpression: 'v > :v', ExpressionAttributeValues: { ':v': 5 }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }))(f.env)()
  if (E.isRight(refused) || refused.left._tag !== 'ConditionalCheckFailed') return assert.unreachable(E.isLeft(refused) ? DE.show(refused.left) : 'a Right')
  assert.ok(refused.left.item !== undefined, 'the refusal carries the stored item')
  const deleted = await ok<{ Attributes?: Record<string, unknown> }>(f.env, send(new DeleteCommand({ TableName, Key, ReturnValues: 'ALL_OLD' })))
  assert.equal(deleted.Attributes, { email: 'd@x.io', name: 'D', v: 2 })
})

test.run()
