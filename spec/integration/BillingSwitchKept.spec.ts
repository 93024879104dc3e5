/**
 * A switch of an on-demand table to provisioned billing carries the units of every global index
 * that stays (DESIGN §5.6), those the table keeps though no model declares them included: they
 * get the table's units, as a declared index without units of its own does. The switch carried
 * only the declared ones, and DynamoDB refuses a switch that leaves a global index without units
 * (DynamoDB Local: a ValidationException "No provisioned throughput specified for the global
 * secondary index"; with no declared index to carry, an InternalFailure, retried through all its
 * attempts and ended outcome unknown).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as O from 'fp-ts/lib/Option.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Model from '../../lib/model/Model.js'
import * as Table from '../../lib/table/Table.js'
import { describe, fixture, ok } from '../harness/models.js'

const codec = t.intersection([t.type({ id: t.string }), t.partial({ code: t.string, rank: t.string })])
const byCode = Model.globalIndex({ hashKey: 'code', projection: 'keys' })
const byRank = Model.globalIndex({ hashKey: 'rank', projection: 'keys' })
const units = (d: Awaited<ReturnType<typeof describe>>) =>
  Object.fromEntries((d.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, [g.ProvisionedThroughput?.ReadCapacityUnits ?? 0, g.ProvisionedThroughput?.WriteCapacityUnits ?? 0]]))

test('an on-demand table with a global index no model declares, switched to provisioned 2/2 by a model: the kept index gets 2/2 in the same step, the sync succeeds, and the table then matches', async () => {
  const f = await fixture('billswitch', { maxAttempts: 2 })
  await ok(f.env, Dynamo.createTable(Model.make({ table: 'switched', hashKey: 'id', codec, billing: 'onDemand', indexes: { byCode, byRank } })))
  const M = Model.make({ table: 'switched', hashKey: 'id', codec, billing: 'provisioned', readUnits: 2, writeUnits: 2, indexes: { byRank } })
  const applied = await ok(f.env, Dynamo.syncTable(M))
  assert.equal(applied.steps, [{ _tag: 'UpdateBilling', billing: { _tag: 'Provisioned', readUnits: 2, writeUnits: 2 }, indexes: { byCode: { readUnits: 2, writeUnits: 2 }, byRank: { readUnits: 2, writeUnits: 2 } } }])
  const d = await describe(f.client, f.table(M))
  assert.is(d.BillingModeSummary?.BillingMode, 'PROVISIONED')
  assert.equal(units(d), { byCode: [2, 2], byRank: [2, 2] })
  const after = await ok(f.env, Dynamo.planTable(M))
  assert.equal([after.steps, after.undeclared], [[], ['byCode']])
})

test('the plan of the switch, pure: the kept index in the UpdateBilling step, with the table units; kept on a switch to on demand or a change of units', () => {
  const has: Table.TableInfo = {
    name: 'switched',
    status: 'ACTIVE',
    hashKey: { name: 'id', type: 'S' },
    billing: { _tag: 'OnDemand' },
    indexes: { byCode: { _tag: 'GlobalIndex', hashKey: { name: 'code', type: 'S' }, projection: { _tag: 'KeysOnly' }, status: 'ACTIVE', backfilling: false, itemCount: 0 } },
    ttl: { status: 'DISABLED' },
    itemCount: 0,
    sizeBytes: 0,
  }
  const M = Model.make({ table: 'switched', hashKey: 'id', codec, billing: 'provisioned', readUnits: 3, writeUnits: 4 })
  assert.equal(Table.diff(M, O.some(has)).steps, [{ _tag: 'UpdateBilling', billing: { _tag: 'Provisioned', readUnits: 3, writeUnits: 4 }, indexes: { byCode: { readUnits: 3, writeUnits: 4 } } }])
  // deleted first with deleteIndexes: nothing of it in the switch
  assert.equal(Table.diff(M, O.some(has), { deleteIndexes: true }).steps.map((s) => (s._tag === 'UpdateBilling' ? Object.keys(s.indexes) : s._tag)), ['DeleteIndex', []])
  // provisioned already, other units: the kept index keeps its own
  const provisioned: Table.TableInfo = { ...has, billing: { _tag: 'Provisioned', readUnits: 1, writeUnits: 1 }, indexes: { byCode: { ...(has.indexes['byCode'] as Table.IndexInfo), units: { readUnits: 9, writeUnits: 9 } } } }
  assert.equal(Table.diff(M, O.some(provisioned)).steps, [{ _tag: 'UpdateThroughput', from: { readUnits: 1, writeUnits: 1 }, to: { readUnits: 3, writeUnits: 4 } }])
})

test.run()
