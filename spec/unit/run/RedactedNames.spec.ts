/**
 * An error of a table operation quotes the names the models give (the table, an index, a key
 * attribute) as they are: the Env's credentials are taken out of what the answer gave, never
 * out of the user's own names. With LocalStack's usual credentials (`test`/`test`), a table
 * `test_users` was shown as `***_users`, an index `latest` as `la***`.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'

const User = Model.make({ table: 'test_users', hashKey: 'test_id', codec: t.type({ test_id: t.string, n: t.number }), indexes: { latest: Model.globalIndex({ hashKey: 'n' }) } })

const described = (status: string, index: string, hashKey = 'test_id'): TableDescription => ({
  TableName: 'test_users',
  TableStatus: status as TableDescription['TableStatus'],
  KeySchema: [{ AttributeName: hashKey, KeyType: 'HASH' }],
  AttributeDefinitions: [
    { AttributeName: hashKey, AttributeType: 'S' },
    { AttributeName: 'n', AttributeType: 'N' },
  ],
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  GlobalSecondaryIndexes: [
    { IndexName: 'latest', KeySchema: [{ AttributeName: 'n', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, IndexStatus: index as 'ACTIVE', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } },
  ],
})

const envOf = (table: TableDescription) => {
  const send = async (c: { constructor: { name: string } }) =>
    c.constructor.name === 'DescribeTimeToLiveCommand' ? { $metadata: {}, TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } } : { $metadata: {}, Table: table }
  return Env.make({ client: { send } as unknown as DynamoDBClient, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, sleep: async () => undefined, waitTimeoutMs: 100 })
}

for (const [what, table, tag, wanted] of [
  ['a wait run out', described('ACTIVE', 'CREATING'), 'TimeoutError', ['table test_users', 'index latest CREATING']],
  ['a status no wait ends', described('ARCHIVED', 'CREATING'), 'TableNotActive', ['table test_users is ARCHIVED, index latest CREATING']],
  ['a key schema the models want otherwise', described('ACTIVE', 'ACTIVE', 'other'), 'SchemaError', ['table test_users', 'the models want test_id (S)']],
] as const) {
  test(`syncTable, credentials test/test, ${what}: ${tag} quotes test_users, latest and test_id as they are`, async () => {
    const r = await Dynamo.syncTable(User)(envOf(table))()
    const shown = E.isLeft(r) ? DE.show(r.left) : JSON.stringify(r)
    assert.ok(E.isLeft(r) && (r.left._tag === tag || (r.left._tag === 'AwsError' && r.left.name === tag)), shown)
    for (const w of wanted) assert.ok(shown.includes(w), `${w} in ${shown}`)
    assert.not.ok(shown.includes('***'), shown)
  })
}

test('what the answer gives of its own is still cleaned: an undeclared index named by the access key id, in a key schema Unfixable', async () => {
  const d = described('ACTIVE', 'ACTIVE', 'other')
  const table = { ...d, GlobalSecondaryIndexes: [...(d.GlobalSecondaryIndexes ?? []), { ...(d.GlobalSecondaryIndexes ?? [])[0], IndexName: 'test', IndexStatus: 'ARCHIVED' }] } as TableDescription
  const r = await Dynamo.syncTable(User)(envOf(table))()
  const shown = E.isLeft(r) ? DE.show(r.left) : JSON.stringify(r)
  assert.ok(E.isLeft(r), shown)
  assert.ok(shown.includes('table test_users') && !/\btest\b/.test(shown), shown)
})

test.run()
