/**
 * `Table.diff` (pure): golden plans for every step kind, from pairs of models and a
 * `TableInfo` (the second model's table, described, as the first model's starting point);
 * `TablePlan.show` and `TablePlan.request` for them; table/describe's `fromDescription` of raw
 * descriptions.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as F from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Table from '../../../lib/table/Table.js'
import * as TablePlan from '../../../lib/table/TablePlan.js'
import * as Describe from '../../../lib/table/describe.js'
import { right } from '../../harness/either.js'

const codec = t.intersection([
  t.type({ id: t.string, at: t.number }),
  t.partial({ email: t.string, rank: t.number, name: t.string, note: t.string, expiresAt: F.epochSeconds, other: F.epochSeconds, code: t.string }),
])

type Opts = Partial<Parameters<typeof Model.make<t.TypeOf<typeof codec>, t.OutputOf<typeof codec>, 'id', 'at'>>[0]>

/** A model of the table `things` (hash `id` S, range `at` N), with options. */
const make = (o: Opts = {}): Table.TableModel =>
  Model.make<t.TypeOf<typeof codec>, t.OutputOf<typeof codec>, 'id', 'at', Readonly<Record<string, Model.Index<t.TypeOf<typeof codec>>>>>({ table: 'things', hashKey: 'id', rangeKey: 'at', codec, ...o })

/** A model that names its time-to-live attribute (a `Field.epochSeconds` field, as `make` takes it): the model spread with it. */
const withTtl = (m: Table.TableModel, ttl: string): Table.TableModel => ({ ...m, ttl })

/** What DynamoDB would describe for a table made from `m`: every index ACTIVE, TTL as given. */
const infoOf = (m: Table.TableModel, ttl: Table.TtlInfo = { status: 'DISABLED' }): O.Option<Table.TableInfo> => {
  const s = right(Table.shapeOf(m))
  const indexes: Record<string, Table.IndexInfo> = {}
  for (const [n, ix] of Object.entries(s.indexes)) indexes[n] = { ...ix, status: 'ACTIVE', backfilling: false, itemCount: 0 }
  return O.some({
    name: `p-${s.table}`,
    status: 'ACTIVE',
    hashKey: s.hashKey,
    ...(s.rangeKey === undefined ? {} : { rangeKey: s.rangeKey }),
    billing: s.billing,
    indexes,
    ttl,
    itemCount: 3,
    sizeBytes: 100,
  })
}

const byEmail = Model.globalIndex({ hashKey: 'email', rangeKey: 'at', projection: 'keys' })
const byCode = Model.globalIndex({ hashKey: 'code', projection: ['name', 'note', 'id'], readUnits: 2, writeUnits: 3 })
/** byCode as an on-demand model declares it: no units (on demand, units are a SchemaError). */
const byCodeOnDemand = Model.globalIndex({ hashKey: 'code', projection: ['name', 'note', 'id'] })
const byRank = Model.localIndex({ rangeKey: 'rank' })

const diff = suite('Table.diff')

diff('no table: CreateTable with every index, then EnableTtl', () => {
  const m = withTtl(make({ indexes: { byEmail, byRank }, readUnits: 5, writeUnits: 6 }), 'expiresAt')
  const plan = Table.diff(m, O.none)
  assert.equal(plan.steps, [
    {
      _tag: 'CreateTable',
      shape: {
        table: 'things',
        hashKey: { name: 'id', type: 'S' },
        rangeKey: { name: 'at', type: 'N' },
        billing: { _tag: 'Provisioned', readUnits: 5, writeUnits: 6 },
        indexes: {
          byEmail: {
            _tag: 'GlobalIndex',
            hashKey: { name: 'email', type: 'S' },
            rangeKey: { name: 'at', type: 'N' },
            projection: { _tag: 'KeysOnly' },
            units: { readUnits: 5, writeUnits: 6 },
          },
          byRank: { _tag: 'LocalIndex', hashKey: { name: 'id', type: 'S' }, rangeKey: { name: 'rank', type: 'N' }, projection: { _tag: 'All' } },
        },
        ttl: 'expiresAt',
      },
    },
    { _tag: 'EnableTtl', attribute: 'expiresAt' },
  ])
  assert.is(
    TablePlan.show(plan),
    [
      'table things: 2 steps',
      '  1. create table: keys id (S), at (N), provisioned 5/6, indexes byEmail (global: email (S), at (N), projection keys, units 5/6); byRank (local: id (S), rank (N), projection all)',
      '  2. enable time to live on expiresAt',
    ].join('\n'),
  )
  const req = TablePlan.request('p-things', plan.steps[0] as TablePlan.Step)
  assert.equal(req, E.right({
    _tag: 'CreateTable',
    input: {
      TableName: 'p-things',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }],
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'at', AttributeType: 'N' },
        { AttributeName: 'email', AttributeType: 'S' },
        { AttributeName: 'rank', AttributeType: 'N' },
      ],
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 6 },
      GlobalSecondaryIndexes: [
        { IndexName: 'byEmail', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 6 } },
      ],
      LocalSecondaryIndexes: [{ IndexName: 'byRank', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }, { AttributeName: 'rank', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
    },
  }))
})

diff('a table that matches: no step', () => {
  const m = make({ indexes: { byEmail, byCode, byRank } })
  const plan = Table.diff(m, infoOf(m))
  assert.equal(plan, { table: 'things', steps: [], undeclared: [] })
  assert.ok(TablePlan.isEmpty(plan))
  assert.is(TablePlan.show(plan), 'table things: up to date')
})

