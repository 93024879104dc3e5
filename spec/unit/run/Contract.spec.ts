/**
 * Where the code met DESIGN's contract only after this spec (DESIGN §5.1, §5.5), against a
 * stand-in client that records every command: `page` takes no `limit` (a `ValidationError`,
 * never silently ignored, and no request), and every `Env.Event` names its `table` (`''`
 * for a command that names none).
 */
import * as assert from 'uvu/assert'
import { BatchWriteItemCommand, GetItemCommand, ListTablesCommand, TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Writable } from 'node:stream'
import { test } from 'uvu'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as T from '../../../lib/compile/Transaction.js'
import type { DynamoError } from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const Doc = Model.make({ table: 'docs', hashKey: 'id', rangeKey: 'n', codec: t.type({ id: t.string, n: t.number }) })
const Note = Model.make({ table: 'notes', hashKey: 'id', codec: t.type({ id: t.string, text: t.string }) })

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

test('planTable of a name the prefix makes too long: the message says its length and the limit (golden)', async () => {
  const sent: string[] = []
  const client = { send: async (command: { constructor: { name: string } }) => (sent.push(command.constructor.name), { $metadata: {} }) }
  const env = Env.make({ client: client as unknown as DynamoDBClient, tablePrefix: 'p'.repeat(253) })
  const r = await Dynamo.planTable(Doc)(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
  assert.equal(r.left.issues, [
    { path: 'TableName', message: `"${'p'.repeat(60)}…" is no table name DynamoDB takes (3 to 255 characters of a-z, A-Z, 0-9, '_', '-', '.'): it has 257 characters, at most 255` },
  ])
  assert.equal(sent, [])
})

test('every operation on a table whose name the prefix makes one DynamoDB refuses (over 255 characters): a ValidationError naming TableName, and no request (a batch: each item failed so, not-written)', async () => {
  const sent: string[] = []
  const client = { send: async (command: { constructor: { name: string } }) => (sent.push(command.constructor.name), { $metadata: {}, Items: [], UnprocessedItems: {}, Responses: {} }) }
  const env = Env.make({ client: client as unknown as DynamoDBClient, tablePrefix: 'p'.repeat(252), sleep: async () => {} })
  const a = Doc.attrs
  async function* lines(): AsyncIterable<string> {
    yield '{"Item":{"id":{"S":"a"},"n":{"N":"1"}}}'
  }
  const sink = new Writable({ write: (_c, _e, done) => done() })
  const refused = (r: E.Either<DynamoError, unknown>): boolean => E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'TableName'
  const ops: ReadonlyArray<readonly [string, (env: Env.Env) => Promise<E.Either<DynamoError, unknown>>]> = [
    ['getOne', (e) => Dynamo.getOne(Doc, ['a', 1])(e)()],
    ['saveOne', (e) => Dynamo.saveOne(Doc, { id: 'a', n: 1 })(e)()],
    ['updateOne', (e) => Dynamo.updateOne(Note, 'a', [U.set(Note.attrs.text, 'b')])(e)()],
    ['deleteOne', (e) => Dynamo.deleteOne(Doc, ['a', 1])(e)()],
    ['getMany', (e) => Dynamo.getMany(Doc, C.eq(a.id, 'a'))(e)()],
    ['page', (e) => Dynamo.page(Doc, C.exists(a.id))(e)()],
    ['count', (e) => Dynamo.count(Doc, C.eq(a.id, 'a'))(e)()],
    ['transactWrite', (e) => Dynamo.transactWrite([T.put(Doc, { id: 'a', n: 1 })])(e)()],
    ['transactGet', (e) => Dynamo.transactGet([T.get(Doc, ['a', 1])] as const)(e)()],
    ['createTable', (e) => Dynamo.createTable(Doc)(e)()],
    ['deleteTable', (e) => Dynamo.deleteTable(Doc)(e)()],
    ['clearTable', (e) => Dynamo.clearTable(Doc)(e)()],
    ['dump', (e) => Dynamo.dump(Doc, sink)(e)()],
  ]
  for (const [name, op] of ops) {
    sent.length = 0
    const r = await op(env)
    assert.ok(refused(r), `${name}: ${JSON.stringify(r)}`)
    assert.equal(sent, [], name)
  }
  for (const [name, op] of [
    ['saveMany', (e: Env.Env) => Dynamo.saveMany(Doc, [{ id: 'a', n: 1 }, { id: 'b', n: 2 }])(e)()],
    ['deleteMany', (e: Env.Env) => Dynamo.deleteMany(Doc, [['a', 1], ['b', 2]])(e)()],
  ] as const) {
    sent.length = 0
    const r = await op(env)
    assert.ok(E.isRight(r) && r.right.fail.length === 2 && r.right.fail.every((f) => refused(E.left(f.error)) && f.outcome === 'not-written'), `${name}: ${JSON.stringify(r)}`)
    assert.equal(sent, [], name)
  }
  sent.length = 0
  const loaded = await Dynamo.load(Doc, lines())(env)()
  assert.ok(E.isRight(loaded) && loaded.right.written === 0 && loaded.right.fail.length === 1 && refused(E.left((loaded.right.fail[0] as { error: DynamoError }).error)), JSON.stringify(loaded))
  assert.equal(sent, [])
})

test.run()
