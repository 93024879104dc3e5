/**
 * The client `Env.make` builds itself (no `client` given) against DynamoDB Local: its quiet
 * logger (no `info`, no `error`, so the SDK builds no log records) must not break any path
 * of the SDK: success, a failed condition (the SDK's error path), batches, queries, tables.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import { local, scanAll, uniqueTable } from '../harness/local.js'
import { User, err, ok, REQUEST_MS } from '../harness/models.js'

test('Env.make builds a client that works on every path: save, get, a failed check, batches, scan, tables', async () => {
  const db = await local()
  const env = Env.make({ endpoint: db.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, tablePrefix: `${uniqueTable('envclient')}-`, timeoutMs: REQUEST_MS })
  assert.is(env.client === db.client, false)
  try {
    await ok(env, Dynamo.createTable(User))
    await ok(env, Dynamo.saveOne(User, { email: 'ada@example.com', name: 'Ada' }))
    const ada = await ok(env, Dynamo.getOne(User, 'ada@example.com'))
    assert.is(ada.name, 'Ada')
    // DynamoDB refuses the write: the SDK's error path (where its logger middleware would call `error`)
    const e = await err(env, Dynamo.saveOne(User, { email: 'ada@example.com', name: 'Eve' }, { overwrite: false }), 'ConditionalCheckFailed')
    assert.is(e._tag, 'ConditionalCheckFailed')
    const many = Array.from({ length: 60 }, (_, i) => ({ email: `u${i}@example.com`, name: `User ${i}` }))
    const saved = await ok(env, Dynamo.saveMany(User, many))
    assert.is(saved.success.length, 60)
    assert.is(saved.fail.length, 0)
    const got = await ok(env, Dynamo.getMany(User, C.isIn(User.attrs.email, ['u1@example.com', 'u2@example.com', 'nobody@example.com'])))
    assert.equal(got.map((u) => u.name).sort(), ['User 1', 'User 2'])
    const all = await scanAll(db.client, Env.tableName(env, User.table))
    assert.is(all.length, 61)
    await ok(env, Dynamo.deleteTable(User))
  } finally {
    env.client.destroy()
  }
})

test.run()