diff('CreateIndex: a global index the table lacks, with its units; its request defines its key attributes', () => {
  const plan = Table.diff(make({ indexes: { byEmail, byCode } }), infoOf(make({ indexes: { byEmail } })))
  assert.equal(plan.steps, [
    {
      _tag: 'CreateIndex',
      name: 'byCode',
      index: { _tag: 'GlobalIndex', hashKey: { name: 'code', type: 'S' }, projection: { _tag: 'Include', attributes: ['name', 'note'] }, units: { readUnits: 2, writeUnits: 3 } },
    },
  ])
  assert.is(TablePlan.show(plan), 'table things: 1 step\n  1. create index byCode: code (S), projection keys + name, note, units 2/3')
  assert.equal(TablePlan.request('p-things', plan.steps[0] as TablePlan.Step), E.right({
    _tag: 'UpdateTable',
    input: {
      TableName: 'p-things',
      AttributeDefinitions: [{ AttributeName: 'code', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [
        {
          Create: {
            IndexName: 'byCode',
            KeySchema: [{ AttributeName: 'code', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['name', 'note'] },
            ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
          },
        },
      ],
    },
  }))
})

diff('an undeclared global index: kept by default, DeleteIndex with deleteIndexes', () => {
  const m = make()
  const info = infoOf(make({ indexes: { byEmail } }))
  const kept = Table.diff(m, info)
  assert.equal(kept.steps, [])
  assert.equal(kept.undeclared, ['byEmail'])
  assert.is(TablePlan.show(kept), 'table things: up to date\n  kept: byEmail (no model declares it; deleteIndexes deletes a global one)')
  const deleted = Table.diff(m, info, { deleteIndexes: true })
  assert.equal(deleted.steps, [{ _tag: 'DeleteIndex', name: 'byEmail', reason: 'undeclared' }])
  assert.equal(deleted.undeclared, [])
  assert.equal(TablePlan.request('p-things', deleted.steps[0] as TablePlan.Step), E.right({
    _tag: 'UpdateTable',
    input: { TableName: 'p-things', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byEmail' } }] },
  }))
})

diff('a global index whose keys or projection changed: Unfixable, or DeleteIndex then CreateIndex with rebuildIndexes', () => {
  const changed = Model.globalIndex({ hashKey: 'email', rangeKey: 'at', projection: 'all' })
  const m = make({ indexes: { byEmail: changed } })
  const info = infoOf(make({ indexes: { byEmail } }))
  const refused = Table.diff(m, info)
  assert.equal(refused.steps, [
    {
      _tag: 'Unfixable',
      reason: 'index byEmail: the table has global, email (S), at (N), projection keys, the models want global, email (S), at (N), projection all; { rebuildIndexes: true } deletes and creates it again',
    },
  ])
  assert.equal(TablePlan.request('p-things', refused.steps[0] as TablePlan.Step), E.left({ _tag: 'SchemaError', message: `table p-things: ${(refused.steps[0] as { reason: string }).reason}` }))
  const rebuilt = Table.diff(m, info, { rebuildIndexes: true })
  assert.equal(rebuilt.steps.map((s) => s._tag), ['DeleteIndex', 'CreateIndex'])
  assert.equal(rebuilt.steps[0], { _tag: 'DeleteIndex', name: 'byEmail', reason: 'rebuild' })
  assert.is(
    TablePlan.show(rebuilt),
    'table things: 2 steps\n  1. delete index byEmail (to rebuild it)\n  2. create index byEmail: email (S), at (N), projection all, units 8/8',
  )
  // a changed key type is a changed key
  const typed = Model.make({
    table: 'things',
    hashKey: 'id',
    rangeKey: 'at',
    codec: t.intersection([t.type({ id: t.string, at: t.number }), t.partial({ email: t.number })]),
    indexes: { byEmail },
  })
  assert.equal(Table.diff(typed, info, { rebuildIndexes: true }).steps.map((s) => s._tag), ['DeleteIndex', 'CreateIndex'])
})

diff('UpdateThroughput and UpdateIndexThroughput on a provisioned table', () => {
  const plan = Table.diff(make({ indexes: { byEmail, byCode }, readUnits: 10, writeUnits: 4 }), infoOf(make({ indexes: { byEmail, byCode } })))
  assert.equal(plan.steps, [
    { _tag: 'UpdateThroughput', from: { readUnits: 8, writeUnits: 8 }, to: { readUnits: 10, writeUnits: 4 } },
    // byEmail follows the table's units; byCode has its own, unchanged
    { _tag: 'UpdateIndexThroughput', name: 'byEmail', from: { readUnits: 8, writeUnits: 8 }, to: { readUnits: 10, writeUnits: 4 } },
  ])
  assert.is(TablePlan.show(plan), 'table things: 2 steps\n  1. change units 8/8 -> 10/4\n  2. change units of index byEmail 8/8 -> 10/4')
  assert.equal(TablePlan.request('t', plan.steps[0] as TablePlan.Step), E.right({ _tag: 'UpdateTable', input: { TableName: 't', ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 4 } } }))
})

diff('UpdateBilling to provisioned carries every staying global index units in the same step', () => {
  const plan = Table.diff(
    make({ indexes: { byEmail, byCode }, readUnits: 3, writeUnits: 4 }),
    infoOf(make({ indexes: { byEmail, byCode: byCodeOnDemand, byOld: Model.globalIndex({ hashKey: 'name' }) }, billing: 'onDemand' })),
    { deleteIndexes: true },
  )
  assert.equal(plan.steps, [
    { _tag: 'DeleteIndex', name: 'byOld', reason: 'undeclared' },
    {
      _tag: 'UpdateBilling',
      billing: { _tag: 'Provisioned', readUnits: 3, writeUnits: 4 },
      indexes: { byEmail: { readUnits: 3, writeUnits: 4 }, byCode: { readUnits: 2, writeUnits: 3 } },
    },
  ])
  assert.equal(TablePlan.request('t', plan.steps[1] as TablePlan.Step), E.right({
    _tag: 'UpdateTable',
    input: {
      TableName: 't',
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
      GlobalSecondaryIndexUpdates: [
        { Update: { IndexName: 'byEmail', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 } } },
        { Update: { IndexName: 'byCode', ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 } } },
      ],
    },
  }))
  assert.is(TablePlan.show(plan).split('\n')[2], '  2. switch billing to provisioned 3/4, indexes byEmail 3/4, byCode 2/3')
})

diff('UpdateBilling to on-demand; a new index on it has no units', () => {
  const plan = Table.diff(make({ indexes: { byEmail }, billing: 'onDemand' }), infoOf(make()))
  assert.equal(plan.steps, [
    { _tag: 'UpdateBilling', billing: { _tag: 'OnDemand' }, indexes: {} },
    { _tag: 'CreateIndex', name: 'byEmail', index: { _tag: 'GlobalIndex', hashKey: { name: 'email', type: 'S' }, rangeKey: { name: 'at', type: 'N' }, projection: { _tag: 'KeysOnly' } } },
  ])
  assert.equal(TablePlan.request('t', plan.steps[0] as TablePlan.Step), E.right({ _tag: 'UpdateTable', input: { TableName: 't', BillingMode: 'PAY_PER_REQUEST' } }))
})

diff('EnableTtl when off; nothing when on with that attribute (or enabling)', () => {
  const m = withTtl(make(), 'expiresAt')
  assert.equal(Table.diff(m, infoOf(make())).steps, [{ _tag: 'EnableTtl', attribute: 'expiresAt' }])
  assert.equal(Table.diff(m, infoOf(make(), { status: 'ENABLED', attribute: 'expiresAt' })).steps, [])
  assert.equal(Table.diff(m, infoOf(make(), { status: 'ENABLING', attribute: 'expiresAt' })).steps, [])
  assert.equal(TablePlan.request('t', { _tag: 'EnableTtl', attribute: 'expiresAt' }), E.right({
    _tag: 'UpdateTimeToLive',
    input: { TableName: 't', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } },
  }))
})

diff('DisableTtl when on and no model names an attribute; DisableTtl then EnableTtl for another attribute', () => {
  const info = infoOf(make(), { status: 'ENABLED', attribute: 'old' })
  assert.equal(Table.diff(make(), info).steps, [{ _tag: 'DisableTtl', attribute: 'old' }])
  assert.equal(Table.diff(withTtl(make(), 'expiresAt'), info).steps, [
    { _tag: 'DisableTtl', attribute: 'old' },
    { _tag: 'EnableTtl', attribute: 'expiresAt' },
  ])
  assert.is(TablePlan.show({ table: 't', steps: [{ _tag: 'DisableTtl', attribute: 'old' }], undeclared: [] }), 'table t: 1 step\n  1. disable time to live (on old)')
})

