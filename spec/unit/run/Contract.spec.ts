/**
 * Where the code met DESIGN's contract only after this spec (DESIGN §5.1, §5.5), against a
 * stand-in client that records every command: `page` takes no `limit` (a `ValidationError`,
 * never silently ignored, and no request), and every `Env.Event` names its `table` (`''`
 * for a command that names none).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { BatchWriteItemCommand, GetItemCommand, ListTablesCommand, TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as C from '../../../lib/ast/Condition.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const Doc = Model.make({ table: 'docs', hashKey: 'id', rangeKey: 'n', codec: t.type({ id: t.string, n: t.number }) })

const standIn = (on?: (e: Env.Event) => void) => {
  const sent: string[] = []
  const client = {
    send: async (command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name)
      return { $metadata: {}, Items: [], TableNames: [] }
    },
  }
  return { sent, env: Env.make({ client: client as unknown as DynamoDBClient, ...(on === undefined ? {} : { on }) }) }
}

test('page takes no limit: a ValidationError naming it, and no request', async () => {
  const s = standIn()
  const options = { limit: 3 } as unknown as Dynamo.PageOptions<typeof Doc> // what a JavaScript caller may pass
  const r = await Dynamo.page(Doc, C.eq(Doc.attrs.id, 'a'), options)(s.env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'limit', JSON.stringify(r))
  assert.equal(s.sent, [])
  // pages, reduce and getMany take it; page without it reads
  const ok = await Dynamo.page(Doc, C.eq(Doc.attrs.id, 'a'), { pageSize: 3 })(s.env)()
  assert.ok(E.isRight(ok))
  assert.equal(s.sent, ['QueryCommand'])
})

test('Env.Event: every event has a table: the one the request names, or "" when it names none', async () => {
  const events: Env.Event[] = []
  const s = standIn((e) => events.push(e))
  await Dynamo.send(new GetItemCommand({ TableName: 'docs', Key: { id: { S: 'a' }, n: { N: '1' } } }))(s.env)()
  await Dynamo.send(new ListTablesCommand({}))(s.env)()
  assert.equal(
    events.map((e) => [e.command, e.table]),
    [
      ['GetItem', 'docs'],
      ['ListTables', ''],
    ],
  )
})

test('Env.Event of a request across tables (a batch, a transaction): table its first, tables every one, each once, in order', async () => {
  const events: Env.Event[] = []
  const s = standIn((e) => events.push(e))
  const key = { id: { S: 'a' }, n: { N: '1' } }
  await Dynamo.send(new BatchWriteItemCommand({ RequestItems: { docs: [{ DeleteRequest: { Key: key } }], notes: [{ DeleteRequest: { Key: key } }] } }))(s.env)()
  await Dynamo.send(
    new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: 'docs', Item: key } },
        { ConditionCheck: { TableName: 'docs', Key: { id: { S: 'b' }, n: { N: '1' } }, ConditionExpression: 'attribute_exists(id)' } },
        { Delete: { TableName: 'notes', Key: key } },
        { Update: { TableName: 'users', Key: key, UpdateExpression: 'SET x = :x', ExpressionAttributeValues: { ':x': { S: 'y' } } } },
      ],
    }),
  )(s.env)()
  await Dynamo.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'docs', Item: key } }] }))(s.env)()
  assert.equal(
    events.map((e) => [e.command, e.table, e.tables]),
    [
      ['BatchWriteItem', 'docs', ['docs', 'notes']],
      ['TransactWriteItems', 'docs', ['docs', 'notes', 'users']],
      ['TransactWriteItems', 'docs', undefined],
    ],
  )
})

test('describeTable of a name DynamoDB refuses (a prefix of Env.make that makes it over 255 characters): a ValidationError naming TableName, and no request', async () => {
  const sent: string[] = []
  const client = { send: async (command: { constructor: { name: string } }) => (sent.push(command.constructor.name), { $metadata: {} }) }
  const env = Env.make({ client: client as unknown as DynamoDBClient, tablePrefix: 'p'.repeat(253) })
  const r = await Dynamo.describeTable(Doc)(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'TableName', JSON.stringify(r))
  assert.equal(sent, [])
})

test.run()
