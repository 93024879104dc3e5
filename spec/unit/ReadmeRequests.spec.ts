/**
 * What README.md's single-table walk-through says its requests carry, written there in a short
 * form (`pk = 'CUSTOMER#c1'`: names and values in place of their placeholders), is what they
 * carry: each request is built by the operation README.md shows, on its models, and caught by a
 * middleware of the client before it is sent (no network); its expressions, written in that
 * form, are in README.md. (spec/unit/Readme.spec.ts type-checks the examples;
 * spec/integration/Readme.spec.ts runs them against DynamoDB Local.)
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Condition as C, Dynamo, Env, Field, Model, Update as U } from '../../lib/index.js'
import { root } from '../harness/examples.js'

const readme = readFileSync(path.join(root, 'README.md'), 'utf8')

// README.md's models of "Single-table design"
const ShopOrder = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int({ min: 0 }) }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}#{orderId}') }),
  },
})
const ox = ShopOrder.attrs
const Shipment = Model.make({
  table: 'shop',
  entity: 'shipment',
  codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, carrier: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'SHIPMENT#{orderId}'),
  indexes: { byCarrier: Model.globalIndex({ hashKey: ['status', 'carrier'], rangeKey: ['createdAt', 'orderId'] }) },
})
const shx = Shipment.attrs

interface Sent {
  readonly [field: string]: unknown
  readonly ExpressionAttributeNames?: Record<string, string>
  readonly ExpressionAttributeValues?: Record<string, AttributeValue>
}

/** The input of the one request `op` sends, caught before it leaves the client. */
const requestOf = async (op: (env: Env.Env) => () => Promise<unknown>): Promise<Sent> => {
  const sent: Array<Sent> = []
  const client = new DynamoDBClient({ region: 'us-east-2', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
  const caught = () => (args: { input: Sent }) => {
    sent.push(args.input)
    return Promise.reject(Object.assign(new Error('caught'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }))
  }
  client.middlewareStack.add(caught as never, { step: 'initialize', name: 'readmeRequests' })
  await op(Env.make({ client, maxAttempts: 1 }))()
  client.destroy()
  assert.is(sent.length, 1)
  return sent[0] as Sent
}

/** An expression of a request in README.md's short form: each name in place of its `#n`, each string value quoted and each number in place of its `:v`. */
const short = (r: Sent, field: string): string =>
  String(r[field])
    .replace(/#n\d+/g, (n) => r.ExpressionAttributeNames?.[n] ?? n)
    .replace(/:v\d+/g, (v) => {
      const value = r.ExpressionAttributeValues?.[v]
      return value?.S !== undefined ? `'${value.S}'` : (value?.N ?? v)
    })

test("an order's update: the condition and the update expression README.md writes", async () => {
  const r = await requestOf(Dynamo.updateOne(ShopOrder, { customerId: 'c1', createdAt: new Date('2024-03-05T10:00:00.000Z'), orderId: 'o1' }, [U.set(ox.status, 'shipped')]))
  assert.ok(readme.includes(`// UpdateExpression: ${short(r, 'UpdateExpression')} (ConditionExpression: ${short(r, 'ConditionExpression')})`), `${short(r, 'UpdateExpression')} / ${short(r, 'ConditionExpression')}`)
})

test("a customer's orders, newest first: the key condition and the filter README.md writes", async () => {
  const r = await requestOf(Dynamo.page(ShopOrder, C.eq(ox.customerId, 'c1'), { pageSize: 20, descending: true }))
  assert.is(r['ScanIndexForward'], false)
  assert.ok(readme.includes(`// Query KeyConditionExpression: ${short(r, 'KeyConditionExpression')}, FilterExpression: ${short(r, 'FilterExpression')}`), short(r, 'KeyConditionExpression'))
})

test("the open orders: the index and the key condition README.md writes", async () => {
  const r = await requestOf(Dynamo.getMany(ShopOrder, C.eq(ox.status, 'open')))
  assert.ok(readme.includes(`// Query of index ${String(r['IndexName'])}: ${short(r, 'KeyConditionExpression')}`), short(r, 'KeyConditionExpression'))
})

test("late shipments of a carrier: the multi-attribute index's key condition README.md writes, with its placeholders and without", async () => {
  const r = await requestOf(Dynamo.page(Shipment, C.and(C.eq(shx.status, 'late'), C.eq(shx.carrier, 'ups'), C.gte(shx.createdAt, new Date('2024-03-01T00:00:00.000Z'))), { pageSize: 20 }))
  const written = `// Query IndexName: ${String(r['IndexName'])}, KeyConditionExpression: ${String(r['KeyConditionExpression'])}\n//   (${short(r, 'KeyConditionExpression')}), FilterExpression: ${short(r, 'FilterExpression')}`
  assert.ok(readme.includes(written), written)
})

test.run()