diff('time to live in transition (DISABLING, ENABLING) and a change wanted: a wait (syncTable waits for it), then the steps from the time to live it ends in; none wanted: nothing', () => {
  const m = withTtl(make(), 'expiresAt')
  const disabling = Table.diff(m, infoOf(make(), { status: 'DISABLING', attribute: 'expiresAt' }))
  assert.equal(disabling.steps, [{ _tag: 'EnableTtl', attribute: 'expiresAt' }])
  assert.is(disabling.wait, 'table things is ACTIVE, time to live DISABLING on expiresAt')
  const none = Table.diff(make(), infoOf(make(), { status: 'DISABLING', attribute: 'expiresAt' }))
  assert.equal(none, { table: 'things', steps: [], undeclared: [] })
  const enabling = Table.diff(withTtl(make(), 'other'), infoOf(make(), { status: 'ENABLING', attribute: 'expiresAt' }))
  assert.equal(enabling.steps, [
    { _tag: 'DisableTtl', attribute: 'expiresAt' },
    { _tag: 'EnableTtl', attribute: 'other' },
  ])
  assert.is(enabling.wait, 'table things is ACTIVE, time to live ENABLING on expiresAt')
  // ENABLING on the attribute wanted ends as wanted: nothing to wait for
  assert.equal(Table.diff(m, infoOf(make(), { status: 'ENABLING', attribute: 'expiresAt' })), { table: 'things', steps: [], undeclared: [] })
})

diff('an index being deleted (DELETING) is not on the table: not kept, not updated; declared, created again once it is gone, after a wait', () => {
  const deleting = (o: O.Option<Table.TableInfo>): O.Option<Table.TableInfo> =>
    O.map((i: Table.TableInfo) => ({ ...i, indexes: { byEmail: { ...(i.indexes['byEmail'] as Table.IndexInfo), status: 'DELETING' } } }))(o)
  const info = deleting(infoOf(make({ indexes: { byEmail } })))
  const gone = Table.diff(make(), info, { deleteIndexes: true })
  assert.equal(gone.steps, [])
  assert.equal(gone.undeclared, [])
  assert.is(gone.wait, 'table things is ACTIVE, index byEmail DELETING')
  const again = Table.diff(make({ indexes: { byEmail } }), info)
  assert.equal(again.steps, [{ _tag: 'CreateIndex', name: 'byEmail', index: right(Table.shapeOf(make({ indexes: { byEmail } }))).indexes['byEmail'] }])
  assert.is(again.wait, 'table things is ACTIVE, index byEmail DELETING')
  // on a table no wait settles, it cannot be waited for: Unfixable
  const archived = O.map((i: Table.TableInfo) => ({ ...i, status: 'ARCHIVED' }))(info)
  assert.equal(Table.diff(make({ indexes: { byEmail } }), archived).steps.slice(1), [
    { _tag: 'Unfixable', reason: 'index byEmail: DELETING; it can be created again once it is gone and the table is ACTIVE again' },
  ])
  // and a time-to-live change under way there: it can be changed once that ends and the table is ACTIVE again
  const ttlArchived = O.map((i: Table.TableInfo) => ({ ...i, status: 'ARCHIVED', ttl: { status: 'DISABLING' as const, attribute: 'expiresAt' } }))(infoOf(make()))
  assert.equal(Table.diff(withTtl(make(), 'expiresAt'), ttlArchived).steps, [
    { _tag: 'Unfixable', reason: 'table things is ARCHIVED: no change under way ends it, and DynamoDB changes a table only when it is ACTIVE' },
    { _tag: 'Unfixable', reason: 'time to live: DISABLING on expiresAt; it can be changed once that ends and the table is ACTIVE again' },
  ])
  assert.is(Table.diff(make({ indexes: { byEmail } }), archived).wait, undefined)
})

diff('a table CREATING, UPDATING or DELETING: the plan says so (wait), and its steps are those of the table as it will be: DELETING, gone, so CreateTable', () => {
  const m = withTtl(make({ indexes: { byEmail } }), 'expiresAt')
  const as = (status: string): O.Option<Table.TableInfo> => O.map((i: Table.TableInfo) => ({ ...i, status }))(infoOf(make({ indexes: { byEmail } })))
  for (const status of ['CREATING', 'UPDATING']) {
    assert.equal(Table.diff(m, as(status)), { table: 'things', steps: [{ _tag: 'EnableTtl', attribute: 'expiresAt' }], undeclared: [], wait: `table things is ${status}` }, status)
  }
  const deleting = Table.diff(m, as('DELETING'))
  assert.equal(deleting, { ...Table.diff(m, O.none), wait: 'table things is DELETING' })
  assert.equal(deleting.steps.map((s) => s._tag), ['CreateTable', 'EnableTtl'])
  // an index backfilling is waited for too; the table matches its models once it is done
  const backfilling = O.map((i: Table.TableInfo) => ({ ...i, indexes: { byEmail: { ...(i.indexes['byEmail'] as Table.IndexInfo), backfilling: true } } }))(infoOf(make({ indexes: { byEmail } })))
  const b = Table.diff(make({ indexes: { byEmail } }), backfilling)
  assert.equal(b, { table: 'things', steps: [], undeclared: [], wait: 'table things is ACTIVE, index byEmail ACTIVE (backfilling)' })
  assert.not.ok(TablePlan.isEmpty(b))
  assert.is(TablePlan.show(b), 'table things: up to date once the change under way ends\n  first: wait until the change under way ends (table things is ACTIVE, index byEmail ACTIVE (backfilling))')
  assert.is(
    TablePlan.show(deleting).split('\n').slice(0, 3).join('\n'),
    'table things: 2 steps\n  first: wait until the change under way ends (table things is DELETING)\n  1. create table: keys id (S), at (N), provisioned 8/8, indexes byEmail (global: email (S), at (N), projection keys, units 8/8)',
  )
})

diff('a table in a status no wait ends (ARCHIVING, ARCHIVED, INACCESSIBLE_ENCRYPTION_CREDENTIALS, REPLICATION_NOT_AUTHORIZED): Unfixable first, naming the status, as syncTable refuses it; CREATING or UPDATING is no such status', () => {
  const m = make({ readUnits: 5, writeUnits: 5 })
  for (const status of ['ARCHIVING', 'ARCHIVED', 'INACCESSIBLE_ENCRYPTION_CREDENTIALS', 'REPLICATION_NOT_AUTHORIZED']) {
    const info = O.map((i: Table.TableInfo) => ({ ...i, status }))(infoOf(make()))
    const plan = Table.diff(m, info)
    assert.equal(plan.steps, [
      { _tag: 'Unfixable', reason: `table things is ${status}: no change under way ends it, and DynamoDB changes a table only when it is ACTIVE` },
      { _tag: 'UpdateThroughput', from: { readUnits: 8, writeUnits: 8 }, to: { readUnits: 5, writeUnits: 5 } },
    ], status)
  }
  for (const status of ['CREATING', 'UPDATING']) {
    const plan = Table.diff(make(), O.map((i: Table.TableInfo) => ({ ...i, status }))(infoOf(make())))
    assert.equal(plan.steps, [], status)
    assert.is(plan.wait, `table things is ${status}`)
  }
})

