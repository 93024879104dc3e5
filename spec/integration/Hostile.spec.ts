/**
 * The hostile and careless user's pass, against DynamoDB Local: inputs at the edges of what
 * the library promises (versions at the largest exact number, items with odd own keys, key
 * values that mimic a template), each asserting what is stored and what is read back.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as T from '../../lib/compile/Transaction.js'
import * as U from '../../lib/ast/Update.js'
import { Doc, NOW } from '../harness/lifecycle.js'
import { err, fixture, ok, S } from '../harness/models.js'

const MAX = Number.MAX_SAFE_INTEGER

test('a version at Number.MAX_SAFE_INTEGER: no update pushes it past (unchecked updateOne, updateFromDict, T.update are ConditionalCheckFailed and write nothing); the item stays readable', async () => {
  const f = await fixture('hostile-version', { now: () => NOW })
  await ok(f.env, Dynamo.createTable(Doc))
  const TableName = f.table(Doc)
  const raw = (id: string, version: number) => ({ id: S(id), title: S('T'), version: { N: String(version) }, created_at: S(NOW.toISOString()), updated_at: S(NOW.toISOString()) })
  // an item restored (load keeps versions) or written raw at the largest exact version
  await f.client.send(new PutItemCommand({ TableName, Item: raw('top', MAX) }))
  await f.client.send(new PutItemCommand({ TableName, Item: raw('below', MAX - 1) }))
  const storedVersion = async (id: string) => (await f.client.send(new GetItemCommand({ TableName, Key: { id: S(id) }, ConsistentRead: true }))).Item?.['version']
  await err(f.env, Dynamo.updateOne(Doc, 'top', [U.set(Doc.attrs.title, 'B')]), 'ConditionalCheckFailed')
  await err(f.env, Dynamo.updateFromDict(Doc, { id: 'top', title: 'B' }), 'ConditionalCheckFailed')
  await err(f.env, Dynamo.transactWrite([T.update(Doc, 'top', [U.set(Doc.attrs.title, 'B')])]), 'TransactionCanceled')
  assert.equal(await storedVersion('top'), { N: String(MAX) })
  assert.is((await ok(f.env, Dynamo.getOne(Doc, 'top'))).version, MAX)
  // one below: the update takes it to the largest, and the next one is refused
  const up = await ok(f.env, Dynamo.updateOne(Doc, 'below', [U.set(Doc.attrs.title, 'B')]))
  assert.is(up.version, MAX)
  await err(f.env, Dynamo.updateOne(Doc, 'below', [U.set(Doc.attrs.title, 'C')]), 'ConditionalCheckFailed')
  assert.equal(await storedVersion('below'), { N: String(MAX) })
  assert.is((await ok(f.env, Dynamo.getOne(Doc, 'below'))).title, 'B')
})

test.run()
