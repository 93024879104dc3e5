/**
 * A DescribeTable or DescribeTimeToLive answer of a shape DynamoDB never gives (a stand-in, a
 * proxy, a bug) is `InvalidAnswer` naming what is wrong (lib/run/answer.ts `describedWhy`),
 * before anything is read from it: never a throw caught as "the application's code threw",
 * and never a `TableStatus` left out read as ACTIVE (a wait for the table would end as if it
 * were ready, and syncTable go on to its next step).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import { usersDescription } from '../../harness/usersTable.js'

const User = Model.make({
  table: 'users',
  hashKey: 'id',
  codec: t.type({ id: t.string, n: t.number }),
  indexes: { byN: Model.globalIndex({ hashKey: 'n' }) },
})

const good = usersDescription('ACTIVE', 'ACTIVE', false) as unknown as Record<string, unknown>
const goodTtl = { TimeToLiveStatus: 'DISABLED' }

/** A client that answers DescribeTable with `table`, DescribeTimeToLive with `ttl`, and counts every other command it is sent. */
const standIn = (table: unknown, ttl: unknown = goodTtl) => {
  const others: string[] = []
  const send = async (c: { constructor: { name: string } }) => {
    const name = c.constructor.name
    if (name === 'DescribeTableCommand') return { $metadata: {}, Table: table }
    if (name === 'DescribeTimeToLiveCommand') return { $metadata: {}, TimeToLiveDescription: ttl }
    others.push(name)
    return { $metadata: {} }
  }
  return { others, env: Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, waitTimeoutMs: 1000 }) }
}

const garbage: ReadonlyArray<readonly [string, unknown, string]> = [
  ['GlobalSecondaryIndexes [null]', { ...good, GlobalSecondaryIndexes: [null] }, 'GlobalSecondaryIndexes hold an index that is no map'],
  ['GlobalSecondaryIndexes no list', { ...good, GlobalSecondaryIndexes: { byN: {} } }, 'GlobalSecondaryIndexes are no list'],
  ['an index without its KeySchema', { ...good, GlobalSecondaryIndexes: [{ IndexName: 'byN', IndexStatus: 'ACTIVE' }] }, 'KeySchema'],
  ['LocalSecondaryIndexes [1]', { ...good, LocalSecondaryIndexes: [1] }, 'LocalSecondaryIndexes hold an index that is no map'],
  ['KeySchema no list', { ...good, KeySchema: { AttributeName: 'id', KeyType: 'HASH' } }, 'KeySchema is no list'],
  ['KeySchema without HASH', { ...good, KeySchema: [{ AttributeName: 'id', KeyType: 'RANGE' }] }, 'has no HASH key'],
  ['KeySchema naming an undefined attribute', { ...good, KeySchema: [{ AttributeName: 'other', KeyType: 'HASH' }] }, 'do not define'],
  ['AttributeDefinitions a map', { ...good, AttributeDefinitions: { id: 'S' } }, 'AttributeDefinitions'],
  ['AttributeDefinitions [null]', { ...good, AttributeDefinitions: [null] }, 'AttributeDefinitions'],
  ['AttributeDefinitions missing', { ...good, AttributeDefinitions: undefined }, 'AttributeDefinitions'],
  ['no TableStatus', { ...good, TableStatus: undefined }, 'has no TableStatus'],
  ['TableStatus a number', { ...good, TableStatus: 1 }, 'has no TableStatus'],
  ['ProvisionedThroughput of strings', { ...good, ProvisionedThroughput: { ReadCapacityUnits: '1', WriteCapacityUnits: 1 } }, 'ProvisionedThroughput'],
  ['Projection a string', { ...good, GlobalSecondaryIndexes: [{ IndexName: 'byN', KeySchema: [{ AttributeName: 'n', KeyType: 'HASH' }], Projection: 'ALL', IndexStatus: 'ACTIVE' }] }, 'Projection'],
]