diff('Unfixable: a key schema change (names or types), whatever the options', () => {
  const other = Model.make({ table: 'things', hashKey: 'id', codec })
  const plan = Table.diff(other, infoOf(make()), { rebuildIndexes: true, deleteIndexes: true })
  assert.equal(plan.steps, [{ _tag: 'Unfixable', reason: 'key schema: the table has id (S), at (N), the models want id (S); a key schema change needs a new table' }])
  assert.is(TablePlan.show(plan), 'table things: 1 step\n  1. UNFIXABLE: key schema: the table has id (S), at (N), the models want id (S); a key schema change needs a new table')
  const numeric = Model.make({ table: 'things', hashKey: 'at', rangeKey: 'id', codec })
  assert.equal(Table.diff(numeric, infoOf(make())).steps.map((s) => s._tag), ['Unfixable'])
})

diff('Unfixable: a local index added, changed or (with deleteIndexes) removed', () => {
  assert.equal(Table.diff(make({ indexes: { byRank } }), infoOf(make())).steps, [{ _tag: 'Unfixable', reason: 'index byRank: a local index is made only with its table' }])
  const keys = Model.localIndex({ rangeKey: 'rank', projection: 'keys' })
  assert.equal(Table.diff(make({ indexes: { byRank: keys } }), infoOf(make({ indexes: { byRank } })), { rebuildIndexes: true }).steps.map((s) => s._tag), ['Unfixable'])
  assert.equal(Table.diff(make(), infoOf(make({ indexes: { byRank } }))).undeclared, ['byRank'])
  assert.equal(Table.diff(make(), infoOf(make({ indexes: { byRank } })), { deleteIndexes: true }).steps, [
    { _tag: 'Unfixable', reason: 'index byRank: a local index cannot be deleted; it goes only with its table' },
  ])
})

diff('models sharing a table: their indexes united; disagreements Unfixable', () => {
  const a = make({ indexes: { byEmail } })
  const b = make({ indexes: { byCode } })
  const plan = Table.diff([a, b], infoOf(make({ indexes: { byEmail } })))
  assert.equal(plan.steps.map((s) => (s._tag === 'CreateIndex' ? `${s._tag} ${s.name}` : s._tag)), ['CreateIndex byCode'])
  const c = make({ indexes: { byEmail: Model.globalIndex({ hashKey: 'name' }) }, billing: 'onDemand' })
  const bad = Table.diff([make({ indexes: { byEmail }, billing: 'provisioned' }), c], infoOf(a))
  assert.equal(TablePlan.unfixable(bad).map((s) => s.reason), [
    'the models disagree on billing: provisioned 8/8 and on-demand',
    'the models declare index byEmail twice, differently: global, email (S), at (N), projection keys and global, name (S), projection all',
  ])
  assert.equal(TablePlan.unfixable(Table.diff([], O.none)).map((s) => s.reason), ['models: no model was given: expected a model or a list of the models sharing the table'])
})

diff('models sharing a table: one key attribute of two types (an index of each) is Unfixable, for a new table and for new indexes', () => {
  // DynamoDB keeps one definition per attribute: CreateTable would take the first type, and the
  // other model's writes would fail (a type mismatch for the index key), its reads too
  const textual = Model.make({ table: 'things', hashKey: 'id', rangeKey: 'at', codec: t.type({ id: t.string, at: t.number, code: t.string }), indexes: { byCode: Model.globalIndex({ hashKey: 'code' }) } })
  const numeric = Model.make({ table: 'things', hashKey: 'id', rangeKey: 'at', codec: t.type({ id: t.string, at: t.number, code: t.number }), indexes: { byNumber: Model.globalIndex({ hashKey: 'code' }) } })
  const reason = 'the key attribute code is given two types: S (index byCode) and N (index byNumber); DynamoDB defines a key attribute with one type and refuses every write of another'
  assert.equal(TablePlan.unfixable(Table.diff([textual, numeric], O.none)).map((s) => s.reason), [reason])
  assert.equal(TablePlan.unfixable(Table.diff([textual, numeric], infoOf(make()))).map((s) => s.reason), [reason])
  // one type, two indexes: fine
  const again = Model.make({ table: 'things', hashKey: 'id', rangeKey: 'at', codec: t.type({ id: t.string, at: t.number, code: t.string }), indexes: { byCodeToo: Model.globalIndex({ hashKey: 'id', rangeKey: 'code' }) } })
  assert.equal(TablePlan.unfixable(Table.diff([textual, again], O.none)), [])
})

diff('a field of one model stored as another type than a key attribute of its name (another model\'s index, an index the table keeps) is Unfixable: DynamoDB refuses every write of it', () => {
  // Labels' index keys code as S; Numbers, another entity of the table, stores a field code as N
  const Labels = Model.make({ table: 'codes', entity: 'label', billing: 'onDemand', codec: t.type({ id: t.string, code: t.string }), hashKey: Model.key('pk', 'L#{id}'), indexes: { byLabel: Model.globalIndex({ hashKey: 'code' }) } })
  const entity = (name: string, code: t.Mixed): Table.TableModel =>
    Model.make({ table: 'codes', entity: name, billing: 'onDemand', codec: t.type({ id: t.string, code }), hashKey: Model.key('pk', `${name.toUpperCase()}#{id}`) })
  const reasons = (models: ReadonlyArray<Table.TableModel>, info: O.Option<Table.TableInfo> = O.none, options: Table.DiffOptions = {}) =>
    TablePlan.unfixable(Table.diff(models, info, options)).map((s) => s.reason)
  const typed = (types: string) => `the key attribute code is given two types: ${types}; DynamoDB defines a key attribute with one type and refuses every write of another`
  assert.equal(reasons([Labels, entity('number', t.number)]), [typed('S (index byLabel) and N (field code of entity number)')])
  assert.equal(reasons([entity('number', t.number), Labels]), [typed('S (index byLabel) and N (field code of entity number)')])
  assert.equal(reasons([Labels, entity('flag', t.boolean)]), [typed('S (index byLabel) and BOOL (field code of entity flag)')])
  // one type, or a type the codec does not fix (a union of types, an unknown): nothing to refuse
  for (const code of [t.string, t.union([t.string, t.number]), t.unknown, t.array(t.number)]) assert.equal(reasons([Labels, entity('other', code)]), [], code.name)
  // the table keeps an index keyed code S that no model declares: a field code stored as N is refused, until that index is deleted
  const numeric = Model.make({ table: 'things', hashKey: 'id', rangeKey: 'at', codec: t.type({ id: t.string, at: t.number, code: t.number }) })
  const info = infoOf(make({ indexes: { byCode } }))
  assert.equal(reasons([numeric], info), [typed("S (the table's index byCode) and N (field code of a model)")])
  assert.equal(reasons([numeric], info, { deleteIndexes: true }), [])
})

