/**
 * Issue 4, point 8: `createTable` / `deleteTable` against DynamoDB Local, checked with a raw
 * DescribeTable: key schema, attribute definitions, indexes, billing.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Model from '../../lib/model/Model.js'
import { Contacts, User, UserOnDemand, describe, err, fixture, ok } from '../harness/models.js'

const sortBy = <A>(as: ReadonlyArray<A> | undefined, key: (a: A) => string): A[] => [...(as ?? [])].sort((a, b) => key(a).localeCompare(key(b)))

test('createTable(User): hash key email (S), provisioned 8/8, ACTIVE', async () => {
  const f = await fixture('tables')
  await ok(f.env, Dynamo.createTable(User))
  const d = await describe(f.client, f.table(User))
  assert.is(d.TableName, `${f.prefix}users`)
  assert.is(d.TableStatus, 'ACTIVE')
  assert.equal(d.KeySchema, [{ AttributeName: 'email', KeyType: 'HASH' }])
  assert.equal(d.AttributeDefinitions, [{ AttributeName: 'email', AttributeType: 'S' }])
  assert.is(d.ProvisionedThroughput?.ReadCapacityUnits, 8)
  assert.is(d.ProvisionedThroughput?.WriteCapacityUnits, 8)
  assert.not.ok(d.GlobalSecondaryIndexes)
  assert.not.ok(d.LocalSecondaryIndexes)
})

test('createTable(Contacts): hash + range key, an LSI and a GSI, provisioned 5/6', async () => {
  const f = await fixture('tables')
  await ok(f.env, Dynamo.createTable(Contacts))
  const d = await describe(f.client, f.table(Contacts))
  assert.is(d.TableStatus, 'ACTIVE')
  assert.equal(d.KeySchema, [
    { AttributeName: 'user_id', KeyType: 'HASH' },
    { AttributeName: 'email', KeyType: 'RANGE' },
  ])
  assert.equal(sortBy(d.AttributeDefinitions, (a) => a.AttributeName ?? ''), [
    { AttributeName: 'email', AttributeType: 'S' },
    { AttributeName: 'rank', AttributeType: 'N' },
    { AttributeName: 'user_id', AttributeType: 'S' },
  ])
  assert.is(d.ProvisionedThroughput?.ReadCapacityUnits, 5)
  assert.is(d.ProvisionedThroughput?.WriteCapacityUnits, 6)
  const lsi = d.LocalSecondaryIndexes ?? []
  assert.is(lsi.length, 1)
  assert.is(lsi[0]?.IndexName, 'byRank')
  assert.equal(lsi[0]?.KeySchema, [
    { AttributeName: 'user_id', KeyType: 'HASH' },
    { AttributeName: 'rank', KeyType: 'RANGE' },
  ])
  assert.is(lsi[0]?.Projection?.ProjectionType, 'ALL')
  const gsi = d.GlobalSecondaryIndexes ?? []
  assert.is(gsi.length, 1)
  assert.is(gsi[0]?.IndexName, 'byEmail')
  assert.equal(gsi[0]?.KeySchema, [
    { AttributeName: 'email', KeyType: 'HASH' },
    { AttributeName: 'user_id', KeyType: 'RANGE' },
  ])
  assert.is(gsi[0]?.Projection?.ProjectionType, 'ALL')
  assert.is(gsi[0]?.ProvisionedThroughput?.ReadCapacityUnits, 5)
  assert.is(gsi[0]?.ProvisionedThroughput?.WriteCapacityUnits, 6)
  assert.is(gsi[0]?.IndexStatus, 'ACTIVE')
})

test('createTable of an on-demand model: PAY_PER_REQUEST', async () => {
  const f = await fixture('tables')
  await ok(f.env, Dynamo.createTable(UserOnDemand))
  const d = await describe(f.client, f.table(UserOnDemand))
  assert.is(d.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST')
  assert.is(d.ProvisionedThroughput?.ReadCapacityUnits ?? 0, 0)
})

test('createTable of models that give one key attribute two types (an index of each): SchemaError, no table (DynamoDB Local made one, then refused the second model\'s writes)', async () => {
  const Labels = Model.make({ table: 'codes', entity: 'label', billing: 'onDemand', codec: t.type({ id: t.string, code: t.string }), hashKey: Model.key('pk', 'L#{id}'), indexes: { byLabel: Model.globalIndex({ hashKey: 'code' }) } })
  const Numbers = Model.make({ table: 'codes', entity: 'number', billing: 'onDemand', codec: t.type({ id: t.string, code: t.number }), hashKey: Model.key('pk', 'N#{id}'), indexes: { byNumber: Model.globalIndex({ hashKey: 'code' }) } })
  const f = await fixture('tables')
  const e = await err(f.env, Dynamo.createTable([Labels, Numbers]), 'SchemaError')
  assert.match(e.message, /the key attribute code is given two types: S \(index byLabel\) and N \(index byNumber\)/)
  const described = await describe(f.client, f.table(Labels)).then(
    () => 'made',
    (x: { name?: string }) => x.name,
  )
  assert.is(described, 'ResourceNotFoundException')
})

test('createTable of an entity whose index keys code as S and another that stores a field code as N: SchemaError, no table (DynamoDB Local made one, then refused every save of the second)', async () => {
  const Labels = Model.make({ table: 'codes', entity: 'label', billing: 'onDemand', codec: t.type({ id: t.string, code: t.string }), hashKey: Model.key('pk', 'L#{id}'), indexes: { byLabel: Model.globalIndex({ hashKey: 'code' }) } })
  const Numbers = Model.make({ table: 'codes', entity: 'number', billing: 'onDemand', codec: t.type({ id: t.string, code: t.number }), hashKey: Model.key('pk', 'N#{id}') })
  const f = await fixture('tables')
  const e = await err(f.env, Dynamo.createTable([Labels, Numbers]), 'SchemaError')
  assert.match(e.message, /the key attribute code is given two types: S \(index byLabel\) and N \(field code of entity number\)/)
  const described = await describe(f.client, f.table(Labels)).then(
    () => 'made',
    (x: { name?: string }) => x.name,
  )
  assert.is(described, 'ResourceNotFoundException')
  // a field whose codec does not fix its stored type is not refused: the table is made, and a save of a string goes in
  const Either = Model.make({ table: 'codes', entity: 'either', billing: 'onDemand', codec: t.type({ id: t.string, code: t.union([t.string, t.number]) }), hashKey: Model.key('pk', 'E#{id}') })
  await ok(f.env, Dynamo.createTable([Labels, Either]))
  await ok(f.env, Dynamo.saveOne(Either, { id: '1', code: 'x' }))
})

test('createTable twice: the second is an AwsError (ResourceInUseException)', async () => {
  const f = await fixture('tables')
  await ok(f.env, Dynamo.createTable(User))
  const e = await err(f.env, Dynamo.createTable(User), 'AwsError')
  assert.is(e.name, 'ResourceInUseException')
})

test('deleteTable: the table is gone; deleting it again is ResourceNotFoundException', async () => {
  const f = await fixture('tables')
  await ok(f.env, Dynamo.createTable(Contacts))
  await ok(f.env, Dynamo.deleteTable(Contacts))
  const described = await describe(f.client, f.table(Contacts)).then(
    () => 'still there',
    (e: { name?: string }) => e.name,
  )
  assert.is(described, 'ResourceNotFoundException')
  const e = await err(f.env, Dynamo.deleteTable(Contacts), 'AwsError')
  assert.is(e.name, 'ResourceNotFoundException')
})

test('operations on a table that does not exist: AwsError ResourceNotFoundException, not a throw', async () => {
  const f = await fixture('tables')
  const e = await err(f.env, Dynamo.getOne(User, 'a@b.io'), 'AwsError')
  assert.is(e.name, 'ResourceNotFoundException')
})

test.run()
