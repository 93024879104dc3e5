/**
 * `dump` and `clearTable` read the table with consistent Scans (`ConsistentRead: true`): only
 * they hold every write that completed before the Scan began (DynamoDB's own words for a
 * consistent Scan), so a dump taken right after a load or a migration holds its items, and a
 * clear right after writes deletes them too; an eventually consistent Scan may miss a write of
 * the last second, and a clear then says it deleted every item and leaves some. DynamoDB Local
 * reads consistently whatever the request says, so the request itself is checked, against a
 * client that records it: every Scan of a dump (one segment or several, a model with an entity
 * too) and of a clear.
 */
import { Writable } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ScanCommand, type DynamoDBClient, type ScanCommandInput } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import { Order } from '../../harness/shop.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })
/** An Env whose Scans, recorded in `scans`, answer no item. */
const recording = () => {
  const scans: ScanCommandInput[] = []
  const send = async (c: { readonly input: unknown }) => {
    if (c instanceof ScanCommand) {
      scans.push(c.input)
      return { Items: [], Count: 0, ScannedCount: 0, $metadata: {} }
    }
    return { $metadata: {} }
  }
  return { scans, env: Env.make({ client: { send } as unknown as DynamoDBClient, maxAttempts: 1 }) }
}

const sink = () => new Writable({ write: (_c, _e, cb) => cb() })

test('every Scan of a dump reads consistently: one segment, four, a model with an entity', async () => {
  for (const [m, segments] of [[User, 1], [User, 4], [Order, 2]] as const) {
    const { scans, env } = recording()
    const r = await Dynamo.dump(m, sink(), { segments })(env)()
    assert.ok(E.isRight(r), JSON.stringify(r))
    assert.is(scans.length, segments)
    for (const s of scans) assert.is(s.ConsistentRead, true, JSON.stringify(s))
  }
})

test('every Scan of a clear reads consistently: a table, a model with an entity', async () => {
  for (const m of [User, Order]) {
    const { scans, env } = recording()
    const r = await Dynamo.clearTable(m)(env)()
    assert.ok(E.isRight(r), JSON.stringify(r))
    assert.is(scans.length, 1)
    for (const s of scans) assert.is(s.ConsistentRead, true, JSON.stringify(s))
  }
})

test.run()
