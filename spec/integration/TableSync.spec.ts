/**
 * Issue 18, point 6: `describeTable`, `planTable` and `syncTable` against DynamoDB Local
 * (which, as DynamoDB, keeps a new global index `CREATING` for a while after the table says
 * `ACTIVE`, and refuses another change meanwhile). Every check reads the table back with a
 * raw DescribeTable / DescribeTimeToLive, right after `syncTable` gives its answer.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { CreateTableCommand, DeleteTableCommand, DescribeTimeToLiveCommand, ScanCommand, UpdateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../lib/DynamoError.js'
import * as Env from '../../lib/run/Env.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as F from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import type * as Table from '../../lib/table/Table.js'
import * as TablePlan from '../../lib/table/TablePlan.js'
import { describe, err, fixture, ok, REQUEST_MS } from '../harness/models.js'
import { release } from '../harness/local.js'

const codec = t.intersection([
  t.type({ id: t.string, at: t.number }),
  t.partial({ email: t.string, rank: t.number, name: t.string, expiresAt: F.epochSeconds }),
])
type Thing = t.TypeOf<typeof codec>
type Opts = Partial<Parameters<typeof Model.make<Thing, t.OutputOf<typeof codec>, 'id', 'at'>>[0]>

// this file's own DynamoDB Local (index builds), stopped once its tests end rather than with the run
test.after(() => release('indexBuilds'))

const make = (o: Opts = {}) => Model.make({ table: 'things', hashKey: 'id', rangeKey: 'at', codec, ...o })
/** A model that names its time-to-live attribute (a `Field.epochSeconds` field, as `make` takes it): the model spread with it. */
const withTtl = (m: Table.TableModel, ttl: string): Table.TableModel => ({ ...m, ttl })

const byEmail = Model.globalIndex({ hashKey: 'email', rangeKey: 'at', projection: 'keys' })
const byName = Model.globalIndex({ hashKey: 'name', projection: ['email'], readUnits: 2, writeUnits: 3 })
/** byName as an on-demand model declares it: no units (there, a SchemaError). */
const byNameOnDemand = Model.globalIndex({ hashKey: 'name', projection: ['email'] })

const items = (n: number): Thing[] => Array.from({ length: n }, (_, i) => ({ id: `t${i % 7}`, at: i, email: `e${i}@x.io`, name: `n${i % 3}` }))

test('describeTable: none for a missing table; status, keys, indexes, billing, TTL and item count of one', async () => {
  const f = await fixture('sync', {}, 'indexBuilds')
  const M = make({ indexes: { byEmail, byRank: Model.localIndex({ rangeKey: 'rank' }) }, readUnits: 5, writeUnits: 6 })
  assert.equal(await ok(f.env, Dynamo.describeTable(M)), { _tag: 'None' })
  await ok(f.env, Dynamo.createTable(M))
  await ok(f.env, Dynamo.saveMany(M, items(10)))
  const info = await ok(f.env, Dynamo.describeTable(M))
  assert.is(info._tag, 'Some')
  const i = (info as { value: Table.TableInfo }).value
  assert.is(i.name, f.table(M))
  assert.is(i.status, 'ACTIVE')
  assert.equal([i.hashKey, i.rangeKey], [{ name: 'id', type: 'S' }, { name: 'at', type: 'N' }])
  assert.equal(i.billing, { _tag: 'Provisioned', readUnits: 5, writeUnits: 6 })
  assert.equal(i.indexes['byEmail'], {
    _tag: 'GlobalIndex',
    hashKey: { name: 'email', type: 'S' },
    rangeKey: { name: 'at', type: 'N' },
    projection: { _tag: 'KeysOnly' },
    units: { readUnits: 5, writeUnits: 6 },
    status: 'ACTIVE',
    backfilling: false,
    itemCount: 10,
  })
  assert.is(i.indexes['byRank']?._tag, 'LocalIndex')
  assert.equal(i.ttl, { status: 'DISABLED' })
  assert.is(i.itemCount, 10)
  // and the plan of the same model is empty
  assert.ok(TablePlan.isEmpty(await ok(f.env, Dynamo.planTable(M))))
})

