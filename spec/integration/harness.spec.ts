import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { PutItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { createRawTable, local, uniqueTable } from '../harness/local.js'

test('DynamoDB Local answers on a free loopback port and round-trips an item', async () => {
  const db = await local()
  assert.match(db.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/)
  assert.ok(db.pid > 0)
  const TableName = uniqueTable('harness')
  await createRawTable(db.client, TableName)
  await db.client.send(new PutItemCommand({ TableName, Item: { pk: { S: 'a' }, n: { N: '1' } } }))
  const got = await db.client.send(new GetItemCommand({ TableName, Key: { pk: { S: 'a' } } }))
  assert.equal(got.Item, { pk: { S: 'a' }, n: { N: '1' } })
})

test.run()
