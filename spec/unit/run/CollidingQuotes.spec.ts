/**
 * syncTable's SchemaError of Unfixable steps quotes what the answer gave cleaned, the models'
 * names as they are, even where two answered names clean to one text (`test_x` and `demo_x`
 * with credentials test/demo are both `***_x`): they stay two names, and no reason is cleaned
 * whole (which took the credential out of the models' own `test_id`).
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

const User = Model.make({ table: 'test_users', hashKey: 'test_id', codec: t.type({ test_id: t.string, n: t.number }) })

const local = (IndexName: string) => ({ IndexName, KeySchema: [{ AttributeName: 'other', KeyType: 'HASH' as const }, { AttributeName: 'n', KeyType: 'RANGE' as const }], Projection: { ProjectionType: 'ALL' as const } })

const table: TableDescription = {
  TableName: 'test_users',
  TableStatus: 'ACTIVE',
  KeySchema: [{ AttributeName: 'other', KeyType: 'HASH' }],
  AttributeDefinitions: [
    { AttributeName: 'other', AttributeType: 'S' },
    { AttributeName: 'n', AttributeType: 'N' },
  ],
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  LocalSecondaryIndexes: [local('test_x'), local('demo_x')],
}

test('credentials test/demo, two local indexes test_x and demo_x deleteIndexes cannot delete, and a key schema the models want otherwise', async () => {
  const env = describing(table, { accessKeyId: 'test', secretAccessKey: 'demo' })
  const r = await Dynamo.syncTable(User, { deleteIndexes: true })(env)()
  const shown = E.isLeft(r) ? DE.show(r.left) : JSON.stringify(r)
  assert.ok(E.isLeft(r) && r.left._tag === 'SchemaError', shown)
  assert.ok(shown.includes('table test_users') && shown.includes('the models want test_id (S)'), shown)
  // both indexes said, apart, neither by its name
  assert.is(shown.match(/a local index cannot be deleted/g)?.length, 2, shown)
  assert.ok(shown.includes('index ***_x:') && shown.includes('index ***_x #2:'), shown)
  assert.not.ok(/test_x|demo_x/.test(shown), shown)
})

test.run()