test('syncTable: creates a missing table with its indexes and TTL; a second run has nothing to do (TTL skipped when on)', async () => {
  const f = await fixture('sync', {}, 'indexBuilds')
  const M = withTtl(make({ indexes: { byEmail } }), 'expiresAt')
  const applied = await ok(f.env, Dynamo.syncTable(M))
  assert.equal(applied.steps.map((s) => s._tag), ['CreateTable', 'EnableTtl'])
  const d = await describe(f.client, f.table(M))
  assert.is(d.TableStatus, 'ACTIVE')
  assert.is(d.GlobalSecondaryIndexes?.[0]?.IndexStatus, 'ACTIVE')
  const ttl = await f.client.send(new DescribeTimeToLiveCommand({ TableName: f.table(M) }))
  assert.equal([ttl.TimeToLiveDescription?.TimeToLiveStatus, ttl.TimeToLiveDescription?.AttributeName], ['ENABLED', 'expiresAt'])
  const again = await ok(f.env, Dynamo.syncTable(M))
  assert.equal(again.steps, [])
})

test('syncTable: adds a global index to a table with items and returns once the index itself is ACTIVE', async () => {
  const f = await fixture('sync', {}, 'indexBuilds')
  await ok(f.env, Dynamo.createTable(make()))
  await ok(f.env, Dynamo.saveMany(make(), items(300)))
  const M = make({ indexes: { byEmail, byName } })
  const applied = await ok(f.env, Dynamo.syncTable(M))
  assert.equal(applied.steps.map((s) => (s._tag === 'CreateIndex' ? s.name : s._tag)), ['byEmail', 'byName'])
  const d = await describe(f.client, f.table(M))
  const status = Object.fromEntries((d.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, [g.IndexStatus, g.Backfilling ?? false, g.ProvisionedThroughput?.ReadCapacityUnits]]))
  assert.equal(status, { byEmail: ['ACTIVE', false, 8], byName: ['ACTIVE', false, 2] })
  // the index holds the table's items
  const counted = await f.client.send(new ScanCommand({ TableName: f.table(M), IndexName: 'byName', Select: 'COUNT' }))
  assert.is(counted.Count, 300)
})

test('syncTable: changes units, and switches billing carrying every index units in the one step', async () => {
  const f = await fixture('sync', {}, 'indexBuilds')
  await ok(f.env, Dynamo.createTable(make({ indexes: { byEmail, byName: byNameOnDemand }, billing: 'onDemand' })))
  const provisioned = make({ indexes: { byEmail, byName }, readUnits: 3, writeUnits: 4 })
  const plan = await ok(f.env, Dynamo.planTable(provisioned))
  assert.equal(plan.steps.map((s) => s._tag), ['UpdateBilling'])
  await ok(f.env, Dynamo.syncTable(provisioned))
  let d = await describe(f.client, f.table(provisioned))
  assert.is(d.BillingModeSummary?.BillingMode, 'PROVISIONED')
  assert.equal([d.ProvisionedThroughput?.ReadCapacityUnits, d.ProvisionedThroughput?.WriteCapacityUnits], [3, 4])
  const units = () => Object.fromEntries((d.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, [g.ProvisionedThroughput?.ReadCapacityUnits, g.ProvisionedThroughput?.WriteCapacityUnits]]))
  assert.equal(units(), { byEmail: [3, 4], byName: [2, 3] })
  // more units for the table (byEmail follows it), then back to on-demand
  const more = make({ indexes: { byEmail, byName }, readUnits: 9, writeUnits: 7 })
  assert.equal((await ok(f.env, Dynamo.syncTable(more))).steps.map((s) => s._tag), ['UpdateThroughput', 'UpdateIndexThroughput'])
  d = await describe(f.client, f.table(more))
  assert.equal([d.ProvisionedThroughput?.ReadCapacityUnits, d.ProvisionedThroughput?.WriteCapacityUnits], [9, 7])
  assert.equal(units(), { byEmail: [9, 7], byName: [2, 3] })
  const onDemand = make({ indexes: { byEmail, byName: byNameOnDemand }, billing: 'onDemand' })
  await ok(f.env, Dynamo.syncTable(onDemand))
  d = await describe(f.client, f.table(onDemand))
  assert.is(d.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST')
  assert.ok(TablePlan.isEmpty(await ok(f.env, Dynamo.planTable(onDemand))))
})

