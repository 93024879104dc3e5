/**
 * Tables of models with DynamoDB's multi-attribute index keys (DESIGN §5.4): the shape and the
 * `CreateTable` / `UpdateTable` requests (several HASH and RANGE elements, in order, with their
 * definitions), a described table diffing as equal to its models, a changed list being a
 * rebuild, and `TablePlan.show` drawing it.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Table from '../../../lib/table/Table.js'
import * as TablePlan from '../../../lib/table/TablePlan.js'
import * as Describe from '../../../lib/table/describe.js'
import { right } from '../../harness/either.js'

const codec = t.intersection([
  t.type({ orderId: t.string, customerId: t.string, status: t.string, region: t.string, createdAt: Field.dateTime, total: Field.int({ min: 0 }) }),
  t.partial({ note: t.string }),
])

const Order = Model.make({
  table: 'orders',
  codec,
  hashKey: 'orderId',
  billing: 'onDemand',
  indexes: {
    byStatus: Model.globalIndex({ hashKey: ['status', 'region'], rangeKey: ['createdAt', 'total'] }),
    // one field a side: as DynamoDB sees it, a plain key
    byCustomer: Model.globalIndex({ hashKey: ['customerId'], rangeKey: ['createdAt'], projection: 'keys' }),
  },
})

const shape = suite('Table.shapeOf and the requests of a multi-attribute index')

shape('the shape: the lists in order with their types; a list of one is the attribute', () => {
  const s = right(Table.shapeOf(Order))
  assert.equal(s.indexes.byStatus, {
    _tag: 'GlobalIndex',
    hashKey: [
      { name: 'status', type: 'S' },
      { name: 'region', type: 'S' },
    ],
    rangeKey: [
      { name: 'createdAt', type: 'S' },
      { name: 'total', type: 'N' },
    ],
    projection: { _tag: 'All' },
  })
  assert.equal(s.indexes.byCustomer, { _tag: 'GlobalIndex', hashKey: { name: 'customerId', type: 'S' }, rangeKey: { name: 'createdAt', type: 'S' }, projection: { _tag: 'KeysOnly' } })
})

shape('CreateTable: several HASH and RANGE elements, in order, each attribute defined once', () => {
  const input = right(TablePlan.createTable('p-orders', right(Table.shapeOf(Order))))
  assert.equal(input.AttributeDefinitions, [
    { AttributeName: 'orderId', AttributeType: 'S' },
    { AttributeName: 'status', AttributeType: 'S' },
    { AttributeName: 'region', AttributeType: 'S' },
    { AttributeName: 'createdAt', AttributeType: 'S' },
    { AttributeName: 'total', AttributeType: 'N' },
    { AttributeName: 'customerId', AttributeType: 'S' },
  ])
  assert.equal(input.GlobalSecondaryIndexes?.[0], {
    IndexName: 'byStatus',
    KeySchema: [
      { AttributeName: 'status', KeyType: 'HASH' },
      { AttributeName: 'region', KeyType: 'HASH' },
      { AttributeName: 'createdAt', KeyType: 'RANGE' },
      { AttributeName: 'total', KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  })
})

/** What DynamoDB describes for a table made from `m` (the request read back as a description). */
const described = (m: Table.TableModel): O.Option<Table.TableInfo> => {
  const input = right(TablePlan.createTable(`p-${m.table}`, right(Table.shapeOf(m))))
  return O.some(
    Describe.fromDescription(
      {
        TableName: input.TableName,
        TableStatus: 'ACTIVE',
        KeySchema: input.KeySchema,
        AttributeDefinitions: input.AttributeDefinitions,
        BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
        GlobalSecondaryIndexes: (input.GlobalSecondaryIndexes ?? []).map((g) => ({ ...g, IndexStatus: 'ACTIVE' })),
      },
      undefined,
    ),
  )
}

const diff = suite('Table.diff of multi-attribute indexes')

