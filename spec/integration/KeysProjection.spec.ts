/**
 * A `'keys'` projection on a model with composed keys, against DynamoDB Local: what the index
 * holds is what the planner (`heldBy`) and the decoder take it to hold. DynamoDB's KEYS_ONLY
 * holds the table's key attributes and the index's only (for a single-table model: `pk`, `sk`,
 * `gsi1pk`, computed texts no item type has, and no entity attribute, so a read of the entity
 * through it would keep no item); a model's `'keys'` is its keys as fields, as a plain model's
 * keys-only index gives them, so `createTable` declares it `INCLUDE` of the entity attribute
 * and the fields of the key templates, and a read through it gives exactly those fields. A
 * table whose index is KEYS_ONLY (made by another tool) is not what the model declares:
 * `planTable` says so (`Unfixable`, or a rebuild when asked), rather than reads through it
 * finding nothing.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { CreateTableCommand, DescribeTableCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Model from '../../lib/model/Model.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import { heldBy } from '../../lib/plan/held.js'
import { fixture, ok, type Fixture } from '../harness/models.js'
import { before } from '../harness/setup.js'

/** The order model on the table `table`: its index byStatus projects its keys. */
const orderOn = <T extends string>(table: T) =>
  Model.make({
    table,
    entity: 'order',
    billing: 'onDemand',
    codec: t.type({ customerId: t.string, orderId: t.string, status: t.string, total: t.number }),
    hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
    rangeKey: Model.key('sk', 'ORDER#{orderId}'),
    indexes: { byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), projection: 'keys' }) },
  })
const Order = orderOn('shop')
/** The same model on a table made by another tool, whose index is KEYS_ONLY. */
const Raw = orderOn('rawshop')

let f: Fixture
const order = { customerId: 'c1', orderId: 'o1', status: 'open', total: 7 }

before(test, async () => {
  f = await fixture('keysprojection')
  await ok(f.env, Dynamo.createTable(Order))
  await ok(f.env, Dynamo.saveOne(Order, order))
  await f.client.send(
    new CreateTableCommand({
      TableName: f.table(Raw),
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }, { AttributeName: 'gsi1pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    }),
  )
  await f.client.send(new PutItemCommand({ TableName: f.table(Raw), Item: { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o1' }, gsi1pk: { S: 'STATUS#open' }, _et: { S: 'order' }, customerId: { S: 'c1' }, orderId: { S: 'o1' }, status: { S: 'open' }, total: { N: '7' } } }))
})

/** The attribute names of the items a raw Query of the index gives. */
const rawNames = async (table: string): Promise<ReadonlyArray<string>> => {
  const out = await f.client.send(new QueryCommand({ TableName: table, IndexName: 'byStatus', KeyConditionExpression: 'gsi1pk = :s', ExpressionAttributeValues: { ':s': { S: 'STATUS#open' } } }))
  assert.is(out.Items?.length, 1)
  return Object.keys(out.Items?.[0] ?? {}).sort()
}

test("DynamoDB Local's KEYS_ONLY holds the table's and the index's key attributes only: no field, no entity attribute", async () => {
  assert.equal(await rawNames(f.table(Raw)), ['gsi1pk', 'pk', 'sk'])
})

test("a model's 'keys' index is created INCLUDE of the entity attribute and the key templates' fields: it holds what the planner says it holds", async () => {
  const d = await f.client.send(new DescribeTableCommand({ TableName: f.table(Order) }))
  assert.equal(d.Table?.GlobalSecondaryIndexes?.[0]?.Projection, { ProjectionType: 'INCLUDE', NonKeyAttributes: ['_et', 'customerId', 'orderId', 'status'] })
  const held = [...heldBy(Order, Order.indexes.byStatus)].sort()
  assert.equal(await rawNames(f.table(Order)), held)
  assert.equal(held, ['_et', 'customerId', 'gsi1pk', 'orderId', 'pk', 'sk', 'status'])
})

test("a read through the 'keys' index gives the key fields, decoded (the fields it does not hold are not asked for)", async () => {
  const items = await ok(f.env, Dynamo.getMany(Order, C.eq(Order.attrs.status, 'open'), { index: 'byStatus' }))
  assert.equal(items, [{ customerId: 'c1', orderId: 'o1', status: 'open' }])
  // the index does not project total (its type says so too: Model.IndexGives)
  // @ts-expect-error -- 'total' is no field the keys index gives
  const plan = Dynamo.explain(Order, C.eq(Order.attrs.status, 'open'), { index: 'byStatus', select: ['total'] })
  assert.ok(plan._tag === 'Left' && plan.left._tag === 'ExpressionError', 'a field the index does not hold is refused, not read as missing')
  assert.match(DE.show(plan.left), /the index byStatus does not project every field the read asks for/)
})

test('a table whose index is KEYS_ONLY is not what the model declares: planTable says so', async () => {
  const plan = await ok(f.env, Dynamo.planTable(Raw))
  assert.ok(plan.steps.some((s) => s._tag === 'Unfixable' && /byStatus/.test(JSON.stringify(s))), JSON.stringify(plan.steps))
})

test.run()
