/**
 * A table made elsewhere (the console, another tool) whose index lists key attributes among
 * its INCLUDE attributes (the table's keys, the index's own: DynamoDB takes them, and
 * describes them back) holds what the same index without them holds, as every index holds its
 * keys and the table's: `Table.diff` plans no change of it, rather than an `Unfixable` step (or,
 * with `rebuildIndexes`, a delete and a rebuild of the whole index) for a projection that is
 * the model's. An attribute that is no key still counts.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as O from 'fp-ts/lib/Option.js'
import * as Model from '../../../lib/model/Model.js'
import * as Table from '../../../lib/table/Table.js'

const Thing = Model.make({
  table: 'things',
  hashKey: 'id',
  rangeKey: 'at',
  codec: t.type({ id: t.string, at: t.number, code: t.string, name: t.string, rank: t.number }),
  billing: 'onDemand',
  indexes: {
    byCode: Model.globalIndex({ hashKey: 'code', projection: ['name'] }),
    byCodeKeys: Model.globalIndex({ hashKey: 'code', projection: 'keys' }),
    byRank: Model.localIndex({ rangeKey: 'rank', projection: ['name'] }),
  },
})

const described = (byCode: ReadonlyArray<string>, byCodeKeys: ReadonlyArray<string>, byRank: ReadonlyArray<string>): Table.TableInfo => ({
  name: 'things',
  status: 'ACTIVE',
  hashKey: { name: 'id', type: 'S' },
  rangeKey: { name: 'at', type: 'N' },
  billing: { _tag: 'OnDemand' },
  indexes: {
    byCode: { _tag: 'GlobalIndex', hashKey: { name: 'code', type: 'S' }, projection: { _tag: 'Include', attributes: [...byCode].sort() }, status: 'ACTIVE', backfilling: false, itemCount: 0 },
    byCodeKeys: { _tag: 'GlobalIndex', hashKey: { name: 'code', type: 'S' }, projection: { _tag: 'Include', attributes: [...byCodeKeys].sort() }, status: 'ACTIVE', backfilling: false, itemCount: 0 },
    byRank: { _tag: 'LocalIndex', hashKey: { name: 'id', type: 'S' }, rangeKey: { name: 'rank', type: 'N' }, projection: { _tag: 'Include', attributes: [...byRank].sort() }, status: 'ACTIVE', backfilling: false, itemCount: 0 },
  },
  ttl: { status: 'DISABLED' },
  itemCount: 0,
  sizeBytes: 0,
})

test("key attributes among an index's INCLUDE attributes: the model's projection, no step", () => {
  for (const rebuildIndexes of [false, true]) {
    const plan = Table.diff(Thing, O.some(described(['name', 'id', 'at', 'code'], ['id', 'code'], ['name', 'rank', 'at'])), { rebuildIndexes })
    assert.equal(plan.steps, [], `rebuildIndexes: ${rebuildIndexes}`)
  }
})

test('an attribute that is no key still makes the projection another', () => {
  const plan = Table.diff(Thing, O.some(described(['name', 'id', 'rank'], ['id'], ['name'])), { rebuildIndexes: true })
  assert.equal(
    plan.steps.map((s) => s._tag),
    ['DeleteIndex', 'CreateIndex'],
  )
})

test('an index the models want otherwise: the Unfixable step shows its projection as DynamoDB describes it, key attributes and all', () => {
  const plan = Table.diff(Thing, O.some(described(['name', 'id', 'rank'], ['id', 'code'], ['name', 'at', 'rank', 'code'])))
  const reasons = plan.steps.flatMap((s) => (s._tag === 'Unfixable' ? [s.reason] : []))
  const byCode = reasons.find((r) => r.startsWith('index byCode:'))
  const byRank = reasons.find((r) => r.startsWith('index byRank:'))
  assert.ok(byCode !== undefined && byCode.includes('id, name, rank'), byCode)
  assert.ok(byRank !== undefined && byRank.includes('at, code, name, rank'), byRank)
})

test.run()
