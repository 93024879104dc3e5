/**
 * `Dynamo.load` (a model's table) and the command line's load (a raw table, `rawTarget`)
 * against the keys of the table's indexes, DynamoDB Local the oracle: an item whose index key
 * attribute DynamoDB refuses (of another type than the index declares, an empty string or
 * binary, a sort key over 1,024 bytes) fails with its line number before any request, as
 * every write of the model (`saveOne`) refuses it; the others load. A raw table's index keys
 * are read from its description.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { CreateTableCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Data from '../../lib/run/data.js'
import * as Model from '../../lib/model/Model.js'
import * as Line from '../../lib/table/Line.js'
import { describeByName } from '../../lib/run/tables.js'
import { fixture, ok, scanAll, REQUEST_MS, type Fixture } from '../harness/models.js'

type Item = Record<string, AttributeValue>

/** A model whose global index has a hash and a range key. */
const Indexed = Model.make({
  table: 'load-index-keys',
  hashKey: 'pk',
  codec: t.intersection([t.type({ pk: t.string }), t.partial({ g: t.string, r: t.string })]),
  billing: 'onDemand',
  indexes: { byG: Model.globalIndex({ hashKey: 'g', rangeKey: 'r' }) },
})

/** An Env on the fixture's tables that counts its requests. */
const counting = (f: Fixture): { readonly env: Env.Env; readonly requests: () => number } => {
  let n = 0
  return { env: Env.make({ region: 'us-east-2', client: f.client, tablePrefix: f.prefix, on: () => n++, timeoutMs: REQUEST_MS }), requests: () => n }
}

/** What DynamoDB Local says of each item sent as it is by a raw PutItem. */
const oracle = (f: Fixture, table: string, items: ReadonlyArray<Item>): Promise<ReadonlyArray<string>> =>
  Promise.all(items.map((Item) => f.client.send(new PutItemCommand({ TableName: table, Item })).then(() => 'stored', (e: unknown) => (e as Error).name)))

test("load through a model: a line whose index key DynamoDB refuses (an empty string, a sort key over 1,024 bytes) fails with its line number before any request, a ValidationError naming the attribute and the index, as saveOne refuses it; the others load. DynamoDB Local agrees on every item", async () => {
  const f = await fixture('load-index-keys')
  await ok(f.env, Dynamo.createTable(Indexed))
  const refused: ReadonlyArray<Item> = [
    { pk: { S: 'a' }, g: { S: '' } },
    { pk: { S: 'b' }, g: { S: 'x' }, r: { S: '' } },
    { pk: { S: 'c' }, g: { S: 'x' }, r: { S: 'y'.repeat(1025) } },
    { pk: { S: 'd' }, r: { S: '' } },
  ]
  const stored: ReadonlyArray<Item> = [
    { pk: { S: 'e' }, g: { S: 'x' }, r: { S: 'y'.repeat(1024) } },
    { pk: { S: 'f' }, g: { S: 'x' } },
    { pk: { S: 'g' } },
  ]
  const { env, requests } = counting(f)
  const r = await ok(env, Dynamo.load(Indexed, [...refused, ...stored].map(Line.show)))
  assert.equal(
    r.fail.map((x) => [x.line, x.error._tag, x.outcome]),
    refused.map((_, i) => [i + 1, 'ValidationError', 'not-written']),
  )
  for (const x of r.fail) assert.match(DE.show(x.error), /index byG/)
  assert.is(r.written, stored.length)
  assert.is(requests(), 1, 'one BatchWriteItem of the lines DynamoDB stores, no request for the others')
  // as a write of the model refuses it
  const saved = await Dynamo.saveOne(Indexed, { pk: 'a', g: '' })(env)()
  assert.ok(E.isLeft(saved) && saved.left._tag === 'ValidationError')
  assert.equal((await scanAll(f.client, f.table(Indexed))).map((x) => x['pk']?.S).sort(), ['e', 'f', 'g'])
  assert.equal(await oracle(f, f.table(Indexed), [...refused, ...stored]), [...refused.map(() => 'ValidationException'), ...stored.map(() => 'stored')])
})

test('load into a raw table (the command line\'s): a line whose index key is of another type than its description declares, empty, or over its bytes fails with its line number before any request, a ValidationError naming the attribute and the index; the others load. DynamoDB Local agrees on every item', async () => {
  const f = await fixture('load-index-keys-raw')
  const table = `${f.prefix}raw`
  await f.client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'g', AttributeType: 'N' },
        { AttributeName: 'ls', AttributeType: 'B' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byLs',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'ls', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  )
  const refused: ReadonlyArray<Item> = [
    { pk: { S: 'a' }, sk: { S: '1' }, g: { S: 'one' } },
    { pk: { S: 'a' }, sk: { S: '2' }, g: { NULL: true } },
    { pk: { S: 'a' }, sk: { S: '3' }, ls: { S: 'x' } },
    { pk: { S: 'a' }, sk: { S: '4' }, ls: { B: new Uint8Array(0) } },
    { pk: { S: 'a' }, sk: { S: '5' }, ls: { B: new Uint8Array(1025) } },
  ]
  const stored: ReadonlyArray<Item> = [
    { pk: { S: 'a' }, sk: { S: '6' }, g: { N: '1' }, ls: { B: new Uint8Array(1024) } },
    { pk: { S: 'a' }, sk: { S: '7' }, other: { S: '' } },
  ]
  const { env, requests } = counting(f)
  const info = await describeByName(table)(env)()
  assert.ok(E.isRight(info) && info.right._tag === 'Some')
  const target = Data.rawTarget(info.right.value)
  const before = requests()
  const r = await ok(env, Data.loadTarget(target, [...refused, ...stored].map(Line.show)))
  assert.equal(
    r.fail.map((x) => [x.line, x.error._tag, x.outcome]),
    refused.map((_, i) => [i + 1, 'ValidationError', 'not-written']),
  )
  for (const x of r.fail) assert.match(DE.show(x.error), /index by(G|Ls)/)
  assert.is(r.written, stored.length)
  assert.is(requests() - before, 1, 'one BatchWriteItem of the lines DynamoDB stores, no request for the others')
  assert.equal((await scanAll(f.client, table)).map((x) => x['sk']?.S).sort(), ['6', '7'])
  assert.equal(await oracle(f, table, [...refused, ...stored]), [...refused.map(() => 'ValidationException'), ...stored.map(() => 'stored')])
})

test.run()
