/**
 * The `total` of a dump's or a clear's progress is DynamoDB's approximate item count of the
 * table: the count of the items the operation goes through only where it goes through every
 * item. An entity of a shared table dumps and clears its own items, of a count nothing gives,
 * so its progress has no `total` (the table's count, of every entity's items, is no total of
 * its items: `done` would stop far short of it, and a bar's ETA be wrong); a model alone on its
 * table, and a raw table, are told the count.
 */
import { Writable } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import type { ItemProgress } from '../../../lib/run/data.js'

const Customer = Model.make({
  table: 'shop',
  entity: 'customer',
  codec: t.type({ customerId: t.string, name: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'PROFILE'),
})
const Alone = Model.make({ table: 'shop', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.string }) })

const table = {
  TableName: 'shop',
  TableStatus: 'ACTIVE',
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
  // a thousand items of every entity: two are customers
  ItemCount: 1000,
  TableSizeBytes: 0,
}

const customers = [
  { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'PROFILE' }, _et: { S: 'customer' }, customerId: { S: 'c1' }, name: { S: 'one' } },
  { pk: { S: 'CUSTOMER#c2' }, sk: { S: 'PROFILE' }, _et: { S: 'customer' }, customerId: { S: 'c2' }, name: { S: 'two' } },
]

const standIn = () => {
  const client = {
    send: async (command: { constructor: { name: string } }) => {
      switch (command.constructor.name) {
        case 'DescribeTableCommand':
          return { $metadata: {}, Table: table }
        case 'DescribeTimeToLiveCommand':
          return { $metadata: {}, TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } }
        case 'ScanCommand':
          return { $metadata: {}, Items: customers }
        default:
          return { $metadata: {}, UnprocessedItems: {} }
      }
    },
  }
  return Env.make({ client: client as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0 })
}

const sink = () => new Writable({ write: (_c, _e, cb) => cb() })

test("an entity of a shared table: dump's and clearTable's progress have no total (the table's count is every entity's); a model alone on the table is told the table's count", async () => {
  for (const [m, total] of [
    [Customer, undefined],
    [Alone, 1000],
  ] as const) {
    const dumped: ItemProgress[] = []
    const d = await Dynamo.dump(m, sink(), { onProgress: (p) => dumped.push(p) })(standIn())()
    assert.ok(E.isRight(d), JSON.stringify(d))
    assert.equal(dumped, [{ done: 2, ...(total === undefined ? {} : { total }) }], m === Customer ? 'entity' : 'alone')
    const cleared: ItemProgress[] = []
    const c = await Dynamo.clearTable(m, { onProgress: (p) => cleared.push(p) })(standIn())()
    assert.ok(E.isRight(c), JSON.stringify(c))
    assert.equal(cleared, [{ done: 2, ...(total === undefined ? {} : { total }) }], m === Customer ? 'entity' : 'alone')
  }
})

test.run()