/** The table of `make()`, created raw (not by dynamongo): on demand, or provisioned with `units`. */
const rawTable = (client: DynamoDBClient, TableName: string, units?: { readonly read: number; readonly write: number }) =>
  client.send(
    new CreateTableCommand({
      TableName,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'at', AttributeType: 'N' }],
      ...(units === undefined ? { BillingMode: 'PAY_PER_REQUEST' as const } : { ProvisionedThroughput: { ReadCapacityUnits: units.read, WriteCapacityUnits: units.write } }),
    }),
  )

test('syncTable of a model that declares no billing: an on-demand table stays on demand and gets its new indexes; a model that declares provisioned 8/8 still switches it', async () => {
  const f = await fixture('syncbill', {}, 'indexBuilds')
  const TableName = f.table(make())
  await rawTable(f.client, TableName)
  await ok(f.env, Dynamo.saveMany(make(), items(40)))
  const M = make({ indexes: { byEmail, byName } })
  const plan = await ok(f.env, Dynamo.planTable(M))
  assert.equal(plan.steps.map((s) => (s._tag === 'CreateIndex' ? `${s.name} ${s.index.units === undefined ? 'no units' : 'units'}` : s._tag)), ['byEmail no units', 'byName no units'])
  assert.match(TablePlan.show(plan), 'billing left as the table has it: on-demand')
  await ok(f.env, Dynamo.syncTable(M))
  let d = await describe(f.client, TableName)
  assert.is(d.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST')
  const indexes = () => Object.fromEntries((d.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, [g.IndexStatus, g.ProvisionedThroughput?.ReadCapacityUnits ?? 0, g.ProvisionedThroughput?.WriteCapacityUnits ?? 0]]))
  assert.equal(indexes(), { byEmail: ['ACTIVE', 0, 0], byName: ['ACTIVE', 0, 0] })
  const counted = await f.client.send(new ScanCommand({ TableName, IndexName: 'byEmail', Select: 'COUNT' }))
  assert.is(counted.Count, 40)
  assert.ok(TablePlan.isEmpty(await ok(f.env, Dynamo.planTable(M))))
  // declared: today's plan, the switch carrying every index's units
  const declared = make({ indexes: { byEmail, byName }, billing: 'provisioned' })
  assert.equal((await ok(f.env, Dynamo.syncTable(declared))).steps.map((s) => s._tag), ['UpdateBilling'])
  d = await describe(f.client, TableName)
  assert.is(d.BillingModeSummary?.BillingMode, 'PROVISIONED')
  assert.equal([d.ProvisionedThroughput?.ReadCapacityUnits, d.ProvisionedThroughput?.WriteCapacityUnits], [8, 8])
  assert.equal(indexes(), { byEmail: ['ACTIVE', 8, 8], byName: ['ACTIVE', 2, 3] })
})