diff('one key attribute of two types is one reason, wherever the types come from (the models\' indexes, their fields, the table\'s kept keys)', () => {
  const Labels = Model.make({ table: 'codes', entity: 'label', billing: 'onDemand', codec: t.type({ id: t.string, code: t.string }), hashKey: Model.key('pk', 'L#{id}'), indexes: { byLabel: Model.globalIndex({ hashKey: 'code' }) } })
  const Numbers = Model.make({ table: 'codes', entity: 'number', billing: 'onDemand', codec: t.type({ id: t.string, code: t.number }), hashKey: Model.key('pk', 'N#{id}'), indexes: { byNumber: Model.globalIndex({ hashKey: 'code' }) } })
  const reason = 'the key attribute code is given two types: S (index byLabel) and N (index byNumber); DynamoDB defines a key attribute with one type and refuses every write of another'
  // the table has byLabel already: byNumber is new
  assert.equal(TablePlan.unfixable(Table.diff([Labels, Numbers], infoOf(Labels))).map((s) => s.reason), [reason])
  assert.equal(TablePlan.unfixable(Table.diff([Labels, Numbers], O.none)).map((s) => s.reason), [reason])
  // the table keeps byLabel undeclared, Numbers wants byNumber
  assert.equal(TablePlan.unfixable(Table.diff(Numbers, infoOf(Labels))).map((s) => s.reason), [
    "the key attribute code is given two types: S (the table's index byLabel) and N (index byNumber); DynamoDB defines a key attribute with one type and refuses every write of another",
  ])
})

diff('models sharing a table: an index\'s units where another model declares the billing on demand are Unfixable, not dropped', () => {
  const units = make({ indexes: { byEmail: Model.globalIndex({ hashKey: 'email', readUnits: 2, writeUnits: 3 }) } })
  const onDemand = make({ billing: 'onDemand' })
  const reason = 'index byEmail declares read or write units, but a model sharing the table declares its billing on demand, which takes none'
  assert.equal(TablePlan.unfixable(Table.diff([onDemand, units], O.none)).map((s) => s.reason), [reason])
  assert.equal(TablePlan.unfixable(Table.diff([units, onDemand], infoOf(onDemand))).map((s) => s.reason), [reason])
  // without units the index follows the table's billing, on demand
  const plain = make({ indexes: { byEmail: Model.globalIndex({ hashKey: 'email' }) } })
  assert.equal(Table.diff([onDemand, plain], O.none).steps.map((s) => s._tag), ['CreateTable'])
})

const onDemandNote = '  billing left as the table has it: on-demand (no model declares billing; the default, provisioned 8/8, is for a new table)'

diff('no model declares billing: an on-demand table stays on demand, a new global index gets no units (its own left unused), and the plan says so', () => {
  const m = make({ indexes: { byEmail, byCode } })
  const info = infoOf(make({ billing: 'onDemand' }))
  const plan = Table.diff(m, info)
  assert.equal(plan.steps, [
    { _tag: 'CreateIndex', name: 'byEmail', index: { _tag: 'GlobalIndex', hashKey: { name: 'email', type: 'S' }, rangeKey: { name: 'at', type: 'N' }, projection: { _tag: 'KeysOnly' } } },
    { _tag: 'CreateIndex', name: 'byCode', index: { _tag: 'GlobalIndex', hashKey: { name: 'code', type: 'S' }, projection: { _tag: 'Include', attributes: ['name', 'note'] } } },
  ])
  assert.equal(plan.keptBilling, { billing: { _tag: 'OnDemand' }, default: { _tag: 'Provisioned', readUnits: 8, writeUnits: 8 }, indexes: {} })
  assert.is(
    TablePlan.show(plan),
    ['table things: 2 steps', '  1. create index byEmail: email (S), at (N), projection keys', '  2. create index byCode: code (S), projection keys + name, note', onDemandNote].join('\n'),
  )
  // the request gives the index no ProvisionedThroughput (an on-demand table's index has none)
  const created = TablePlan.request('t', plan.steps[0] as TablePlan.Step)
  assert.ok(E.isRight(created) && created.right._tag === 'UpdateTable' && created.right.input.GlobalSecondaryIndexUpdates?.[0]?.Create?.ProvisionedThroughput === undefined)
  // nothing else to do: up to date, still saying why the default was not applied
  const none = Table.diff(make({ indexes: { byEmail } }), infoOf(make({ indexes: { byEmail }, billing: 'onDemand' })))
  assert.ok(TablePlan.isEmpty(none))
  assert.is(TablePlan.show(none), `table things: up to date\n${onDemandNote}`)
  // the default is still what a new table gets
  assert.equal(Table.diff(m, O.none).steps.map((x) => (x._tag === 'CreateTable' ? x.shape.billing : x)), [{ _tag: 'Provisioned', readUnits: 8, writeUnits: 8 }])
  assert.is(Table.diff(m, O.none).keptBilling, undefined)
})

diff('declared billing keeps its plan: provisioned 8/8 (or units alone) still switches an on-demand table', () => {
  const info = infoOf(make({ billing: 'onDemand' }))
  const eight = { _tag: 'Provisioned', readUnits: 8, writeUnits: 8 } as const
  const plan = Table.diff(make({ indexes: { byEmail }, billing: 'provisioned' }), info)
  assert.equal(plan.steps, [
    { _tag: 'UpdateBilling', billing: eight, indexes: {} },
    { _tag: 'CreateIndex', name: 'byEmail', index: { _tag: 'GlobalIndex', hashKey: { name: 'email', type: 'S' }, rangeKey: { name: 'at', type: 'N' }, projection: { _tag: 'KeysOnly' }, units: { readUnits: 8, writeUnits: 8 } } },
  ])
  assert.is(plan.keptBilling, undefined)
  assert.is(TablePlan.show(plan).split('\n')[1], '  1. switch billing to provisioned 8/8')
  assert.equal(Table.diff(make({ readUnits: 2 }), info).steps, [{ _tag: 'UpdateBilling', billing: { _tag: 'Provisioned', readUnits: 2, writeUnits: 8 }, indexes: {} }])
  assert.equal(Table.diff(make({ writeUnits: 2 }), info).steps, [{ _tag: 'UpdateBilling', billing: { _tag: 'Provisioned', readUnits: 8, writeUnits: 2 }, indexes: {} }])
})

