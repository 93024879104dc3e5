/**
 * DynamoDB's limits on a table's secondary indexes, held by `Table.diff` to the table its
 * models would leave, not only by `Model.make` to each model: at most 20 global indexes, 5
 * local ones, and 100 attributes listed in the projections of all of them together (an
 * attribute listed by two indexes counts twice; AWS's "Service, account, and table quotas in
 * Amazon DynamoDB", and `CreateTable`'s `NonKeyAttributes`). Entities sharing a table each
 * bring their own indexes, and a table may keep indexes that no model declares: a table over a
 * limit is `Unfixable`, named, so `createTable` and `syncTable` send nothing, where DynamoDB
 * would refuse the `CreateTable`, or, index by index, the `CreateIndex` past the limit once the
 * ones before it were built.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Table from '../../../lib/table/Table.js'
import type * as TablePlan from '../../../lib/table/TablePlan.js'
import { counting } from '../../harness/counting.js'

type Indexes = Record<string, ReturnType<typeof Model.globalIndex> | ReturnType<typeof Model.localIndex>>

/**
 * An entity of the table `shared` (its keys `pk` and `sk` composed, so entities never meet):
 * `globals` global indexes on fields of its own, named from `from`, each projecting the keys or
 * the `listed` fields; `locals` local indexes likewise.
 */
const entity = (name: string, o: { readonly from: number; readonly globals: number; readonly locals?: number; readonly listed?: number; readonly table?: string }): Model.Model<any, any, any, any> => {
  const fields: Record<string, t.Mixed> = { id: t.string }
  const listed = Array.from({ length: o.listed ?? 0 }, (_, i) => `p${i}`)
  for (const p of listed) fields[p] = t.string
  const indexes: Indexes = {}
  for (let i = o.from; i < o.from + o.globals; i++) {
    fields[`g${i}`] = t.string
    indexes[`global${i}`] = Model.globalIndex({ hashKey: `g${i}`, projection: listed.length === 0 ? 'keys' : listed })
  }
  for (let i = o.from; i < o.from + (o.locals ?? 0); i++) {
    fields[`l${i}`] = t.string
    indexes[`local${i}`] = Model.localIndex({ rangeKey: `l${i}`, projection: 'keys' })
  }
  return Model.make({ table: o.table ?? 'shared', entity: name, hashKey: Model.key('pk', `${name}#{id}`), rangeKey: Model.key('sk', name), codec: t.type(fields), indexes } as never)
}

/** The table `models` want, as DynamoDB would describe it once made, ACTIVE. */
const made = (models: ReadonlyArray<Model.Model<any, any, any, any>>): Table.TableInfo => {
  const create = Table.diff(models, O.none).steps.find((s) => s._tag === 'CreateTable')
  if (create?._tag !== 'CreateTable') throw new Error('no CreateTable planned')
  const { shape } = create
  return {
    name: shape.table,
    status: 'ACTIVE',
    hashKey: shape.hashKey,
    ...(shape.rangeKey === undefined ? {} : { rangeKey: shape.rangeKey }),
    billing: shape.billing,
    indexes: Object.fromEntries(Object.entries(shape.indexes).map(([n, ix]) => [n, { ...ix, status: 'ACTIVE', backfilling: false, itemCount: 0 }])),
    ttl: { status: 'DISABLED' },
    itemCount: 0,
    sizeBytes: 0,
  }
}

const unfixable = (plan: TablePlan.TablePlan): ReadonlyArray<string> => plan.steps.flatMap((s) => (s._tag === 'Unfixable' ? [s.reason] : []))
const tags = (plan: TablePlan.TablePlan): ReadonlyArray<string> => plan.steps.map((s) => s._tag)

/** An Env whose client answers `DescribeTable` of `table` (or none: ResourceNotFoundException) and keeps every command sent. */
const describing = (table: Table.TableInfo | undefined): { readonly env: Env.Env; readonly sent: string[] } => {
  const sent: string[] = []
  const client = {
    send: async (c: { readonly constructor: { readonly name: string } }) => {
      sent.push(c.constructor.name)
      if (c.constructor.name === 'DescribeTimeToLiveCommand') return { $metadata: {}, TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } }
      if (c.constructor.name !== 'DescribeTableCommand') return { $metadata: {} }
      if (table === undefined) throw Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException', $fault: 'client', $metadata: { httpStatusCode: 400 } })
      return {
        $metadata: {},
        Table: {
          TableName: table.name,
          TableStatus: 'ACTIVE',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
            ...Object.values(table.indexes).flatMap((ix) => ('name' in ix.hashKey ? [{ AttributeName: ix.hashKey.name, AttributeType: 'S' }] : [])),
          ],
          ProvisionedThroughput: { ReadCapacityUnits: 8, WriteCapacityUnits: 8 },
          GlobalSecondaryIndexes: Object.entries(table.indexes).map(([IndexName, ix]) => ({
            IndexName,
            IndexStatus: 'ACTIVE',
            KeySchema: [{ AttributeName: 'name' in ix.hashKey ? ix.hashKey.name : '', KeyType: 'HASH' }],
            Projection: ix.projection._tag === 'Include' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...ix.projection.attributes] } : { ProjectionType: 'KEYS_ONLY' },
            ProvisionedThroughput: { ReadCapacityUnits: 8, WriteCapacityUnits: 8 },
          })),
        },
      }
    },
  } as unknown as DynamoDBClient
  return { env: Env.make({ client, sleep: async () => undefined }), sent }
}