test('syncTable of a model that declares no billing: a provisioned table keeps its units; a new index that declares none is refused (DynamoDB wants units for it there, and the table\'s were declared by nothing), one that declares its own is made with them', async () => {
  const f = await fixture('syncbill', {}, 'indexBuilds')
  const TableName = f.table(make())
  await rawTable(f.client, TableName, { read: 20, write: 10 })
  const undeclared = make({ indexes: { byEmail, byName } })
  const e = await err(f.env, Dynamo.syncTable(undeclared), 'SchemaError')
  assert.match(e.message, /index byEmail: a new global index of this provisioned table needs both its units, and no model declares them both nor the table's billing: it would get the table's, 20\/10/)
  // refused whole: nothing was applied, byName neither
  assert.not.ok((await describe(f.client, TableName)).GlobalSecondaryIndexes)
  const M = make({ indexes: { byEmail: Model.globalIndex({ hashKey: 'email', rangeKey: 'at', projection: 'keys', readUnits: 20, writeUnits: 10 }), byName } })
  assert.equal((await ok(f.env, Dynamo.syncTable(M))).steps.map((s) => s._tag), ['CreateIndex', 'CreateIndex'])
  const d = await describe(f.client, TableName)
  assert.equal([d.BillingModeSummary?.BillingMode ?? 'PROVISIONED', d.ProvisionedThroughput?.ReadCapacityUnits, d.ProvisionedThroughput?.WriteCapacityUnits], ['PROVISIONED', 20, 10])
  const units = Object.fromEntries((d.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, [g.ProvisionedThroughput?.ReadCapacityUnits, g.ProvisionedThroughput?.WriteCapacityUnits]]))
  assert.equal(units, { byEmail: [20, 10], byName: [2, 3] })
  assert.ok(TablePlan.isEmpty(await ok(f.env, Dynamo.planTable(M))))
})

test('syncTable: a key schema change is refused whole as Unfixable, before any request', async () => {
  const f = await fixture('sync', {}, 'indexBuilds')
  await ok(f.env, Dynamo.createTable(make()))
  const other = Model.make({ table: 'things', hashKey: 'id', codec, indexes: { byEmail } })
  const plan = await ok(f.env, Dynamo.planTable(other))
  assert.equal(plan.steps.map((s) => s._tag), ['Unfixable', 'CreateIndex'])
  const e = await err(f.env, Dynamo.syncTable(other), 'SchemaError')
  assert.match(e.message, /key schema: the table has id \(S\), at \(N\), the models want id \(S\)/)
  // nothing was applied: the index the plan also held is not there
  assert.not.ok((await describe(f.client, f.table(other))).GlobalSecondaryIndexes)
})