diff('no model declares billing: a provisioned table keeps its units and its indexes\'; a new global index gets its own units, else (the table\'s not the default\'s) is Unfixable, asking for them', () => {
  const email45 = Model.globalIndex({ hashKey: 'email', rangeKey: 'at', projection: 'keys', readUnits: 4, writeUnits: 5 })
  const codeAsTable = Model.globalIndex({ hashKey: 'code', projection: ['name', 'note'] })
  const byName = Model.globalIndex({ hashKey: 'name', projection: 'keys' })
  const info = infoOf(make({ indexes: { byEmail: email45, byCode: codeAsTable }, readUnits: 20, writeUnits: 10 }))
  // byEmail declares no units: kept at 4/5; byCode declares 2/3: changed from the table's 20/10
  // byName is new and declares no units: they would be the table's 20/10, which nothing declares
  const refused = Table.diff(make({ indexes: { byEmail, byCode, byName } }), info)
  assert.equal(refused.steps, [
    {
      _tag: 'Unfixable',
      reason:
        "index byName: a new global index of this provisioned table needs both its units, and no model declares them both nor the table's billing: it would get the table's, 20/10; declare readUnits and writeUnits on the index (Model.globalIndex({ …, readUnits, writeUnits })), or the billing on the model",
    },
    { _tag: 'UpdateIndexThroughput', name: 'byCode', from: { readUnits: 20, writeUnits: 10 }, to: { readUnits: 2, writeUnits: 3 } },
  ])
  // half its units declared is not enough: the other would be the table's
  assert.equal(TablePlan.unfixable(Table.diff(make({ indexes: { byName: Model.globalIndex({ hashKey: 'name', projection: 'keys', writeUnits: 10 }) } }), info)).length, 1)
  const plan = Table.diff(make({ indexes: { byEmail, byCode, byName: Model.globalIndex({ hashKey: 'name', projection: 'keys', readUnits: 1, writeUnits: 10 }) } }), info)
  assert.equal(plan.steps, [
    { _tag: 'UpdateIndexThroughput', name: 'byCode', from: { readUnits: 20, writeUnits: 10 }, to: { readUnits: 2, writeUnits: 3 } },
    { _tag: 'CreateIndex', name: 'byName', index: { _tag: 'GlobalIndex', hashKey: { name: 'name', type: 'S' }, projection: { _tag: 'KeysOnly' }, units: { readUnits: 1, writeUnits: 10 } } },
  ])
  assert.is(
    TablePlan.show(plan),
    [
      'table things: 2 steps',
      '  1. change units of index byCode 20/10 -> 2/3',
      '  2. create index byName: name (S), projection keys, units 1/10',
      '  billing left as the table has it: provisioned 20/10, indexes byEmail 4/5 (no model declares billing; the default, provisioned 8/8, is for a new table)',
    ].join('\n'),
  )
  // an index's own units on a new index
  assert.equal(
    Table.diff(make({ indexes: { byCode } }), infoOf(make({ readUnits: 20, writeUnits: 10 }))).steps.map((x) => (x._tag === 'CreateIndex' ? x.index.units : x)),
    [{ readUnits: 2, writeUnits: 3 }],
  )
  // only the index's units differ from the default's: kept, and said
  const indexOnly = Table.diff(make({ indexes: { byEmail } }), infoOf(make({ indexes: { byEmail: email45 } })))
  assert.equal(indexOnly.steps, [])
  assert.is(
    TablePlan.show(indexOnly),
    'table things: up to date\n  billing left as the table has it: provisioned 8/8, indexes byEmail 4/5 (no model declares billing; the default, provisioned 8/8, is for a new table)',
  )
  // the default's only change is one the plan makes anyway (an index to its own units): nothing left as it is, nothing said
  const ownOnly = Table.diff(make({ indexes: { byCode } }), infoOf(make({ indexes: { byCode: Model.globalIndex({ hashKey: 'code', projection: ['name', 'note'] }) } })))
  assert.equal([ownOnly.steps.map((x) => x._tag), ownOnly.keptBilling], [['UpdateIndexThroughput'], undefined])
  assert.is(TablePlan.show(ownOnly), 'table things: 1 step\n  1. change units of index byCode 8/8 -> 2/3')
  // the table as the default would have it: nothing kept that the default would change, nothing said
  const same = Table.diff(make({ indexes: { byEmail, byName } }), infoOf(make({ indexes: { byEmail } })))
  assert.equal([same.steps.map((x) => (x._tag === 'CreateIndex' ? x.index.units : x)), same.keptBilling], [[{ readUnits: 8, writeUnits: 8 }], undefined])
  // declared units: today's plan, every index that declares none following the table
  assert.equal(Table.diff(make({ indexes: { byEmail, byCode, byName }, readUnits: 20, writeUnits: 10 }), info).steps.map((x) => x._tag), [
    'UpdateIndexThroughput',
    'UpdateIndexThroughput',
    'CreateIndex',
  ])
})

diff('models sharing a table: one that declares no billing takes the declaring one\'s, whichever comes first; two that declare it differently still disagree', () => {
  const quiet = make({ indexes: { byEmail } })
  const onDemand = make({ indexes: { byCode: byCodeOnDemand }, billing: 'onDemand' })
  const provisioned = make({ readUnits: 3, writeUnits: 4 })
  const info = infoOf(make({ readUnits: 20, writeUnits: 10 }))
  const cases: ReadonlyArray<readonly [ReadonlyArray<Table.TableModel>, ReadonlyArray<string>]> = [
    [[quiet, onDemand], ['UpdateBilling OnDemand', 'CreateIndex byEmail no units', 'CreateIndex byCode no units']],
    [[onDemand, quiet], ['UpdateBilling OnDemand', 'CreateIndex byCode no units', 'CreateIndex byEmail no units']],
  ]
  for (const [models, steps] of cases) {
    const plan = Table.diff(models, info)
    assert.equal(
      plan.steps.map((x) => (x._tag === 'CreateIndex' ? `CreateIndex ${x.name} ${x.index.units === undefined ? 'no units' : 'units'}` : x._tag === 'UpdateBilling' ? `UpdateBilling ${x.billing._tag}` : x._tag)),
      steps,
    )
    assert.is(plan.keptBilling, undefined)
    // and a new table is made on demand
    assert.equal(Table.diff(models, O.none).steps.map((x) => (x._tag === 'CreateTable' ? x.shape.billing : x)), [{ _tag: 'OnDemand' }])
  }
  // the undeclaring model's index follows the declared units
  const both = Table.diff([quiet, provisioned], info)
  assert.equal(both.steps, [
    { _tag: 'UpdateThroughput', from: { readUnits: 20, writeUnits: 10 }, to: { readUnits: 3, writeUnits: 4 } },
    { _tag: 'CreateIndex', name: 'byEmail', index: { _tag: 'GlobalIndex', hashKey: { name: 'email', type: 'S' }, rangeKey: { name: 'at', type: 'N' }, projection: { _tag: 'KeysOnly' }, units: { readUnits: 3, writeUnits: 4 } } },
  ])
  // the undeclaring ones do not disagree with each other either
  assert.equal(Table.diff([quiet, make(), quiet], infoOf(make())).steps.map((x) => x._tag), ['CreateIndex'])
  // (on the table at 20/10, byEmail's units would be the table's, which none declares: refused, but not as a disagreement)
  assert.equal(TablePlan.unfixable(Table.diff([quiet, make(), quiet], info)).map((x) => x.reason.split(':')[0]), ['index byEmail'])
  assert.equal(TablePlan.unfixable(Table.diff([quiet, onDemand, provisioned], info)).map((x) => x.reason), ['the models disagree on billing: on-demand and provisioned 3/4'])
})