diff('describeTable reads the lists back: the table diffs as equal to its model (no spurious rebuild)', () => {
  const info = described(Order)
  if (O.isNone(info)) return assert.unreachable()
  assert.equal(info.value.indexes.byStatus?.hashKey, [
    { name: 'status', type: 'S' },
    { name: 'region', type: 'S' },
  ])
  assert.equal(Table.diff(Order, info).steps, [])
})

diff('a changed list (order, attribute, or length) is a rebuild: Unfixable, or DeleteIndex then CreateIndex', () => {
  const info = described(Order)
  for (const byStatus of [
    Model.globalIndex({ hashKey: ['region', 'status'], rangeKey: ['createdAt', 'total'] }),
    Model.globalIndex({ hashKey: ['status', 'region'], rangeKey: ['createdAt'] }),
    Model.globalIndex({ hashKey: ['status', 'region'], rangeKey: ['createdAt', 'total', 'customerId'] }),
    Model.globalIndex({ hashKey: 'status', rangeKey: 'createdAt' }),
  ]) {
    const changed = Model.make({ table: 'orders', codec, hashKey: 'orderId', billing: 'onDemand', indexes: { byStatus, byCustomer: Model.globalIndex({ hashKey: ['customerId'], rangeKey: ['createdAt'], projection: 'keys' }) } })
    const plan = Table.diff(changed, info)
    assert.is(plan.steps.length, 1)
    assert.is(plan.steps[0]?._tag, 'Unfixable')
    const rebuild = Table.diff(changed, info, { rebuildIndexes: true })
    assert.equal(
      rebuild.steps.map((s) => s._tag),
      ['DeleteIndex', 'CreateIndex'],
    )
  }
})

diff('CreateIndex of a multi-attribute index: its request defines every attribute, TablePlan.show draws the lists', () => {
  const Plain = Model.make({ table: 'orders', codec, hashKey: 'orderId', billing: 'onDemand' })
  const plan = Table.diff(Order, described(Plain))
  assert.equal(
    plan.steps.map((s) => (s._tag === 'CreateIndex' ? s.name : s._tag)),
    ['byStatus', 'byCustomer'],
  )
  const r = TablePlan.request('p-orders', plan.steps[0] as TablePlan.Step)
  if (E.isLeft(r) || r.right._tag !== 'UpdateTable') return assert.unreachable()
  assert.equal(r.right.input.AttributeDefinitions, [
    { AttributeName: 'status', AttributeType: 'S' },
    { AttributeName: 'region', AttributeType: 'S' },
    { AttributeName: 'createdAt', AttributeType: 'S' },
    { AttributeName: 'total', AttributeType: 'N' },
  ])
  assert.is(
    TablePlan.show(plan),
    [
      'table orders: 2 steps',
      '  1. create index byStatus: status (S) + region (S), createdAt (S) + total (N), projection all',
      '  2. create index byCustomer: customerId (S), createdAt (S), projection keys',
    ].join('\n'),
  )
})

diff('a new multi-attribute index whose attribute a kept index stores with another type: Unfixable', () => {
  const Other = Model.make({
    table: 'orders',
    codec: t.type({ orderId: t.string, status: t.number, region: t.string }),
    hashKey: 'orderId',
    billing: 'onDemand',
    indexes: { byNumber: Model.globalIndex({ hashKey: 'status' }) },
  })
  const Both = Model.make({
    table: 'orders',
    codec,
    hashKey: 'orderId',
    billing: 'onDemand',
    indexes: { byStatus: Model.globalIndex({ hashKey: ['status', 'region'] }) },
  })
  const plan = Table.diff(Both, described(Other))
  assert.ok(plan.steps.some((s) => s._tag === 'Unfixable' && s.reason === "the key attribute status is given two types: N (the table's index byNumber) and S (index byStatus); DynamoDB defines a key attribute with one type and refuses every write of another"), TablePlan.show(plan))
})

shape.run()
diff.run()
