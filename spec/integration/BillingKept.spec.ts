/**
 * syncTable of models that declare no table billing, against DynamoDB Local: an on-demand
 * table with a local index, synced by a model that declares only a new global index's units,
 * stays on demand and gets the index without units; a provisioned table at 1/1 keeps 1/1 and
 * its index gets the units the model declares for it.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Model from '../../lib/model/Model.js'
import { describe, fixture, ok } from '../harness/models.js'

const codec = t.intersection([t.type({ id: t.string, at: t.number }), t.partial({ rank: t.number, code: t.string })])
const byRank = Model.localIndex({ rangeKey: 'rank' })
const byCode = Model.globalIndex({ hashKey: 'code', readUnits: 2, writeUnits: 3 })
const units = (d: Awaited<ReturnType<typeof describe>>) =>
  Object.fromEntries((d.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, [g.ProvisionedThroughput?.ReadCapacityUnits ?? 0, g.ProvisionedThroughput?.WriteCapacityUnits ?? 0]]))

test('on demand with a local index: a model declaring only a new global index units keeps it on demand, the index without units', async () => {
  const f = await fixture('billkept')
  const made = Model.make({ table: 'kept', hashKey: 'id', rangeKey: 'at', codec, billing: 'onDemand', indexes: { byRank } })
  await ok(f.env, Dynamo.createTable(made))
  const M = Model.make({ table: 'kept', hashKey: 'id', rangeKey: 'at', codec, indexes: { byRank, byCode } })
  assert.equal((await ok(f.env, Dynamo.syncTable(M))).steps.map((s) => s._tag), ['CreateIndex'])
  const d = await describe(f.client, f.table(M))
  assert.is(d.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST')
  assert.equal(units(d), { byCode: [0, 0] })
  assert.equal((await ok(f.env, Dynamo.planTable(M))).steps, [])
})

test('provisioned 1/1: kept; a new global index gets the units the model declares for it', async () => {
  const f = await fixture('billkept1')
  await ok(f.env, Dynamo.createTable(Model.make({ table: 'kept', hashKey: 'id', rangeKey: 'at', codec, readUnits: 1, writeUnits: 1, indexes: { byRank } })))
  const M = Model.make({ table: 'kept', hashKey: 'id', rangeKey: 'at', codec, indexes: { byRank, byCode } })
  await ok(f.env, Dynamo.syncTable(M))
  const d = await describe(f.client, f.table(M))
  assert.equal([d.ProvisionedThroughput?.ReadCapacityUnits, d.ProvisionedThroughput?.WriteCapacityUnits], [1, 1])
  assert.equal(units(d), { byCode: [2, 3] })
  assert.equal((await ok(f.env, Dynamo.planTable(M))).steps, [])
})

test.run()