diff('property: a model that declares no billing never plans a billing change of the table; its indexes get what the table\'s billing needs', () => {
  const billingOf = fc.oneof(
    fc.constant({ billing: 'onDemand' as const }),
    fc.record({ readUnits: fc.integer({ min: 1, max: 40 }), writeUnits: fc.integer({ min: 1, max: 40 }) }),
  )
  const units = fc.option(fc.record({ readUnits: fc.integer({ min: 1, max: 40 }), writeUnits: fc.integer({ min: 1, max: 40 }) }), { nil: undefined })
  const attrs = ['email', 'name', 'note', 'code'] as const
  // per attribute: not wanted, or wanted with or without units of its own; on the table or not, with units of its own or not
  const indexOf = fc.record({ wanted: fc.boolean(), own: units, there: fc.boolean(), had: units })
  fc.assert(
    fc.property(billingOf, fc.tuple(indexOf, indexOf, indexOf, indexOf), (tableBilling, ixs) => {
      const wanted: Record<string, Model.Index<t.TypeOf<typeof codec>>> = {}
      const had: Record<string, Model.Index<t.TypeOf<typeof codec>>> = {}
      ixs.forEach((ix, i) => {
        const hashKey = attrs[i] as (typeof attrs)[number]
        if (ix.wanted) wanted[`by_${hashKey}`] = Model.globalIndex({ hashKey, ...ix.own })
        // an on-demand model declares no index units (a SchemaError)
        if (ix.there) had[`by_${hashKey}`] = Model.globalIndex({ hashKey, ...('billing' in tableBilling ? {} : ix.had) })
      })
      const info = infoOf(make({ indexes: had, ...tableBilling }))
      const table = (info as O.Some<Table.TableInfo>).value
      const plan = Table.diff(make({ indexes: wanted }), info)
      // a new index that declares no units, on a provisioned table not at the default's 8/8: refused, asking for them
      const t0 = table.billing
      const asked = ixs.flatMap((ix, i) =>
        ix.wanted && !ix.there && ix.own === undefined && t0._tag === 'Provisioned' && !(t0.readUnits === 8 && t0.writeUnits === 8) ? [`by_${attrs[i] as string}`] : [],
      )
      assert.equal(
        TablePlan.unfixable(plan).map((x) => /^index (\S+): a new global index of this provisioned table needs both its units/.exec(x.reason)?.[1]),
        asked,
      )
      for (const step of plan.steps) {
        assert.ok(step._tag !== 'UpdateBilling' && step._tag !== 'UpdateThroughput', JSON.stringify(step))
        if (step._tag === 'UpdateIndexThroughput') {
          // only an index that declares units of its own, on a provisioned table
          const own = ixs[attrs.indexOf(step.name.slice(3) as (typeof attrs)[number])]?.own
          assert.ok(own !== undefined && table.billing._tag === 'Provisioned', JSON.stringify(step))
          assert.equal(step.to, { ...own })
        }
        if (step._tag === 'CreateIndex') {
          const own = ixs[attrs.indexOf(step.name.slice(3) as (typeof attrs)[number])]?.own
          const t = table.billing
          assert.equal(step.index.units, t._tag === 'OnDemand' ? undefined : { readUnits: t.readUnits, writeUnits: t.writeUnits, ...own })
        }
      }
      // its billing declared as the table has it: the same plan, and nothing said of billing kept
      const declaredIndexes = 'billing' in tableBilling ? Object.fromEntries(Object.keys(wanted).map((n) => [n, Model.globalIndex({ hashKey: n.slice(3) as (typeof attrs)[number] })])) : wanted
      const declared = Table.diff(make({ indexes: declaredIndexes, ...tableBilling }), info)
      const changesIndexUnits = declared.steps.some((x) => x._tag === 'UpdateIndexThroughput' && !plan.steps.some((y) => y._tag === 'UpdateIndexThroughput' && y.name === x.name))
      if (!changesIndexUnits && asked.length === 0) assert.equal(declared.steps, plan.steps)
      assert.is(declared.keptBilling, undefined)
    }),
    { seed: 42, numRuns: 300 },
  )
})

diff('an index whose list names only keys (or nothing) is keys only: up to date with a KEYS_ONLY index, never an INCLUDE of no attribute; models sharing it project the union', () => {
  const listing = (projection: ReadonlyArray<string>) => make({ indexes: { byEmail: Model.globalIndex({ hashKey: 'email', rangeKey: 'at', projection: projection as never }) } })
  for (const keysOnly of [listing(['email', 'id']), listing(['at']), listing([])]) {
    assert.equal(right(Table.shapeOf(keysOnly)).indexes['byEmail']?.projection, { _tag: 'KeysOnly' })
    assert.equal(Table.diff(keysOnly, infoOf(make({ indexes: { byEmail } }))).steps, [])
    assert.equal(Table.diff(make({ indexes: { byEmail } }), infoOf(keysOnly)).steps, [])
    assert.equal(Table.diff([keysOnly, listing(['name', 'id'])], O.none).steps.map((x) => (x._tag === 'CreateTable' ? x.shape.indexes['byEmail']?.projection : x)), [{ _tag: 'Include', attributes: ['name'] }])
    assert.equal(Table.diff([keysOnly, make({ indexes: { byEmail } })], O.none).steps.map((x) => (x._tag === 'CreateTable' ? x.shape.indexes['byEmail']?.projection : x)), [{ _tag: 'KeysOnly' }])
  }
})

diff('a new index on an attribute a kept index stores with another type: Unfixable (fine once that index is deleted)', () => {
  const info = infoOf(make({ indexes: { byCode } }))
  const codeAsNumber = Model.make({
    table: 'things',
    hashKey: 'id',
    rangeKey: 'at',
    codec: t.intersection([t.type({ id: t.string, at: t.number }), t.partial({ code: t.number })]),
    indexes: { byNumber: Model.globalIndex({ hashKey: 'code' }) },
  })
  assert.equal(Table.diff(codeAsNumber, info).steps, [
    {
      _tag: 'Unfixable',
      reason: "the key attribute code is given two types: S (the table's index byCode) and N (index byNumber); DynamoDB defines a key attribute with one type and refuses every write of another",
    },
    { _tag: 'CreateIndex', name: 'byNumber', index: { _tag: 'GlobalIndex', hashKey: { name: 'code', type: 'N' }, projection: { _tag: 'All' }, units: { readUnits: 8, writeUnits: 8 } } },
  ])
  assert.equal(Table.diff(codeAsNumber, info, { deleteIndexes: true }).steps.map((s) => s._tag), ['DeleteIndex', 'CreateIndex'])
})