const A = entity('A', { from: 0, globals: 12 })
const B = entity('B', { from: 12, globals: 12 })

test('entities sharing a table, 12 global indexes each: a table of 24 is Unfixable, no CreateTable planned; createTable and syncTable send none', async () => {
  const plan = Table.diff([A, B], O.none)
  assert.ok(unfixable(plan).some((r) => /24 global secondary indexes/.test(r) && /at most 20/.test(r)), unfixable(plan).join('; '))
  for (const op of [Dynamo.createTable([A, B]), Dynamo.syncTable([A, B])]) {
    const { env, sent } = describing(undefined)
    const r = await op(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'SchemaError' && /24 global secondary indexes/.test(DE.show(r.left)), E.isLeft(r) ? DE.show(r.left) : 'Right')
    assert.not.ok(sent.includes('CreateTableCommand'), sent.join())
  }
  // each alone is within the limit, and so are both when they stay at 20
  assert.equal(unfixable(Table.diff(A, O.none)), [])
  assert.equal(unfixable(Table.diff([A, entity('B', { from: 12, globals: 8 })], O.none)), [])
})

test("a table that has one entity's 12 global indexes: adding the other's 12 is Unfixable, never 12 CreateIndex steps applied of which DynamoDB refuses the 9th; syncTable sends no UpdateTable", async () => {
  const has = made([A])
  const plan = Table.diff([A, B], O.some(has))
  assert.ok(unfixable(plan).some((r) => /24 global secondary indexes/.test(r)), unfixable(plan).join('; '))
  const { env, sent } = describing(has)
  const r = await Dynamo.syncTable([A, B])(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'SchemaError', E.isLeft(r) ? DE.show(r.left) : 'Right')
  assert.not.ok(sent.includes('UpdateTableCommand'), sent.join())
})

test('indexes the table keeps though no model declares them count: 15 kept and 6 new is Unfixable; with deleteIndexes the 15 go first, and the 6 are created', () => {
  const has = made([entity('Old', { from: 100, globals: 15 })])
  const now = entity('Old', { from: 0, globals: 6 })
  const kept = Table.diff(now, O.some(has))
  assert.ok(unfixable(kept).some((r) => /21 global secondary indexes/.test(r)), unfixable(kept).join('; '))
  const cleared = Table.diff(now, O.some(has), { deleteIndexes: true })
  assert.equal(unfixable(cleared), [])
  assert.equal(tags(cleared), [...Array(15).fill('DeleteIndex'), ...Array(6).fill('CreateIndex')])
})

test('a table that has more than 20 global indexes already (a quota AWS raised for it) is no model\'s fault: kept, its plan refuses nothing for the count', () => {
  const has = made([entity('Old', { from: 100, globals: 12 }), entity('Older', { from: 200, globals: 12 })])
  const now = entity('Old', { from: 100, globals: 12 })
  assert.equal(unfixable(Table.diff(now, O.some(has))), [])
  assert.equal(Table.diff(now, O.some(has)).undeclared.length, 12)
})

test('entities sharing a table, 3 local indexes each: a table of 6 is Unfixable (at most 5)', async () => {
  const plan = Table.diff([entity('A', { from: 0, globals: 0, locals: 3 }), entity('B', { from: 3, globals: 0, locals: 3 })], O.none)
  assert.ok(unfixable(plan).some((r) => /6 local secondary indexes/.test(r) && /at most 5/.test(r)), unfixable(plan).join('; '))
})

test('the attributes listed by all the projections: over 100 together is Unfixable, for one model too (createTable sends nothing); 100 is taken', async () => {
  // 6 indexes listing 19 fields each (at most 20 in one index: ProjectionLimit.spec), and an entity's index its entity attribute: 120
  const wide = entity('W', { from: 0, globals: 6, listed: 19 })
  const plan = Table.diff(wide, O.none)
  assert.ok(unfixable(plan).some((r) => /120 attributes/.test(r) && /at most 100/.test(r)), unfixable(plan).join('; '))
  const { env, sent } = counting<{ constructor: { name: string } }>()
  const r = await Dynamo.createTable(wide)(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'SchemaError' && /120 attributes/.test(DE.show(r.left)), E.isLeft(r) ? DE.show(r.left) : 'Right')
  assert.is(sent.length, 0)
  // 5 indexes listing 19 fields and the entity attribute: 100
  assert.equal(unfixable(Table.diff(entity('W', { from: 0, globals: 5, listed: 19 }), O.none)), [])
})

test.run()
