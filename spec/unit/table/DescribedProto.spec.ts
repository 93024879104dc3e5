/**
 * A table may have an index named `__proto__` (DynamoDB takes the name; a table made outside
 * dynamongo). `Describe.fromDescription` assigned it into the record of indexes, which set the
 * record's prototype: `describeTable` gave a table without it, and a wait for the table ACTIVE
 * ended while that index was still CREATING. It is an index of the `TableInfo` as any other.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as O from 'fp-ts/lib/Option.js'
import type { TableDescription } from '@aws-sdk/client-dynamodb'
import * as t from 'io-ts'
import * as Model from '../../../lib/model/Model.js'
import * as Describe from '../../../lib/table/describe.js'
import * as Table from '../../../lib/table/Table.js'

const description = (status: string): TableDescription => ({
  TableName: 'users',
  TableStatus: 'ACTIVE',
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [
    { AttributeName: 'id', AttributeType: 'S' },
    { AttributeName: 'n', AttributeType: 'N' },
  ],
  BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
  GlobalSecondaryIndexes: [{ IndexName: '__proto__', KeySchema: [{ AttributeName: 'n', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, IndexStatus: status as never }],
})

test('an index named __proto__ is an index of the TableInfo: listed, its status watched, planned from once settled, kept undeclared by a plan, deleted with deleteIndexes', () => {
  const creating = Describe.fromDescription(description('CREATING'), undefined)
  assert.equal(Object.keys(creating.indexes), ['__proto__'])
  assert.is(Object.getPrototypeOf(creating.indexes), Object.prototype)
  assert.is(Describe.isActive(creating), false)
  // what a plan reads of a table it would wait for: the index as it will be
  assert.equal(Object.keys(Describe.settled(creating)?.indexes ?? {}), ['__proto__'])
  const active = Describe.fromDescription(description('ACTIVE'), undefined)
  assert.is(Describe.isActive(active), true)
  const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }), billing: 'onDemand' })
  assert.equal(Table.diff(User, O.some(active)).undeclared, ['__proto__'])
  assert.equal(Table.diff(User, O.some(active), { deleteIndexes: true }).steps, [{ _tag: 'DeleteIndex', name: '__proto__', reason: 'undeclared' }])
})

test.run()
