/**
 * An InvalidAnswer of a table's description quotes the answer's texts as a wait's errors do
 * (`tables.quoting`): the models' names, the table's and the statuses as they are, anything else
 * cleaned. With LocalStack's usual credentials (`test`/`test`), the key `test_id` of a model
 * was quoted `***_id`, its index `latest` `la***`.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { TableDescription } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { describing } from '../../harness/describing.js'

const User = Model.make({ table: 'test_users', hashKey: 'test_id', codec: t.type({ test_id: t.string, n: t.number }), indexes: { latest: Model.globalIndex({ hashKey: 'n' }) } })

const base: TableDescription = {
  TableName: 'test_users',
  TableStatus: 'ACTIVE',
  KeySchema: [{ AttributeName: 'test_id', KeyType: 'HASH' }],
  AttributeDefinitions: [
    { AttributeName: 'test_id', AttributeType: 'S' },
    { AttributeName: 'n', AttributeType: 'N' },
  ],
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
}

const envOf = (table: TableDescription) => describing(table, { accessKeyId: 'test', secretAccessKey: 'test' })

const cases: ReadonlyArray<readonly [string, TableDescription, string]> = [
  ['a key attribute the AttributeDefinitions do not define', { ...base, AttributeDefinitions: [{ AttributeName: 'n', AttributeType: 'N' }] }, 'names test_id, which'],
  ['an index whose KeySchema has no HASH', { ...base, GlobalSecondaryIndexes: [{ IndexName: 'latest', KeySchema: [{ AttributeName: 'n', KeyType: 'RANGE' }] }] }, '(latest) has a KeySchema'],
]

for (const [what, table, wanted] of cases) {
  test(`credentials test/test, ${what}: describeTable's, planTable's and syncTable's InvalidAnswer quote the model's names as they are`, async () => {
    const env = envOf(table)
    for (const r of [await Dynamo.describeTable(User)(env)(), await Dynamo.planTable(User)(env)(), await Dynamo.syncTable(User)(env)()]) {
      const shown = E.isLeft(r) ? DE.show(r.left) : JSON.stringify(r)
      assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer', shown)
      assert.ok(shown.includes(wanted), `${wanted} in ${shown}`)
      assert.not.ok(shown.includes('***'), shown)
    }
  })
}

test('what the answer gives of its own is still cleaned: an index named by the access key id', async () => {
  const env = envOf({ ...base, GlobalSecondaryIndexes: [{ IndexName: 'test', KeySchema: [{ AttributeName: 'n', KeyType: 'RANGE' }] }] })
  const r = await Dynamo.describeTable(User)(env)()
  const shown = E.isLeft(r) ? DE.show(r.left) : JSON.stringify(r)
  assert.ok(E.isLeft(r) && shown.includes('(***) has a KeySchema'), shown)
})

test.run()