test('syncTable of an entity storing a field code as N on a table that keeps an index keyed code S: SchemaError before any request (DynamoDB refuses every save of it); fine once that index is deleted', async () => {
  const Labels = Model.make({ table: 'codes', entity: 'label', billing: 'onDemand', codec: t.type({ id: t.string, code: t.string }), hashKey: Model.key('pk', 'L#{id}'), indexes: { byLabel: Model.globalIndex({ hashKey: 'code' }) } })
  const Numbers = Model.make({ table: 'codes', entity: 'number', billing: 'onDemand', codec: t.type({ id: t.string, code: t.number }), hashKey: Model.key('pk', 'N#{id}') })
  const f = await fixture('synctypes', {}, 'indexBuilds')
  await ok(f.env, Dynamo.createTable(Labels))
  // what the refusal spares: DynamoDB refuses the save of a Numbers item there
  const refused = await err(f.env, Dynamo.saveOne(Numbers, { id: '1', code: 7 }), 'AwsError')
  assert.match(refused.message, /Type mismatch/)
  const e = await err(f.env, Dynamo.syncTable(Numbers), 'SchemaError')
  assert.match(e.message, /the key attribute code is given two types: S \(the table's index byLabel\) and N \(field code of entity number\)/)
  assert.equal(((await describe(f.client, f.table(Numbers))).GlobalSecondaryIndexes ?? []).map((g) => g.IndexName), ['byLabel'])
  // deleting the index the model does not declare mends it
  assert.equal((await ok(f.env, Dynamo.syncTable(Numbers, { deleteIndexes: true }))).steps, [{ _tag: 'DeleteIndex', name: 'byLabel', reason: 'undeclared' }])
  await ok(f.env, Dynamo.saveOne(Numbers, { id: '1', code: 7 }))
})

test('syncTable: a changed index is rebuilt only with rebuildIndexes; an undeclared one deleted only with deleteIndexes', async () => {
  const f = await fixture('sync', {}, 'indexBuilds')
  const before = make({ indexes: { byEmail, byName } })
  await ok(f.env, Dynamo.createTable(before))
  await ok(f.env, Dynamo.saveMany(before, items(50)))
  const after = make({ indexes: { byEmail: Model.globalIndex({ hashKey: 'email', rangeKey: 'at', projection: 'all' }) } })
  await err(f.env, Dynamo.syncTable(after), 'SchemaError')
  const rebuilt = await ok(f.env, Dynamo.syncTable(after, { rebuildIndexes: true }))
  assert.equal(rebuilt.steps.map((s) => `${s._tag} ${'name' in s ? s.name : ''}`), ['DeleteIndex byEmail', 'CreateIndex byEmail'])
  assert.equal(rebuilt.undeclared, ['byName'])
  let d = await describe(f.client, f.table(after))
  const shape = () => Object.fromEntries((d.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, [g.Projection?.ProjectionType, g.IndexStatus]]))
  assert.equal(shape(), { byEmail: ['ALL', 'ACTIVE'], byName: ['INCLUDE', 'ACTIVE'] })
  const deleted = await ok(f.env, Dynamo.syncTable(after, { deleteIndexes: true }))
  assert.equal(deleted.steps, [{ _tag: 'DeleteIndex', name: 'byName', reason: 'undeclared' }])
  d = await describe(f.client, f.table(after))
  assert.equal(shape(), { byEmail: ['ALL', 'ACTIVE'] })
})

test('an index whose projection lists only keys: created KEYS_ONLY (Local refuses an INCLUDE of no attribute), and planned up to date after', async () => {
  const f = await fixture('synckeys', {}, 'indexBuilds')
  const m = make({ indexes: { byEmail: Model.globalIndex({ hashKey: 'email', projection: ['id', 'at', 'email'] }) } })
  await ok(f.env, Dynamo.createTable(m))
  const d = await describe(f.client, f.table(m))
  assert.equal(d.GlobalSecondaryIndexes?.[0]?.Projection, { ProjectionType: 'KEYS_ONLY' })
  assert.equal((await ok(f.env, Dynamo.planTable(m))).steps, [])
  assert.equal((await ok(f.env, Dynamo.syncTable(m))).steps, [])
})

test('syncTable: the table deleted right after its UpdateTable (a client that deletes it): ResourceNotFoundException, not a wait until waitTimeoutMs', async () => {
  const f = await fixture('syncgone', {}, 'indexBuilds')
  await ok(f.env, Dynamo.createTable(make()))
  const TableName = f.table(make())
  const send = async (c: { constructor: { name: string } }) => {
    const out = await f.client.send(c as never)
    if (c.constructor.name === 'UpdateTableCommand') await f.client.send(new DeleteTableCommand({ TableName }))
    return out
  }
  const env = Env.make({ region: 'us-east-2', client: { send } as unknown as DynamoDBClient, tablePrefix: f.prefix, waitTimeoutMs: 5_000, timeoutMs: REQUEST_MS })
  const r = await Dynamo.syncTable(make({ indexes: { byEmail } }))(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'ResourceNotFoundException' && !r.left.retryable, E.isLeft(r) ? DE.show(r.left) : 'a success')
  assert.match(r.left.message, `table ${TableName} is gone`)
})

/**
 * An Env whose first command named `name` is first sent as `other(input)` by another client (a
 * process racing this one to the same change), then `then()` awaited; `raced()` counts the
 * commands of that name.
 */
const racing = (f: { client: DynamoDBClient; prefix: string }, name: string, other: (input: unknown) => unknown, then: () => Promise<void> = async () => {}) => {
  let raced = 0
  const send = async (c: { constructor: { name: string }; input: unknown }) => {
    if (c.constructor.name === name && raced++ === 0) {
      await f.client.send(other(c.input) as never)
      await then()
    }
    return f.client.send(c as never)
  }
  return { env: Env.make({ region: 'us-east-2', client: { send } as unknown as DynamoDBClient, tablePrefix: f.prefix, timeoutMs: REQUEST_MS }), raced: () => raced }
}

test('syncTable while another process creates the same table (two deployments at once): its CreateTable refused (ResourceInUseException), it waits for that table and plans again, and ends with the table as the models want it', async () => {
  const f = await fixture('syncrace', {}, 'indexBuilds')
  const M = withTtl(make({ billing: 'onDemand' }), 'expiresAt')
  const TableName = f.table(M)
  // the other process's CreateTable (the same table, no time to live yet) lands between this one's describe and its own
  const race = racing(f, 'CreateTableCommand', (input) => new CreateTableCommand(input as never))
  const applied = await ok(race.env, Dynamo.syncTable(M))
  assert.is(race.raced(), 1)
  // what this call applied: the time to live, on the table the other made
  assert.equal(applied.steps.map((s) => s._tag), ['EnableTtl'], TablePlan.show(applied))
  assert.is((await describe(f.client, TableName)).TableStatus, 'ACTIVE')
  const ttl = await f.client.send(new DescribeTimeToLiveCommand({ TableName }))
  assert.equal([ttl.TimeToLiveDescription?.TimeToLiveStatus, ttl.TimeToLiveDescription?.AttributeName], ['ENABLED', 'expiresAt'])
  assert.equal((await ok(f.env, Dynamo.planTable(M))).steps, [])
})

test('syncTable while another process syncs the same change (an undeclared index deleted): its DeleteIndex refused (ResourceInUseException, the index being deleted), it waits and plans again, and ends with the index it declares', async () => {
  const f = await fixture('syncrace2', {}, 'indexBuilds')
  const before = make({ billing: 'onDemand', indexes: { byEmail } })
  const after = make({ billing: 'onDemand', indexes: { byName: byNameOnDemand } })
  await ok(f.env, Dynamo.createTable(before))
  const TableName = f.table(after)
  // the other process's DeleteIndex lands between this one's describe and its own
  const race = racing(f, 'UpdateTableCommand', (input) => new UpdateTableCommand(input as never))
  const applied = await ok(race.env, Dynamo.syncTable(after, { deleteIndexes: true }))
  assert.ok(race.raced() >= 1)
  assert.equal(applied.steps.map((s) => s._tag), ['CreateIndex'], TablePlan.show(applied))
  const d = await describe(f.client, TableName)
  assert.equal(d.GlobalSecondaryIndexes?.map((g) => [g.IndexName, g.IndexStatus]), [['byName', 'ACTIVE']])
  assert.equal((await ok(f.env, Dynamo.planTable(after, { deleteIndexes: true }))).steps, [])
})

test('syncTable after another process deleted the same index (its deletion done before this one sends its own): its DeleteIndex refused (ResourceNotFoundException, the index gone), it plans again and ends with the index it declares', async () => {
  const f = await fixture('syncrace3', {}, 'indexBuilds')
  const before = make({ billing: 'onDemand', indexes: { byEmail } })
  const after = make({ billing: 'onDemand', indexes: { byName: byNameOnDemand } })
  await ok(f.env, Dynamo.createTable(before))
  const TableName = f.table(after)
  // the other process's DeleteIndex is sent and waited for until the index is gone, then this one's goes
  const gone = async () => {
    while ((await describe(f.client, TableName)).GlobalSecondaryIndexes?.some((g) => g.IndexName === 'byEmail') === true) await new Promise((r) => setTimeout(r, 100))
  }
  const race = racing(f, 'UpdateTableCommand', (input) => new UpdateTableCommand(input as never), gone)
  const applied = await ok(race.env, Dynamo.syncTable(after, { deleteIndexes: true }))
  assert.ok(race.raced() >= 1)
  assert.equal(applied.steps.map((s) => s._tag), ['CreateIndex'], TablePlan.show(applied))
  const d = await describe(f.client, TableName)
  assert.equal(d.GlobalSecondaryIndexes?.map((g) => [g.IndexName, g.IndexStatus]), [['byName', 'ACTIVE']])
})

test("an index's projection changed (all, a list, another list, the keys only, all again): planned DeleteIndex then CreateIndex with rebuildIndexes (DynamoDB changes no projection in place), else Unfixable and nothing sent; each rebuild leaves the index as the model declares it, planned up to date after", async () => {
  const f = await fixture('syncprojection', {}, 'indexBuilds')
  const withProjection = (projection: Model.Projection<'email' | 'name' | 'rank'>) => make({ indexes: { byEmail: Model.globalIndex({ hashKey: 'email', projection }) } })
  const first = withProjection('all')
  await ok(f.env, Dynamo.createTable(first))
  await ok(f.env, Dynamo.saveMany(first, items(6)))
  const projection = async () => (await describe(f.client, f.table(first))).GlobalSecondaryIndexes?.[0]?.Projection
  const steps: ReadonlyArray<readonly [Model.Projection<'email' | 'name' | 'rank'>, object, string]> = [
    [['name', 'rank'], { ProjectionType: 'INCLUDE', NonKeyAttributes: ['name', 'rank'] }, 'keys + name, rank'],
    [['rank'], { ProjectionType: 'INCLUDE', NonKeyAttributes: ['rank'] }, 'keys + rank'],
    ['keys', { ProjectionType: 'KEYS_ONLY' }, 'keys'],
    ['all', { ProjectionType: 'ALL' }, 'all'],
  ]
  for (const [p, described, shown] of steps) {
    const m = withProjection(p)
    const refused = await err(f.env, Dynamo.syncTable(m), 'SchemaError')
    assert.match(refused.message, `the models want global, email (S), projection ${shown}; { rebuildIndexes: true } deletes and creates it again`)
    const plan = await ok(f.env, Dynamo.planTable(m, { rebuildIndexes: true }))
    assert.equal(plan.steps.map((x) => x._tag), ['DeleteIndex', 'CreateIndex'], TablePlan.show(plan))
    assert.equal((await ok(f.env, Dynamo.syncTable(m, { rebuildIndexes: true }))).steps, plan.steps)
    assert.equal(await projection(), described, shown)
    assert.equal((await ok(f.env, Dynamo.planTable(m, { rebuildIndexes: true }))).steps, [], shown)
    // the rebuilt index holds the table's items again
    const counted = await f.client.send(new ScanCommand({ TableName: f.table(m), IndexName: 'byEmail', Select: 'COUNT' }))
    assert.is(counted.Count, 6, shown)
  }
})

test('an index whose projection lists an attribute twice, or in another order: the list as DynamoDB keeps it (each once, sorted), created and planned up to date after, never rebuilt for ever', async () => {
  const f = await fixture('syncprojectiontwice', {}, 'indexBuilds')
  const m = make({ indexes: { byEmail: Model.globalIndex({ hashKey: 'email', projection: ['rank', 'name', 'rank'] }) } })
  await ok(f.env, Dynamo.createTable(m))
  const d = await describe(f.client, f.table(m))
  assert.equal(d.GlobalSecondaryIndexes?.[0]?.Projection, { ProjectionType: 'INCLUDE', NonKeyAttributes: ['name', 'rank'] })
  assert.equal((await ok(f.env, Dynamo.planTable(m, { rebuildIndexes: true }))).steps, [])
  const reordered = make({ indexes: { byEmail: Model.globalIndex({ hashKey: 'email', projection: ['name', 'rank', 'name'] }) } })
  assert.equal((await ok(f.env, Dynamo.planTable(reordered, { rebuildIndexes: true }))).steps, [])
})

test.run()