const isInvalid = (r: E.Either<DE.DynamoError, unknown>, name: string, says: string): void => {
  if (E.isRight(r)) throw new Error(`${name}: expected InvalidAnswer, got a Right`)
  const shown = DE.show(r.left)
  assert.ok(r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer', `${name}: ${shown}`)
  assert.ok(shown.includes("DynamoDB's answer could not be read") && shown.includes(says), `${name}: ${shown}`)
}

test('describeTable and planTable: a Table of a shape DynamoDB never gives is InvalidAnswer naming the member', async () => {
  for (const [name, table, says] of garbage) {
    isInvalid(await Dynamo.describeTable(User)(standIn(table).env)(), `describeTable, ${name}`, says)
    isInvalid(await Dynamo.planTable(User)(standIn(table).env)(), `planTable, ${name}`, says)
  }
})

test('syncTable and createTable: a Table without TableStatus is InvalidAnswer, never ACTIVE: no write is sent after it', async () => {
  const noStatus = { ...good, TableStatus: undefined }
  const sync = standIn(noStatus)
  isInvalid(await Dynamo.syncTable(User)(sync.env)(), 'syncTable', 'has no TableStatus')
  assert.equal(sync.others, [])
  // createTable's CreateTable is sent; its wait for ACTIVE reads the answer and refuses it
  const create = standIn(noStatus)
  isInvalid(await Dynamo.createTable(User)(create.env)(), 'createTable', 'has no TableStatus')
  assert.equal(create.others, ['CreateTableCommand'])
})

test('a TimeToLiveDescription without TimeToLiveStatus is InvalidAnswer, never DISABLED', async () => {
  isInvalid(await Dynamo.describeTable(User)(standIn(good, {}).env)(), 'describeTable', 'has no TimeToLiveStatus')
})

test('the answers DynamoDB gives are read as they say', async () => {
  const r = await Dynamo.describeTable(User)(standIn(good).env)()
  assert.ok(E.isRight(r) && r.right._tag === 'Some' && r.right.value.status === 'ACTIVE')
  const multi = { ...good, GlobalSecondaryIndexes: [{ IndexName: 'byN', KeySchema: [{ AttributeName: 'n', KeyType: 'HASH' }, { AttributeName: 'id', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, IndexStatus: 'ACTIVE' }] }
  assert.ok(E.isRight(await Dynamo.describeTable(User)(standIn(multi).env)()), 'an index key of several attributes of a role')
  // DynamoDB Local lists an index being deleted whose key attribute it no longer defines (TableSync.spec.ts)
  const deleting = { ...good, AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], GlobalSecondaryIndexes: [{ IndexName: 'byN', KeySchema: [{ AttributeName: 'n', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, IndexStatus: 'DELETING' }] }
  assert.ok(E.isRight(await Dynamo.describeTable(User)(standIn(deleting).env)()), 'an index DELETING whose key is no longer defined')
  // DynamoDB describes a table it is deleting as its DeleteTable answers: no KeySchema, no AttributeDefinitions
  const gone = { TableName: 'users', TableStatus: 'DELETING', ItemCount: 0, TableSizeBytes: 0, ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 } }
  const d = await Dynamo.describeTable(User)(standIn(gone).env)()
  assert.ok(E.isRight(d) && d.right._tag === 'Some' && d.right.value.status === 'DELETING', JSON.stringify(d))
  // deleteTable waits through it until the table is gone
  let described = 0
  const send = async (c: { constructor: { name: string } }) => {
    const name = c.constructor.name
    if (name === 'DescribeTableCommand' && described++ > 0) throw Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException', $fault: 'client', $metadata: { httpStatusCode: 400 } })
    if (name === 'DescribeTableCommand') return { $metadata: {}, Table: gone }
    if (name === 'DescribeTimeToLiveCommand') return { $metadata: {}, TimeToLiveDescription: goodTtl }
    return { $metadata: {}, TableDescription: gone }
  }
  const deleted = await Dynamo.deleteTable(User)(Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, waitTimeoutMs: 1000 }))()
  assert.ok(E.isRight(deleted), JSON.stringify(deleted))
})

test.run()
