/**
 * The raw target (`Data.rawTarget`, the command line's load) checks an item's index keys as
 * DynamoDB describes them: a multi-attribute key's attributes each of its type and together
 * within the side's bytes; only the indexes that refuse writes (not one CREATING, backfilling
 * or DELETING: DynamoDB takes a write that breaks such an index's key and records it as a
 * violation of the backfill).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Data from '../../../lib/run/data.js'
import type * as Table from '../../../lib/table/Table.js'

const index = (over: Partial<Table.IndexInfo>): Table.IndexInfo => ({
  _tag: 'GlobalIndex',
  hashKey: [{ name: 'a', type: 'S' }, { name: 'b', type: 'N' }],
  rangeKey: [{ name: 'c', type: 'S' }, { name: 'd', type: 'S' }],
  projection: { _tag: 'All' },
  status: 'ACTIVE',
  backfilling: false,
  itemCount: 0,
  ...over,
})

const info = (indexes: Readonly<Record<string, Table.IndexInfo>>): Table.TableInfo => ({
  name: 't',
  status: 'ACTIVE',
  hashKey: { name: 'pk', type: 'S' },
  billing: { _tag: 'OnDemand' },
  indexes,
  ttl: { status: 'DISABLED' },
  itemCount: 0,
  sizeBytes: 0,
}) as Table.TableInfo

const why = (t: Data.Target, item: Record<string, unknown>): string | undefined => {
  const r = t.check(item as never, false)
  return E.isLeft(r) ? DE.show(r.left) : undefined
}

test('a global index of 2 + 2 attributes: each of its type, the range attributes within 1024 bytes together', () => {
  const t = Data.rawTarget(info({ byAB: index({}) }))
  assert.is(why(t, { pk: { S: 'k' }, a: { S: 'x' } }), undefined)
  assert.is(why(t, { pk: { S: 'k' }, a: { S: 'x' }, b: { N: '1' } }), undefined)
  const typed = why(t, { pk: { S: 'k' }, a: { S: 'x' }, b: { S: '1' } })
  assert.ok(typed !== undefined && typed.includes('byAB') && typed.includes('b'), typed)
  const long = why(t, { pk: { S: 'k' }, c: { S: 'c'.repeat(600) }, d: { S: 'd'.repeat(600) } })
  assert.ok(long !== undefined && long.includes('byAB') && long.includes('1024') && long.includes('1200'), long)
  assert.is(why(t, { pk: { S: 'k' }, c: { S: 'c'.repeat(600) }, d: { S: 'd'.repeat(300) } }), undefined)
})

test('an index CREATING, backfilling or DELETING is not checked (DynamoDB records a violation, it refuses no write); one ACTIVE or UPDATING is', () => {
  const bad = { pk: { S: 'k' }, b: { S: 'not a number' } }
  for (const over of [{ status: 'CREATING', backfilling: true }, { status: 'CREATING' }, { status: 'DELETING' }, { status: 'ACTIVE', backfilling: true }]) {
    assert.is(why(Data.rawTarget(info({ byAB: index(over) })), bad), undefined, JSON.stringify(over))
  }
  for (const over of [{ status: 'ACTIVE' }, { status: 'UPDATING' }]) {
    const w = why(Data.rawTarget(info({ byAB: index(over) })), bad)
    assert.ok(w !== undefined && w.includes('byAB'), `${JSON.stringify(over)}: ${w}`)
  }
  // another index, ACTIVE, is still checked beside one being built
  const w = why(Data.rawTarget(info({ new: index({ status: 'CREATING', backfilling: true }), old: { ...index({ hashKey: { name: 'b', type: 'N' } }), rangeKey: { name: 'c', type: 'S' } } })), bad)
  assert.ok(w !== undefined && w.includes('old'), w)
})

test.run()