const describe = suite('describe.fromDescription')

describe('reads keys, billing, indexes with their status, TTL and counts', () => {
  const info = Describe.fromDescription(
    {
      TableName: 'p-things',
      TableStatus: 'UPDATING',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }],
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'at', AttributeType: 'N' },
        { AttributeName: 'blob', AttributeType: 'B' },
      ],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byBlob',
          KeySchema: [{ AttributeName: 'blob', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['z', 'a'] },
          IndexStatus: 'CREATING',
          Backfilling: true,
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 6 },
        },
      ],
      ItemCount: 42,
      TableSizeBytes: 4200,
    },
    { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' },
  )
  assert.equal(info, {
    name: 'p-things',
    status: 'UPDATING',
    hashKey: { name: 'id', type: 'S' },
    rangeKey: { name: 'at', type: 'N' },
    billing: { _tag: 'OnDemand' },
    indexes: {
      byBlob: { _tag: 'GlobalIndex', hashKey: { name: 'blob', type: 'B' }, projection: { _tag: 'Include', attributes: ['a', 'z'] }, status: 'CREATING', backfilling: true, itemCount: 0 },
    },
    ttl: { status: 'ENABLED', attribute: 'expiresAt' },
    itemCount: 42,
    sizeBytes: 4200,
  })
  assert.not.ok(Describe.isActive(info))
  assert.ok(Describe.isActive({ ...info, status: 'ACTIVE', indexes: {} }))
  assert.not.ok(Describe.isActive({ ...info, status: 'ACTIVE', indexes: { x: { ...(info.indexes['byBlob'] as Table.IndexInfo), status: 'ACTIVE' } } }))
})

describe('a table never switched has no BillingModeSummary: provisioned, from its units', () => {
  const info = Describe.fromDescription(
    { TableName: 't', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 2 } },
    undefined,
  )
  assert.equal(info.billing, { _tag: 'Provisioned', readUnits: 3, writeUnits: 2 })
  assert.equal(info.ttl, { status: 'DISABLED' })
  assert.is(info.status, 'ACTIVE')
})

diff('indexes named constructor, toString or valueOf (names DynamoDB takes) are indexes like any other: created when declared, kept or deleted when not', () => {
  const m = make({ indexes: { constructor: byEmail, toString: byCode } })
  const none = make()
  // declared, absent from the table: created
  assert.equal(Table.diff(m, infoOf(none)).steps.map((x) => (x._tag === 'CreateIndex' ? x.name : x._tag)).sort(), ['constructor', 'toString'])
  // on the table, declared by no model: undeclared, deleted only with deleteIndexes
  const on = infoOf(make({ indexes: { valueOf: byEmail, toString: byCode } }))
  assert.equal(Table.diff(none, on).undeclared.slice().sort(), ['toString', 'valueOf'])
  assert.equal(Table.diff(none, on, { deleteIndexes: true }).steps.map((x) => (x._tag === 'DeleteIndex' ? x.name : x._tag)).sort(), ['toString', 'valueOf'])
  // and on both: nothing to do
  assert.equal(Table.diff(m, infoOf(m)).steps, [])
})

diff('a table description or model list cast through any, missing what describeTable gives, is Unfixable saying why, never a throw', () => {
  const m = make({ indexes: { byEmail } })
  const info = (infoOf(m) as O.Some<Table.TableInfo>).value
  const odd: ReadonlyArray<unknown> = [
    O.some({ ...info, indexes: undefined }),
    O.some({ ...info, ttl: undefined }),
    O.some({ ...info, billing: undefined }),
    O.some({ ...info, hashKey: undefined }),
    O.some({ ...info, indexes: { byEmail: null } }),
    O.some({}),
    O.some(null),
    undefined,
    null,
  ]
  for (const o of odd) {
    const plan = Table.diff(m, o as O.Option<Table.TableInfo>)
    assert.is(plan.steps.length, 1, JSON.stringify(o))
    assert.is(plan.steps[0]?._tag, 'Unfixable')
    assert.type(TablePlan.show(plan), 'string')
  }
  for (const models of [null, undefined, [null], [m, undefined]]) assert.is(Table.diff(models as never, O.none).steps[0]?._tag, 'Unfixable')
})

diff("a global index's projection, every pair of all, the keys only, lists (one naming an attribute twice, one naming only keys): the same projection is up to date; another is Unfixable, or DeleteIndex then CreateIndex with rebuildIndexes (DynamoDB updates no projection in place), its request naming each attribute once", () => {
  const projections: ReadonlyArray<Model.Projection<string>> = ['all', 'keys', ['name'], ['name', 'note'], ['note'], ['note', 'name', 'note'], ['id', 'email'], ['email', 'name', 'at']]
  /** What DynamoDB holds for a projection: every attribute, the keys only, or the keys and a set of others. */
  const held = (p: Model.Projection<string>): string =>
    p === 'all' ? 'all' : p === 'keys' ? 'keys' : [...new Set(p.filter((a) => !['id', 'at', 'email'].includes(a)))].sort().join(',') || 'keys'
  const withIndex = (projection: Model.Projection<string>) => make({ indexes: { byEmail: Model.globalIndex({ hashKey: 'email', projection: projection as never }) } })
  for (const has of projections) {
    for (const wants of projections) {
      const at = `${JSON.stringify(has)} -> ${JSON.stringify(wants)}`
      const info = infoOf(withIndex(has))
      const kept = Table.diff(withIndex(wants), info)
      const rebuilt = Table.diff(withIndex(wants), info, { rebuildIndexes: true })
      if (held(has) === held(wants)) {
        assert.equal([kept.steps, rebuilt.steps], [[], []], at)
        continue
      }
      assert.equal(kept.steps.map((x) => x._tag), ['Unfixable'], at)
      assert.equal(rebuilt.steps.map((x) => x._tag), ['DeleteIndex', 'CreateIndex'], at)
      assert.equal(rebuilt.steps[0], { _tag: 'DeleteIndex', name: 'byEmail', reason: 'rebuild' }, at)
      const create = TablePlan.request('p-things', rebuilt.steps[1] as TablePlan.Step)
      assert.ok(E.isRight(create) && create.right._tag === 'UpdateTable', at)
      const sent = (create as E.Right<{ input: { GlobalSecondaryIndexUpdates?: ReadonlyArray<{ Create?: { Projection?: { ProjectionType?: string; NonKeyAttributes?: ReadonlyArray<string> } } }> } }>).right.input.GlobalSecondaryIndexUpdates?.[0]?.Create?.Projection
      const shown = sent?.ProjectionType === 'ALL' ? 'all' : sent?.ProjectionType === 'KEYS_ONLY' ? 'keys' : (sent?.NonKeyAttributes ?? []).join(',')
      assert.is(shown, held(wants), at)
    }
  }
})

diff.run()
describe.run()
